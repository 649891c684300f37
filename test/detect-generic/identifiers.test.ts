import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SDK_DEVICE_ID } from '../../src/detect/generic/index.js';
import { byType, exchange, jsonBody, queryViews, run, types, view } from './helpers.js';

// Baidu Mobstat: hmma.baidu.com/app.gif with its short keys (sdks.md: gl GPS, wl2 Wi-Fi, cl cell, mc MAC,
// bm Bluetooth MAC, d device id, i CUID, op carrier).
const BAIDU_URL = 'https://hmma.baidu.com/app.gif?' + new URLSearchParams({
  v: '3.9.5.1', op: '46000', mc: 'a4:50:46:12:9b:3c', bm: '40:4e:36:8a:11:02', gl: '116.307852,40.057031',
  wl2: 'c8:3a:35:1e:aa:01|-45|TP-LINK_5G', cl: '460|0|4173|22802',
  i: '2A5F8D3B9C1E4F6A7B8C9D0E1F2A3B4C|819437250618753', d: '0c3f6a18b7e24d59',
}).toString();

test('Baidu app.gif query: MAC, Bluetooth MAC, GPS, Wi-Fi, cell, CUID by their short keys', () => {
  const d = run(exchange({ url: BAIDU_URL, method: 'GET' }), queryViews(BAIDU_URL));
  const got = d.findings.map((f) => `${f.path} ${f.dataType} ${f.detector} ${f.confidence}`).sort();
  assert.deepEqual(got, [
    `request.url|query:bm device.bluetooth_mac mac likely`,
    `request.url|query:cl location.coarse key:cl possible`,
    `request.url|query:d ${SDK_DEVICE_ID} key:d likely`,
    `request.url|query:gl location.precise geo:key:gl likely`,
    `request.url|query:i ${SDK_DEVICE_ID} key:i likely`,
    `request.url|query:mc device.mac mac likely`,
    `request.url|query:wl2 network.wifi key:wl2 likely`,
    `request.url|query:wl2 network.wifi mac likely`,
  ]);
  const gl = byType(d, 'location.precise')[0]!;
  assert.equal(gl.details?.precisionMeters, 0); // 6 decimals ≈ 0.1 m
});

test('the same short keys mean nothing on other hosts', () => {
  const url = 'https://api.example.com/t?mc=1&bm=0&d=20190401&i=7&cl=3';
  const d = run(exchange({ url, method: 'GET' }), queryViews(url));
  assert.deepEqual(d.findings, []);
});

test('ByteDance device_register body: Android id, ad id, IMEI, serial, model; placeholder MAC skipped', () => {
  const header = {
    display_name: 'TikTok', aid: 1233, channel: 'googleplay', package: 'com.zhiliaoapp.musically', app_version: '13.1.3',
    version_code: 130103, os: 'Android', os_version: '9', os_api: 28, device_model: 'Pixel 3', device_brand: 'google',
    cpu_abi: 'arm64-v8a', openudid: '9f3c2a7b1e6d4058', clientudid: '7a1c2e3f-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
    google_aid: '38400000-8cf0-11bd-b23e-10b96e40000d', mc: '02:00:00:00:00:00', imei: '356938035643809',
    serial_number: '8ABX0Y1Z2', region: 'US', tz_name: 'America/Los_Angeles', timezone: -7, access: 'wifi',
    mcc_mnc: '310260', sig_hash: 'e89b158e4bcf988ebd09eb83f5378e87',
  };
  const url = 'https://log.tiktokv.com/service/2/device_register/?ac=wifi&device_platform=android&aid=1233';
  const d = run(exchange({ url, mimeType: 'application/json' }),
    [...queryViews(url), ...jsonBody({ magic_tag: 'ss_app_log', header, _gen_time: 1554112800123 })]);
  assert.deepEqual(types(d), ['device.ad_id', 'device.android_id', 'device.imei', 'device.model', SDK_DEVICE_ID, 'device.serial']);
  const imei = byType(d, 'device.imei');
  assert.equal(imei.length, 1);
  assert.equal(imei[0]!.detector, 'imei-luhn');
  assert.equal(imei[0]!.confidence, 'likely');
  assert.equal(byType(d, 'device.ad_id')[0]!.path, 'request.body|json:$.header.google_aid');
  assert.equal(byType(d, 'device.mac').length, 0, 'Android 6+ placeholder MAC is not a MAC');
});

test('IMEI without key needs Luhn and a reporting-body prefix; timestamps and Luhn failures are ignored', () => {
  const text = 'dev=356938035643809;other=356938035643808;us=155411280012345;t=201904011234567;x=123456789012347';
  const d = run(exchange({ url: 'https://t.example.com/c' }), [view('request.body', text)]);
  const imeis = byType(d, 'device.imei');
  assert.deepEqual(imeis.map((f) => [f.matched, f.confidence]), [['356938035643809', 'possible']]);
});

test('MAC: key decides Wi-Fi BSSID vs device MAC vs Bluetooth; colons in times and IPv6 are not MACs', () => {
  const views = [
    view('request.body|json:$.wifi.bssid', 'c8:3a:35:1e:aa:01', { key: 'bssid' }),
    view('request.body|json:$.bt_mac', '40-4E-36-8A-11-02', { key: 'bt_mac' }),
    view('request.body|json:$.note', 'at 12:30:45 from fe80::1c2d:3e4f:5a6b:7c8d via aa:bb:cc:dd:ee:ff', { key: 'note' }),
  ];
  const d = run(exchange({ url: 'https://sdk.example.com/r' }), views);
  assert.deepEqual(d.findings.filter((f) => f.detector === 'mac').map((f) => [f.dataType, f.matched, f.confidence]), [
    ['device.bluetooth_mac', '40-4E-36-8A-11-02', 'likely'],
    ['device.mac', 'aa:bb:cc:dd:ee:ff', 'possible'],
    ['network.wifi', 'c8:3a:35:1e:aa:01', 'likely'],
  ]);
});

test('IP addresses: public vs private, keyed vs bare; versions, UA, server address and loopback are not reported', () => {
  const views = [
    view('request.url', 'https://203.0.113.9/api/report'),
    view('request.headers:User-Agent', 'Dalvik/2.1.0 (Linux; U; Android 9; Pixel 3 Build/PQ3A.190801.002) Chrome/74.0.3729.157', { key: 'User-Agent' }),
    view('request.headers:X-Forwarded-For', '198.51.100.23', { key: 'X-Forwarded-For' }),
    view('request.body|json:$.client_ip', '8.26.61.4', { key: 'client_ip' }),
    view('request.body|json:$.local_ip', '192.168.1.23', { key: 'local_ip' }),
    view('request.body|json:$.app_version', '10.2.3.4', { key: 'app_version' }),
    view('request.body|json:$.sdk_ver', '4.3.0.12', { key: 'sdk_ver' }),
    view('request.body|json:$.msg', 'conn from 172.16.4.20 and 127.0.0.1, fw 2.1.0.3, peer 2001:db8:85a3::8a2e:370:7334', { key: 'msg' }),
  ];
  const d = run(exchange({ url: 'https://203.0.113.9/api/report', serverIp: '203.0.113.9' }), views);
  const ips = d.findings.filter((f) => f.dataType.startsWith('network.')).map((f) => [f.dataType, f.matched, f.confidence, f.details?.public]);
  assert.deepEqual(ips, [
    ['network.public_ip', '8.26.61.4', 'likely', true],
    ['network.local_ip', '192.168.1.23', 'likely', false],
    ['network.local_ip', '172.16.4.20', 'possible', false],
    ['network.public_ip', '2001:db8:85a3::8a2e:370:7334', 'possible', true],
    ['network.public_ip', '198.51.100.23', 'likely', true],
  ]);
});

test('UUIDs are advertising ids only near an ad-id key; random request ids and the nil UUID are not', () => {
  const text = '{"request_id":"3f2b8c1e-9d4a-4b6e-8f0a-1c2d3e4f5a6b","gaid":"cdda802e-fb9c-47ad-9866-0794d394c912",' +
    '"idfa":"00000000-0000-0000-0000-000000000000","trace":"a1b2c3d4e5f60718","android_id":"9774d56d682e549c"}';
  const d = run(exchange({ url: 'https://ads.example.com/bid' }), [view('request.body', text)]);
  assert.deepEqual(d.findings.map((f) => [f.dataType, f.matched, f.detector]), [
    ['device.ad_id', 'cdda802e-fb9c-47ad-9866-0794d394c912', 'ad-id-uuid'],
    ['device.android_id', '9774d56d682e549c', 'android-id'],
  ]);
});

test('key dictionary judges values: flags and placeholders under telling keys are not data', () => {
  const body = { mobile: true, imei: 'unknown', email: '', gender: 'female', birthday: '2001-04-12', age: 17,
    password: 'hunter2', nickname: 'jdoe_2001', ssid: '"HomeNet-5G"', model: '3.2.1', device_model: 'SM-G960F',
    imei_md5: 'x', idfv: 'E621E1F8-C36C-495A-93FC-0C247A3E6E5F' };
  const d = run(exchange({ url: 'https://api.example.com/profile' }), jsonBody(body));
  assert.deepEqual(d.findings.map((f) => `${f.dataType}=${f.matched}/${f.confidence}`).sort(), [
    'account.age=17/possible', 'account.birthdate=2001-04-12/likely', 'account.gender=female/likely',
    'account.password=hunter2/likely', 'account.username=jdoe_2001/possible', 'device.idfv=E621E1F8-C36C-495A-93FC-0C247A3E6E5F/likely',
    'device.model=SM-G960F/likely', 'network.wifi="HomeNet-5G"/possible',
  ]);
});

test('hashed identifiers under identifier keys are possible, marked as digests; hashes elsewhere are nothing', () => {
  const body = { imei: 'e10adc3949ba59abbe56e057f20f883e', sig: 'e10adc3949ba59abbe56e057f20f883e',
    sha: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', color: '#ffcc00' };
  const d = run(exchange({ url: 'https://api.example.com/x' }), jsonBody(body));
  assert.deepEqual(d.findings.map((f) => [f.path, f.dataType, f.confidence, f.details?.valueShape]), [
    ['request.body|json:$.imei', 'device.imei', 'possible', 'digest'],
  ]);
});

test('CSS and SVG text yield nothing', () => {
  const css = '.btn{color:#ffcc00;background:rgba(255,204,0,.5);margin:10px 12px}#a1b2c3{transform:matrix(1.0,0.0,0.0,1.0,37.4419,-122.1430)}' +
    '<svg><path d="M37.4419,-122.1430 L12.5,8.25 Z"/></svg>';
  const d = run(exchange({ url: 'https://web.example.com/upload-style' }), [view('request.body', css)]);
  assert.deepEqual(d.findings, []);
});

test('cookie names are weak keys: Google\'s SSID session cookie is not a Wi-Fi name (seen in the Chrome corpus HAR)', () => {
  const d = run(exchange({ url: 'https://www.google.com/search' }), [
    view('request.cookies:SSID', 'A_mrp5cpjfkd72x04', { key: 'SSID' }),
    view('request.cookies:gaid', 'cdda802e-fb9c-47ad-9866-0794d394c912', { key: 'gaid' }),
  ]);
  assert.deepEqual(d.findings.map((f) => [f.path, f.dataType]), [['request.cookies:gaid', 'device.ad_id']]);
});
