import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { shannonEntropy } from '../../src/detect/generic/index.js';
import { exchange, jsonBody, jsonViews, run, view } from './helpers.js';
import { pseudoRandom } from './media-fixtures.js';

/** An Umeng-style envelope: JSON → zlib → AES-128-CBC (sdks.md), with a fixed key so the bytes are reproducible. */
function umengEnvelope(): Buffer {
  const inner = JSON.stringify({ header: { appkey: '5c8f0a3b3fc195e2b7001234', imei: '356938035643809',
    mc: 'a4:50:46:12:9b:3c', android_id: '9774d56d682e549c', os_version: '9' }, content: { launch: [{ id: 1 }] } });
  const key = createHash('md5').update('signature').digest();
  const iv = Buffer.from([10, 1, 11, 5, 4, 15, 7, 9, 23, 3, 1, 6, 8, 12, 13, 91]);
  const c = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([Buffer.from([0x18, 0x03, 0x30, 0x2e, 0x30]), c.update(deflateSync(Buffer.from(inner))), c.final()]);
}

test('Shannon entropy: random bytes near 8 bits, text near 4–5', () => {
  assert.ok(shannonEntropy(pseudoRandom(65536)) > 7.99);
  assert.ok(shannonEntropy(Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(20))) < 4.5);
  assert.equal(shannonEntropy(Buffer.alloc(100)), 0);
});

test('an encrypted Umeng envelope is an opaque-payload blind spot with host and size', () => {
  const body = umengEnvelope();
  const d = run(exchange({ url: 'https://ulogs.umeng.com/unify_logs', mimeType: 'application/octet-stream' }),
    [view('request.body', body)]);
  assert.deepEqual(d.findings, [], 'nothing readable, nothing claimed');
  assert.equal(d.blindSpots.length, 1);
  const b = d.blindSpots[0]!;
  assert.equal(b.kind, 'opaque-payload');
  assert.equal(b.host, 'ulogs.umeng.com');
  assert.equal(b.bytes, body.length);
  assert.match(b.detail, /^request\.body: binary, [67]\.\d\d bits\/byte over \d+ bytes$/);
});

test('readable bodies are not opaque: JSON, decoded gzip, protobuf-like binary, short random ids', () => {
  const ex = exchange({ url: 'https://api.example.com/x' });
  assert.deepEqual(run(ex, jsonBody({ event: 'launch', ts: 1554112800, token: 'x'.repeat(100) })).blindSpots, []);
  const gz = [view('request.body', pseudoRandom(3000)), view('request.body|gzip', JSON.stringify({ a: 'hello world '.repeat(50) }))];
  assert.deepEqual(run(ex, gz).blindSpots, [], 'the gzip bytes were decoded: only the innermost form counts');
  const proto = Buffer.concat(Array.from({ length: 40 }, (_, i) => Buffer.from([0x0a, 0x08, ...Buffer.from(`field${i % 10}__`)])));
  assert.deepEqual(run(ex, [view('request.body', proto)]).blindSpots, []);
  assert.deepEqual(run(ex, [view('request.body', pseudoRandom(40))]).blindSpots, [], 'below 64 bytes: an id, not a payload');
});

test('a base64 text blob nothing could decode is opaque; one that decoded is judged by its child', () => {
  const blob = pseudoRandom(600).toString('base64');
  const ex = exchange({ url: 'https://log.example.com/c' });
  const alone = run(ex, [view('request.body', JSON.stringify({ d: blob }), { covered: true }), view('request.body|json:$.d', blob, { key: 'd' })]);
  assert.equal(alone.blindSpots.length, 1);
  assert.equal(alone.blindSpots[0]!.kind, 'opaque-payload');
  assert.equal(alone.blindSpots[0]!.bytes, 800);
  assert.match(alone.blindSpots[0]!.detail, /^request\.body\|json:\$\.d: base64-like text, 5\.\d\d bits\/byte over 800 bytes$/);
  const decodedChild = run(ex, [view('request.body|json:$.d', blob, { key: 'd' }),
    view('request.body|json:$.d|base64', JSON.stringify({ imei: '356938035643809' }).repeat(10), { key: 'd' })]);
  assert.deepEqual(decodedChild.blindSpots, []);
});

test('a truncated request body is a truncated-body blind spot', () => {
  const d = run(exchange({ url: 'https://api.example.com/up', body: 'x'.repeat(100), truncated: true }), [view('request.body', 'x'.repeat(100))]);
  assert.deepEqual(d.blindSpots.map((b) => [b.kind, b.bytes]), [['truncated-body', 100]]);
});

test('ByteDance device_register response assigns device_id and install_id (masked), with new_user', () => {
  const url = 'https://log.tiktokv.com/service/2/device_register/?ac=wifi&aid=1233';
  const response = { server_time: 1554112801, device_id: 6671234567890123456n.toString(), install_id: '6671234598765432109',
    new_user: 1, device_id_str: '6671234567890123456', install_id_str: '6671234598765432109' };
  const views = [view('request.url', url), ...jsonViews('response.body', response).map((v) => ({ ...v, side: 'response' as const }))];
  const d = run(exchange({ url, response: { body: JSON.stringify(response) } }), views);
  assert.deepEqual(d.findings, [], 'responses never yield findings');
  assert.deepEqual(d.signals.map((s) => [s.kind, s.path, s.details]), [
    ['id-assigned', 'response.body|json:$.device_id', { key: 'device_id', valueLength: 19, masked: '66***************56',
      endpoint: 'bytedance-device-register', newUser: true }],
    ['id-assigned', 'response.body|json:$.install_id', { key: 'install_id', valueLength: 19, masked: '66***************09',
      endpoint: 'bytedance-device-register', newUser: true }],
  ]);
  for (const s of d.signals) assert.ok(!JSON.stringify(s).includes('6671234567890123456'), 'the raw id never appears');
});

test('ids in responses of ordinary endpoints, or placeholder ids, are not assignments', () => {
  const r = { uid: '0', device_id: '' };
  const reg = run(exchange({ url: 'https://api.example.com/v1/device/register' }),
    jsonViews('response.body', r).map((v) => ({ ...v, side: 'response' as const })));
  assert.deepEqual(reg.signals, []);
  const feed = run(exchange({ url: 'https://api.example.com/v1/feed' }),
    jsonViews('response.body', { uid: '88234712', device_id: '6671234567890123456' }).map((v) => ({ ...v, side: 'response' as const })));
  assert.deepEqual(feed.signals, []);
  const sdkInit = run(exchange({ url: 'https://sdk.example.cn/api/v2/init' }),
    jsonViews('response.body', { data: { udid: 'A1B2C3D4E5F6' } }).map((v) => ({ ...v, side: 'response' as const })));
  assert.deepEqual(sdkInit.signals.map((s) => [s.details.key, s.details.endpoint]), [['udid', 'registration-path']]);
});
