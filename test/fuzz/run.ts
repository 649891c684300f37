/** Starts a fuzz worker and turns its end — done, failed, hung, out of memory — into a test result. */
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FuzzJob, FuzzOutcome } from './worker.js';

/** Reproducible by default; FUZZ_RUNS=100000 FUZZ_SEED=n to search longer or elsewhere. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS_OVERRIDE = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : null;
const CURRENT_BYTES = 4 << 20;

export interface FuzzSettings {
  runs: number;
  /** Longest one case may take (a hang or a quadratic blow-up fails the test). */
  caseMs?: number;
  /** Heap cap of the worker, in MB: parsers must stay bounded on any input. */
  heapMb?: number;
  /** Deadline of the whole job; by default generous per case, so only a real hang reaches it. */
  deadlineMs?: number;
}

function keepInput(target: string, bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'telltale-fuzz-case-')), `${target.replace(/\W+/g, '-')}.bin`);
  writeFileSync(path, bytes);
  return path;
}

let worker: Worker | null = null;

/** The worker that runs the jobs; a new one after a job killed the last (hang, crash, out of memory). */
function fuzzWorker(heapMb: number): Worker {
  worker ??= new Worker(new URL('./worker-boot.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  worker.unref();
  return worker;
}

export async function fuzz(target: string, withCorpus: boolean, settings: FuzzSettings): Promise<FuzzOutcome> {
  // FUZZ_RUNS searches the real parsers longer; the canaries keep their own small counts.
  const runs = target.startsWith('canary') ? settings.runs : RUNS_OVERRIDE ?? settings.runs;
  const caseMs = settings.caseMs ?? 2_000;
  const current = new SharedArrayBuffer(CURRENT_BYTES + 4);
  const job: FuzzJob = { target, withCorpus, runs, seed: FUZZ_SEED, caseMs, current };
  const deadlineMs = settings.deadlineMs ?? 30_000 + runs * caseMs;
  const running = fuzzWorker(settings.heapMb ?? 512);
  const lastInput = () => keepInput(target, new Uint8Array(current, 4, new DataView(current).getUint32(0, true)));
  const outcome = await new Promise<FuzzOutcome | string>((resolve) => {
    const done = (result: FuzzOutcome | string) => {
      clearTimeout(timer);
      running.off('message', onMessage);
      running.off('error', onError);
      resolve(result);
    };
    const onMessage = (m: FuzzOutcome) => done(m);
    const onError = (err: Error) => {
      worker = null;
      done(`worker died (${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}); the input being parsed is in ${lastInput()}`);
    };
    const timer = setTimeout(() => {
      worker = null;
      void running.terminate();
      done(`hung: no result after ${deadlineMs} ms; the input being parsed is in ${lastInput()}`);
    }, deadlineMs);
    running.on('message', onMessage);
    running.on('error', onError);
    running.postMessage(job);
  });
  if (typeof outcome === 'string') assert.fail(`${target}: ${outcome}`);
  if (!outcome.ok) {
    const kept = outcome.counterexample ? ` — shrunk input kept in ${keepInput(target, outcome.counterexample)}` : '';
    assert.fail(`${target}: ${outcome.report}${kept}`);
  }
  assert.equal(outcome.cases, runs, `${target}: every case ran`);
  return outcome;
}
