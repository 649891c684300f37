/**
 * Runs fuzz jobs in a worker thread, one after the other as the parent sends them, so the test can stop a job at a
 * deadline (a hang) and cap the heap (unbounded memory). Before each case the input is copied into shared memory: if
 * the worker hangs or dies, the parent still knows which input did it. One worker serves many jobs: starting one
 * costs seconds (it loads every parser).
 */
import { parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import { isInputError } from '../../src/errors.js';
import { CANARIES, corpusSeeds, TARGETS } from './targets.js';
import { fuzzInputs } from './mutate.js';

export interface FuzzJob {
  target: string;
  withCorpus: boolean;
  runs: number;
  seed: number;
  /** Longest a single case may take. */
  caseMs: number;
  /** [u32 length][bytes...] of the case being run. */
  current: SharedArrayBuffer;
}

export interface FuzzOutcome {
  ok: boolean;
  cases: number;
  slowestMs: number;
  /** fast-check's report (with the seed and path to replay) when a case failed. */
  report?: string;
  /** The (shrunk) failing input. */
  counterexample?: Uint8Array;
}

async function runJob(job: FuzzJob): Promise<FuzzOutcome> {
  const target = TARGETS[job.target] ?? CANARIES[job.target];
  if (!target) throw new Error(`no fuzz target ${job.target}`);
  const seeds = job.withCorpus ? corpusSeeds(target) : target.seeds();
  const current = new Uint8Array(job.current);
  const view = new DataView(job.current);
  const remember = (bytes: Uint8Array) => {
    const n = Math.min(bytes.length, current.length - 4);
    view.setUint32(0, n, true);
    current.set(bytes.subarray(0, n), 4);
  };
  let cases = 0;
  let slowestMs = 0;
  const inputs = target.inputs ? target.inputs(seeds) : fuzzInputs(seeds);
  const property = fc.asyncProperty(inputs, async (bytes) => {
    remember(bytes);
    cases++;
    const started = performance.now();
    try {
      await target.run(bytes);
    } catch (err) {
      // The one acceptable failure: a one-line InputError naming the file and the place.
      const acceptable = target.expected?.(err) === true || (isInputError(err) && !/[\r\n]/.test(err.message));
      if (!acceptable) throw err;
    }
    const ms = performance.now() - started;
    slowestMs = Math.max(slowestMs, ms);
    if (ms > job.caseMs) throw new Error(`one case took ${ms.toFixed(0)} ms (limit ${job.caseMs} ms)`);
  });
  const details = await fc.check(property, { numRuns: job.runs, seed: job.seed });
  const outcome: FuzzOutcome = { ok: !details.failed, cases, slowestMs };
  if (details.failed) {
    // The error and where it came from, and how to replay it; the input itself goes to a file (it can be large).
    const err = details.errorInstance;
    const where = err instanceof Error ? (err.stack ?? '').split('\n').slice(0, 4).join(' | ') : String(err);
    outcome.report = `${where} (seed ${details.seed}, path ${details.counterexamplePath ?? '-'}, after ${details.numRuns} runs and ${details.numShrinks} shrinks)`;
    outcome.counterexample = details.counterexample?.[0];
  }
  return outcome;
}

parentPort!.on('message', (job: FuzzJob) => {
  void runJob(job).then((outcome) => parentPort!.postMessage(outcome));
});
