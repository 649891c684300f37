/** End to end through the real decode stage: exchanges in, views from decodeExchange, generic detection out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decodeExchange } from '../../src/decode/index.js';
import { createGenericDetector, SDK_DEVICE_ID } from '../../src/detect/generic/index.js';
import type { Detection } from '../../src/detect/types.js';
import type { Exchange } from '../../src/ingest/types.js';
import { exchange } from './helpers.js';
import { jpeg, pseudoRandom } from './media-fixtures.js';

function detect(ex: Exchange): Detection {
  return createGenericDetector()(decodeExchange(ex));
}

const summary = (d: Detection): string[] => d.findings.map((f) => `${f.dataType} ${f.path} ${f.confidence}`);

test('gzip JSON body (Umeng-like header before encryption): identifiers found at their decoded paths', () => {
  const body = gzipSync(JSON.stringify({ header: { appkey: '5c8f0a3b3fc195e2b7001234', imei: '356938035643809',
    mc: 'a4:50:46:12:9b:3c', android_id: '9774d56d682e549c', sdk_version: '9.3.8', os_version: '9', ts: 1554112800123 } }));
  const ex = exchange({ url: 'https://ulogs.umeng.com/unify_logs', body, mimeType: 'application/json',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
  const d = detect(ex);
  assert.deepEqual(summary(d).sort(), [
    'device.android_id request.body|gzip|json:$.header.android_id likely',
    'device.imei request.body|gzip|json:$.header.imei likely',
    // "mc" is a MAC key only on Baidu hosts; here the value is a MAC by shape alone, so only 'possible'.
    'device.mac request.body|gzip|json:$.header.mc possible',
  ]);
});

test('Baidu GET with query keys through decode', () => {
  const url = 'https://hmma.baidu.com/app.gif?mc=a4%3A50%3A46%3A12%3A9b%3A3c&gl=116.307852%2C40.057031&op=46000&v=3.9.5.1';
  const d = detect(exchange({ url, method: 'GET' }));
  assert.deepEqual(summary(d).sort(), [
    'device.mac request.url|query:mc likely',
    'location.precise request.url|query:gl likely',
  ]);
});

test('ByteDance device_register: request identifiers and the id-assigned signal from the response', () => {
  const url = 'https://log.tiktokv.com/service/2/device_register/?ac=wifi&aid=1233&openudid=9f3c2a7b1e6d4058';
  const request = JSON.stringify({ magic_tag: 'ss_app_log', header: { google_aid: '38400000-8cf0-11bd-b23e-10b96e40000d',
    clientudid: '7a1c2e3f-5b6d-4e8f-9a0b-1c2d3e4f5a6b', device_model: 'Pixel 3' }, _gen_time: 1554112800123 });
  const response = '{"server_time":1554112801,"device_id":6671234567890123456,"install_id":6671234598765432109,"new_user":1}';
  const ex = exchange({ url, body: request, mimeType: 'application/json', headers: { 'Content-Type': 'application/json' },
    response: { body: response, mimeType: 'application/json' } });
  const d = detect(ex);
  assert.deepEqual(summary(d).sort(), [
    'device.ad_id request.body|json:$.header.google_aid likely',
    'device.android_id request.url|query:openudid likely',
    'device.model request.body|json:$.header.device_model likely',
    `${SDK_DEVICE_ID} request.body|json:$.header.clientudid likely`,
  ]);
  assert.deepEqual(d.signals.map((s) => [s.kind, s.details.key, s.details.valueLength, s.details.newUser]), [
    ['id-assigned', 'device_id', 19, true], ['id-assigned', 'install_id', 19, true]]);
});

test('multipart photo upload to a face API through decode', () => {
  const photo = jpeg(2000);
  const boundary = '----tt1554112800';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image_file"; filename="IMG_0001.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="return_landmark"\r\n\r\n1\r\n--${boundary}--\r\n`),
  ]);
  const ex = exchange({ url: 'https://api-cn.faceplusplus.com/facepp/v3/detect', body, mimeType: 'multipart/form-data',
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
  const d = detect(ex);
  assert.deepEqual(d.findings.map((f) => [f.dataType, f.detector, f.details?.mediaBytes ?? null]).sort(), [
    ['biometric.face', 'biometric:face-endpoint', null],
    ['media.image', 'media:jpeg', photo.length],
  ]);
  assert.deepEqual(d.blindSpots, []);
});

test('opaque octet-stream through decode is reported once, by us, at the body', () => {
  const ex = exchange({ url: 'https://ulogs.umeng.com/unify_logs', body: pseudoRandom(2048), mimeType: 'application/octet-stream',
    headers: { 'Content-Type': 'application/octet-stream' } });
  const decoded = decodeExchange(ex);
  const d = createGenericDetector()(decoded);
  assert.deepEqual(d.blindSpots.map((b) => [b.kind, b.host, b.bytes]), [['opaque-payload', 'ulogs.umeng.com', 2048]]);
});
