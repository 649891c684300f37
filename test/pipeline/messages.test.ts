/**
 * WebSocket messages and server-sent events are decoded and searched like bodies: each WebSocket message is its own
 * source (source.message, its own time and direction); SSE events are `response.body|sse:N`. On the real mitmproxy
 * dumps and their HAR exports (same traffic) and on small HARs written here with planted values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/index.js';
import { openInput } from '../../src/ingest/index.js';
import { decodeExchange, decodeMessages } from '../../src/decode/index.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

const IMEI = '356938035643809';

async function messageUnits(path: string): Promise<{ path: string; time: string; message: number | undefined; text: string }[]> {
  const opened = await openInput(path, { input: 0 });
  const out: { path: string; time: string; message: number | undefined; text: string }[] = [];
  for await (const exchange of opened.exchanges) {
    for (const unit of decodeMessages(exchange)) {
      const root = unit.views[0]!;
      out.push({ path: root.path, time: unit.exchange.time, message: unit.exchange.source.message, text: Buffer.from(root.bytes).toString() });
    }
  }
  return out;
}

testNeeding('websocket.mitm and its HAR export: every message decoded as its own unit, same paths and times', {
  corpus: ['mitm/websocket.mitm', 'mitm/websocket.har'],
}, async () => {
  const fromMitm = await messageUnits(join(CORPUS_DIR, 'mitm/websocket.mitm'));
  const fromHar = await messageUnits(join(CORPUS_DIR, 'mitm/websocket.har'));
  assert.deepEqual(fromMitm.map((u) => [u.path, u.text]), [
    ['ws[0].receive', '{"error":"Unknown api key"}'], ['ws[0].receive', '{"error":"Missing apiKey"}'],
    ['ws[0].receive', '{"error":"Unknown api key"}'], ['ws[1].send', 'foo'], ['ws[2].send', 'bar'],
  ]);
  assert.deepEqual(fromHar.map((u) => [u.path, u.time, u.text]), fromMitm.map((u) => [u.path, u.time, u.text]));
  const bar = fromMitm.find((u) => u.text === 'bar')!;
  assert.equal(bar.time, '2023-08-29T13:04:04.039Z');
  assert.equal(bar.message, 2);
  // Messages with content are searched, so the WebSocket is no longer a non-http blind spot.
  const report = await analyze([join(CORPUS_DIR, 'mitm/websocket.mitm')]);
  assert.deepEqual(report.blindSpots.filter((b) => b.kind === 'non-http'), []);
});

testNeeding('event_stream.mitm and its HAR: the streams were not kept by mitmproxy, and nothing is made up', {
  corpus: ['mitm/event_stream.mitm', 'mitm/event_stream.har'],
}, async () => {
  for (const file of ['mitm/event_stream.mitm', 'mitm/event_stream.har']) {
    const opened = await openInput(join(CORPUS_DIR, file), { input: 0 });
    for await (const exchange of opened.exchanges) {
      assert.equal(exchange.response?.mimeType, 'text/event-stream');
      const views = decodeExchange(exchange).views.map((v) => v.path);
      assert.ok(!views.some((p) => p.includes('|sse:')), `${file}: ${views.join(', ')}`);
      // The request is still read: its URL carries a base64 JSON context.
      assert.ok(views.some((p) => p.startsWith('request.url|path:1|base64')), `${file}: ${views.join(', ')}`);
    }
  }
});

function har(entries: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-msg-'));
  const path = join(dir, 'capture.har');
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }));
  return path;
}

const base = (url: string, extra: Record<string, unknown> = {}) => ({
  startedDateTime: '2024-05-01T10:00:00.000Z', time: 10,
  request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: 0 },
  response: { status: 101, statusText: '', httpVersion: 'HTTP/1.1', headers: [], cookies: [],
    content: { size: 0, mimeType: '' } as { size: number; mimeType: string; text?: string },
    redirectURL: '', headersSize: -1, bodySize: 0 },
  cache: {}, timings: { send: 0, wait: 0, receive: 0 }, ...extra,
});

test('a planted IMEI in a sent WebSocket message: found with the message as source, its direction and its time', async () => {
  const path = har([base('wss://push.tracker.test/socket', {
    _resourceType: 'websocket',
    _webSocketMessages: [
      { type: 'receive', time: 1714557601.25, opcode: 1, data: `{"echo":"${IMEI}"}` },
      { type: 'send', time: 1714557605.5, opcode: 1, data: JSON.stringify({ event: 'register', device: { imei: IMEI } }) },
    ],
  })]);
  const report = await analyze([path], { profile: { device: { imei: IMEI } }, events: [
    { at: '2024-05-01T10:00:03.000Z', kind: 'consent', value: 'accepted' },
  ] });
  const found = report.findings.filter((f) => f.dataType === 'device.imei');
  // Only the sent message: what the device received is not data it gave away.
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.source, { input: 0, index: 0, message: 1 });
  assert.equal(found[0]!.path, 'ws[1].send|json:$.device.imei');
  assert.equal(found[0]!.time, '2024-05-01T10:00:05.500Z');
  // The message's time, not the handshake's, decides the phase: after the consent at 10:00:03.
  assert.equal(found[0]!.phase, 'post-consent');
});

test('server-sent events in a HAR response: each event decoded (a device id handed out in the second event)', async () => {
  const stream = 'retry: 3000\n\nevent: hello\ndata: {"ok":true}\n\nevent: register\ndata: {"device_id":\ndata: "d-7f3a9c21e0b4"}\n\n';
  const entry = base('https://stream.tracker.test/sse');
  entry.response = { ...entry.response, status: 200, content: { size: stream.length, mimeType: 'text/event-stream', text: stream } };
  const opened = await openInput(har([entry]), { input: 0 });
  for await (const exchange of opened.exchanges) {
    const views = decodeExchange(exchange).views;
    const event = views.find((v) => v.path === 'response.body|sse:1');
    assert.ok(event, views.map((v) => v.path).join(', '));
    assert.equal(event.key, 'register');
    assert.equal(Buffer.from(event.bytes).toString(), '{"device_id":\n"d-7f3a9c21e0b4"}');
    assert.ok(views.some((v) => v.path === 'response.body|sse:1|json:$.device_id'));
  }
});
