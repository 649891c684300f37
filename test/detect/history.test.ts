/**
 * Why a run on several threads can give the one-thread report: what a detector says about an exchange does not depend
 * on the exchanges it saw before, except for the exchanges it marks (Detection.runState), which collect.ts detects
 * again on the calling thread in reading order. Here each exchange of the two scenarios and of real captures is
 * detected in sequence (one detector, as on one thread) and alone (a fresh detector, as on a thread that saw nothing
 * before), and every difference must be on a marked exchange. A resumable upload, whose chunks are tied together
 * across exchanges, must show differences, all of them marked: a check that never saw one would not show that it can
 * see history at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDecodeContext, decodeExchange } from '../../src/decode/index.js';
import { createDetector, loadProfile, type Detection, type DeviceProfile } from '../../src/detect/index.js';
import { openInput, type Exchange } from '../../src/ingest/index.js';
import { writeScenario } from '../../src/scenarios/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { moov, mp4, pseudoRandom } from '../detect-generic/media-fixtures.js';
import { testNeeding } from '../helpers/needs.js';

async function exchangesOf(path: string): Promise<Exchange[]> {
  const opened = await openInput(path, { input: 0 });
  const out: Exchange[] = [];
  for await (const e of opened.exchanges) out.push(e);
  return out;
}

/** Everything a detection says, as text (findings carry their view's path and bytes' place, not the view). */
function said(d: Detection): string {
  return JSON.stringify({ findings: d.findings, signals: d.signals, blindSpots: d.blindSpots, candidates: d.candidates ?? [] });
}

interface Compared {
  exchanges: number;
  /** Source indexes of exchanges whose detection in sequence differs from their detection alone. */
  differing: number[];
  /** Source indexes of the marked exchanges (runState). */
  marked: number[];
}

function compare(exchanges: readonly Exchange[], profile: DeviceProfile | null): Compared {
  const make = () => createDetector({ profile, generic: true, markRunState: true });
  const inSequence = make();
  const decoding = createDecodeContext();
  const differing: number[] = [];
  const marked: number[] = [];
  for (const exchange of exchanges) {
    const seen = inSequence(decodeExchange(exchange, undefined, decoding));
    const alone = make()(decodeExchange(exchange, undefined, createDecodeContext()));
    if (seen.runState) marked.push(exchange.source.index);
    assert.equal(alone.runState, seen.runState, `exchange ${exchange.source.index}: marked in sequence and alone alike`);
    if (said(seen) !== said(alone)) differing.push(exchange.source.index);
  }
  return { exchanges: exchanges.length, differing, marked };
}

function unmarked(c: Compared): number[] {
  return c.differing.filter((index) => !c.marked.includes(index));
}

test('scenarios: an exchange is detected the same after others as alone, unless it is marked', async () => {
  for (const name of ['lawsuit', 'clean'] as const) {
    const files = await writeScenario(name, mkdtempSync(join(tmpdir(), 'telltale-history-')));
    // The profile once, shared: compiling it per exchange would take minutes; the fresh detectors still share nothing.
    const result = compare(await exchangesOf(files.har), await loadProfile(files.profile));
    assert.ok(result.exchanges > 0, `${name}: read`);
    assert.deepEqual(unmarked(result), [], `${name}: exchanges whose detection depends on history but are not marked`);
  }
});

/** A resumable upload in three chunks: only the first carries the MP4's magic bytes, all carry the upload id. */
function resumableUpload(): Exchange[] {
  const parts = [
    Buffer.concat([mp4(1).subarray(0, 32), Buffer.from([0, 0, 0x30, 0x08]), Buffer.from('mdat'), pseudoRandom(4000, 'h0')]),
    pseudoRandom(4000, 'h1'),
    Buffer.concat([pseudoRandom(1000, 'h2'), moov(12.5, 'vide')]),
  ];
  const total = parts.reduce((n, p) => n + p.length, 0);
  let start = 0;
  return parts.map((body, index) => {
    const range = `bytes ${start}-${start + body.length - 1}/${total}`;
    start += body.length;
    const timeMs = Date.UTC(2026, 0, 1, 10, 0, index);
    return {
      source: { input: 0, index }, time: new Date(timeMs).toISOString(), timeMs, method: 'PUT', httpVersion: 'HTTP/1.1',
      url: `https://vod-upload.example-cdn.com/upload?uploadID=5c1d9e&part_number=${index + 1}`, serverIp: null, notes: [],
      request: { headers: [{ name: 'Content-Range', value: range }], cookies: [], body, mimeType: 'application/octet-stream', bodyTruncated: false },
      response: null,
    };
  });
}

test('a resumable upload: its later chunks depend on the first, and every chunk is marked', () => {
  const result = compare(resumableUpload(), null);
  // The check sees history: alone, a later chunk is an opaque payload; after the first, a continuation of the video.
  assert.deepEqual(result.differing, [1, 2]);
  assert.deepEqual(result.marked, [0, 1, 2]);
  assert.deepEqual(unmarked(result), []);
});

const REAL = ['har/pagexray/www.nytimes.com.har', 'har/pagexray/linkedin.har', 'mitm/dumpfile-7.mitm', 'mitm/websocket.mitm'];

testNeeding('real captures: no exchange depends on the ones before it unless it is marked', { corpus: REAL }, async () => {
  for (const rel of REAL) {
    const result = compare(await exchangesOf(corpusFile(rel)), null);
    assert.ok(result.exchanges > 0, `${rel}: read`);
    assert.deepEqual(unmarked(result), [], `${rel}: exchanges whose detection depends on history but are not marked`);
  }
});
