/** The HAR reader on real exports (Chrome, Firefox, Safari, Charles, Insomnia, WebPagetest, mitmproxy). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import type { Exchange } from '../../src/ingest/index.js';
import { HarReader } from '../../src/ingest/har-reader.js';
import { ByteSource } from '../../src/ingest/source.js';
import { isInputError } from '../../src/errors.js';
import { CORPUS_DIR, corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

async function readAll(path: string): Promise<Exchange[]> {
  const opened = await openInput(path, { input: 3 });
  const out: Exchange[] = [];
  for await (const exchange of opened.exchanges) out.push(exchange);
  return out;
}

/** The file parsed the slow, independent way: whole file, JSON.parse, BOM stripped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an independent parse of exporter JSON, checked by the assertions
function independentEntries(path: string): Record<string, any>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return JSON.parse(text).log.entries;
}

function harFilesIn(folder: string): string[] {
  const dir = join(CORPUS_DIR, folder);
  return readdirSync(dir).filter((f) => f.endsWith('.har')).sort().map((f) => join(dir, f));
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

testNeeding('every corpus HAR streams all its entries, in order, with the right identity', { corpus: ['har/mitmproxy', 'har/pagexray', 'mitm'] }, async () => {
  const files = [...harFilesIn('har/mitmproxy'), ...harFilesIn('har/pagexray'), ...harFilesIn('mitm')];
  assert.ok(files.length >= 18, `expected the corpus HARs, found ${files.length}`);
  for (const file of files) {
    const opened = await openInput(file, { input: 3 });
    assert.equal(opened.format, 'har');
    const indexes: number[] = [];
    for await (const exchange of opened.exchanges) {
      assert.equal(exchange.source.input, 3);
      indexes.push(exchange.source.index);
      assert.match(exchange.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, file);
      assert.equal(new Date(exchange.timeMs).toISOString(), exchange.time);
    }
    const expected = independentEntries(file);
    assert.deepEqual(indexes, expected.map((_, i) => i), file);
    const info = await opened.info();
    assert.deepEqual(info, { path: file, sha256: sha256(file), bytes: readFileSync(file).length, format: 'har' });
  }
});

testNeeding('every exchange matches an independent parse of the same entry', { corpus: ['har/mitmproxy', 'har/pagexray'] }, async () => {
  for (const file of [...harFilesIn('har/mitmproxy'), ...harFilesIn('har/pagexray')]) {
    const exchanges = await readAll(file);
    const entries = independentEntries(file);
    exchanges.forEach((exchange, i) => {
      const entry = entries[i]!;
      assert.equal(exchange.method, entry.request.method);
      assert.equal(exchange.url, entry.request.url);
      assert.equal(exchange.timeMs, new Date(entry.startedDateTime).getTime(), `${file} entry ${i}`);
      // WebPagetest's request lines split at a ':' are not headers (see the WebPagetest test below).
      const requestLines = entry.request.headers.filter((h: { name: string }) => h.name.includes(' ')).length;
      assert.equal(exchange.request.headers.length, entry.request.headers.length - requestLines, `${file} entry ${i}`);
      assert.equal(exchange.response?.status ?? 0, entry.response.status);
      // No false truncation on real exports: every body present is as long as the exporter says.
      assert.equal(exchange.request.bodyTruncated, false, `${file} entry ${i}`);
      assert.equal(exchange.response?.bodyTruncated ?? false, false, `${file} entry ${i}`);
    });
  }
});

testNeeding('Chrome: base64 image body decodes to the PNG bytes, empty server IP is null, cookies kept', { corpus: ['har/mitmproxy/chrome.har'] }, async () => {
  const file = corpusFile('har/mitmproxy/chrome.har')!;
  const [page, failed, logo] = await readAll(file);
  const entries = independentEntries(file);
  const png = logo!.response!.body!;
  assert.equal(png.length, entries[2]!.response.content.size);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual(Buffer.from(png), Buffer.from(entries[2]!.response.content.text, 'base64'));
  assert.equal(logo!.response!.mimeType, 'image/png');
  assert.equal(logo!.httpVersion, 'h3');
  assert.equal(logo!.serverIp, '142.250.185.164');
  assert.equal(failed!.serverIp, null);
  assert.equal(failed!.response, null);
  assert.ok(failed!.notes.includes('no-response'));
  assert.ok(failed!.notes.some((n) => n.startsWith('error: net::ERR_')));
  const html = Buffer.from(page!.response!.body!).toString('utf8');
  assert.match(html, /<html/i);
  const cookieNames = logo!.request.cookies.map((c) => c.name);
  assert.ok(cookieNames.includes('SID') && cookieNames.includes('HSID'), cookieNames.join(','));
});

testNeeding('Chrome POST body and the same file with a UTF-8 BOM give the same exchange', { corpus: ['har/mitmproxy/postdata.har', 'har/mitmproxy/with-bom.har'] }, async () => {
  const plain = corpusFile('har/mitmproxy/postdata.har')!;
  const bom = corpusFile('har/mitmproxy/with-bom.har')!;
  assert.deepEqual([...readFileSync(bom).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const [a] = await readAll(plain);
  const [b] = await readAll(bom);
  assert.deepEqual(b, a);
  const text = independentEntries(plain)[0]!.request.postData.text as string;
  assert.equal(Buffer.from(a!.request.body!).toString('utf8'), text);
  assert.equal(a!.request.mimeType, 'text/plain');
  assert.equal(JSON.parse(text).metadata.domain, 'reqbin.com');
});

testNeeding('Firefox: local-time offsets become UTC; Safari, Charles, Insomnia parse', { corpus: ['har/mitmproxy/charles.har', 'har/mitmproxy/firefox.har', 'har/mitmproxy/insomnia.har', 'har/mitmproxy/safari.har'] }, async () => {
  const [first] = await readAll(corpusFile('har/mitmproxy/firefox.har')!);
  assert.equal(first!.time, '2023-03-29T23:58:59.303Z'); // written as 2023-03-29T16:58:59.303-07:00
  assert.equal(first!.serverIp, '13.35.121.55');
  const safari = await readAll(corpusFile('har/mitmproxy/safari.har')!);
  assert.equal(safari.length, 19);
  assert.ok(safari.every((e) => e.response?.body !== null));
  const [charles] = await readAll(corpusFile('har/mitmproxy/charles.har')!);
  assert.equal(charles!.response!.mimeType, 'text/html');
  const [insomnia] = await readAll(corpusFile('har/mitmproxy/insomnia.har')!);
  assert.equal(insomnia!.url, 'http://mitm.it/');
  assert.equal(insomnia!.serverIp, null);
});

testNeeding('WebPagetest: a request line split at its URL\'s ":" is no header, and the URL keeps what it carried', {
  corpus: ['har/pagexray/www.nytimes.com.har', 'har/pagexray/en.wikipedia.org.spdy-wpt.har'],
}, async () => {
  // Counted by hand with python: header names holding a space, each `NAME:VALUE` being `GET <path?query> HTTP/1.1`.
  for (const [file, lines] of [['har/pagexray/www.nytimes.com.har', 11], ['har/pagexray/en.wikipedia.org.spdy-wpt.har', 3]] as const) {
    const exchanges = await readAll(corpusFile(file));
    const noted = exchanges.filter((e) => e.notes.includes('request-line-in-headers'));
    assert.equal(noted.length, lines, file);
    for (const e of exchanges) assert.ok(!e.request.headers.some((h) => / /.test(h.name)), `${file}: ${e.url}`);
    for (const e of noted) assert.equal(e.method, 'GET');
  }
  const demdex = (await readAll(corpusFile('har/pagexray/www.nytimes.com.har'))).find((e) => e.url.startsWith('https://dpm.demdex.net/ibs:'))!;
  assert.equal(demdex.url, 'https://dpm.demdex.net/ibs:dpid=1121&dpuuid=786792932447527911&redir=');
  assert.deepEqual(demdex.notes, ['request-line-in-headers']);
});

testNeeding('WebPagetest: server address from _ip_addr, cookies from the cookies arrays', { corpus: ['har/pagexray/www.nytimes.com.har'] }, async () => {
  const exchanges = await readAll(corpusFile('har/pagexray/www.nytimes.com.har')!);
  assert.equal(exchanges.length, 328);
  assert.equal(exchanges[0]!.serverIp, '170.149.161.130');
  const entries = independentEntries(corpusFile('har/pagexray/www.nytimes.com.har')!);
  const cookies = exchanges.reduce((n, e) => n + e.request.cookies.length, 0);
  assert.equal(cookies, entries.reduce((n, e) => n + e.request.cookies.length, 0));
});

testNeeding('mitmproxy export: websocket messages, size/compression semantics, failed connection', { corpus: ['mitm/diff_data.har', 'mitm/error_log.har', 'mitm/websocket.har'] }, async () => {
  const ws = await readAll(corpusFile('mitm/websocket.har')!);
  assert.deepEqual(ws.map((e) => e.messages?.length), [1, 1, 3]);
  assert.ok(ws.every((e) => e.notes.includes('websocket')));
  const message = ws[0]!.messages![0]!;
  assert.equal(message.direction, 'receive');
  assert.equal(message.opcode, 1);
  assert.equal(Buffer.from(message.data).toString('utf8'), '{"error":"Unknown api key"}');
  assert.equal(message.time, '2023-08-29T13:03:20.336Z');

  // size 110 (encoded) with compression -20: the 90-byte decoded text is complete, not truncated.
  const [diff] = await readAll(corpusFile('mitm/diff_data.har')!);
  assert.equal(diff!.response!.body!.length, 90);
  assert.equal(diff!.response!.bodyTruncated, false);
  assert.equal(diff!.response!.mimeType, 'application/json+protobuf');

  const [failed, posted] = await readAll(corpusFile('mitm/error_log.har')!);
  assert.equal(failed!.response, null);
  assert.ok(failed!.notes.some((n) => n.startsWith('error: Multiple exceptions')));
  assert.equal(Buffer.from(posted!.request.body!).toString(), 'key1=value1&key2=value2');
  assert.equal(posted!.request.mimeType, 'application/x-www-form-urlencoded');
});

testNeeding('the broken corpus files give a one-line InputError naming the file', { corpus: ['har/bad/brokenfile.har', 'har/bad/broken_headers.json'] }, async () => {
  for (const [name, problem] of [
    ['har/bad/brokenfile.har', /"log" is an array, not an object/],
    ['har/bad/broken_headers.json', /no "log" object/],
  ] as const) {
    const file = corpusFile(name)!;
    await assert.rejects(readAll(file), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.ok(e.message.startsWith(`${file} (byte `), e.message);
      assert.match(e.message, problem);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  }
});

testNeeding('chunk boundaries anywhere (7-byte chunks) give the same entries as one read', { corpus: ['har/mitmproxy/chrome.har', 'har/mitmproxy/with-bom.har', 'mitm/websocket.har'] }, async () => {
  for (const name of ['har/mitmproxy/chrome.har', 'har/mitmproxy/with-bom.har', 'mitm/websocket.har']) {
    const file = corpusFile(name)!;
    const size = readFileSync(file).length;
    const source = new ByteSource(file, size, { chunkBytes: 7 });
    const reader = new HarReader(source, file, { maxEntryBytes: 1 << 30, maxDepth: 64 });
    const values: unknown[] = [];
    for await (const raw of reader.entries()) values.push(raw.value);
    assert.deepEqual(values, independentEntries(file), name);
    assert.equal(source.sha256(), sha256(file));
  }
});

testNeeding('entries across chunks in every layout: one entry per line, pretty-printed, and no line breaks at all', { corpus: ['har/pagexray/linkedin.har'] }, async () => {
  const har = JSON.parse(readFileSync(corpusFile('har/pagexray/linkedin.har')!, 'utf8')) as { log: { entries: unknown[] } };
  const dir = mkdtempSync(join(tmpdir(), 'telltale-layouts-'));
  const layouts = {
    'per-line': `{"log":{"version":"1.2","entries":[\n${har.log.entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}}\n`,
    pretty: JSON.stringify(har, null, 2),
    compact: JSON.stringify(har),
  };
  for (const [layout, text] of Object.entries(layouts)) {
    const file = join(dir, `${layout}.har`);
    writeFileSync(file, text);
    // Chunks far smaller than the entries: almost every entry runs past its chunk.
    const source = new ByteSource(file, Buffer.byteLength(text), { chunkBytes: 4096 });
    const reader = new HarReader(source, file, { maxEntryBytes: 1 << 30, maxDepth: 64 });
    const values: unknown[] = [];
    for await (const raw of reader.entries()) values.push(raw.value);
    assert.deepEqual(values, har.log.entries, layout);
    assert.equal(source.sha256(), sha256(file), layout);
  }
});

testNeeding('pcapng captures are recognised by content and go to the pcap reader (test/ingest/pcap*.test.ts reads them)', { corpus: ['pcap/dump_premaster.pcapng'] }, async () => {
  const file = corpusFile('pcap/dump_premaster.pcapng')!;
  assert.equal((await openInput(file, { input: 0 })).format, 'pcap');
});
