/**
 * The scale orchestrator's door: `batch` (many inputs → one report each + index.json, on a local thread pool or a
 * fleet) and `worker` (a fleet member taking jobs from a BullMQ queue on Redis).
 */
export type * from './types.js';
export { runBatch } from './batch.js';
export { startWorker } from './fleet-worker.js';
