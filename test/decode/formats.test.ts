/** Each decoder on realistic payloads, with the exact evidence paths later stages will quote. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { decodeBytes } from '../../src/decode/index.js';
import { paths, pbBytes, pbDouble, pbVarint, textAt, viewAt } from './helpers.js';

const LZString = createRequire(import.meta.url)('lz-string') as { compressToBase64(s: string): string;
  compressToEncodedURIComponent(s: string): string };

const IMEI = '865321045012345';

test('JSON: leaves with JSON paths, exact 19-digit numbers, weird keys, array keys, booleans', () => {
  // ByteDance device_register response shape (knowledge/sdks.md): ids larger than 2^53 must keep every digit.
  const body = '{"server_time":1555000000,"device_id":7012345678901234567,"install_id":7012345678901239999,' +
    '"new_user":true,"data":{"tags":["a","b"],"my key":"v\\u00e9","emp":"","n":null}}';
  const { views, issues } = decodeBytes(Buffer.from(body), { basePath: 'response.body', side: 'response',
    mimeType: 'application/json' });
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'response.body|json:$.device_id'), '7012345678901234567');
  assert.equal(textAt(views, 'response.body|json:$.install_id'), '7012345678901239999');
  assert.equal(textAt(views, 'response.body|json:$.new_user'), 'true');
  assert.equal(textAt(views, 'response.body|json:$.data.tags[1]'), 'b');
  assert.equal(viewAt(views, 'response.body|json:$.data.tags[1]').key, 'tags');
  assert.equal(textAt(views, 'response.body|json:$.data["my key"]'), 'vé');
  assert.equal(viewAt(views, 'response.body|json:$.device_id').side, 'response');
  assert.ok(viewAt(views, 'response.body').covered);
  assert.ok(!paths(views).some((p) => p.endsWith('.emp') || p.endsWith('.n')), 'empty string and null are not views');
});

test('JSON: a ByteDance app_log body, strings holding JSON are decoded again', () => {
  const body = JSON.stringify({
    magic_tag: 'ss_app_log',
    header: { udid: IMEI, openudid: '9774d56d682e549c', mc: '02:00:00:00:00:00', sig_hash: 'e89b158e4bcf988ebd09eb83f5378e87' },
    event: [{ event: 'launch', params: JSON.stringify({ gps: '37.4419,-122.1430' }) }],
  });
  const { views } = decodeBytes(Buffer.from(body), { mimeType: 'application/json' });
  assert.equal(textAt(views, 'request.body|json:$.header.udid'), IMEI);
  assert.equal(viewAt(views, 'request.body|json:$.header.udid').key, 'udid');
  assert.equal(textAt(views, 'request.body|json:$.event[0].params|json:$.gps'), '37.4419,-122.1430');
  // A hex MD5 decodes to random bytes: not a view of its own.
  assert.ok(!paths(views).some((p) => p.includes('sig_hash|')));
});

test('JSON path escaping keeps paths splittable on |', () => {
  const { views } = decodeBytes(Buffer.from('{"a|b":{"0x":"y"}}'));
  assert.equal(textAt(views, 'request.body|json:$["a\\u007cb"]["0x"]'), 'y');
});

test('gzip(json): Umeng-like body by Content-Encoding, exact path', () => {
  const body = zlib.gzipSync(JSON.stringify({ header: { imei: IMEI, appkey: '5c1b2c3d4e5f6a7b8c9d0e1f' }, body: {} }));
  const { views, issues } = decodeBytes(body, { contentEncoding: 'gzip', mimeType: 'application/json' });
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'request.body|gzip|json:$.header.imei'), IMEI);
  assert.ok(viewAt(views, 'request.body').covered);
  assert.ok(viewAt(views, 'request.body|gzip').covered);
  assert.deepEqual(viewAt(views, 'request.body|gzip|json:$.header.imei').layers, ['gzip', 'json']);
});

test('zlib found by magic without declaration (Umeng envelope: JSON → deflate)', () => {
  const body = zlib.deflateSync(JSON.stringify({ imei: IMEI }));
  const { views } = decodeBytes(body, { mimeType: 'application/octet-stream' });
  assert.equal(textAt(views, 'request.body|zlib|json:$.imei'), IMEI);
});

test('deflate (raw) and brotli by Content-Encoding; "gzip, br" undone in reverse order', () => {
  const raw = zlib.deflateRawSync('{"mac":"02:00:00:00:00:00"}');
  assert.equal(textAt(decodeBytes(raw, { contentEncoding: 'deflate' }).views, 'request.body|deflate|json:$.mac'),
    '02:00:00:00:00:00');
  const both = zlib.brotliCompressSync(zlib.gzipSync('{"imei":"' + IMEI + '"}'));
  const { views } = decodeBytes(both, { contentEncoding: 'gzip, br' });
  assert.equal(textAt(views, 'request.body|br|gzip|json:$.imei'), IMEI);
});

test('a declared encoding the capture tool already undid is not an error', () => {
  const { views, issues } = decodeBytes(Buffer.from('{"imei":"' + IMEI + '"}'),
    { basePath: 'response.body', side: 'response', contentEncoding: 'br', mimeType: 'application/json' });
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'response.body|json:$.imei'), IMEI);
});

test('zstd: a frame written by the zstd 1.5.4 CLI (independent writer)', () => {
  // printf '[{"umid":"a1b2c3","imei":"865321045012345"}, ... ×20]' | zstd -19 -c | base64
  const frame = Buffer.from('KLUv/QRotQEA1AJbeyJ1bWlkIjoiYTFiMmMzIiwiaW1laSI6Ijg2NTMyMTA0NTAxMjM0NSJ9LF0BAGzpKlUG/FEiQA==', 'base64');
  const { views, issues } = decodeBytes(frame);
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'request.body|zstd|json:$[19].imei'), IMEI);
});

test('form-urlencoded with base64(gzip(json)) inside a field', () => {
  const data = zlib.gzipSync(JSON.stringify({ mac: '02:00:00:00:00:00', wifi: 'HomeNet' })).toString('base64');
  const body = `appkey=abc123&data=${encodeURIComponent(data)}&ts=1555000000`;
  const { views } = decodeBytes(Buffer.from(body), { mimeType: 'application/x-www-form-urlencoded' });
  assert.equal(textAt(views, 'request.body|form:data|base64|gzip|json:$.mac'), '02:00:00:00:00:00');
  assert.equal(viewAt(views, 'request.body|form:data|base64|gzip|json:$.mac').key, 'mac');
  assert.equal(textAt(views, 'request.body|form:ts'), '1555000000');
  assert.ok(viewAt(views, 'request.body|form:data').covered);
});

test('Baidu app.gif query: parameters, repeats, path segments', () => {
  const url = 'https://hmma.baidu.com/app.gif?v=3.9.3&gl=37.4419_-122.1430&mc=02%3A00%3A00%3A00%3A00%3A00' +
    `&d=${IMEI}&op=46000&op=46001`;
  const { views } = decodeBytes(Buffer.from(url), { basePath: 'request.url' });
  assert.equal(textAt(views, 'request.url|query:mc'), '02:00:00:00:00:00');
  assert.equal(viewAt(views, 'request.url|query:mc').key, 'mc');
  assert.equal(textAt(views, 'request.url|query:gl'), '37.4419_-122.1430');
  assert.equal(textAt(views, 'request.url|query:op[1]'), '46001');
  assert.equal(textAt(views, 'request.url|path:0'), 'app.gif');
  assert.equal(viewAt(views, 'request.url').covered, false, 'host and scheme are not covered by query/path views');
});

test('url(base64(json)) in a query parameter and in a percent-encoded cookie value', () => {
  let json = JSON.stringify({ imei: IMEI, email: 'alice@example.com' });
  while (json.length % 3 === 0) json += ' '; // base64 then ends in '=', which percent-encoding turns into %3D
  const payload = Buffer.from(json).toString('base64');
  const url = `https://log.example.cn/collect/v2/report?d=${encodeURIComponent(payload)}`;
  const { views } = decodeBytes(Buffer.from(url), { basePath: 'request.url' });
  assert.equal(textAt(views, 'request.url|query:d|base64|json:$.email'), 'alice@example.com');
  assert.equal(textAt(views, 'request.url|path:2'), 'report');

  assert.match(encodeURIComponent(payload), /%3D$/);
  const cookie = decodeBytes(Buffer.from(encodeURIComponent(payload)), { basePath: 'request.cookies:uid', key: 'uid' });
  assert.equal(textAt(cookie.views, 'request.cookies:uid|url|base64|json:$.imei'), IMEI);
});

test('multipart: a photo part stays one view with its type; a JSON field part is decoded', () => {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(200, 7)]);
  const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n` +
      `{"uid":"u-42","imei":"${IMEI}"}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="IMG_0001.jpg"\r\n` +
      'Content-Type: image/jpeg\r\n\r\n'),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const { views, issues } = decodeBytes(body, { mimeType: 'multipart/form-data',
    contentType: `multipart/form-data; boundary=${boundary}` });
  assert.deepEqual(issues, []);
  const file = viewAt(views, 'request.body|multipart:file[0]');
  assert.equal(file.mimeType, 'image/jpeg');
  assert.equal(file.filename, 'IMG_0001.jpg');
  assert.equal(file.bytes.length, jpeg.length);
  assert.ok(!paths(views).some((p) => p.startsWith('request.body|multipart:file[0]|')), 'media is not decoded further');
  assert.equal(textAt(views, 'request.body|multipart:meta[0]|json:$.imei'), IMEI);
  // The boundary is found from the body when the capture kept only the bare media type.
  const sniffed = decodeBytes(body, { mimeType: 'multipart/form-data' });
  assert.equal(textAt(sniffed.views, 'request.body|multipart:meta[0]|json:$.uid'), 'u-42');
});

test('protobuf: the encoding guide\'s own byte examples (independent of our writer)', () => {
  // https://protobuf.dev/programming-guides/encoding/: 08 96 01 = field 1 varint 150;
  // 12 07 74 65 73 74 69 6e 67 = field 2 "testing"; 1a 03 08 96 01 = field 3 embedded {1: 150}.
  const bytes = Buffer.from('089601' + '120774657374696e67' + '1a03089601', 'hex');
  const { views } = decodeBytes(bytes, { mimeType: 'application/x-protobuf' });
  assert.equal(textAt(views, 'request.body|protobuf:1'), '150');
  assert.equal(textAt(views, 'request.body|protobuf:2'), 'testing');
  assert.equal(textAt(views, 'request.body|protobuf:3.1'), '150');
});

test('protobuf: nested message with a known string, repeated field, double, 64-bit varint, JSON inside', () => {
  const device = [...pbBytes(1, IMEI), ...pbVarint(2, 7012345678901234567n), ...pbBytes(3, '{"ssid":"HomeNet"}')];
  const message = Buffer.from([
    ...pbBytes(1, 'com.example.app'), ...pbBytes(2, device), ...pbDouble(3, 37.4419), ...pbDouble(3, -122.143),
    ...pbBytes(4, zlib.gzipSync('{"contacts":["+16505550134"]}')),
  ]);
  const { views, issues } = decodeBytes(message, { mimeType: 'application/octet-stream' });
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'request.body|protobuf:2.1'), IMEI);
  assert.equal(textAt(views, 'request.body|protobuf:2.2'), '7012345678901234567');
  assert.equal(textAt(views, 'request.body|protobuf:3'), '37.4419');
  assert.equal(textAt(views, 'request.body|protobuf:3[1]'), '-122.143');
  assert.equal(textAt(views, 'request.body|protobuf:2.3|json:$.ssid'), 'HomeNet');
  assert.equal(textAt(views, 'request.body|protobuf:4|gzip|json:$.contacts[0]'), '+16505550134');
});

test('protobuf is not guessed on undeclared or non-message bytes', () => {
  const random = Buffer.from('ff00ee11dd22cc33bb44aa5599668877ff00ee11dd22cc33bb44aa5599668877', 'hex');
  const { views, issues } = decodeBytes(random, { mimeType: 'application/octet-stream' });
  assert.deepEqual(paths(views), ['request.body']);
  assert.equal(issues[0]?.kind, 'opaque-payload');
});

test('gRPC framing: two messages, then protobuf inside each; grpc-web trailers', () => {
  const m1 = Buffer.from(pbBytes(1, IMEI));
  const m2 = Buffer.from(pbBytes(1, 'alice@example.com'));
  const frame = (flags: number, m: Buffer) => Buffer.concat([Buffer.from([flags]), Buffer.from([0, 0, 0, m.length]), m]);
  const trailers = Buffer.from('grpc-status:0\r\n');
  const body = Buffer.concat([frame(0, m1), frame(0, m2), frame(0x80, trailers)]);
  const { views, issues } = decodeBytes(body, { mimeType: 'application/grpc-web+proto' });
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'request.body|grpc:0|protobuf:1'), IMEI);
  assert.equal(textAt(views, 'request.body|grpc:1|protobuf:1'), 'alice@example.com');
  assert.equal(textAt(views, 'request.body|grpc:trailers'), 'grpc-status:0\r\n');
  // A compressed message (flag 1, grpc-encoding gzip) is found by its gzip magic.
  const gz = frame(1, zlib.gzipSync(Buffer.from(pbBytes(2, IMEI))));
  assert.equal(textAt(decodeBytes(gz, { mimeType: 'application/grpc' }).views, 'request.body|grpc:0|gzip|protobuf:2'), IMEI);
});

test('JWT: whole value and inside an Authorization header', () => {
  const segment = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ sub: 'user-1234', phone: '+16505550134' })}.c2lnbmF0dXJl`;
  const whole = decodeBytes(Buffer.from(JSON.stringify({ token: jwt })));
  assert.equal(textAt(whole.views, 'request.body|json:$.token|jwt:payload|json:$.phone'), '+16505550134');
  assert.equal(textAt(whole.views, 'request.body|json:$.token|jwt:header|json:$.alg'), 'HS256');
  const header = decodeBytes(Buffer.from(`Bearer ${jwt}`), { basePath: 'request.headers:Authorization', key: 'Authorization' });
  assert.equal(textAt(header.views, 'request.headers:Authorization|jwt:payload@7|json:$.sub'), 'user-1234');
});

test('blobs inside a longer text carry their byte offset', () => {
  const blob = Buffer.from('{"imei":"' + IMEI + '"}').toString('base64');
  const { views } = decodeBytes(Buffer.from(`v2;é;${blob}`), { basePath: 'request.headers:X-Info' });
  // "v2;é;" is 6 bytes in UTF-8 (é takes two).
  assert.equal(textAt(views, 'request.headers:X-Info|base64:@6|json:$.imei'), IMEI);
});

test('hex, base32, base58, base64url, lz-string (both variants), HTML entities', () => {
  const json = JSON.stringify({ imei: IMEI, mac: '02:00:00:00:00:00' });
  const hex = Buffer.from(json).toString('hex');
  assert.equal(textAt(decodeBytes(Buffer.from(hex)).views, 'request.body|hex|json:$.imei'), IMEI);

  // RFC 4648 §10 test vector: BASE32("foobar") = "MZXW6YTBOI======".
  assert.equal(textAt(decodeBytes(Buffer.from('MZXW6YTBOI======')).views, 'request.body|base32'), 'foobar');

  // Test vectors of the Base58 encoding draft (draft-msporny-base58-03 §5).
  assert.equal(textAt(decodeBytes(Buffer.from('2NEpo7TZRRrLZSi2U')).views, 'request.body|base58'), 'Hello World!');
  assert.equal(textAt(decodeBytes(Buffer.from('USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z')).views,
    'request.body|base58'), 'The quick brown fox jumps over the lazy dog.');

  const url64 = Buffer.from('{"k":"??>>??"}' + json).toString('base64url');
  assert.ok(url64.includes('_') || url64.includes('-'));
  assert.match(textAt(decodeBytes(Buffer.from(url64)).views, 'request.body|base64url'), /865321045012345/);

  const lz = LZString.compressToBase64(json);
  assert.equal(textAt(decodeBytes(Buffer.from(lz)).views, 'request.body|lz-string|json:$.mac'), '02:00:00:00:00:00');
  // Without '-' the URI variant reads the same as the base64 one; pick a payload whose output uses it.
  let lzUri = '';
  for (let n = 0; !lzUri.includes('-'); n++) lzUri = LZString.compressToEncodedURIComponent(json + ' '.repeat(n));
  assert.equal(textAt(decodeBytes(Buffer.from(lzUri)).views, 'request.body|lz-string-uri|json:$.imei'), IMEI);

  const html = '{&quot;email&quot;:&quot;alice&#64;example.com&quot;}';
  assert.equal(textAt(decodeBytes(Buffer.from(html)).views, 'request.body|html|json:$.email'), 'alice@example.com');
});

test('msgpack (declared) and CBOR (declared) leaves with JSON paths', () => {
  const packed = msgpackEncode({ device: { imei: IMEI, lat: 37.4419 }, ids: [1, 2] });
  const { views } = decodeBytes(packed, { mimeType: 'application/x-msgpack' });
  assert.equal(textAt(views, 'request.body|msgpack:$.device.imei'), IMEI);
  assert.equal(textAt(views, 'request.body|msgpack:$.device.lat'), '37.4419');
  assert.equal(textAt(views, 'request.body|msgpack:$.ids[1]'), '2');
  // RFC 8949 Appendix A: {"a": 1, "b": [2, 3]} = a2 61 61 01 61 62 82 02 03
  const cbor = Buffer.from('a26161016162820203', 'hex');
  const c = decodeBytes(cbor, { mimeType: 'application/cbor' });
  assert.equal(textAt(c.views, 'request.body|cbor:$.a'), '1');
  assert.equal(textAt(c.views, 'request.body|cbor:$.b[1]'), '3');
});

test('ordinary tokens are not mistaken for blobs', () => {
  const body = JSON.stringify({
    md5: 'e10adc3949ba59abbe56e057f20f883e', sha1: '7c4a8d09ca3762af61e59520943dc26494f8941b',
    uuid: '550e8400-e29b-41d4-a716-446655440000', word: 'AuthenticationManagerFactory', imei: IMEI,
    ua: 'Mozilla/5.0 (Linux; Android 10; SM-G973F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.106',
    pkg: 'com.ss.android.ugc.aweme.main.MainActivity', androidId: '9774d56d682e549c',
  });
  const { views, issues } = decodeBytes(Buffer.from(body), { mimeType: 'application/json' });
  assert.deepEqual(issues, []);
  const derived = paths(views).filter((p) => p.split('|').length > 2);
  assert.deepEqual(derived, [], 'no decoded layers below the JSON leaves');
});

test('base64 of a protobuf message is kept (readable string inside) and decoded as protobuf', () => {
  const message = Buffer.from([...pbBytes(1, IMEI), ...pbVarint(2, 1)]);
  const body = `sdk=4.2&pb=${encodeURIComponent(message.toString('base64'))}`;
  const { views } = decodeBytes(Buffer.from(body), { mimeType: 'application/x-www-form-urlencoded' });
  assert.equal(viewAt(views, 'request.body|form:pb|base64').mimeType, 'application/x-protobuf');
  assert.equal(textAt(views, 'request.body|form:pb|base64|protobuf:1'), IMEI);
});

test('msgpack without declaration only when it decodes completely to a map', () => {
  const packed = msgpackEncode({ imei: IMEI, os: 'android' });
  const { views } = decodeBytes(packed);
  assert.equal(textAt(views, 'request.body|msgpack:$.imei'), IMEI);
  const notMap = decodeBytes(Buffer.concat([Buffer.from(packed), Buffer.from([0x01])]));
  assert.deepEqual(paths(notMap.views), ['request.body'], 'trailing bytes: not msgpack');
});

test('names that would break a path are percent-encoded in selectors', () => {
  const { views } = decodeBytes(Buffer.from('https://t.example/p?ids[]=1&ids[]=2&a%7Cb=3'), { basePath: 'request.url' });
  assert.equal(textAt(views, 'request.url|query:ids%5B%5D[1]'), '2');
  assert.equal(textAt(views, 'request.url|query:a%7Cb'), '3');
  for (const v of views) assert.equal(v.path.split('|').length, v.layers.length + 1, v.path);
});
