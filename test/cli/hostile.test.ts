/** End to end: hostile captures through the built CLI give a clear, bounded outcome within seconds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipBomb, harOf, postEntry, MiB } from '../helpers/hostile.js';
import { isOneLineError, runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-hostile-'));
const SECONDS = 60_000; // generous for a loaded 2-core CI machine; each case takes a few seconds

interface Outcome {
  code: number | null;
  stderr: string;
  ms: number;
  report: { blindSpots: { kind: string; host: string; count: number }[]; summary: { exchanges: number } } | null;
}

async function analyzeHar(name: string, content: string | Buffer): Promise<Outcome> {
  const har = join(work, `${name}.har`);
  const out = join(work, `${name}.json`);
  writeFileSync(har, content);
  const r = await runCli(['analyze', har, '--out', out], { timeoutMs: 2 * SECONDS });
  return { code: r.code, stderr: r.stderr, ms: r.ms, report: r.code === 0 ? JSON.parse(readFileSync(out, 'utf8')) : null };
}

test('a 10 GiB-expanding gzip body is stopped at the limit and reported as a blind spot', async () => {
  const bomb = gzipBomb(10 * 1024);
  const entry = postEntry('https://bomb.example/upload', {
    mimeType: 'application/json', text: bomb.toString('base64'), encoding: 'base64',
  }, [{ name: 'Content-Encoding', value: 'gzip' }]);
  const o = await analyzeHar('bomb', harOf([entry]));
  assert.equal(o.code, 0, o.stderr);
  assert.ok(o.ms < SECONDS, `took ${o.ms} ms`);
  assert.deepEqual(o.report!.blindSpots.filter((b) => b.kind === 'decode-limit').map((b) => [b.host, b.count]), [['bomb.example', 1]]);
});

test('10,000-deep JSON nesting in a body is bounded', async () => {
  const deep = '['.repeat(10_000) + '"356938035643809"' + ']'.repeat(10_000);
  const o = await analyzeHar('deep-body', harOf([postEntry('https://deep.example/x', { mimeType: 'application/json', text: deep })]));
  assert.equal(o.code, 0, o.stderr);
  assert.ok(o.ms < SECONDS, `took ${o.ms} ms`);
  assert.ok(o.report!.blindSpots.some((b) => b.kind === 'decode-limit' && b.host === 'deep.example'), JSON.stringify(o.report!.blindSpots));
});

test('10,000-deep nesting in the HAR structure itself is a one-line input error', async () => {
  const o = await analyzeHar('deep-har', `{"log":{"entries":[${'['.repeat(10_000)}${']'.repeat(10_000)}]}}`);
  assert.equal(o.code, 2);
  assert.ok(isOneLineError(o.stderr) && o.stderr.includes('deep-har.har'), o.stderr);
});

test('a 100 MB single string body is analysed within bounds', async () => {
  const big = 'A'.repeat(100 * MiB);
  const o = await analyzeHar('big-string', harOf([postEntry('https://big.example/x', { mimeType: 'text/plain', text: big })]));
  assert.equal(o.code, 0, o.stderr);
  assert.ok(o.ms < SECONDS, `took ${o.ms} ms`);
  assert.equal(o.report!.summary.exchanges, 1);
  assert.ok(o.report!.blindSpots.some((b) => b.kind === 'truncated-body' && b.host === 'big.example'),
    `a body cut at the ingest limit must be reported: ${JSON.stringify(o.report!.blindSpots)}`);
});

test('truncated JSON is a one-line input error naming the file', async () => {
  const full = harOf([postEntry('https://t.example/x', { mimeType: 'text/plain', text: 'hello' })]);
  const o = await analyzeHar('truncated', full.slice(0, Math.floor(full.length * 0.6)));
  assert.equal(o.code, 2);
  assert.ok(isOneLineError(o.stderr) && o.stderr.includes('truncated.har'), o.stderr);
});
