/**
 * `batch`: many inputs, one report each in an output directory, plus index.json. Inputs run on a local thread pool
 * or, with a queue, on a fleet of workers; either way the reports are byte-identical to `analyze` of the same path.
 * Resumable: an input whose report for the same bytes (and the same settings) is already there is skipped.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import { cmp } from '../util/compare.js';
import { eventsFileOf, hashFile, listBatchInputs } from './inputs.js';
import { existingReport, prepareOutDir, removeReport, reportFileOf, writeIndex, writeReport } from './outputs.js';
import { defaultAnalysisThreads } from '../pipeline/index.js';
import { createAnalysisPool } from './pool.js';
import { settingsFingerprint } from './settings.js';
import type {
  AnalysisTask, BatchAnalysisOptions, BatchIndexEntry, BatchInput, BatchProgress, BatchRunOptions, BatchSummary, TaskRunner,
} from './types.js';

export async function runBatch(args: readonly string[], options: BatchRunOptions): Promise<BatchSummary> {
  const analysis = options.analysis;
  if (analysis.events && analysis.eventsDir) throw new InputError('--events-dir', null, 'cannot be combined with --events');
  if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 1)) {
    throw new InputError('--workers', null, `must be a whole number of threads, at least 1 (got ${options.workers})`);
  }
  const settings = await settingsFingerprint(analysis);
  const { inputs, subdirectories } = await listBatchInputs(args, options.out);
  // Connect (or start the threads) before touching DIR: an unreachable queue leaves nothing behind.
  const workers = options.workers ?? defaultAnalysisThreads();
  const runner: TaskRunner = options.queue ? await (await import('./fleet-client.js')).connectFleet(options.queue) : createAnalysisPool(workers);
  // Fewer inputs than threads: each input's own analysis gets a share of the spare threads (a fleet's workers decide
  // their own). The share is fixed for the run, so the total never exceeds --workers.
  const threads = options.queue ? undefined : Math.max(1, Math.floor(workers / Math.max(1, Math.min(workers, inputs.length))));
  try {
    await prepareOutDir(options.out, settings);
    // A fleet needs every input's hash up front (it checks the bytes it reads); a local run only to decide a skip.
    return { ...(await runAll(inputs, settings, runner, options, Boolean(options.queue), threads)), subdirectories };
  } finally {
    await runner.close();
  }
}

async function runAll(
  inputs: readonly BatchInput[], settings: string, runner: TaskRunner, options: BatchRunOptions, hashAll: boolean,
  threads: number | undefined,
): Promise<Omit<BatchSummary, 'subdirectories'>> {
  const entries: BatchIndexEntry[] = [];
  const progress: BatchProgress = { total: inputs.length, done: 0, failed: 0, skipped: 0 };
  const record = (entry: BatchIndexEntry, skipped = false) => {
    entries.push(entry);
    if (skipped) progress.skipped++;
    else if (entry.status === 'done') progress.done++;
    else progress.failed++;
    options.onProgress?.({ ...progress, last: entry });
  };
  options.onProgress?.({ ...progress });

  const withoutEvents: string[] = [];
  const running: Promise<void>[] = [];
  for (const input of await largestFirst(inputs)) {
    let sha256: string | null = null;
    if (hashAll || existsSync(reportFileOf(options.out, input.name))) {
      const hashed = await hashFile(input.path);
      if ('error' in hashed) {
        await removeReport(options.out, input.name);
        record({ path: input.path, sha256: null, status: 'failed', findings: null, error: hashed.error });
        continue;
      }
      sha256 = hashed.sha256;
      const existing = await existingReport(options.out, input.name, sha256);
      if (existing) {
        record({ path: input.path, sha256, status: 'done', findings: existing.findings }, true);
        continue;
      }
    }
    // A fleet job carries no thread count (its schema is the fleet's contract): each worker runs its jobs on one thread.
    const task = threads === undefined ? taskOf(input, sha256, settings, options.analysis) : { ...taskOf(input, sha256, settings, options.analysis), threads };
    if (options.analysis.eventsDir && !task.options.events) withoutEvents.push(input.path);
    running.push(runner.run(task).then(async (outcome) => {
      if (outcome.status === 'done') {
        await writeReport(options.out, input.name, outcome.json);
        record({ path: input.path, sha256: outcome.sha256, status: 'done', findings: outcome.findings });
      } else {
        await removeReport(options.out, input.name);
        record({ path: input.path, sha256: outcome.sha256, status: 'failed', findings: null, error: outcome.error });
      }
    }));
  }
  await Promise.all(running);
  const index = await writeIndex(options.out, entries);
  return { index, skipped: progress.skipped, done: progress.done, failed: progress.failed, withoutEvents: withoutEvents.sort(cmp) };
}

function taskOf(input: BatchInput, sha256: string | null, settings: string, analysis: BatchAnalysisOptions): AnalysisTask {
  const { eventsDir, ...shared } = analysis;
  const events = eventsDir ? eventsFileOf(eventsDir, input) : analysis.events ?? null;
  return { path: input.path, name: input.name, sha256, settings, version: VERSION, options: { ...shared, events } };
}

/** Largest inputs start first, so the pool is not left waiting on one big input started last. */
async function largestFirst(inputs: readonly BatchInput[]): Promise<BatchInput[]> {
  const sized = await Promise.all(inputs.map(async (input) => ({ input, bytes: (await stat(input.path).catch(() => null))?.size ?? 0 })));
  return sized.sort((a, b) => b.bytes - a.bytes || cmp(a.input.path, b.input.path)).map((s) => s.input);
}
