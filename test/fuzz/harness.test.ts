/** The fuzz harness can fail: parsers broken on purpose (CANARIES in targets.ts) are caught, each the right way. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fuzz } from './run.js';

function failure(e: unknown): string {
  assert.ok(e instanceof assert.AssertionError, String(e));
  return e.message;
}

test('an exception other than InputError fails, with the error, the replay seed and the shrunk input', async () => {
  const message = failure(await fuzz('canary: crash', false, { runs: 50 }).catch((e: unknown) => e));
  assert.match(message, /^canary: crash: RangeError: offset out of range \| .* \(seed \d+, path [\d:]+, after \d+ runs and \d+ shrinks\) — shrunk input kept in (\S+)$/);
  const kept = /kept in (\S+)$/.exec(message)![1]!;
  assert.equal(readFileSync(kept).length, 0, 'shrunk to the smallest failing input');
});

test('an InputError on more than one line fails', async () => {
  assert.match(failure(await fuzz('canary: multi-line error', false, { runs: 5 }).catch((e: unknown) => e)), /^canary: multi-line error: InputError: f: a/);
});

test('a case slower than its limit fails', async () => {
  assert.match(failure(await fuzz('canary: slow', false, { runs: 5, caseMs: 20 }).catch((e: unknown) => e)), /one case took \d+ ms \(limit 20 ms\)/);
});

test('a hang is stopped at the deadline and the input being parsed is kept', async () => {
  const message = failure(await fuzz('canary: hang', false, { runs: 5, deadlineMs: 4_000 }).catch((e: unknown) => e));
  assert.match(message, /^canary: hang: hung: no result after 4000 ms; the input being parsed is in (\S+)$/);
  assert.ok(readFileSync(/in (\S+)$/.exec(message)![1]!).length <= 512);
});

test('after a hang a fresh worker takes the next job', async () => {
  const outcome = await fuzz('canary: crash', false, { runs: 1 }).catch((e: unknown) => e);
  assert.match(failure(outcome), /RangeError/);
});
