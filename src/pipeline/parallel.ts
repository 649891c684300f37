/**
 * Decode and detect of one large input on several threads. The reading stays on the calling thread (a HAR or a pcap
 * is one stream); collect.ts hands batches to a piscina pool — a HAR's entries as bytes, which the threads parse,
 * other formats' exchanges — and merges the results strictly in reading order, so the report is byte-identical to a
 * run on one thread. Each thread compiles the profile once per analysis and keeps its own decode context (decoding is
 * reentrant: no module-level state is shared between threads).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { DecodeLimits } from '../decode/index.js';
import type { EntryBytes, EntryReading, Exchange, HttpMessage } from '../ingest/index.js';
import type { BlindSpotHit, DeviceProfile, ExchangeDetector, IdCandidate, Signal } from '../detect/index.js';
import type { CollectedFinding } from './evidence.js';
import type { ExchangeBrief } from './brief.js';

/** What decode and detect need: the part of the options a detection thread gets too. */
export interface DetectOptions {
  detector: ExchangeDetector;
  decodeLimits?: Partial<DecodeLimits>;
  /** Keep personal values unmasked in byte windows (--reveal). */
  reveal?: boolean;
}

/** What decode and detect made of one exchange and its messages, in order: all a detection thread hands back. */
export interface ExchangeResults {
  findings: CollectedFinding[];
  signals: Signal[];
  /** Blind spots of decoding and detection, each with its unit's time (the server IP is added when merged). */
  blindSpots: (BlindSpotHit & { time: string; timeMs: number })[];
  candidates: IdCandidate[];
  /**
   * Detection depended on the run's state (Detection.runState): a thread's answer is replaced by the calling
   * thread's, which sees every such exchange in reading order (collect.ts).
   */
  runState?: true;
}

/**
 * What a detection thread sends back for a batch: null for an exchange where nothing was found (most of them), so
 * the message carries results, not four empty arrays per exchange.
 */
export type SparseResults = (ExchangeResults | null)[];

/** Nothing found: shared, never written to (collect only reads results). */
export const NOTHING: ExchangeResults = Object.freeze({
  findings: [], signals: [], blindSpots: [], candidates: [],
}) as unknown as ExchangeResults;

export function sparse(results: readonly ExchangeResults[]): SparseResults {
  return results.map((r) => (r.findings.length + r.signals.length + r.blindSpots.length + r.candidates.length === 0
    && r.runState === undefined ? null : r));
}

function dense(results: SparseResults): ExchangeResults[] {
  return results.map((r) => r ?? NOTHING);
}

/** What a thread needs to build the same detector as the calling thread: plain data, given once per thread. */
export interface DetectConfig {
  profile: DeviceProfile | null;
  generic: boolean;
  decodeLimits?: Partial<DecodeLimits>;
  reveal: boolean;
}

export interface ParallelPlan {
  /** Threads decoding and detecting one input; 1 = the calling thread alone. */
  threads: number;
  /** Inputs smaller than this (or not files) stay on the calling thread: starting threads would cost more. */
  minBytes: number;
  config: DetectConfig;
}

/** Below this a thread's start-up (module load, profile compilation: ~0.1–0.6 s) outweighs what it saves. */
export const DEFAULT_PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

export function defaultAnalysisThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * What a detection thread sends back for a batch of HAR entries it read itself: a brief and the results of each entry
 * up to `stop`, the first entry it could not make an exchange of (an InputError, or an end the layout misplaced).
 */
export interface EntryResults {
  briefs: ExchangeBrief[];
  results: SparseResults;
  /** The exchanges whose results have runState, by their place in `results`: the calling thread detects them again. */
  again: { at: number; exchange: Exchange }[];
  stop: null | { readAgainFrom: number } | { error: { file: string; where: string | null; problem: string } };
}

export interface DetectPool {
  readonly threads: number;
  detect(exchanges: Exchange[]): Promise<ExchangeResults[]>;
  /** Reads (parses) the entries on a thread, then decodes and detects them there. */
  detectEntries(entries: EntryBytes[], reading: EntryReading): Promise<EntryResults>;
}

/** A task for a detection thread: exchanges read on the calling thread, or HAR entries still to be parsed. */
export type DetectTask = PackedBatch | PackedEntries;

/**
 * Starts the threads only when an input is large enough to need them, and once per analysis: the pool lives as long
 * as one collect() call, so its threads get the analysis's settings once, as their workerData.
 */
export class LazyDetectPool {
  private pool: Piscina<DetectTask, SparseResults | EntryResults> | null = null;

  constructor(private readonly plan: ParallelPlan | undefined) {}

  /** The pool for an input (by its path), or null when it runs on the calling thread. */
  for(path: string): DetectPool | null {
    const plan = this.plan;
    if (!plan || plan.threads < 2 || sizeOf(path) < plan.minBytes) return null;
    this.pool ??= new Piscina<DetectTask, SparseResults | EntryResults>({
      filename: threadFile(),
      workerData: plan.config,
      minThreads: plan.threads,
      maxThreads: plan.threads,
      idleTimeout: Infinity,
    });
    const pool = this.pool;
    return {
      threads: plan.threads,
      detect: async (exchanges) => {
        const { batch, transferList } = forTransfer(exchanges);
        return dense(await pool.run(batch, { transferList }) as SparseResults);
      },
      detectEntries: async (entries, reading) => {
        const batch = packEntries(entries, reading);
        return await pool.run(batch, { transferList: [batch.bytes.buffer as ArrayBuffer] }) as EntryResults;
      },
    };
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }
}

/** Groups items into batches of about BATCH_BYTES (at most BATCH_EXCHANGES), so a message to a thread is worth its cost. */
class Batcher<T> {
  private batch: T[] = [];
  private bytes = 0;

  constructor(private readonly sizeOf: (item: T) => number) {}

  add(item: T): T[] | null {
    this.batch.push(item);
    this.bytes += this.sizeOf(item);
    if (this.bytes < BATCH_BYTES && this.batch.length < BATCH_EXCHANGES) return null;
    return this.flush();
  }

  flush(): T[] | null {
    if (this.batch.length === 0) return null;
    const full = this.batch;
    this.batch = [];
    this.bytes = 0;
    return full;
  }
}

/** Exchanges read on the calling thread, by their approximate size. */
export class ExchangeBatcher extends Batcher<Exchange> {
  constructor() {
    super(approximateBytes);
  }
}

/** HAR entries still to be parsed, by their bytes. */
export class EntryBatcher extends Batcher<EntryBytes> {
  constructor() {
    super((entry) => entry.bytes.length);
  }
}

/**
 * 256 KiB: measured on the 1 GB benchmark HAR against 1 MiB batches (and a window of one batch per thread), same
 * report bytes: known values only 27.9 s / 389 MB instead of 27.0 s / 495 MB; with generic detectors 57.7 s / 754 MB
 * instead of 74.2 s / 893 MB. Smaller batches keep less in flight and the threads' heaps smaller.
 */
const BATCH_BYTES = 256 * 1024;
const BATCH_EXCHANGES = 512;

function approximateBytes(e: Exchange): number {
  const message = (m: HttpMessage) => (m.body?.length ?? 0) + 64 * (m.headers.length + m.cookies.length);
  let bytes = e.url.length + message(e.request) + (e.response ? message(e.response) : 0);
  for (const m of e.messages ?? []) bytes += m.data.length;
  return bytes;
}

/**
 * A batch as a detection thread receives it: the exchanges as one JSON text with every body and message replaced by
 * its place in `bytes`, one new buffer per batch, moved (not cloned) to the thread. A body read from a file is often a
 * view into a larger buffer, which a plain structured clone would copy whole; one buffer per batch costs one
 * allocation and one transfer where a buffer per body cost hundreds; and JSON of the rest costs less than a structured
 * clone of it on both sides (20,000 bench exchanges: 66–117 ms to stringify and 104–209 ms to parse, against 102–162
 * ms to serialize and 164–238 ms to deserialize).
 */
export interface PackedBatch {
  exchanges: string;
  bytes: Uint8Array;
}

/** Where a body or message sits in PackedBatch.bytes: [offset, length]. */
type Place = [number, number];

function forTransfer(exchanges: readonly Exchange[]): { batch: PackedBatch; transferList: ArrayBuffer[] } {
  let total = 0;
  for (const e of exchanges) {
    total += (e.request.body?.length ?? 0) + (e.response?.body?.length ?? 0);
    for (const m of e.messages ?? []) total += m.data.length;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  const own = (data: Uint8Array): Place => {
    bytes.set(data, offset);
    offset += data.length;
    return [offset - data.length, data.length];
  };
  const message = (m: HttpMessage) => (m.body === null ? m : { ...m, body: own(m.body) });
  const portable = exchanges.map((e) => ({
    ...e,
    request: message(e.request),
    response: e.response ? message(e.response) : null,
    ...(e.messages ? { messages: e.messages.map((m) => ({ ...m, data: own(m.data) })) } : {}),
  }));
  return { batch: { exchanges: JSON.stringify(portable), bytes }, transferList: [bytes.buffer] };
}

/**
 * HAR entries as a detection thread receives them: their bytes one after the other in one new buffer, moved to the
 * thread, and for each entry five numbers in `places`: index, file offset, offset in `bytes`, length, certain (1/0).
 */
export interface PackedEntries {
  kind: 'entries';
  reading: EntryReading;
  bytes: Uint8Array;
  places: number[];
}

const PLACE_FIELDS = 5;

function packEntries(entries: readonly EntryBytes[], reading: EntryReading): PackedEntries {
  let total = 0;
  for (const e of entries) total += e.bytes.length;
  const bytes = new Uint8Array(total);
  const places: number[] = [];
  let offset = 0;
  for (const e of entries) {
    bytes.set(e.bytes, offset);
    places.push(e.index, e.byte, offset, e.bytes.length, e.certain ? 1 : 0);
    offset += e.bytes.length;
  }
  return { kind: 'entries', reading, bytes, places };
}

/** The entries of a packed batch, in order. */
export function unpackEntries(batch: PackedEntries): EntryBytes[] {
  const out: EntryBytes[] = [];
  const { places, bytes } = batch;
  for (let i = 0; i < places.length; i += PLACE_FIELDS) {
    const offset = places[i + 2]!;
    out.push({
      index: places[i]!, byte: places[i + 1]!, bytes: bytes.subarray(offset, offset + places[i + 3]!), certain: places[i + 4] === 1,
    });
  }
  return out;
}

/** The exchanges of a packed batch, bodies and messages as Buffers over its bytes (as the readers make them). */
export function unpack(batch: PackedBatch): Exchange[] {
  const buffer = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const at = (place: Place): Buffer => buffer.subarray(place[0], place[0] + place[1]);
  const message = <M extends HttpMessage>(m: M): M => (m.body === null ? m : { ...m, body: at(m.body as unknown as Place) });
  return (JSON.parse(batch.exchanges) as Exchange[]).map((e) => ({
    ...e,
    request: message(e.request),
    response: e.response ? message(e.response) : null,
    ...(e.messages ? { messages: e.messages.map((m) => ({ ...m, data: at(m.data as unknown as Place) })) } : {}),
  }));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    // A stream, a session from the store, a glob already expanded elsewhere: not a file to measure.
    return 0;
  }
}

/** detect-thread.ts under tsx (tests), detect-thread.js once built: the thread runs the same code as its parent. */
function threadFile(): string {
  return fileURLToPath(import.meta.url).replace(/parallel\.(ts|js)$/, 'detect-thread.$1');
}
