/**
 * `telltale batch` on one machine, end to end through the built CLI: real captures from ../shared/corpus, a broken
 * one among them, the lawsuit scenario with per-input events; reports compared byte for byte with `telltale analyze`
 * of the same path; a batch interrupted with SIGINT and resumed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenario } from '../../src/scenarios/index.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus.js';
import { isOneLineError, runCli } from '../helpers/cli.js';
import { testNeeding } from '../helpers/needs.js';

const CORPUS = {
  chrome: 'har/mitmproxy/chrome.har',
  firefox: 'har/mitmproxy/firefox.har',
  broken: 'har/bad/brokenfile.har',
  mitm: 'mitm/diff_data.mitm',
};
const work = mkdtempSync(join(tmpdir(), 'telltale-batch-'));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** What `telltale analyze PATH --out FILE` writes, with the same options. */
async function analyzeBytes(path: string, options: string[]): Promise<Buffer> {
  const out = join(work, `analyze-${createHash('sha1').update(path + options.join(' ')).digest('hex')}.json`);
  const r = await runCli(['analyze', path, ...options, '--out', out]);
  assert.equal(r.code, 0, `analyze ${path}: ${r.stderr}`);
  return readFileSync(out);
}

testNeeding('batch: a folder and a file, one broken input: statuses, exit 2, reports identical to analyze', {
  corpus: Object.values(CORPUS),
}, async () => {
  const caps = join(work, 'caps');
  const eventsDir = join(work, 'events');
  mkdirSync(caps);
  mkdirSync(eventsDir);
  // A folder inside the folder given is not read, and the run says so instead of leaving it out silently.
  mkdirSync(join(caps, 'older'));
  copyFileSync(join(CORPUS_DIR, CORPUS.firefox), join(caps, 'older', 'firefox.har'));
  const scenario = await writeScenario('lawsuit', join(work, 'scenario'));
  copyFileSync(scenario.har, join(caps, 'lawsuit.har'));
  copyFileSync(scenario.events, join(eventsDir, 'lawsuit.har.events.json'));
  for (const key of ['chrome', 'broken'] as const) copyFileSync(join(CORPUS_DIR, CORPUS[key]), join(caps, CORPUS[key].split('/').pop()!));
  const mitm = join(CORPUS_DIR, CORPUS.mitm);
  const out = join(work, 'out-mixed');

  const r = await runCli(['batch', caps, mitm, '--out', out, '--profile', scenario.profile, '--events-dir', eventsDir, '--workers', '2']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^failed: .*brokenfile\.har.*$/m);
  assert.match(r.stderr, /4 inputs: 3 done, 1 failed, 0 skipped/);
  assert.match(r.stderr, /3 input\(s\) had no events file/);
  assert.ok(r.stderr.includes(`not read: 1 subdirectory (batch reads the files of each directory given, not deeper; give it as an input too): ${join(caps, 'older')}\n`), r.stderr);

  const index = readJson(join(out, 'index.json'));
  const expectedPaths = [join(caps, 'brokenfile.har'), join(caps, 'chrome.har'), join(caps, 'lawsuit.har'), mitm].sort();
  assert.deepEqual(index.inputs.map((e: { path: string }) => e.path), expectedPaths, 'index lists every input, sorted by path');
  const broken = index.inputs.find((e: { path: string }) => e.path.endsWith('brokenfile.har'));
  assert.equal(broken.status, 'failed');
  assert.equal(broken.findings, null);
  assert.equal(broken.sha256, sha256(join(caps, 'brokenfile.har')));
  assert.ok(isOneLineError(`telltale: ${broken.error as string}`) && broken.error.includes('brokenfile.har'), broken.error);
  assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('brokenfile')), [], 'a failed input has no report');

  const options = ['--profile', scenario.profile];
  for (const entry of index.inputs.filter((e: { status: string }) => e.status === 'done')) {
    const name = (entry.path as string).split('/').pop()!;
    const batchReport = readFileSync(join(out, `${name}.report.json`));
    const events = name === 'lawsuit.har' ? ['--events', join(eventsDir, 'lawsuit.har.events.json')] : [];
    const expected = await analyzeBytes(entry.path, [...options, ...events]);
    assert.ok(batchReport.equals(expected), `${name}: batch report differs from analyze's`);
    const report = readJson(join(out, `${name}.report.json`));
    assert.equal(entry.sha256, sha256(entry.path));
    assert.equal(entry.findings, report.summary.findings);
  }
  // The lawsuit capture was analysed with its own events (pre-consent phases) and the profile (confirmed findings).
  const lawsuit = readJson(join(out, 'lawsuit.har.report.json'));
  assert.ok(lawsuit.findings.some((f: { phase: string; confidence: string }) => f.phase === 'pre-consent' && f.confidence === 'confirmed'));
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.partial')), [], 'no half-written files left');
}, { timeout: 240_000 });

function spawnBatch(args: string[]) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'telltale.js'), 'batch', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => stderr };
}

const reportsIn = (dir: string) => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.report.json')).sort();
  } catch {
    return [];
  }
};

testNeeding('batch: interrupted with SIGINT mid-way, then resumed: finished inputs are skipped, the rest done', {
  corpus: [CORPUS.firefox, CORPUS.chrome],
}, async () => {
  const caps = join(work, 'many');
  mkdirSync(caps);
  const names = Array.from({ length: 8 }, (_, i) => `ff${i + 1}.har`);
  for (const name of names) copyFileSync(join(CORPUS_DIR, CORPUS.firefox), join(caps, name));
  const out = join(work, 'out-resume');
  const args = [caps, '--out', out, '--workers', '1', '--profile', join(REPO_ROOT, 'examples', 'profile.json')];

  const first = spawnBatch(args);
  const deadline = performance.now() + 120_000;
  while (reportsIn(out).length === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  first.child.kill('SIGINT');
  const stopped = await first.exited;
  assert.ok(stopped.signal === 'SIGINT' || stopped.code !== 0, `the batch was not interrupted: ${JSON.stringify(stopped)}`);
  const before = reportsIn(out);
  assert.ok(before.length >= 1 && before.length < names.length, `interrupted mid-way: ${before.length} of ${names.length} reports`);
  for (const f of before) readJson(join(out, f)); // every report on disk is whole JSON
  const mtimes = new Map(before.map((f) => [f, statSync(join(out, f)).mtimeMs]));

  const resumed = await runCli(['batch', ...args]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`8 inputs: ${names.length - before.length} done, 0 failed, ${before.length} skipped`));
  assert.deepEqual(reportsIn(out), names.map((n) => `${n}.report.json`).sort());
  for (const [f, mtime] of mtimes) assert.equal(statSync(join(out, f)).mtimeMs, mtime, `${f} was analysed again`);
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.partial')), []);
  const index = readJson(join(out, 'index.json'));
  assert.deepEqual(index.inputs.map((e: { status: string }) => e.status), names.map(() => 'done'));
  // Skipped and freshly made reports alike are what analyze writes.
  const skipped = before[0]!.replace('.report.json', '');
  const remade = names.find((n) => !before.includes(`${n}.report.json`))!;
  for (const name of [skipped, remade]) {
    const expected = await analyzeBytes(join(caps, name), ['--profile', join(REPO_ROOT, 'examples', 'profile.json')]);
    assert.ok(readFileSync(join(out, `${name}.report.json`)).equals(expected), `${name}: differs from analyze`);
  }

  // A changed input is analysed again (its old report is for other bytes); the others are skipped.
  copyFileSync(join(CORPUS_DIR, CORPUS.chrome), join(caps, 'ff3.har'));
  const again = await runCli(['batch', ...args]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /8 inputs: 1 done, 0 failed, 7 skipped/);
  assert.equal(readJson(join(out, 'ff3.har.report.json')).inputs[0].sha256, sha256(join(CORPUS_DIR, CORPUS.chrome)));

  // Reports made with other settings are never mixed with these: the directory is refused.
  const other = await runCli(['batch', caps, '--out', out, '--workers', '1']);
  assert.equal(other.code, 2);
  assert.ok(isOneLineError(other.stderr) && other.stderr.includes(out), other.stderr);
}, { timeout: 300_000 });

test('batch: usage errors are one line with exit 2', async () => {
  const dir = join(work, 'usage');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.har'), '{}');
  for (const args of [
    [dir, '--out', join(work, 'u1'), '--workers', '0'],
    [dir, '--out', dir],
    [join(work, 'missing-dir'), '--out', join(work, 'u2')],
    [dir, '--out', join(work, 'u3'), '--events', join(dir, 'a.har'), '--events-dir', dir],
  ]) {
    const r = await runCli(['batch', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(isOneLineError(r.stderr), `${args.join(' ')}: ${r.stderr}`);
  }
});
