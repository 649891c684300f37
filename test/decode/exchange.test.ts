/** decodeExchange on whole exchanges: every part of request and response, exact paths, bounds, real captures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import type { Exchange } from '../../src/ingest/types.js';
import { decodeExchange } from '../../src/decode/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { harExchanges } from './har.js';
import { paths, textAt, viewAt } from './helpers.js';

const IMEI = '865321045012345';

type ExchangeSketch = Partial<Omit<Exchange, 'request' | 'response'>> & {
  request: Partial<Exchange['request']>;
  response?: Partial<NonNullable<Exchange['response']>> | null;
};

function exchange(parts: ExchangeSketch): Exchange {
  const { request, response, ...rest } = parts;
  return {
    source: { input: 0, index: 0 }, time: '2019-04-01T10:00:00.000Z', timeMs: Date.UTC(2019, 3, 1, 10), method: 'GET',
    url: 'https://example.com/', httpVersion: 'HTTP/1.1', serverIp: null, notes: [], ...rest,
    request: { headers: [], cookies: [], body: null, mimeType: null, bodyTruncated: false, ...request },
    response: response === null || response === undefined ? null : {
      status: 200, headers: [], cookies: [], body: null, mimeType: null, bodyTruncated: false, ...response,
    },
  };
}

/** A ByteDance device_register round trip (endpoint and field names from knowledge/sdks.md). */
function deviceRegister(): Exchange {
  const requestJson = JSON.stringify({ magic_tag: 'ss_app_log', header: { udid: IMEI, openudid: '9774d56d682e549c',
    mc: '02:00:00:00:00:00', aid: 1128 }, _gen_time: 1554112800000 });
  const responseJson = '{"server_time":1554112800,"device_id":7012345678901234567,"install_id":7012345678901239999,' +
    '"new_user":1}';
  return exchange({
    method: 'POST',
    url: 'https://log.snssdk.com/service/2/device_register/?aid=1128&device_platform=android&openudid=9774d56d682e549c',
    request: {
      headers: [
        { name: 'Host', value: 'log.snssdk.com' },
        { name: 'User-Agent', value: 'okhttp/3.10.0.1' },
        { name: 'Cookie', value: 'install_id=6999999999999999999; ttreq=1$abcdef0123456789' },
        { name: 'Content-Type', value: 'application/json; charset=utf-8' },
        { name: 'Content-Encoding', value: 'gzip' },
        { name: 'X-Gorgon', value: '0404c0d100004fe1c7d9e6b8f2c1a0b3c4d5e6f7a8b9' },
      ],
      body: zlib.gzipSync(requestJson),
      mimeType: 'application/json',
    },
    response: {
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Set-Cookie', value: 'sessionid=abc123def456; Path=/; HttpOnly' },
        { name: 'Set-Cookie', value: 'odin_tt=7f3c9a; Path=/' },
      ],
      body: Buffer.from(responseJson),
      mimeType: 'application/json',
    },
  });
}

test('device_register: URL, headers, cookies, gzip body and the response ids, with exact paths', () => {
  const decoded = decodeExchange(deviceRegister());
  const { views, issues } = decoded;
  assert.deepEqual(issues, []);
  assert.equal(textAt(views, 'request.url|query:openudid'), '9774d56d682e549c');
  assert.equal(textAt(views, 'request.url|path:2'), 'device_register');
  assert.equal(textAt(views, 'request.headers:User-Agent'), 'okhttp/3.10.0.1');
  assert.equal(viewAt(views, 'request.headers:User-Agent').key, 'User-Agent');
  assert.equal(textAt(views, 'request.cookies:install_id'), '6999999999999999999');
  assert.ok(viewAt(views, 'request.headers:Cookie').covered, 'the cookie views hold the same values');
  assert.equal(textAt(views, 'request.body|gzip|json:$.header.udid'), IMEI);
  assert.equal(viewAt(views, 'request.body').mimeType, 'application/json');
  assert.equal(textAt(views, 'response.body|json:$.device_id'), '7012345678901234567');
  assert.equal(viewAt(views, 'response.body|json:$.install_id').side, 'response');
  assert.equal(textAt(views, 'response.headers:Set-Cookie[1]'), 'odin_tt=7f3c9a; Path=/');
  assert.equal(textAt(views, 'response.cookies:sessionid'), 'abc123def456');
  // Request side comes first, in document order.
  const firstResponse = views.findIndex((v) => v.side === 'response');
  assert.ok(views.slice(firstResponse).every((v) => v.side === 'response'));
  assert.equal(paths(views)[0], 'request.url');
});

test('decoding is deterministic', () => {
  const strip = (e: ReturnType<typeof decodeExchange>) => ({
    views: e.views.map((v) => ({ ...v, bytes: Buffer.from(v.bytes).toString('base64') })), issues: e.issues,
  });
  assert.deepEqual(strip(decodeExchange(deviceRegister())), strip(decodeExchange(deviceRegister())));
});

test('responses are bounded: pages and scripts stay raw, oversized JSON is flagged', () => {
  const html = exchange({ request: {}, response: { body: Buffer.from('<html><a href="?imei=1">x</a></html>'), mimeType: 'text/html' } });
  assert.deepEqual(paths(decodeExchange(html).views), ['request.url', 'response.body']);

  const json = Buffer.from(JSON.stringify({ items: Array.from({ length: 10_000 }, (_, i) => ({ id: i })) }));
  assert.ok(json.length > 64 * 1024);
  const response = { body: json, mimeType: 'application/json' };
  const limited = decodeExchange(exchange({ request: {}, response }), { maxResponseBytes: 64 * 1024 });
  assert.deepEqual(limited.issues.map((i) => [i.kind, i.path]), [['size-limit', 'response.body']]);
  assert.deepEqual(paths(limited.views), ['request.url', 'response.body']);
  const underCap = decodeExchange(exchange({ request: {}, response }));
  assert.equal(textAt(underCap.views, 'response.body|json:$.items[9999].id'), '9999');
});

test('a truncated request body is reported and still decoded as far as it goes', () => {
  const body = Buffer.from(`{"imei":"${IMEI}","events":[{"a":1},{"b":`);
  const { views, issues } = decodeExchange(exchange({ method: 'POST',
    request: { body, mimeType: 'application/json', bodyTruncated: true } }));
  assert.deepEqual(issues.map((i) => i.kind), ['truncated-body', 'corrupt-encoding']);
  assert.equal(textAt(views, 'request.body|json:$.imei'), IMEI);
});

test('an encrypted upload is an opaque-payload issue; a photo upload is media, not opaque', () => {
  // Deterministic pseudo-random bytes standing in for an AES envelope.
  const cipher = Buffer.alloc(256);
  let x = 0x9e3779b9;
  for (let i = 0; i < cipher.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    cipher[i] = x >>> 24;
  }
  const opaque = decodeExchange(exchange({ method: 'POST', request: { body: cipher, mimeType: 'application/octet-stream' } }));
  assert.deepEqual(opaque.issues.map((i) => [i.kind, i.path, i.bytes]), [['opaque-payload', 'request.body', 256]]);

  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), cipher]);
  const photo = decodeExchange(exchange({ method: 'POST', request: { body: jpeg, mimeType: 'application/octet-stream' } }));
  assert.deepEqual(photo.issues, []);
  assert.equal(viewAt(photo.views, 'request.body').mimeType, 'image/jpeg');
});

testNeeding('real capture: nytimes.com HAR (pagexray corpus) — tracker beacons decoded', { corpus: ['har/pagexray/www.nytimes.com.har'] }, () => {
  const file = corpusFile('har/pagexray/www.nytimes.com.har');
  const exchanges = harExchanges(file);
  const start = process.hrtime.bigint();
  const decoded = exchanges.map((e) => decodeExchange(e));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.equal(decoded.length, 328);
  assert.ok(ms < 10_000, `328 exchanges took ${ms} ms`);
  // comScore beacon: c2 is the publisher id, c7 the page URL (itself split further).
  const beacon = decoded[160].views;
  assert.equal(textAt(beacon, 'request.url|query:c2'), '3005403');
  assert.equal(textAt(beacon, 'request.url|query:c7'), 'http://www.nytimes.com/');
  assert.equal(textAt(beacon, 'request.url|query:c8'),
    'The New York Times - Breaking News, World News & Multimedia');
  // A repeated parameter: the first google_gid is empty, the second carries the id.
  assert.equal(textAt(decoded[268].views, 'request.url|query:google_gid[1]'), 'CAESENEJTRCdGd-M_0sIWjcaPZs');
  // A URL inside a parameter is split too.
  assert.equal(textAt(decoded[149].views, 'request.url|query:l0|query:_kdpid'), '2111c0af-fc3a-446f-ab07-63aa74fbde8e');
  for (const d of decoded) for (const v of d.views) assert.ok(!v.path.includes('undefined'), v.path);
});

testNeeding('real capture: mitmproxy HAR with a JSON POST body', { corpus: ['har/mitmproxy/postdata.har'] }, () => {
  const file = corpusFile('har/mitmproxy/postdata.har');
  const [first] = harExchanges(file);
  const { views } = decodeExchange(first);
  assert.equal(textAt(views, 'request.body|json:$.metadata.domain'), 'reqbin.com');
  assert.equal(textAt(views, 'request.body|json:$.metadata.affiliateId'), '62299');
});

testNeeding('real captures: every HAR in the corpus decodes without throwing', { corpus: ['har/mitmproxy'] }, () => {
  const names = ['charles.har', 'chrome.har', 'firefox.har', 'insomnia.har', 'safari.har', 'with-bom.har'];
  let views = 0;
  for (const name of names) {
    const file = corpusFile(`har/mitmproxy/${name}`);
    for (const e of harExchanges(file)) views += decodeExchange(e).views.length;
  }
  assert.ok(views > 50, `only ${views} views`);
});
