/**
 * The streaming half of analysis: every input is read once, exchange by exchange, through decode and detect —
 * the exchange itself, then each of its WebSocket messages as a unit of its own (own time, own source).
 * Only what the report needs is kept (findings, signals, blind spots, per-host counts) — never the exchanges —
 * so memory stays bounded whatever the capture's size.
 */
import type { EntryBytes, Exchange, FlowBlindSpot, InputInfo, OpenedInput } from '../ingest/index.js';
import { InputError } from '../errors.js';
import {
  createDecodeContext, decodeExchange, decodeMessages, type DecodeContext, type DecodedExchange, type DecodeIssue,
} from '../decode/index.js';
import type { BlindSpotHit, BlindSpotKind, Signal } from '../detect/index.js';
import type { CaptureObserver } from '../correlate/index.js';
import type { ObservedExchange } from '../assess/index.js';
import { hostOf } from '../util/url.js';
import { briefOf, type ExchangeBrief } from './brief.js';
import { withEvidence, type CollectedFinding } from './evidence.js';
import {
  EntryBatcher, ExchangeBatcher, LazyDetectPool, NOTHING, type DetectOptions, type DetectPool, type EntryResults,
  type ExchangeResults, type ParallelPlan,
} from './parallel.js';

export interface HostTally {
  ips: Set<string>;
  exchanges: number;
}

/** A blind spot found in an exchange, with when and where that exchange went (for the report's time range). */
export interface CollectedBlindSpot extends BlindSpotHit {
  timeMs: number;
  serverIp: string | null;
}

export interface Collected {
  inputs: InputInfo[];
  exchanges: number;
  findings: CollectedFinding[];
  signals: Signal[];
  blindSpots: CollectedBlindSpot[];
  /** Flows a capture showed but telltale could not read (pcap), per input. */
  flowBlindSpots: FlowBlindSpot[];
  /** Inputs' own warnings, each prefixed with the input's path. */
  warnings: string[];
  hosts: Map<string, HostTally>;
  /** Every exchange in brief (time, host, scheme, cookies set): what assessment says was observed in a window. */
  observed: ObservedExchange[];
  /** Strings shared by the observed records. */
  interned: Map<string, string>;
  firstMs: number;
  lastMs: number;
}

export interface CollectProgress {
  input: number;
  path: string;
  bytesRead: number;
  totalBytes: number;
  exchanges: number;
  /** Threads decoding this input (1 = the calling thread). */
  threads: number;
}

export interface CollectOptions extends DetectOptions {
  /** Fed every exchange with its identifier candidates, for what only the whole capture shows (correlate/). */
  observer?: CaptureObserver;
  onProgress?: (p: CollectProgress) => void;
  /** Decode and detect large inputs on several threads (parallel.ts); absent = this thread only. */
  parallel?: ParallelPlan;
}

/** One input of a run, opened only when its turn comes (files, directories' files, a caller's stream, a session). */
export interface InputSource {
  /** As the report names it. */
  path: string;
  open: (input: number, onProgress: (bytesRead: number, totalBytes: number) => void) => Promise<OpenedInput>;
}

export async function collect(sources: readonly InputSource[], options: CollectOptions): Promise<Collected> {
  const out: Collected = {
    inputs: [], exchanges: 0, findings: [], signals: [], blindSpots: [], flowBlindSpots: [], warnings: [],
    hosts: new Map(), observed: [], interned: new Map(), firstMs: Infinity, lastMs: -Infinity,
  };
  // One decode context for this analysis: its memos carry across exchanges and inputs, and are shared with no other.
  const decoding = createDecodeContext({ omitLeaf: options.detector.ignoresLeaf });
  const pool = new LazyDetectPool(options.parallel);
  try {
    for (const [input, source] of sources.entries()) {
      const path = source.path;
      const parallel = pool.for(path);
      const threads = parallel?.threads ?? 1;
      const opened = await source.open(input, (bytesRead, totalBytes) =>
        options.onProgress?.({ input, path, bytesRead, totalBytes, exchanges: out.exchanges, threads }));
      if (parallel && opened.entries) {
        await collectEntriesInParallel(opened.entries, parallel, options, decoding, out);
      } else if (parallel) {
        await collectInParallel(opened.exchanges, parallel, options, decoding, out);
      } else {
        for await (const exchange of opened.exchanges) {
          mergeExchange(briefOf(exchange), detectExchange(exchange, options, decoding), options, out);
        }
      }
      const info = await opened.info();
      out.inputs.push(info);
      if (opened.summary) {
        const summary = await opened.summary();
        pushAll(out.flowBlindSpots, summary.flowBlindSpots);
        for (const warning of summary.warnings) out.warnings.push(`${info.path}: ${warning}`);
      }
      // A final, complete report for this input, so a progress display can close its line.
      options.onProgress?.({ input, path, bytesRead: info.bytes, totalBytes: info.bytes, exchanges: out.exchanges, threads });
    }
  } finally {
    await pool.close();
  }
  return out;
}

/**
 * One large input on several threads: the reader (this thread) hands batches of exchanges to the pool, and the
 * results are merged strictly in reading order, so the report is byte-identical to a run on one thread. At most
 * two batches per thread are in flight, which bounds memory whatever the input's size.
 */
async function collectInParallel(
  exchanges: AsyncIterable<Exchange>, pool: DetectPool, options: CollectOptions, decoding: DecodeContext, out: Collected,
): Promise<void> {
  const inFlight: { exchanges: Exchange[]; results: Promise<ExchangeResults[]> }[] = [];
  const mergeOldest = async () => {
    const oldest = inFlight.shift()!;
    const results = await oldest.results;
    oldest.exchanges.forEach((exchange, i) => {
      const detected = results[i]!;
      mergeExchange(briefOf(exchange), detected.runState ? detectExchange(exchange, options, decoding) : detected, options, out);
    });
  };
  const batcher = new ExchangeBatcher();
  const submit = async (batch: Exchange[]) => {
    inFlight.push({ exchanges: batch, results: pool.detect(batch) });
    if (inFlight.length >= pool.threads * 2) await mergeOldest();
  };
  for await (const exchange of exchanges) {
    const full = batcher.add(exchange);
    if (full) await submit(full);
  }
  const last = batcher.flush();
  if (last) await submit(last);
  while (inFlight.length > 0) await mergeOldest();
}

/**
 * One large HAR on several threads, the entries read there too: this thread only finds where each entry is (by the
 * file's layout, else with the byte scanner) and checks the file's structure around them; the detection threads parse
 * the entries, make the exchanges, decode and detect, and send back what merging needs (ExchangeBrief). Results are
 * merged in reading order as in collectInParallel, and so are errors: an entry's error wins over an error the reader
 * found further on. When the layout misplaced an entry's end (a thread could not parse what it was given), the input
 * is read again from that entry on with the entries parsed here (those before it only placed, not parsed again),
 * which finds the entry or the error as a run on one thread would.
 */
async function collectEntriesInParallel(
  entries: NonNullable<OpenedInput['entries']>, pool: DetectPool, options: CollectOptions, decoding: DecodeContext,
  out: Collected,
): Promise<void> {
  const inFlight: Promise<EntryResults>[] = [];
  let stop: EntryResults['stop'] = null;
  const mergeOldest = async () => {
    const results = await inFlight.shift()!;
    const again = new Map(results.again.map(({ at, exchange }) => [at, exchange]));
    results.briefs.forEach((brief, i) => {
      const exchange = again.get(i);
      const detected = exchange ? detectExchange(exchange, options, decoding) : results.results[i] ?? NOTHING;
      mergeExchange(brief, detected, options, out);
    });
    stop = results.stop;
  };
  const batcher = new EntryBatcher();
  const submit = async (batch: EntryBytes[]) => {
    inFlight.push(pool.detectEntries(batch, entries.reading));
    if (inFlight.length >= pool.threads * 2) await mergeOldest();
  };
  let readerError: InputError | null = null;
  try {
    for await (const entry of entries.stream) {
      const full = batcher.add(entry);
      if (full) await submit(full);
      if (stop) break;
    }
  } catch (e) {
    // The entries read before it may hold an earlier error, or a misplaced end: they are merged first.
    if (!(e instanceof InputError)) throw e;
    readerError = e;
  }
  const last = stop ? null : batcher.flush();
  if (last) await submit(last);
  while (inFlight.length > 0 && !stop) await mergeOldest();
  // Results past the stop are dropped; their tasks finish on their own.
  for (const dropped of inFlight.splice(0)) dropped.catch(() => undefined);
  const stopped = stop as EntryResults['stop'];
  if (stopped && 'error' in stopped) throw new InputError(stopped.error.file, stopped.error.where, stopped.error.problem);
  if (stopped) {
    await collectInParallel(entries.exchangesFrom(stopped.readAgainFrom), pool, options, decoding, out);
    return;
  }
  if (readerError) throw readerError;
}

/**
 * Decode and detect of one exchange and of each of its WebSocket messages: everything that needs the bytes, and
 * nothing that depends on other exchanges, so it can run on any thread.
 */
export function detectExchange(exchange: Exchange, options: DetectOptions, decoding: DecodeContext): ExchangeResults {
  const results: ExchangeResults = { findings: [], signals: [], blindSpots: [], candidates: [] };
  const host = hostOf(exchange.url);
  detectUnit(decodeExchange(exchange, options.decodeLimits, decoding), host, options, results);
  for (const unit of decodeMessages(exchange, options.decodeLimits, decoding)) detectUnit(unit, host, options, results);
  return results;
}

/** Everything else, in reading order: counts, hosts, what was observed, and what detection found. */
function mergeExchange(exchange: ExchangeBrief, results: ExchangeResults, options: CollectOptions, out: Collected): void {
  out.exchanges++;
  if (exchange.timeMs < out.firstMs) out.firstMs = exchange.timeMs;
  if (exchange.timeMs > out.lastMs) out.lastMs = exchange.timeMs;
  const host = hostOf(exchange.url);
  tallyHost(out.hosts, host, exchange.serverIp);
  out.observed.push(observe(exchange, host, out.interned));

  const blind: BlindSpotHit[] = [];
  for (const note of exchange.notes) {
    const spot = blindSpotOfNote(note, exchange);
    if (spot) blind.push({ kind: spot.kind, source: exchange.source, host, bytes: 0, detail: note, ...sideOf(spot.side) });
  }
  if (exchange.response?.bodyTruncated) {
    blind.push({ kind: 'truncated-body', source: exchange.source, host, bytes: exchange.response.bodyBytes,
      side: 'response', detail: 'response.body: cut short by the capture; content past the cut was not examined' });
  }
  const where = { time: exchange.time, timeMs: exchange.timeMs, serverIp: exchange.serverIp };
  for (const hit of blind) out.blindSpots.push({ ...hit, ...where });
  pushAll(out.findings, results.findings);
  pushAll(out.signals, results.signals);
  for (const hit of results.blindSpots) out.blindSpots.push({ ...hit, serverIp: exchange.serverIp });
  // The observer sees each exchange once (host order and counts decide the first party), with the identifier
  // candidates of the exchange and of every message it carried.
  options.observer?.observe(exchange, host, results.candidates);
}

function detectUnit(decoded: DecodedExchange, host: string, options: DetectOptions, results: ExchangeResults): void {
  const { source, time, timeMs } = decoded.exchange;
  const blind: BlindSpotHit[] = [];
  for (const issue of decoded.issues) {
    blind.push({
      kind: blindSpotOfIssue(issue), source, host, bytes: issue.bytes,
      detail: `${issue.path}: ${issue.detail}`, ...sideOf(sideOfPath(issue.path)),
    });
  }
  const detection = options.detector(decoded);
  if (detection.runState) results.runState = true;
  pushAll(results.findings, withEvidence(decoded, detection.findings, options.reveal === true));
  pushAll(results.signals, detection.signals);
  pushAll(blind, detection.blindSpots);
  // Assessment places each blind spot on the timeline: a hit without a time of its own takes its unit's (a message's
  // own time for a WebSocket message).
  for (const hit of blind) results.blindSpots.push({ ...hit, time: hit.time ?? time, timeMs });
  if (detection.candidates) pushAll(results.candidates, detection.candidates);
}

/**
 * One small record per exchange: host and type strings are shared through `interned` (a few hundred distinct values
 * in a capture of any size), the time is a number, so 200,000 exchanges cost a few megabytes.
 */
function observe(exchange: ExchangeBrief, host: string, interned: Map<string, string>): ObservedExchange {
  const intern = (s: string) => {
    const known = interned.get(s);
    if (known !== undefined) return known;
    interned.set(s, s);
    return s;
  };
  const scheme = exchange.url.slice(0, exchange.url.indexOf(':')).toLowerCase();
  const type = exchange.response?.mimeType ?? null;
  return {
    source: exchange.source,
    timeMs: exchange.timeMs,
    host: intern(host),
    secure: scheme === 'https' || scheme === 'wss',
    setCookies: exchange.response?.cookies ?? 0,
    responseType: type === null ? null : intern(type),
  };
}

type Side = 'request' | 'response' | undefined;

const sideOf = (side: Side): { side?: 'request' | 'response' } => (side === undefined ? {} : { side });

/** Evidence paths start with the side they were read from (src/decode/types.ts grammar). */
function sideOfPath(path: string): Side {
  if (path.startsWith('request.')) return 'request';
  if (path.startsWith('response.')) return 'response';
  // A WebSocket (or raw) message: ws[3].send is what the device sent, ws[3].receive what it received.
  if (/^(?:ws|msg)\[\d+\]\.send/.test(path)) return 'request';
  if (/^(?:ws|msg)\[\d+\]\.receive/.test(path)) return 'response';
  return undefined;
}

/** push(...xs) overflows the call stack for very large arrays; findings per exchange can be many. */
function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

function tallyHost(hosts: Map<string, HostTally>, host: string, ip: string | null): void {
  let tally = hosts.get(host);
  if (!tally) {
    tally = { ips: new Set(), exchanges: 0 };
    hosts.set(host, tally);
  }
  tally.exchanges++;
  if (ip) tally.ips.add(ip);
}

function blindSpotOfNote(note: string, exchange: ExchangeBrief): { kind: BlindSpotKind; side: Side } | null {
  // A live capture's refused handshakes, also as exported to HAR (`_error: "tls-failed: ..."`).
  if (note.startsWith('tls-failed') || note.startsWith('error: tls-failed')) return { kind: 'tls-failed', side: undefined };
  // A WebSocket whose messages were captured is read like any body; one without them hides what it carried.
  if (note.startsWith('websocket')) {
    return exchange.messages > 0 ? null : { kind: 'non-http', side: undefined };
  }
  if (note.startsWith('non-http')) return { kind: 'non-http', side: undefined };
  // The exporter did not keep what was sent (or received): whatever the body held cannot be checked.
  if (note.startsWith('request-body-not-captured')) return { kind: 'truncated-body', side: 'request' };
  if (note.startsWith('response-body-not-captured')) return { kind: 'truncated-body', side: 'response' };
  return null;
}

function blindSpotOfIssue(issue: DecodeIssue): BlindSpotKind {
  switch (issue.kind) {
    case 'opaque-payload':
      return 'opaque-payload';
    case 'truncated-body':
      return 'truncated-body';
    case 'corrupt-encoding':
      return 'decode-failed';
    default:
      return 'decode-limit';
  }
}
