/**
 * The batch side of a fleet: every input becomes a job on the queue; the batch waits for each job's result and
 * writes the outputs itself, exactly as a local batch would.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { connectRedis, JOB_ATTEMPTS, KEEP_FINISHED_S, QUEUE_NAME, RETRY_DELAY_MS } from './queue.js';
import { oneLine } from './task.js';
import type { AnalysisTask, TaskOutcome, TaskRunner } from './types.js';

export async function connectFleet(url: string): Promise<TaskRunner> {
  const queueConnection = await connectRedis(url);
  const eventsConnection = await connectRedis(url);
  const queue = new Queue<AnalysisTask, TaskOutcome>(QUEUE_NAME, { connection: queueConnection });
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection });
  await events.waitUntilReady();

  return {
    async run(task) {
      const job = await queue.add('analyze', task, {
        jobId: jobIdOf(task),
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
        removeOnComplete: { age: KEEP_FINISHED_S },
        removeOnFail: { age: KEEP_FINISHED_S },
      });
      try {
        // The same job from an earlier, interrupted batch: a finished one gives its result, a failed one runs again.
        if ((await job.getState()) === 'failed') await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return (await job.waitUntilFinished(events)) as TaskOutcome;
      } catch (e) {
        const reason = oneLine(e instanceof Error ? e.message : String(e));
        const error = reason.startsWith(task.path) ? reason : `${task.path}: ${reason}`;
        return { status: 'failed', sha256: task.sha256, error, retryable: false };
      }
    },
    async close() {
      await events.close();
      await queue.close();
      queueConnection.disconnect();
      eventsConnection.disconnect();
    },
  };
}

/**
 * One job per (input path, bytes, settings, version): a batch run again after Ctrl-C finds the jobs it queued before
 * (BullMQ ignores an add with an existing id) instead of queueing the work twice.
 */
function jobIdOf(task: AnalysisTask): string {
  const key = JSON.stringify([task.path, task.sha256, task.settings, task.version]);
  return `tt-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}
