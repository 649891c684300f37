/**
 * The streaming half of analysis: every input is read once, exchange by exchange, through decode and detect.
 * Only what the report needs is kept (findings, signals, blind spots, per-host counts) — never the exchanges —
 * so memory stays bounded whatever the capture's size.
 */
import { openInput, type Exchange, type InputInfo } from '../ingest/index.js';
import { decodeExchange, type DecodeIssue, type DecodeLimits } from '../decode/index.js';
import type { BlindSpotHit, BlindSpotKind, ExchangeDetector, Finding, Signal } from '../detect/index.js';
import type { ObservedExchange } from '../assess/index.js';
import { hostOf } from '../util/url.js';

export interface HostTally {
  ips: Set<string>;
  exchanges: number;
}

export interface Collected {
  inputs: InputInfo[];
  exchanges: number;
  findings: Finding[];
  signals: Signal[];
  blindSpots: BlindSpotHit[];
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
}

export interface CollectOptions {
  detector: ExchangeDetector;
  decodeLimits?: Partial<DecodeLimits>;
  onProgress?: (p: CollectProgress) => void;
}

export async function collect(paths: readonly string[], options: CollectOptions): Promise<Collected> {
  const out: Collected = {
    inputs: [], exchanges: 0, findings: [], signals: [], blindSpots: [], hosts: new Map(), observed: [], interned: new Map(),
    firstMs: Infinity, lastMs: -Infinity,
  };
  for (const [input, path] of paths.entries()) {
    const opened = await openInput(path, {
      input,
      onProgress: (bytesRead, totalBytes) =>
        options.onProgress?.({ input, path, bytesRead, totalBytes, exchanges: out.exchanges }),
    });
    for await (const exchange of opened.exchanges) {
      collectExchange(exchange, options, out);
    }
    const info = await opened.info();
    out.inputs.push(info);
    // A final, complete report for this input, so a progress display can close its line.
    options.onProgress?.({ input, path, bytesRead: info.bytes, totalBytes: info.bytes, exchanges: out.exchanges });
  }
  return out;
}

function collectExchange(exchange: Exchange, options: CollectOptions, out: Collected): void {
  out.exchanges++;
  if (exchange.timeMs < out.firstMs) out.firstMs = exchange.timeMs;
  if (exchange.timeMs > out.lastMs) out.lastMs = exchange.timeMs;
  const host = hostOf(exchange.url);
  tallyHost(out.hosts, host, exchange.serverIp);
  out.observed.push(observe(exchange, host, out.interned));

  const blind: BlindSpotHit[] = [];
  for (const note of exchange.notes) {
    const spot = blindSpotOfNote(note);
    if (spot) blind.push({ kind: spot.kind, source: exchange.source, host, bytes: 0, detail: note, ...sideOf(spot.side) });
  }
  if (exchange.response?.bodyTruncated) {
    blind.push({ kind: 'truncated-body', source: exchange.source, host, bytes: exchange.response.body?.length ?? 0,
      side: 'response', detail: 'response.body: cut short by the capture; content past the cut was not examined' });
  }
  const decoded = decodeExchange(exchange, options.decodeLimits);
  for (const issue of decoded.issues) {
    blind.push({
      kind: blindSpotOfIssue(issue), source: exchange.source, host, bytes: issue.bytes,
      detail: `${issue.path}: ${issue.detail}`, ...sideOf(sideOfPath(issue.path)),
    });
  }
  const detection = options.detector(decoded);
  pushAll(out.findings, detection.findings);
  pushAll(out.signals, detection.signals);
  pushAll(blind, detection.blindSpots);
  // Assessment places each blind spot on the timeline: a hit without a time of its own takes its exchange's.
  for (const hit of blind) out.blindSpots.push(hit.time === undefined ? { ...hit, time: exchange.time } : hit);
}

/**
 * One small record per exchange: host and type strings are shared through `interned` (a few hundred distinct values
 * in a capture of any size), the time is a number, so 200,000 exchanges cost a few megabytes.
 */
function observe(exchange: Exchange, host: string, interned: Map<string, string>): ObservedExchange {
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
    setCookies: exchange.response?.cookies.length ?? 0,
    responseType: type === null ? null : intern(type),
  };
}

type Side = 'request' | 'response' | undefined;

const sideOf = (side: Side): { side?: 'request' | 'response' } => (side === undefined ? {} : { side });

/** Evidence paths start with the side they were read from (src/decode/types.ts grammar). */
function sideOfPath(path: string): Side {
  if (path.startsWith('request.')) return 'request';
  if (path.startsWith('response.')) return 'response';
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

function blindSpotOfNote(note: string): { kind: BlindSpotKind; side: Side } | null {
  if (note.startsWith('tls-failed')) return { kind: 'tls-failed', side: undefined };
  if (note.startsWith('websocket') || note.startsWith('non-http')) return { kind: 'non-http', side: undefined };
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
