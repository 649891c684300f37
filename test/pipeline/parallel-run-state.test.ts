/**
 * A resumable upload is tied together across exchanges: the first chunk carries the media's magic bytes and an upload
 * id, later chunks only the id (src/detect/generic/media.ts keeps the run's upload records). On several threads the
 * chunks of one upload land on different threads, each with its own records; such exchanges say so
 * (Detection.runState) and the calling thread detects them again in reading order (src/pipeline/collect.ts). These
 * tests put six chunks of one upload more than a thread batch (512 exchanges) apart, in a HAR (entries parsed on the
 * threads) and in a mitmproxy dump (exchanges read on the calling thread), and check that two threads give the
 * one-thread report, with every later chunk reported as a continuation. Before the fix the report on two threads
 * lost the continuations whose chunk was detected on a thread that had not seen the first chunk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/index.js';
import { renderJson } from '../../src/report/index.js';
import { moov, mp4, pseudoRandom } from '../detect-generic/media-fixtures.js';
import { httpFlow } from '../helpers/mitm-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-run-state-'));
const CHUNKS = 6;
/** More exchanges than one thread batch holds (BATCH_EXCHANGES in src/pipeline/parallel.ts), so chunks part. */
const FILLERS_BETWEEN = 520;
const UPLOAD_URL = 'https://vod-upload.example-cdn.com/upload/v1/abc?uploadID=7f3e9c2a41&phase=transfer';

/** Six chunks of one MP4: the first starts with ftyp and an mdat header, the last ends with the moov box. */
function chunks(): Buffer[] {
  const first = Buffer.concat([mp4(1).subarray(0, 32), Buffer.from([0, 0, 0x60, 0x08]), Buffer.from('mdat'), pseudoRandom(4000, 'c0')]);
  const middle = Array.from({ length: CHUNKS - 2 }, (_, i) => pseudoRandom(4000, `c${i + 1}`));
  return [first, ...middle, Buffer.concat([pseudoRandom(1000, 'last'), moov(33.3, 'vide')])];
}

interface Planned {
  url: string;
  method: string;
  headers: [string, string][];
  body: Buffer;
  at: number;
}

/** Fillers, then a chunk, CHUNKS times: GETs to an analytics host, then a PUT of the chunk with its byte range. */
function plan(): Planned[] {
  const parts = chunks();
  const total = parts.reduce((n, c) => n + c.length, 0);
  const out: Planned[] = [];
  let at = Date.parse('2026-01-01T10:00:00Z') / 1000;
  let start = 0;
  parts.forEach((chunk, c) => {
    for (let k = 0; k < FILLERS_BETWEEN; k++) {
      out.push({ url: `https://stats.example-analytics.com/ping?n=${c * FILLERS_BETWEEN + k}`, method: 'GET', headers: [], body: Buffer.alloc(0), at: at += 0.01 });
    }
    out.push({ url: `${UPLOAD_URL}&part_number=${c + 1}`, method: 'PUT', at: at += 0.01, body: chunk,
      headers: [['Content-Type', 'application/octet-stream'], ['Content-Range', `bytes ${start}-${start + chunk.length - 1}/${total}`]] });
    start += chunk.length;
  });
  return out;
}

function writeHar(path: string, planned: Planned[]): void {
  const entries = planned.map((p) => ({
    startedDateTime: new Date(p.at * 1000).toISOString(), time: 1,
    request: {
      method: p.method, url: p.url, httpVersion: 'HTTP/1.1', headers: p.headers.map(([name, value]) => ({ name, value })),
      cookies: [], queryString: [], headersSize: -1, bodySize: p.body.length,
      ...(p.body.length > 0 ? { postData: { mimeType: 'application/octet-stream', encoding: 'base64', text: p.body.toString('base64') } } : {}),
    },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { send: 0, wait: 1, receive: 0 },
  }));
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }, null, 2));
}

function writeMitm(path: string, planned: Planned[]): void {
  writeFileSync(path, Buffer.concat(planned.map((p) => {
    const url = new URL(p.url);
    return httpFlow({ method: p.method, host: url.hostname, path: url.pathname + url.search, requestHeaders: p.headers,
      requestBody: p.body, status: 200, responseHeaders: [], responseBody: Buffer.alloc(0), at: p.at });
  })));
}

/** The media-upload signals of a report: [continuation, chunk start], in report order. */
function uploads(json: string): [boolean, number][] {
  const report = JSON.parse(json) as { signals: { kind: string; details: { continuation?: boolean; chunkStart?: number } }[] };
  return report.signals.filter((s) => s.kind === 'media-upload').map((s) => [s.details.continuation ?? false, s.details.chunkStart ?? -1]);
}

for (const [format, write] of [['HAR', writeHar], ['mitmproxy', writeMitm]] as const) {
  test(`${format}: the chunks of one upload are tied together on two threads as on one`, async () => {
    const path = join(dir, format === 'HAR' ? 'upload.har' : 'upload.mitm');
    write(path, plan());
    const one = renderJson(await analyze([path], { threads: 1 }));
    const two = renderJson(await analyze([path], { threads: 2, parallelMinBytes: 0 }));
    const sizes = chunks().map((c) => c.length);
    const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((sum, n) => sum + n, 0));
    assert.deepEqual(uploads(one), starts.map((start, i) => [i > 0, start]), 'one thread: the first chunk, then five continuations');
    assert.deepEqual(uploads(two), uploads(one), 'two threads: the same uploads');
    assert.equal(two, one, 'two threads: the same report bytes');
  });
}
