/**
 * A pool of analysis threads (piscina) kept alive for the whole run, so every thread pays its start-up once.
 * The pool holds exactly the thread budget: `--workers N` means N threads analyse at once, no more.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { AnalysisTask, TaskOutcome, TaskRunner } from './types.js';

export interface AnalysisPool extends TaskRunner {
  readonly threads: number;
  /** Threads started so far: stays at `threads` however many inputs run, as each thread pays its start-up once. */
  threadsStarted(): number;
}

/** thread.ts under tsx (tests), thread.js once built: the thread runs the same code as its parent. */
function threadFile(): string {
  const self = fileURLToPath(import.meta.url);
  return self.replace(/pool\.(ts|js)$/, 'thread.$1');
}

export function createAnalysisPool(threads: number): AnalysisPool {
  const pool = new Piscina<AnalysisTask, TaskOutcome>({
    filename: threadFile(),
    minThreads: threads,
    maxThreads: threads,
    // Idle threads are kept (and minThreads = maxThreads): a new thread would reload the catalog and IP databases.
    idleTimeout: Infinity,
    // Tasks are asynchronous (file streams): a thread must not block on Atomics.wait between them.
    atomics: 'disabled',
  });
  let started = 0;
  pool.on('workerCreate', () => started++);
  return {
    threads,
    threadsStarted: () => started,
    async run(task) {
      try {
        return await pool.run(task);
      } catch (e) {
        // The thread itself died (out of memory, a native crash): the input is at fault or the machine is.
        const message = e instanceof Error ? e.message : String(e);
        return { status: 'failed', sha256: task.sha256, error: `${task.path}: analysis thread died: ${message}`, retryable: true };
      }
    },
    close: () => pool.destroy(),
  };
}
