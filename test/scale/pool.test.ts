/** The local thread pool: a fixed number of long-lived threads, each paying its start-up once, never crashing a batch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The built pool: its threads load dist/scale/thread.js (worker threads do not inherit tsx's loader on Node 20).
import { createAnalysisPool } from '../../dist/scale/pool.js';
import { writeScenario } from '../../src/scenarios/index.js';
import { VERSION } from '../../src/version.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-pool-'));

test('pool: 6 inputs on 2 threads start 2 threads, not 6; a broken input is an outcome, not a crash', async () => {
  const files = await writeScenario('clean', work);
  const broken = join(work, 'broken.har');
  writeFileSync(broken, '{"log": {"entries": [');
  const pool = createAnalysisPool(2);
  try {
    const inputs = [files.har, files.har, broken, files.har, files.har, files.har];
    const outcomes = await Promise.all(inputs.map((path) =>
      pool.run({ path, name: 'x', sha256: null, settings: '', version: VERSION, options: { profile: files.profile } })));
    assert.deepEqual(outcomes.map((o) => o.status), ['done', 'done', 'failed', 'done', 'done', 'done']);
    const failed = outcomes[2]!;
    assert.ok(failed.status === 'failed' && failed.error.startsWith(broken) && !failed.retryable, JSON.stringify(failed));
    const done = outcomes.filter((o) => o.status === 'done');
    assert.equal(new Set(done.map((o) => o.json)).size, 1, 'the same input gives the same report on any thread');
    assert.equal(pool.threadsStarted(), 2);
  } finally {
    await pool.close();
  }
});

test('pool: a task expecting other bytes, or queued by another telltale version, is refused, not reported', async () => {
  const files = await writeScenario('clean', join(work, 'sha'));
  const pool = createAnalysisPool(1);
  try {
    const outcome = await pool.run({ path: files.har, name: 'x', sha256: '0'.repeat(64), settings: '', version: VERSION, options: {} });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.error : '', /changed while queued/);
    const otherVersion = await pool.run({ path: files.har, name: 'x', sha256: null, settings: '', version: '0.0.0-other', options: {} });
    assert.match(otherVersion.status === 'failed' ? otherVersion.error : '', /queued by telltale 0\.0\.0-other, this worker runs/);
  } finally {
    await pool.close();
  }
});
