/**
 * The scale orchestrator's door: `batch` (many inputs → one report each + index.json, on a local thread pool or a
 * fleet) and `worker` (a fleet member taking jobs from a BullMQ queue on Redis).
 */
import type { RunningWorker, WorkerOptions } from './types.js';

export type * from './types.js';
export { runBatch } from './batch.js';

/** A fleet worker. BullMQ and ioredis load only here and for `batch --queue`, not with every command (~0.1 s). */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  return (await import('./fleet-worker.js')).startWorker(options);
}
