/** `telltale worker`: a fleet member. Takes analysis jobs from the queue until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { startWorker, type WorkerJobEvent } from '../../index.js';
import { UsageError } from '../shared.js';

interface WorkerFlags {
  queue: string;
  concurrency: string;
  store?: string;
  stallMs: string;
}

export function registerWorker(program: Command): void {
  program.command('worker')
    .description('take analysis jobs queued by `telltale batch --queue` from Redis, until SIGINT/SIGTERM')
    .requiredOption('--queue <url>', 'redis://HOST:PORT of the queue')
    .option('--concurrency <n>', 'jobs (and analysis threads) at once', '1')
    .option('--store <url>', 'postgres://...: also write every report and its findings to PostgreSQL')
    .option('--stall-ms <ms>', "a dead worker's job goes to another worker after about this long", '30000')
    .action(async (flags: WorkerFlags) => {
      const worker = await startWorker({
        queue: flags.queue,
        concurrency: wholeNumber('--concurrency', flags.concurrency),
        store: flags.store ?? null,
        stallMs: wholeNumber('--stall-ms', flags.stallMs),
        onJob: (e) => process.stderr.write(`worker: ${describe(e)}\n`),
      });
      process.stderr.write(`worker: ready (queue ${withoutPassword(flags.queue)}, concurrency ${flags.concurrency}` +
        `${flags.store ? `, store ${withoutPassword(flags.store)}` : ''})\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      process.stderr.write('worker: stopping after the running jobs\n');
      await worker.close();
    });
}

function describe(e: WorkerJobEvent): string {
  const attempt = e.attempt > 1 ? ` (attempt ${e.attempt})` : '';
  if (e.status === 'failed') return `failed${attempt}: ${e.error ?? e.path}${e.willRetry ? ' — will retry' : ''}`;
  return `${e.status === 'started' ? 'analysing' : 'done'} ${e.path}${attempt}`;
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  return n;
}

function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
