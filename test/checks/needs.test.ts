/**
 * No silent skips: a test that needs a corpus file fails naming it, unless TELLTALE_ALLOW_MISSING_CORPUS=1 turns it
 * into a skip that the run's summary explains. Checked by running a small test file with the same runner flags as
 * `npm test` (read from package.json, so the check follows the real command) and the corpus pointed elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'needs', 'needs-corpus.ts');

/** `npm test`'s node arguments, with its test files replaced by `file`. */
function runnerArgs(file: string): string[] {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { test: string } }).scripts.test;
  const args = script.split(/\s+/);
  assert.equal(args[0], 'node');
  return [...args.slice(1).filter((a) => !a.endsWith('.test.ts')), file];
}

function runFixture(env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.TELLTALE_ALLOW_MISSING_CORPUS;
  delete base.NODE_TEST_CONTEXT; // otherwise the child reports to this runner instead of printing its own summary
  const r = spawnSync(process.execPath, runnerArgs(FIXTURE), { cwd: REPO_ROOT, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MISSING = '/nonexistent/har/mitmproxy/chrome.har';

test('a missing corpus file fails the run and names the file', () => {
  const r = runFixture({ TELLTALE_CORPUS: '/nonexistent' });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^# fail 1$/m);
  assert.ok(r.stdout.includes(`missing corpus file ${MISSING} — set TELLTALE_ALLOW_MISSING_CORPUS=1 to skip instead`), r.stdout);
});

test('with TELLTALE_ALLOW_MISSING_CORPUS=1 the run passes, and its summary says how many were skipped and why', () => {
  const r = runFixture({ TELLTALE_CORPUS: '/nonexistent', TELLTALE_ALLOW_MISSING_CORPUS: '1' });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^# skipped 1$/m);
  assert.match(r.stdout, /^# pass 0$/m);
  assert.ok(r.stderr.includes(`# skipped 1 test(s) — NOT checked in this run, because of:\n#   1 × corpus file ${MISSING}\n`), r.stderr);
});

testNeeding('with the corpus present the same test runs and passes (the check above is not vacuous)', { corpus: ['har/mitmproxy/chrome.har'] }, () => {
  const r = runFixture({ TELLTALE_CORPUS: CORPUS_DIR });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^# pass 1$/m);
  assert.match(r.stdout, /^# skipped 0$/m);
  assert.equal(r.stderr.includes('NOT checked'), false, r.stderr);
});
