import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byType, exchange, jsonBody, queryViews, run, view } from './helpers.js';

test('lat/lng siblings in a JSON object: precise location with precision in metres', () => {
  const d = run(exchange({ url: 'https://lbs.example.com/v2/report' }),
    jsonBody({ loc: { lat: 37.4419, lng: -122.143, acc: 12 }, ts: 1554112800 }));
  const f = byType(d, 'location.precise');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.path, 'request.body|json:$.loc.lat');
  assert.equal(f[0]!.details?.pairedPath, 'request.body|json:$.loc.lng');
  assert.equal(f[0]!.details?.precisionMeters, 111); // 3 decimals on the longitude limits it
  assert.equal(f[0]!.confidence, 'likely');
});

test('coarse location from 2-decimal query pair; whole degrees, (0,0) and unpaired values are not locations', () => {
  const url = 'https://weather.example.com/forecast?lat=37.44&lon=-122.14&zoom=12.5';
  const d = run(exchange({ url, method: 'GET' }), queryViews(url));
  assert.deepEqual(d.findings.map((f) => [f.dataType, f.details?.precisionMeters]), [['location.coarse', 1113]]);
  const url2 = 'https://weather.example.com/f?lat=37&lon=-122&x=1';
  assert.deepEqual(run(exchange({ url: url2 }), queryViews(url2)).findings, []);
  const d3 = run(exchange({ url: 'https://x.example.com/' }), jsonBody({ latitude: 0.0, longitude: 0.0, lat: '0.000', lon: '0.000' }));
  assert.deepEqual(d3.findings, []);
  const d4 = run(exchange({ url: 'https://x.example.com/' }), jsonBody({ lat: 37.4419, speed: 12.5 }));
  assert.deepEqual(d4.findings, []);
});

test('AMap-style "lng,lat" under a location key is read in either order', () => {
  const d = run(exchange({ url: 'https://restapi.amap.com/v3/geocode/regeo' }),
    [view('request.url|query:location', '116.481488,39.990464', { key: 'location' })]);
  const f = byType(d, 'location.precise');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.detector, 'geo:key:location');
});

test('raw text with lat= and lon= close together', () => {
  const text = 'ev=open&lat=40.7128&foo=bar&lon=-74.0060&t=1554112800';
  const d = run(exchange({ url: 'https://t.example.com/e' }), [view('request.body', text)]);
  const f = byType(d, 'location.precise');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.matched, '40.7128');
  assert.ok(f[0]!.excerpt.includes('lat=40.7128') && f[0]!.excerpt.includes('lon=-74.0060'));
});

test('installed-app list under applist (Getui sdk_uploadapplist style) and unkeyed with many vendors', () => {
  const apps = ['com.tencent.mm', 'com.eg.android.AlipayGphone', 'com.ss.android.ugc.aweme', 'tv.danmaku.bili',
    'com.sina.weibo', 'org.telegram.messenger'];
  const body = { cid: 'b0f5c9e8a7d6', applist: apps.map((pkg) => ({ pkg, ver: '1.0' })) };
  const d = run(exchange({ url: 'https://sdk.open.phone.igexin.com/api.php' }),
    [view('request.body', JSON.stringify(body), { covered: true })]);
  const f = byType(d, 'device.installed_apps');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.path, 'request.body|json:$.applist');
  assert.equal(f[0]!.details?.count, 6);
  assert.equal(f[0]!.confidence, 'likely');
  const plain = run(exchange({ url: 'https://x.example.com/a' }), [view('request.body', JSON.stringify({ l: apps }), { covered: true })]);
  assert.equal(byType(plain, 'device.installed_apps')[0]?.confidence, 'likely');
});

test('comma-separated package list in a form field with an app-list key', () => {
  const d = run(exchange({ url: 'https://x.example.com/a' }),
    [view('request.body|form:app_list', 'com.tencent.mm,com.sina.weibo', { key: 'app_list' })]);
  assert.equal(byType(d, 'device.installed_apps')[0]?.details?.count, 2);
});

test('host names, Java class names of one vendor and stack frames are not app lists', () => {
  const lists = {
    hosts: ['www.google.com', 'api.example.com', 'cdn.example.net', 'static.example.org'],
    classes: ['com.umeng.analytics.MobclickAgent', 'com.umeng.commonsdk.UMConfigure', 'com.umeng.message.PushAgent'],
    frames: ['com.umeng.analytics.MobclickAgent.onResume(MobclickAgent.java:120)', 'android.app.Activity.performResume(Activity.java:7939)'],
  };
  const d = run(exchange({ url: 'https://x.example.com/crash' }), [view('request.body', JSON.stringify(lists), { covered: true })]);
  assert.deepEqual(d.findings, []);
});

test('contact list: records with names and phone numbers', () => {
  const contacts = [
    { name: 'Mom', phones: ['+1 650-555-0199'] },
    { displayName: 'Li Wei', phone: '13912345678' },
    { name: 'Dr. Patel', emails: ['r.patel@example.org'] },
  ];
  const d = run(exchange({ url: 'https://friends.example.com/v1/match' }),
    [view('request.body', JSON.stringify({ contacts }), { covered: true })]);
  const f = byType(d, 'contacts');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.details?.count, 3);
  assert.equal(f[0]!.path, 'request.body|json:$.contacts');
});

test('vCards count as contacts; a list of product records does not', () => {
  const vcf = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL;TYPE=CELL:+1 650 555 0134\r\nEND:VCARD\r\n' +
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li Wei\r\nTEL:13912345678\r\nEND:VCARD\r\n';
  const d = run(exchange({ url: 'https://x.example.com/import' }), [view('request.body', vcf)]);
  assert.equal(byType(d, 'contacts')[0]?.details?.count, 2);
  const products = [{ name: 'Widget', sku: 'A-100', price: 9.99 }, { name: 'Gadget', sku: 'B-200', price: 19.99 }];
  assert.deepEqual(byType(run(exchange({ url: 'https://shop.example.com/cart' }),
    [view('request.body', JSON.stringify({ items: products }), { covered: true })]), 'contacts'), []);
});

test('browsing history: visited pages with titles; asset URL lists are not history', () => {
  const history = [
    { url: 'https://www.nytimes.com/2019/03/31/us/politics.html', title: 'Politics', visit_time: 1554112000 },
    { url: 'https://en.wikipedia.org/wiki/Palo_Alto', title: 'Palo Alto', visit_time: 1554112100 },
    { url: 'https://www.webmd.com/depression/default.htm', title: 'Depression', visit_time: 1554112200 },
  ];
  const d = run(exchange({ url: 'https://x.example.com/h' }), [view('request.body', JSON.stringify({ data: history }), { covered: true })]);
  const f = byType(d, 'browsing.history');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.confidence, 'possible'); // no history key: the items speak, but less loudly
  const keyed = run(exchange({ url: 'https://x.example.com/h' }),
    [view('request.body', JSON.stringify({ history: history.map((h) => h.url) }), { covered: true })]);
  assert.equal(byType(keyed, 'browsing.history')[0]?.confidence, 'likely');
  const assets = { history: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.js', 'https://cdn.example.com/c.css'] };
  assert.deepEqual(run(exchange({ url: 'https://x.example.com/h' }), [view('request.body', JSON.stringify(assets), { covered: true })]).findings, []);
});
