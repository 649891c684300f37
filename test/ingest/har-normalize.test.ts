/** Normalization of HAR entries: times, addresses, cookies, bodies and their encodings, truncation flags. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import type { Exchange, IngestOptions } from '../../src/ingest/index.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-ingest-normalize-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;

function harFile(entries: unknown[], extraLog: Record<string, unknown> = {}): string {
  const path = join(dir, `capture-${fileCounter++}.har`);
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries, ...extraLog } }, null, 2));
  return path;
}

function entry(overrides: Record<string, unknown> = {}, request: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    startedDateTime: '2019-04-01T10:00:00.000Z',
    request: { method: 'GET', url: 'https://ulogs.umeng.com/unify_logs', httpVersion: 'HTTP/1.1', headers: [], cookies: [], ...request },
    response: { status: 200, httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: '' } },
    ...overrides,
  };
}

async function exchangesOf(path: string, options: Partial<IngestOptions> = {}): Promise<Exchange[]> {
  const opened = await openInput(path, { input: 0, ...options });
  const out: Exchange[] = [];
  for await (const exchange of opened.exchanges) out.push(exchange);
  return out;
}

async function only(path: string, options: Partial<IngestOptions> = {}): Promise<Exchange> {
  const all = await exchangesOf(path, options);
  assert.equal(all.length, 1);
  return all[0]!;
}

test('times: offsets and fractions become UTC milliseconds; a missing offset is read as UTC and noted', async () => {
  const [withOffset, micro, bare] = await exchangesOf(harFile([
    entry({ startedDateTime: '2019-04-01T12:00:00.123+02:00' }),
    entry({ startedDateTime: '2023-07-25T11:03:15.216374+00:00' }),
    entry({ startedDateTime: '2019-04-01T10:00:00' }),
  ]));
  assert.equal(withOffset!.time, '2019-04-01T10:00:00.123Z');
  assert.equal(withOffset!.timeMs, Date.UTC(2019, 3, 1, 10, 0, 0, 123));
  assert.equal(micro!.time, '2023-07-25T11:03:15.216Z');
  assert.equal(bare!.time, '2019-04-01T10:00:00.000Z');
  assert.deepEqual(bare!.notes, ['time-zone-missing-assumed-utc']);
  assert.deepEqual(withOffset!.notes, []);
});

test('server address: IPv6 brackets removed, empty means null', async () => {
  const [v6, empty, v4] = await exchangesOf(harFile([
    entry({ serverIPAddress: '[2001:db8::1]' }),
    entry({ serverIPAddress: '' }),
    entry({ serverIPAddress: '203.0.113.7' }),
  ]));
  assert.deepEqual([v6!.serverIp, empty!.serverIp, v4!.serverIp], ['2001:db8::1', null, '203.0.113.7']);
});

test('request bodies: text, non-standard base64 postData, rebuilt from params', async () => {
  const binary = Buffer.from([0x00, 0xff, 0x1f, 0x8b, 0x08, 0x00, 0x7b, 0x22]);
  const [text, base64, params] = await exchangesOf(harFile([
    entry({}, { method: 'POST', postData: { mimeType: 'Application/JSON; charset=UTF-8', text: '{"imei":"356938035643809","name":"Zoë"}' } }),
    entry({}, { method: 'POST', postData: { mimeType: 'application/octet-stream', encoding: 'base64', text: binary.toString('base64') } }),
    entry({}, {
      method: 'POST',
      postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'q', value: 'a b&c=d' }, { name: 'city', value: 'Zürich' }] },
    }),
  ]));
  assert.deepEqual(Buffer.from(text!.request.body!), Buffer.from('{"imei":"356938035643809","name":"Zoë"}', 'utf8'));
  assert.equal(text!.request.mimeType, 'application/json');
  assert.deepEqual(Buffer.from(base64!.request.body!), binary);
  assert.equal(Buffer.from(params!.request.body!).toString(), 'q=a+b%26c%3Dd&city=Z%C3%BCrich');
  assert.deepEqual(new URLSearchParams(Buffer.from(params!.request.body!).toString()).get('q'), 'a b&c=d');
  assert.ok(params!.notes.includes('request-body-rebuilt-from-params'));
});

test('response bodies: base64 honoured, MIME type normalized, absent body is null with a note', async () => {
  const [b64, missing] = await exchangesOf(harFile([
    entry({ response: { status: 200, headers: [], content: { size: 3, mimeType: 'IMAGE/GIF', encoding: 'base64', text: 'R0lG' } } }),
    entry({ response: { status: 200, headers: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }], content: { size: 500 } } }),
  ]));
  assert.deepEqual(Buffer.from(b64!.response!.body!).toString(), 'GIF');
  assert.equal(b64!.response!.mimeType, 'image/gif');
  assert.equal(missing!.response!.body, null);
  assert.equal(missing!.response!.mimeType, 'text/html');
  assert.ok(missing!.notes.includes('response-body-not-captured'));
});

test('truncation: flagged when the capture says more bytes existed, never for compressed-size semantics', async () => {
  const [cutResponse, mitmproxyStyle, cutRequest, gzippedRequest] = await exchangesOf(harFile([
    entry({ response: { status: 200, headers: [], content: { size: 1000, mimeType: 'text/plain', text: 'only ten b' } } }),
    entry({ response: { status: 200, headers: [], content: { size: 110, compression: -20, mimeType: 'text/plain', text: 'x'.repeat(90) } } }),
    entry({}, { method: 'POST', bodySize: 4096, postData: { mimeType: 'text/plain', text: 'partial' } }),
    entry({}, {
      method: 'POST',
      bodySize: 4096,
      headers: [{ name: 'Content-Encoding', value: 'gzip' }],
      postData: { mimeType: 'application/json', text: '{"a":1}' },
    }),
  ]));
  assert.equal(cutResponse!.response!.bodyTruncated, true);
  assert.equal(mitmproxyStyle!.response!.bodyTruncated, false);
  assert.equal(cutRequest!.request.bodyTruncated, true);
  assert.equal(gzippedRequest!.request.bodyTruncated, false);
});

test('maxBodyBytes cuts text, base64 and websocket payloads and flags them', async () => {
  const path = harFile([
    entry({
      response: { status: 200, headers: [], content: { size: 26, text: Buffer.from('abcdefghijklmnopqrstuvwxyz').toString('base64'), encoding: 'base64' } },
      _webSocketMessages: [{ type: 'send', time: 1554112800.5, opcode: 1, data: 'hello websocket world' }],
    }, { method: 'POST', postData: { mimeType: 'text/plain', text: 'ééééé' } }),
  ]);
  const exchange = await only(path, { maxBodyBytes: 5 });
  assert.deepEqual(Buffer.from(exchange.response!.body!).toString(), 'abcde');
  assert.equal(exchange.response!.bodyTruncated, true);
  assert.deepEqual([...exchange.request.body!], [0xc3, 0xa9, 0xc3, 0xa9, 0xc3]);
  assert.equal(exchange.request.bodyTruncated, true);
  assert.deepEqual(exchange.messages, [
    { direction: 'send', time: '2019-04-01T10:00:00.500Z', opcode: 1, data: new TextEncoder().encode('hello'), truncated: true },
  ]);
});

test('cookies: from the HAR arrays, else parsed from Cookie / Set-Cookie headers', async () => {
  const [fromArrays, fromHeaders] = await exchangesOf(harFile([
    entry({}, { cookies: [{ name: 'uid', value: 'u1', path: '/', httpOnly: true }] }),
    entry({
      response: {
        status: 200,
        headers: [{ name: 'Set-Cookie', value: 'device_id=7384; Path=/; HttpOnly' }, { name: 'set-cookie', value: 'install_id=99; Secure' }],
        content: { size: 0 },
      },
    }, { headers: [{ name: 'Cookie', value: 'sid=abc; lang=en; flag' }] }),
  ]));
  assert.deepEqual(fromArrays!.request.cookies, [{ name: 'uid', value: 'u1' }]);
  assert.deepEqual(fromHeaders!.request.cookies, [{ name: 'sid', value: 'abc' }, { name: 'lang', value: 'en' }, { name: 'flag', value: '' }]);
  assert.deepEqual(fromHeaders!.response!.cookies, [{ name: 'device_id', value: '7384' }, { name: 'install_id', value: '99' }]);
});

test('lenient on optional parts: malformed headers skipped with a note, numbers kept as text, no response', async () => {
  const exchange = await only(harFile([
    entry({ response: undefined }, { headers: [{ name: 'X-Count', value: 3 }, ['broken'], { value: 'no name' }], httpVersion: '' }),
  ]));
  assert.deepEqual(exchange.request.headers, [{ name: 'X-Count', value: '3' }]);
  assert.ok(exchange.notes.includes('malformed-request-headers-skipped: 2'));
  assert.ok(exchange.notes.includes('no-response'));
  assert.equal(exchange.response, null);
  assert.equal(exchange.httpVersion, null);
});

test('websocket binary frames are base64 in Chrome HARs', async () => {
  const exchange = await only(harFile([
    entry({
      _resourceType: 'websocket',
      _webSocketMessages: [
        { type: 'send', time: 1554112800, opcode: 2, data: Buffer.from([1, 2, 3, 250]).toString('base64') },
        { type: 'receive', time: 'not a time', opcode: 1, data: '{"ok":true}' },
      ],
    }, { url: 'wss://push.example.com/socket' }),
  ]));
  assert.deepEqual(exchange.notes, ['websocket']);
  assert.deepEqual([...exchange.messages![0]!.data], [1, 2, 3, 250]);
  assert.equal(exchange.messages![1]!.time, null);
  assert.equal(exchange.messages![1]!.direction, 'receive');
});

test('entries may sit before or after other log keys; strings with brackets and escapes do not confuse the scanner', async () => {
  const tricky = 'a"}]{[\\"\\\\';
  const path = join(dir, 'order.har');
  const first = JSON.stringify(entry({ comment: tricky }, { url: 'https://a.example/?q=}]' }));
  const second = JSON.stringify(entry({}, { url: 'https://b.example/' }));
  writeFileSync(path, `{"log":{"entries":[${first} , \n ${second}],"pages":[{"title":${JSON.stringify(tricky)},"n":[1,2.5e3,-0.1,true,false,null]}],"version":"1.2"},"extra":"}"}`);
  const exchanges = await exchangesOf(path);
  assert.deepEqual(exchanges.map((e) => e.url), ['https://a.example/?q=}]', 'https://b.example/']);
});

test('the same input always gives the same exchanges', async () => {
  const path = harFile([entry({}, { method: 'POST', postData: { mimeType: 'text/plain', text: 'x=1' } }), entry()]);
  assert.deepEqual(await exchangesOf(path), await exchangesOf(path));
});

test('a request line split into a header is left out only when it rebuilds to the entry\'s own method and URL', async () => {
  const url = 'https://dpm.demdex.net/ibs:dpid=1121&dpuuid=786792932447527911';
  const line = { name: 'GET /ibs', value: 'dpid=1121&dpuuid=786792932447527911 HTTP/1.1' };
  const host = { name: 'Host', value: 'dpm.demdex.net' };
  const same = await only(harFile([entry({}, { url, headers: [line, host] })]));
  assert.deepEqual(same.request.headers, [host]);
  assert.deepEqual(same.notes, ['request-line-in-headers']);
  // Through a proxy the request line holds the absolute URL.
  const proxied = await only(harFile([entry({}, { url, headers: [{ name: 'GET https', value: '//dpm.demdex.net/ibs:dpid=1121&dpuuid=786792932447527911 HTTP/1.1' }] })]));
  assert.deepEqual(proxied.request.headers, []);
  // Another URL, another method, or no HTTP version: what it holds is not in the URL, so it stays a header.
  for (const [method, other] of [['GET', { ...line, value: 'dpid=1121&dpuuid=999 HTTP/1.1' }], ['POST', line], ['GET', { ...line, value: 'dpid=1121&dpuuid=786792932447527911' }]] as const) {
    const kept = await only(harFile([entry({}, { method, url, headers: [other] })]));
    assert.deepEqual(kept.request.headers, [other], `${method} ${other.value}`);
    assert.deepEqual(kept.notes, []);
  }
});
