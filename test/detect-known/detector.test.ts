import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { createKnownValueDetector } from '../../src/detect/known/index.js';
import type { Finding } from '../../src/detect/types.js';
import { getWithQuery, postGzipJson, postRaw, view } from './helpers.js';
import { AD_ID, ANDROID_ID, IMEI, PROFILE, b64, hex } from './fixtures.js';

const detect = createKnownValueDetector(PROFILE);

function at(findings: Finding[], path: string): Finding[] {
  return findings.filter((f) => f.path === path);
}

function one(findings: Finding[], path: string): Finding {
  const found = at(findings, path);
  assert.equal(found.length, 1, `expected one finding at ${path}, got ${JSON.stringify(found.map((f) => f.transform))}`);
  return found[0]!;
}

test('Baidu app.gif: MAC in upper case (mc) and the reversed IMEI inside the CUID (i)', () => {
  const cuid = `${hex('md5', `com.baidu${IMEI}${ANDROID_ID}`).toUpperCase()}|${[...IMEI].reverse().join('')}`;
  const url = `https://HMMA.Baidu.com/app.gif?v=3.9.4&mc=${encodeURIComponent('AC:37:43:4D:9B:2F')}&i=${encodeURIComponent(cuid)}&op=46001`;
  const { findings } = detect(getWithQuery(url, 17));
  const mac = one(findings, 'request.url|query:mc');
  assert.equal(mac.dataType, 'device.mac');
  assert.deepEqual(mac.transform, ['uppercase']);
  assert.equal(mac.matched, 'AC:37:43:4D:9B:2F');
  const reversed = one(findings, 'request.url|query:i');
  assert.equal(reversed.dataType, 'device.imei');
  assert.deepEqual(reversed.transform, ['reversed']);
  assert.equal(reversed.offset, 33);
  // The raw URL is covered by its query views: no duplicate evidence from it.
  assert.equal(at(findings, 'request.url').length, 0);
  // Contract fields of a finding.
  assert.deepEqual({ ...mac, excerpt: undefined }, {
    dataType: 'device.mac', source: { input: 0, index: 17 }, time: '2019-11-27T09:15:02.123Z', host: 'hmma.baidu.com',
    method: 'GET', path: 'request.url|query:mc', transform: ['uppercase'], match: 'known-value', confidence: 'confirmed',
    detector: 'known-value', field: 'device.mac', matched: 'AC:37:43:4D:9B:2F', excerpt: undefined, excerptAt: 0, offset: 0,
  });
  // excerptAt places the match in the excerpt (the report's excerptMatch).
  assert.equal(reversed.excerpt.slice(reversed.excerptAt, reversed.excerptAt! + reversed.matched.length), reversed.matched);
});

test('ByteDance device_register (gzip JSON): openudid = Android ID, udid = IMEI, google_aid, mc', () => {
  const body = {
    magic_tag: 'ss_app_log',
    header: { display_name: 'TikTok', aid: 1233, os: 'Android', os_api: 28, device_model: 'SM-G973U', openudid: ANDROID_ID,
      udid: IMEI, mc: 'AC:37:43:4D:9B:2F', clientudid: '5a0d7a1c-3a2e-4a4e-9f7e-9a8b7c6d5e4f', google_aid: AD_ID.toUpperCase(),
      sig_hash: 'aea615ab910015038f73c47e45d21466', release_build: 'e7cd5de_20191105' },
    _gen_time: 1574846102123,
  };
  const { findings } = detect(postGzipJson('https://log.snssdk.com/service/2/device_register/?ac=wifi', body, 3));
  assert.equal(one(findings, 'request.body|gzip|json:$.header.openudid').dataType, 'device.android_id');
  const udid = one(findings, 'request.body|gzip|json:$.header.udid');
  assert.equal(udid.dataType, 'device.imei');
  assert.deepEqual(udid.transform, []);
  assert.deepEqual(one(findings, 'request.body|gzip|json:$.header.google_aid').transform, ['uppercase']);
  assert.equal(one(findings, 'request.body|gzip|json:$.header.device_model').dataType, 'device.model');
  assert.deepEqual(one(findings, 'request.body|gzip|json:$.header.mc').transform, ['uppercase']);
  // Covered parents (body, gzip text) were not scanned again.
  assert.ok(findings.every((f) => f.path.includes('|json:')), 'only leaf views carry findings');
  assert.ok(findings.every((f) => f.host === 'log.snssdk.com' && f.method === 'POST'));
});

test('Umeng JSON header: plain IMEI, md5(IMEI) as idmd5, MAC without colons in upper case', () => {
  const body = { header: { appkey: '5d1b2c3d4e5f6a7b8c9d0e1f', imei: IMEI, idmd5: hex('md5', IMEI),
    mc: 'AC37434D9B2F', serial: 'R58M12ABCDE', os: 'Android' } };
  const { findings } = detect(postGzipJson('https://ulogs.umeng.com/unify_logs', body));
  assert.deepEqual(one(findings, 'request.body|gzip|json:$.header.imei').transform, []);
  const idmd5 = one(findings, 'request.body|gzip|json:$.header.idmd5');
  assert.equal(idmd5.dataType, 'device.imei');
  assert.deepEqual(idmd5.transform, ['md5']);
  assert.equal(idmd5.matched, hex('md5', IMEI));
  assert.deepEqual(one(findings, 'request.body|gzip|json:$.header.mc').transform, ['no-separators', 'uppercase']);
  assert.equal(one(findings, 'request.body|gzip|json:$.header.serial').dataType, 'device.serial');
});

test('hashed and encoded forms: sha256(lowercase email), base64(E.164 phone), truncated sha1, md5(sha1), digests in base64', () => {
  const body = {
    user_data: {
      em: hex('sha256', 'jane.doe@example.com'),
      ph: Buffer.from('+16505550134').toString('base64'),
      contact_hash: hex('sha256', '+8613812345678').toUpperCase(),
    },
    device: { d16: hex('sha1', IMEI).slice(0, 16), dd: hex('md5', hex('sha1', IMEI)), aid_b64: b64('md5', ANDROID_ID) },
  };
  const { findings } = detect(postGzipJson('https://graph.facebook.com/v5.0/1234/activities', body));
  const em = one(findings, 'request.body|gzip|json:$.user_data.em');
  assert.equal(em.dataType, 'account.email');
  assert.deepEqual(em.transform, ['lowercase', 'sha256']);
  const ph = one(findings, 'request.body|gzip|json:$.user_data.ph');
  assert.equal(ph.dataType, 'account.phone');
  assert.deepEqual(ph.transform, ['e164', 'base64']);
  const contact = one(findings, 'request.body|gzip|json:$.user_data.contact_hash');
  assert.equal(contact.dataType, 'contacts');
  assert.equal(contact.field, 'contacts[0].phone');
  assert.deepEqual(contact.transform, ['e164', 'sha256']);
  assert.deepEqual(one(findings, 'request.body|gzip|json:$.device.d16').transform, ['sha1', 'truncated-16']);
  assert.deepEqual(one(findings, 'request.body|gzip|json:$.device.dd').transform, ['sha1', 'md5']);
  const aid = one(findings, 'request.body|gzip|json:$.device.aid_b64');
  assert.deepEqual(aid.transform, ['md5', 'base64']);
  assert.equal(aid.matched, b64('md5', ANDROID_ID));
});

test('salted sha256 with the salt sent next to it', () => {
  const ts = '1574846102';
  const body = { ts, sign: hex('sha256', ts + IMEI), other: hex('sha256', `${ts}352099001761482`) };
  const { findings } = detect(postGzipJson('https://sdk.open.phone.igexin.com/api.php', body));
  const sign = one(findings, 'request.body|gzip|json:$.sign');
  assert.equal(sign.dataType, 'device.imei');
  assert.deepEqual(sign.transform, ['salted-sha256']);
  assert.deepEqual(sign.details, { saltPath: 'request.body|gzip|json:$.ts' });
  assert.equal(at(findings, 'request.body|gzip|json:$.other').length, 0, 'a salted digest of another IMEI is not ours');
});

test('a body decode could not split is scanned whole: url- and form-encoded values with offsets and excerpts', () => {
  const body = 'act=reg&email=jane.doe%40example.com&name=Jane+Doe&pwd=hunter2%21x&ip=192.168.1.23';
  const { findings } = detect(postRaw('https://api.example.cn/reg', body));
  const email = findings.find((f) => f.dataType === 'account.email')!;
  assert.deepEqual(email.transform, ['lowercase', 'url-encoded']);
  assert.equal(email.offset, body.indexOf('jane.doe'));
  assert.ok(email.excerpt.includes(email.matched) && email.excerpt.length <= 160);
  assert.deepEqual(findings.find((f) => f.dataType === 'account.name')?.transform, ['form-encoded']);
  assert.deepEqual(findings.find((f) => f.dataType === 'account.password')?.transform, ['url-encoded']);
  assert.deepEqual(findings.find((f) => f.dataType === 'network.local_ip')?.transform, []);
});

test('phone spellings map to their normalization, contacts carry their index', () => {
  const body = { a: '+16505550134', b: '(650) 555-0134', c: '008613812345678', d: '+1 415 555 0199', e: '4155550199' };
  const { findings } = detect(postGzipJson('https://x.example/contacts', body));
  const t = (k: string) => one(findings, `request.body|gzip|json:$.${k}`);
  assert.deepEqual(t('a').transform, ['e164']);
  assert.deepEqual(t('b').transform, ['national']);
  assert.deepEqual([t('c').field, ...t('c').transform], ['contacts[0].phone', 'idd-00']);
  assert.deepEqual([t('d').field, ...t('d').transform], ['contacts[1].phone']);
  assert.deepEqual([t('e').field, ...t('e').transform], ['contacts[1].phone', 'national-digits']);
});

test('CRC-32 of a device id is reported, but only as likely (32 bits collide by chance)', () => {
  const crc = (crc32(IMEI) >>> 0).toString(16).padStart(8, '0');
  const { findings } = detect(postGzipJson('https://x.example/invite', { code: crc }));
  const f = one(findings, 'request.body|gzip|json:$.code');
  assert.deepEqual([f.dataType, f.confidence, ...f.transform], ['device.imei', 'likely', 'crc32']);
});

test('response views never produce findings; a covered view without children is still scanned', () => {
  const decoded = getWithQuery('https://a.example/x', 0, [
    view('response.body|json:$.imei', IMEI, { side: 'response' }),
    view('request.headers:X-Device', `imei=${IMEI}`, { covered: true }),
  ]);
  const { findings } = detect(decoded);
  assert.deepEqual(findings.map((f) => [f.path, f.dataType]), [['request.headers:X-Device', 'device.imei']]);
});

test('findings are deterministic and sorted', () => {
  const body = { z: IMEI, a: IMEI, m: hex('md5', IMEI) };
  const first = detect(postGzipJson('https://x.example/', body)).findings;
  const second = detect(postGzipJson('https://x.example/', body)).findings;
  assert.deepEqual(first, second);
  assert.deepEqual(first.map((f) => f.path.split('$.')[1]), ['a', 'm', 'z']);
});

test('an upper-cased email address is the address, with an "uppercase" transform', () => {
  const email = PROFILE.account!.email!;
  const d = detect(postGzipJson('https://log.example.cn/v1', { account_email: email.toUpperCase() }));
  const f = d.findings.find((x) => x.dataType === 'account.email');
  assert.ok(f, 'upper-case email not found');
  assert.deepEqual(f.transform, email === email.toUpperCase() ? [] : ['uppercase']);
  assert.equal(f.confidence, 'confirmed');
});
