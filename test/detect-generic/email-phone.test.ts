import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGenericDetector } from '../../src/detect/generic/index.js';
import { byType, exchange, jsonBody, queryViews, run, view } from './helpers.js';

test('email in a signup JSON body is found with exact offset and excerpt', () => {
  const body = { event: 'signup', user: { email: 'jane.doe@example.org', locale: 'en_US' } };
  const ex = exchange({ url: 'https://api.example-app.com/v1/signup', mimeType: 'application/json' });
  const d = run(ex, jsonBody(body));
  const emails = byType(d, 'account.email');
  assert.equal(emails.length, 1, JSON.stringify(d.findings));
  const f = emails[0]!;
  assert.equal(f.matched, 'jane.doe@example.org');
  assert.equal(f.path, 'request.body|json:$.user.email');
  assert.equal(f.match, 'pattern');
  assert.equal(f.confidence, 'likely');
  assert.equal(f.detector, 'email');
  assert.equal(f.host, 'api.example-app.com');
  assert.equal(f.offset, 0);
});

test('email inside free text gets a byte offset that counts multi-byte characters', () => {
  const text = 'Grüße von „Jane“ — contact jane@example.com please';
  const d = run(exchange({ url: 'https://feedback.example.net/send' }), [view('request.body', text)]);
  const f = byType(d, 'account.email')[0]!;
  assert.equal(f.offset, Buffer.from(text.slice(0, text.indexOf('jane@')), 'utf8').length);
  assert.ok(f.excerpt.includes('jane@example.com') && f.excerpt.length <= 160);
});

test('no email for asset names, URL credentials, package versions', () => {
  const text = [
    'icon=ic_launcher@2x.png',
    'dsn=https://f3a1b2c3d4e5f60718293a4b5c6d7e8f@o123456.ingest.sentry.io/6789012',
    'deps=lodash@4.17.21,react@18.2.0',
    'ftp://anonymous:guest@ftp.example.com/pub',
  ].join('&');
  const d = run(exchange({ url: 'https://cdn.example.com/x' }), [view('request.body', text)]);
  assert.deepEqual(byType(d, 'account.email'), []);
});

test('phone under a phone key is found with region hints (CN mobile, US national)', () => {
  const body = { mobile: '13800138000', profile: { phone_number: '(650) 555-0134' } };
  const d = run(exchange({ url: 'https://passport.example.cn/login/sms' }), jsonBody(body));
  const phones = byType(d, 'account.phone').map((f) => [f.path, f.matched, f.confidence]);
  assert.deepEqual(phones, [
    ['request.body|json:$.mobile', '13800138000', 'likely'],
    ['request.body|json:$.profile.phone_number', '(650) 555-0134', 'likely'],
  ]);
});

test('formatted international number in free text is a phone without any key', () => {
  const d = run(exchange({ url: 'https://chat.example.com/msg' }), [view('request.body', 'call me on +44 20 7946 0958 tonight')]);
  const f = byType(d, 'account.phone');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.matched, '+44 20 7946 0958');
  assert.equal(f[0]!.details?.region, 'GB');
});

test('timestamps, version codes and dates are not phone numbers', () => {
  const url = 'https://log.example.com/collect?ts=1554112800&_gen_time=1554112800123&version_code=2019040112&build=130103&date=2019-04-01';
  const d = run(exchange({ url, method: 'GET' }), queryViews(url));
  assert.deepEqual(byType(d, 'account.phone'), []);
  // The same 10 digits are a valid US number: it is the context, not the digits, that decides.
  const d2 = run(exchange({ url: 'https://x.example.com/a' }), [view('request.body|form:tel', '2019040112', { key: 'tel' })]);
  assert.equal(byType(d2, 'account.phone').length, 1);
});

test('region hints change what national numbers are read', () => {
  const views = [view('request.body|json:$.phone', '06 12 34 56 78', { key: 'phone' })];
  const ex = exchange({ url: 'https://x.example.fr/a' });
  const withFr = run(ex, views, createGenericDetector({ regionHints: ['FR'] }));
  assert.equal(byType(withFr, 'account.phone').find((f) => f.detector === 'phone')?.details?.region, 'FR');
  const withUs = run(ex, views, createGenericDetector({ regionHints: ['US'] }));
  assert.equal(byType(withUs, 'account.phone').filter((f) => f.detector === 'phone').length, 0);
});

test('an unknown region hint is a clear input error', () => {
  assert.throws(() => createGenericDetector({ regionHints: ['XX'] }), /--region: "XX" is not a supported/);
});

test('dotted counters in tracking cookies are not addresses (seen in the nytimes.com corpus HAR)', () => {
  const cookie = 'effcl@0.totcl@0.clicks@0.scroll@0.active@0.uid@-1378101304145867844.sec@8765260.svars@1';
  const d = run(exchange({ url: 'https://www.nytimes.com/' }), [view('request.cookies:_dyrc', cookie, { key: '_dyrc' })]);
  assert.deepEqual(byType(d, 'account.email'), []);
  const ok = run(exchange({ url: 'https://x.example.com/' }), [view('request.body', 'to=li.wei@mail.qq.com&cc=a.b@example.co.uk')]);
  assert.deepEqual(byType(ok, 'account.email').map((f) => f.matched), ['li.wei@mail.qq.com', 'a.b@example.co.uk']);
});

test('digit groups inside UUIDs and other dashed ids are not phone numbers (seen in the labelled corpus)', () => {
  const ids = ['de68a37c-4110-435b-8001-cf79b9964c8d', '644876a6-2305-4e6b-8dfd-dd753a6ef691', 'req-0134-5550-6501-x'];
  for (const id of ids) {
    const d = run(exchange({ url: 'https://api.example.com/a' }), [view('request.body|form:req_id', id, { key: 'req_id' })]);
    assert.deepEqual(byType(d, 'account.phone'), [], id);
  }
  const d = run(exchange({ url: 'https://api.example.com/a' }), [view('request.body', 'id=ab12-7788 call +1 650-555-0134')]);
  assert.deepEqual(byType(d, 'account.phone').map((f) => f.matched), ['+1 650-555-0134']);
});
