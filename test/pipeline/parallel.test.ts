/**
 * One input on several threads (src/pipeline/parallel.ts): the report must be byte for byte the report of one thread,
 * on real captures (identifier syncs, WebSocket messages, a corrupted gzip body) and on the lawsuit scenario with
 * events, and a broken input must fail with the same one-line error. Each run checks from the progress reports that
 * the threads really did the work (a size threshold of 0 sends every input to the pool).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, type AnalyzeOptions, type CollectProgress } from '../../src/index.js';
import { renderJson } from '../../src/report/index.js';
import { writeScenario } from '../../src/scenarios/index.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { isOneLineError, runCli } from '../helpers/cli.js';

async function analyzeOn(threads: number, inputs: string[], options: AnalyzeOptions = {}): Promise<{ json: string; threadsSeen: number[] }> {
  const threadsSeen = new Set<number>();
  const report = await analyze(inputs, {
    ...options, threads, parallelMinBytes: 0, onProgress: (p: CollectProgress) => threadsSeen.add(p.threads),
  });
  return { json: renderJson(report), threadsSeen: [...threadsSeen].sort() };
}

async function assertSameOnThreads(inputs: string[], options: AnalyzeOptions = {}): Promise<string> {
  const one = await analyzeOn(1, inputs, options);
  const three = await analyzeOn(3, inputs, options);
  assert.deepEqual(one.threadsSeen, [1]);
  assert.deepEqual(three.threadsSeen, [3], 'the input was decoded by the thread pool');
  assert.equal(three.json, one.json);
  return one.json;
}

testNeeding('real captures: three threads give the report of one, byte for byte', {
  corpus: ['har/pagexray/www.nytimes.com.har', 'mitm/websocket.mitm', 'mitm/corrupted_gzip_body.har'],
}, async () => {
  const nyt = JSON.parse(await assertSameOnThreads([join(CORPUS_DIR, 'har/pagexray/www.nytimes.com.har')])) as {
    identifierSyncs: unknown[]; findings: unknown[];
  };
  assert.ok(nyt.identifierSyncs.length > 0 && nyt.findings.length > 50, 'the NYT capture still shows its syncs and findings');
  await assertSameOnThreads([join(CORPUS_DIR, 'mitm/websocket.mitm'), join(CORPUS_DIR, 'mitm/corrupted_gzip_body.har')]);
});

test('the lawsuit scenario with profile and events: the same claims and findings on three threads', async () => {
  const files = await writeScenario('lawsuit', mkdtempSync(join(tmpdir(), 'telltale-parallel-')));
  const json = await assertSameOnThreads([files.har], { profile: files.profile, events: files.events });
  assert.match(json, /"dataType": "device\.imei"/);
});

testNeeding('a broken HAR fails with the same one-line error on three threads as on one', {
  corpus: ['har/bad/brokenfile.har'],
}, async () => {
  const broken = join(CORPUS_DIR, 'har/bad/brokenfile.har');
  const failure = async (threads: number) => {
    try {
      await analyze([broken], { threads, parallelMinBytes: 0 });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    return 'no error';
  };
  const one = await failure(1);
  assert.match(one, /brokenfile\.har/);
  assert.equal(await failure(3), one);
});

test('CLI: --threads must be a whole number ≥ 1, and batch refuses it (its --workers is the budget), in one line', async () => {
  const files = await writeScenario('lawsuit', mkdtempSync(join(tmpdir(), 'telltale-parallel-cli-')));
  const zero = await runCli(['analyze', files.har, '--threads', '0']);
  assert.equal(zero.code, 2);
  assert.ok(isOneLineError(zero.stderr), zero.stderr);
  assert.match(zero.stderr, /--threads must be a whole number of threads, at least 1, got "0"/);
  const batch = await runCli(['batch', files.har, '--out', mkdtempSync(join(tmpdir(), 'telltale-parallel-out-')), '--threads', '2']);
  assert.equal(batch.code, 2);
  assert.match(batch.stderr, /--threads is for one input \(analyze\); batch shares --workers N threads/);
  const two = await runCli(['analyze', files.har, '--profile', files.profile, '--threads', '2', '--format', 'json', '--out', '-']);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(JSON.parse(two.stdout).schema, 'telltale.report/1');
});
