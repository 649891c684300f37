/** mitmproxy dump files: parity with mitmproxy's own HAR export of the same traffic, format versions, bad input. */
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import type { Exchange } from '../../src/ingest/index.js';
import { isInputError } from '../../src/errors.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

async function readAll(path: string): Promise<Exchange[]> {
  const opened = await openInput(path, { input: 2 });
  assert.equal(opened.format, path.endsWith('.mitm') ? 'mitmproxy' : 'har');
  const out: Exchange[] = [];
  for await (const exchange of opened.exchanges) out.push(exchange);
  return out;
}

const header = (e: Exchange, name: string) => e.response?.headers.find((h) => h.name.toLowerCase() === name)?.value;

/** The response body after undoing Content-Encoding, as mitmproxy's HAR export writes it. */
function decodedResponse(e: Exchange): Buffer {
  const raw = Buffer.from(e.response?.body ?? new Uint8Array());
  const encoding = header(e, 'content-encoding');
  if (encoding === 'gzip') return gunzipSync(raw);
  if (encoding === 'br') return brotliDecompressSync(raw);
  return raw;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const PAIRS = ['corrupted_gzip_body', 'diff_data', 'error_log', 'event_stream', 'incomplete_log', 'successful_log', 'websocket'];

testNeeding('each .mitm gives the same exchanges as the HAR mitmproxy exported from it', { corpus: PAIRS.flatMap((n) => [`mitm/${n}.mitm`, `mitm/${n}.har`]) }, async () => {
  for (const name of PAIRS) {
    const flows = await readAll(corpusFile(`mitm/${name}.mitm`)!);
    const har = await readAll(corpusFile(`mitm/${name}.har`)!);
    // mitmproxy's HAR export leaves out TCP/UDP/DNS flows; we keep them, marked non-http.
    const http = flows.filter((e) => !e.notes.includes('non-http'));
    assert.equal(http.length, har.length, name);
    http.forEach((a, i) => {
      const b = har[i]!;
      const at = `${name} #${i}`;
      assert.equal(a.method, b.method, at);
      assert.equal(a.url, b.url, at);
      assert.equal(a.time, b.time, at);
      assert.equal(a.serverIp, b.serverIp, at);
      assert.equal(a.httpVersion, b.httpVersion, at);
      assert.deepEqual(a.request.headers, b.request.headers, at);
      assert.deepEqual(a.request.cookies, b.request.cookies, at);
      assert.equal(a.response?.status, b.response?.status, at);
      assert.deepEqual(a.messages?.map((m) => [m.direction, m.opcode, Buffer.from(m.data).toString()]),
        b.messages?.map((m) => [m.direction, m.opcode, Buffer.from(m.data).toString()]), at);
      // The dump holds the body as sent (still compressed); decoding it gives what the HAR shows, except where the
      // HAR export wrote binary content as lossy text.
      if (a.response?.body && name !== 'corrupted_gzip_body' && isUtf8(decodedResponse(a))) {
        assert.deepEqual(decodedResponse(a), Buffer.from(b.response!.body!), at);
      }
      if (a.request.body && isUtf8(Buffer.from(a.request.body))) {
        assert.deepEqual(Buffer.from(a.request.body), Buffer.from(b.request.body!), at);
      }
    });
  }
});

testNeeding('binary request bodies stay exact in the dump (the HAR export is lossy for them)', { corpus: ['mitm/diff_data.mitm'] }, async () => {
  const flows = await readAll(corpusFile('mitm/diff_data.mitm')!);
  const protobuf = flows[3]!;
  assert.equal(protobuf.request.mimeType, 'application/octet-stream');
  // Sent gzip-compressed: the raw bytes are kept, and they decompress to the protobuf the HAR could only mangle.
  assert.deepEqual([...protobuf.request.body!.subarray(0, 2)], [0x1f, 0x8b]);
  assert.ok(gunzipSync(protobuf.request.body!).includes(Buffer.from('stanleygvi@gmail.com')));
  const tcp = flows.filter((e) => e.notes.includes('non-http'));
  assert.equal(tcp.length, 2);
  assert.ok(tcp.every((e) => e.method === 'TCP' && e.url.startsWith('tcp://') && e.response === null));
});

testNeeding('format versions 7 to 20 read; older dumps are refused with a clear message', { corpus: ['mitm/dumpfile-019.mitm', 'mitm/dumpfile-10.mitm', 'mitm/dumpfile-19.mitm', 'mitm/dumpfile-7-websocket.mitm', 'mitm/dumpfile-7.mitm'] }, async () => {
  const [v7] = await readAll(corpusFile('mitm/dumpfile-019.mitm')!);
  assert.equal(v7!.url.startsWith('https://webrv.rtb-seller.com/webrv-at?width=400'), true);
  assert.equal(v7!.serverIp, '3.213.13.94');
  const [v11, second] = await readAll(corpusFile('mitm/dumpfile-7.mitm')!);
  assert.equal(v11!.url, 'http://example.com/');
  assert.match(Buffer.from(second!.response!.body!).toString(), /Example Domain/);
  const [v10] = await readAll(corpusFile('mitm/dumpfile-10.mitm')!);
  assert.equal(v10!.serverIp, null); // ip_address holds a host name when the proxy never connected
  assert.equal(v10!.response, null);
  const [v20] = await readAll(corpusFile('mitm/dumpfile-19.mitm')!);
  assert.equal(v20!.httpVersion, 'HTTP/3');
  assert.equal(v20!.serverIp, '104.22.8.38');

  const legacy = await readAll(corpusFile('mitm/dumpfile-7-websocket.mitm')!);
  assert.deepEqual(legacy.map((e) => e.method), ['GET', 'WEBSOCKET', 'WEBSOCKET', 'GET', 'WEBSOCKET', 'GET']);
  const socket = legacy[1]!;
  assert.equal(socket.url, 'ws://echo.websocket.org/');
  assert.deepEqual(socket.messages!.slice(0, 2).map((m) => [m.direction, Buffer.from(m.data).toString()]), [
    ['send', 'Rock it with HTML5 WebSocket'],
    ['receive', 'Rock it with HTML5 WebSocket'],
  ]);

  for (const old of ['dumpfile-010', 'dumpfile-011', 'dumpfile-018']) {
    const file = corpusFile(`mitm/${old}.mitm`)!;
    await assert.rejects(readAll(file), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.message, `${file} (flow 0, byte 0): flow has no format version: mitmproxy dumps older than mitmproxy 4 are not supported`);
      return true;
    });
  }
});

testNeeding('truncated, corrupt and deeply nested dumps give one clear error', { corpus: ['mitm/successful_log.mitm'] }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-mitm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const whole = readFileSync(corpusFile('mitm/successful_log.mitm')!);
  const cut = join(dir, 'cut.mitm');
  writeFileSync(cut, whole.subarray(0, whole.length - 100));
  const firstLength = Number(whole.toString('latin1', 0, whole.indexOf(':')));
  const secondStart = whole.indexOf(':') + 1 + firstLength + 1;
  await assert.rejects(readAll(cut), new RegExp(`cut\\.mitm \\(flow 1, byte ${secondStart}\\): unexpected end of file inside the record`));

  const typo = join(dir, 'typo.mitm');
  writeFileSync(typo, '12:3:abc,3:xyz@}');
  await assert.rejects(readAll(typo), /typo\.mitm \(flow 0, byte 11\): invalid tnetstring: unknown type '@'/);

  let nested = '0:]';
  for (let i = 0; i < 10_000; i++) nested = `${nested.length}:${nested}]`;
  const deep = join(dir, 'deep.mitm');
  writeFileSync(deep, nested);
  const started = Date.now();
  await assert.rejects(readAll(deep), /deep\.mitm \(flow 0, byte \d+\): invalid tnetstring: nesting deeper than 64 levels/);
  assert.ok(Date.now() - started < 5000);

  const huge = join(dir, 'huge.mitm');
  writeFileSync(huge, '999999999999:');
  await assert.rejects(readAll(huge), /huge\.mitm \(flow 0, byte 0\): record is larger than \d+ bytes/);
});
