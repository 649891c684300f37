/**
 * The streaming half of analysis: every input is read once, exchange by exchange, through decode and detect.
 * Only what the report needs is kept (findings, signals, blind spots, per-host counts) — never the exchanges —
 * so memory stays bounded whatever the capture's size.
 */
import { openInput, type Exchange, type InputInfo } from '../ingest/index.js';
import { decodeExchange, type DecodeIssue, type DecodeLimits } from '../decode/index.js';
import type { BlindSpotHit, BlindSpotKind, ExchangeDetector, Signal } from '../detect/index.js';
import { hostOf } from '../util/url.js';
import { withEvidence, type CollectedFinding } from './evidence.js';

export interface HostTally {
  ips: Set<string>;
  exchanges: number;
}

export interface Collected {
  inputs: InputInfo[];
  exchanges: number;
  findings: CollectedFinding[];
  signals: Signal[];
  blindSpots: BlindSpotHit[];
  hosts: Map<string, HostTally>;
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
  /** Keep personal values unmasked in byte windows (--reveal). */
  reveal?: boolean;
}

export async function collect(paths: readonly string[], options: CollectOptions): Promise<Collected> {
  const out: Collected = {
    inputs: [], exchanges: 0, findings: [], signals: [], blindSpots: [], hosts: new Map(),
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

  for (const note of exchange.notes) {
    const kind = blindSpotOfNote(note);
    if (kind) out.blindSpots.push({ kind, source: exchange.source, host, bytes: 0, detail: note });
  }
  const decoded = decodeExchange(exchange, options.decodeLimits);
  for (const issue of decoded.issues) {
    out.blindSpots.push({
      kind: blindSpotOfIssue(issue), source: exchange.source, host, bytes: issue.bytes,
      detail: `${issue.path}: ${issue.detail}`,
    });
  }
  const detection = options.detector(decoded);
  pushAll(out.findings, withEvidence(decoded, detection.findings, options.reveal === true));
  pushAll(out.signals, detection.signals);
  pushAll(out.blindSpots, detection.blindSpots);
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

function blindSpotOfNote(note: string): BlindSpotKind | null {
  if (note.startsWith('tls-failed')) return 'tls-failed';
  if (note.startsWith('websocket') || note.startsWith('non-http')) return 'non-http';
  // The exporter did not keep what was sent: whatever the body held cannot be checked.
  if (note.startsWith('request-body-not-captured')) return 'truncated-body';
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
