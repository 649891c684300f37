/**
 * The fleet's shared conventions: one BullMQ queue on Redis, its name, its retry policy, and connections that fail
 * fast with a clear message when Redis cannot be reached (instead of retrying forever in silence).
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { AnalysisTask } from './types.js';

export const QUEUE_NAME = 'telltale-analyze';
/** A job that fails for a reason other than its input (a dead thread, a store outage) is tried this many times. */
export const JOB_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 1000;
/** A job whose worker died is given to another worker at most this many times before it is failed (a poisoned input). */
export const MAX_STALLS = 2;
/** Finished jobs stay in Redis this long (seconds), so a batch that lost its connection can still read results. */
export const KEEP_FINISHED_S = 24 * 3600;

/** Checks the URL and that Redis answers, then returns a connection for BullMQ (which needs unbounded retries). */
export async function connectRedis(url: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(url, null, 'not a URL; expected redis://HOST:PORT');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InputError(url, null, 'expected a redis:// or rediss:// URL');
  }
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000 });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, ...) says more than connect()'s "Connection is closed".
  let cause: Error | null = null;
  probe.on('error', (e: Error) => (cause ??= e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new InputError(url, null, `cannot reach Redis: ${(cause ?? (e as Error)).message}`);
  } finally {
    probe.disconnect();
  }
  return new Redis(url, { maxRetriesPerRequest: null });
}

const optionsSchema = z.object({
  profile: z.string().nullable().optional(),
  events: z.string().nullable().optional(),
  eventsDir: z.string().nullable().optional(),
  app: z.string().nullable().optional(),
  offsetMs: z.number().optional(),
  firstParty: z.array(z.string()).optional(),
  catalogs: z.array(z.string()).optional(),
  ipCountryDb: z.string().optional(),
  ipAsnDb: z.string().optional(),
  reveal: z.boolean().optional(),
  generic: z.boolean().optional(),
}).strict();

const taskSchema = z.object({
  path: z.string().min(1),
  name: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  options: optionsSchema,
  settings: z.string(),
  version: z.string(),
}).strict();

/** A job's data comes from whoever can write to Redis: check its shape before acting on it. */
export function taskOfJobData(data: unknown, jobId: string): AnalysisTask {
  const parsed = taskSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`job ${jobId}`, issue?.path.join('.') ?? null, `not a telltale analysis job: ${issue?.message}`);
  }
  return parsed.data;
}
