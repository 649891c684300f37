/**
 * `worker`: takes analysis jobs from the fleet's queue, runs them on its own thread pool (so the Redis lock is
 * renewed on time however long an input takes), and returns each report to the batch that queued it; with a store,
 * also writes it to PostgreSQL before the job counts as done.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { openPostgresStore, type PostgresStore } from '../store/index.js';
import { InputError, isInputError } from '../errors.js';
import { createAnalysisPool } from './pool.js';
import { connectRedis, JOB_ATTEMPTS, MAX_STALLS, QUEUE_NAME, taskOfJobData } from './queue.js';
import type { RunningWorker, TaskOutcome, WorkerOptions } from './types.js';

const DEFAULT_STALL_MS = 30_000;

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InputError('--concurrency', null, `must be a whole number, at least 1 (got ${concurrency})`);
  }
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  if (!(Number.isInteger(stallMs) && stallMs >= 500)) throw new InputError('--stall-ms', null, `must be at least 500 (got ${stallMs})`);

  const store = options.store ? await openPostgresStore(options.store) : null;
  const connection = await connectRedis(options.queue);
  const pool = createAnalysisPool(concurrency);
  const worker = new Worker<unknown, TaskOutcome>(QUEUE_NAME, (job) => processJob(job, (task) => pool.run(task), store, options), {
    connection,
    concurrency,
    // The lock is renewed every stallMs/2 by this process; once it lapses (the worker died), the stalled-job check
    // of any live worker, run every stallMs/2, hands the job to another worker.
    lockDuration: stallMs,
    stalledInterval: Math.max(250, Math.floor(stallMs / 2)),
    maxStalledCount: MAX_STALLS,
  });
  worker.on('error', () => undefined); // connection hiccups are retried by ioredis; jobs report their own errors
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
      await store?.close();
      connection.disconnect();
    },
  };
}

async function processJob(
  job: Job<unknown, TaskOutcome>, run: (task: ReturnType<typeof taskOfJobData>) => Promise<TaskOutcome>,
  store: PostgresStore | null, options: WorkerOptions,
): Promise<TaskOutcome> {
  const attempt = job.attemptsMade + 1;
  let task;
  try {
    task = taskOfJobData(job.data, job.id ?? '?');
  } catch (e) {
    const error = isInputError(e) ? e.message : String(e);
    options.onJob?.({ path: `job ${job.id ?? '?'}`, status: 'failed', attempt, error, willRetry: false });
    throw new UnrecoverableError(error);
  }
  options.onJob?.({ path: task.path, status: 'started', attempt });
  const outcome = await run(task);
  if (outcome.status === 'failed') {
    // A broken input fails the same way every time: do not retry it. Anything else may pass on another try.
    const willRetry = outcome.retryable && attempt < JOB_ATTEMPTS;
    options.onJob?.({ path: task.path, status: 'failed', attempt, error: outcome.error, willRetry });
    throw outcome.retryable ? new Error(outcome.error) : new UnrecoverableError(outcome.error);
  }
  if (store) {
    try {
      await store.saveReport({ sha256: outcome.sha256, settings: task.settings }, outcome.json);
    } catch (e) {
      const error = `${task.path}: could not store the report: ${(e as Error).message}`;
      options.onJob?.({ path: task.path, status: 'failed', attempt, error, willRetry: attempt < JOB_ATTEMPTS });
      throw new Error(error, { cause: e });
    }
  }
  options.onJob?.({ path: task.path, status: 'done', attempt });
  return outcome;
}
