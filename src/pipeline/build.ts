/**
 * The assembling half of analysis: turns what was collected into the one report model, with deterministic order
 * and ids. Every array is sorted and every record built with a fixed key order, so the same inputs give the same bytes.
 */
import type { Destination, Attributor } from '../attribute/index.js';
import type { Finding, Signal } from '../detect/index.js';
import type { FlowBlindSpot, SourceRef } from '../ingest/index.js';
import type { Phase, TesterEvent } from '../timeline/index.js';
import {
  URL_MAX, type CountTriple, type EvidenceBytes, type Report, type ReportBlindSpot, type ReportDestination,
  type ReportFinding, type ReportSignal,
} from '../model.js';
import { cmp } from '../util/compare.js';
import { maskText } from './mask.js';
import type { Collected, CollectedBlindSpot } from './collect.js';

export type PhaseOf = (timeMs: number) => Phase;

/** The source as reported: fixed key order, optional parts only when present. */
export function copySource(ref: SourceRef): SourceRef {
  const out: SourceRef = { input: ref.input, index: ref.index };
  if (ref.stream !== undefined) out.stream = ref.stream;
  if (ref.part !== undefined) out.part = ref.part;
  if (ref.message !== undefined) out.message = ref.message;
  return out;
}

/** Orders sources by input, index, then HTTP/2 stream, pipelined part and message (absent first). */
export function compareSources(a: SourceRef, b: SourceRef): number {
  return a.input - b.input || a.index - b.index || (a.stream ?? -1) - (b.stream ?? -1) || (a.part ?? -1) - (b.part ?? -1)
    || (a.message ?? -1) - (b.message ?? -1);
}

/** One key per exchange (its messages share it). */
export function exchangeKey(ref: SourceRef): string {
  return `${ref.input}:${ref.index}:${ref.stream ?? ''}:${ref.part ?? ''}`;
}

export function sortFindings<F extends Finding>(findings: F[]): F[] {
  return [...findings].sort(
    (a, b) =>
      compareSources(a.source, b.source) ||
      cmp(a.path, b.path) ||
      a.offset - b.offset ||
      cmp(a.dataType, b.dataType) ||
      cmp(a.transform.join('|'), b.transform.join('|')) ||
      cmp(a.detector, b.detector) ||
      cmp(a.field ?? '', b.field ?? ''),
  );
}

/** Secrets of one exchange: every matched text, so an excerpt never shows another finding's value in clear. */
function secretsByExchange(findings: readonly Finding[]): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  for (const f of findings) {
    const key = exchangeKey(f.source);
    const list = bySource.get(key);
    if (list) list.push(f.matched);
    else bySource.set(key, [f.matched]);
  }
  return bySource;
}

/** A secret as a URL may carry it: plain, and percent-encoded (upper- and lower-case hex digits). */
function urlForms(secrets: readonly string[]): string[] {
  const forms = new Set(secrets);
  for (const s of secrets) {
    const encoded = encodeURIComponent(s);
    forms.add(encoded);
    forms.add(encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  }
  return [...forms];
}

/** A finding as collected: the detect stage's Finding plus the evidence taken while the exchange was in memory. */
type FindingWithEvidence = Finding & { url?: string; bytes?: EvidenceBytes };

export function buildFindings(findings: FindingWithEvidence[], phaseOf: PhaseOf, reveal: boolean): ReportFinding[] {
  const sorted = sortFindings(findings);
  const secrets = reveal ? null : secretsByExchange(sorted);
  return sorted.map((f, i) => {
    const exchangeSecrets = secrets?.get(exchangeKey(f.source)) ?? [];
    const excerpt = maskText(f.excerpt, exchangeSecrets, f.matched, f.excerptAt);
    const out: ReportFinding = {
      id: `f${i + 1}`,
      dataType: f.dataType,
      source: copySource(f.source),
      time: f.time,
      host: f.host,
      method: f.method,
      path: f.path,
      transform: [...f.transform],
      match: f.match,
      confidence: f.confidence,
      phase: phaseOf(Date.parse(f.time)),
      excerpt: excerpt.text,
      detector: f.detector,
      field: f.field,
    };
    if (f.details) out.details = sortKeys(f.details);
    if (f.alsoMatches && f.alsoMatches.length > 0) out.alsoMatches = [...f.alsoMatches].sort(cmp);
    if (f.url !== undefined) out.url = maskText(f.url.slice(0, URL_MAX), urlForms(exchangeSecrets), null).text;
    if (excerpt.match) out.excerptMatch = excerpt.match;
    if (excerpt.masked.length > 0) out.excerptMasked = excerpt.masked;
    if (f.bytes) out.excerptBytes = f.bytes;
    return out;
  });
}

export function buildSignals(signals: Signal[], phaseOf: PhaseOf): ReportSignal[] {
  return [...signals]
    .sort(
      (a, b) => compareSources(a.source, b.source) || cmp(a.kind, b.kind) || cmp(a.path, b.path),
    )
    .map((s) => ({
      kind: s.kind,
      source: copySource(s.source),
      time: s.time,
      host: s.host,
      path: s.path,
      phase: phaseOf(Date.parse(s.time)),
      details: sortKeys(s.details),
    }));
}

interface BlindSpotGroup {
  kind: ReportBlindSpot['kind'];
  host: string;
  side?: 'request' | 'response';
  /** Per exchange: the larger byte count and the exchange's time. */
  bySource: Map<string, { bytes: number; ms: number }>;
  flows: number;
  flowBytes: number;
  flowFirstMs: number;
  flowLastMs: number;
  /** The phase each flow started in. */
  flowPhases: Phase[];
  serverIps: Set<string>;
}

function groupOf(
  groups: Map<string, BlindSpotGroup>, kind: ReportBlindSpot['kind'], host: string, side: 'request' | 'response' | undefined,
): BlindSpotGroup {
  const key = `${kind}\u0000${host}\u0000${side ?? ''}`;
  let g = groups.get(key);
  if (!g) {
    g = {
      kind, host, ...(side ? { side } : {}), bySource: new Map(), flows: 0, flowBytes: 0,
      flowFirstMs: Infinity, flowLastMs: -Infinity, flowPhases: [], serverIps: new Set(),
    };
    groups.set(key, g);
  }
  return g;
}

/**
 * One blind spot per (kind, host, side). Exchange hits count distinct exchanges: decode and detect may both report the
 * same opaque body, so per exchange the larger byte count is kept and nothing is counted twice. Flows from pcaps
 * (tls-undecrypted, quic, non-http-flow) count one per flow and add `flows`. Every blind spot carries the server IPs
 * and the time range it covers when the capture tells them, and, with events, the count per phase (assessment weighs
 * unreadable traffic only in a claim's window).
 */
export function buildBlindSpots(
  hits: readonly CollectedBlindSpot[], flowSpots: readonly FlowBlindSpot[] = [], phaseOf?: PhaseOf,
): ReportBlindSpot[] {
  const groups = new Map<string, BlindSpotGroup>();
  for (const hit of hits) {
    const g = groupOf(groups, hit.kind, hit.host, hit.side);
    const source = exchangeKey(hit.source);
    const ms = hit.time === undefined ? hit.timeMs : Date.parse(hit.time);
    const prev = g.bySource.get(source);
    g.bySource.set(source, { bytes: Math.max(prev?.bytes ?? 0, hit.bytes), ms: prev && Number.isFinite(prev.ms) ? prev.ms : ms });
    if (hit.serverIp) g.serverIps.add(hit.serverIp);
  }
  for (const spot of flowSpots) {
    const g = groupOf(groups, spot.kind, spot.host, undefined);
    g.flows += spot.flows;
    g.flowBytes += spot.bytes;
    for (const ip of spot.serverIps) g.serverIps.add(ip);
    g.flowFirstMs = Math.min(g.flowFirstMs, spot.firstMs);
    g.flowLastMs = Math.max(g.flowLastMs, spot.lastMs);
    if (phaseOf) g.flowPhases.push(phaseOf(spot.firstMs));
  }
  return [...groups.values()]
    .map((g) => reportBlindSpot(g, phaseOf))
    .sort((a, b) => cmp(a.kind, b.kind) || cmp(a.host, b.host) || cmp(a.side ?? '', b.side ?? ''));
}

function reportBlindSpot(g: BlindSpotGroup, phaseOf: PhaseOf | undefined): ReportBlindSpot {
  const entries = [...g.bySource.values()];
  const out: ReportBlindSpot = {
    kind: g.kind, host: g.host, count: entries.length + g.flows,
    bytes: entries.reduce((a, b) => a + b.bytes, 0) + g.flowBytes,
  };
  if (g.side) out.side = g.side;
  if (g.flows > 0) out.flows = g.flows;
  if (g.serverIps.size > 0) out.serverIps = [...g.serverIps].sort(cmp);
  // A loop, not Math.min(...times): spreading a very long list overflows the call stack.
  const times = entries.map((e) => e.ms).filter((ms) => Number.isFinite(ms));
  let first = g.flowFirstMs;
  let last = g.flowLastMs;
  for (const ms of times) {
    first = Math.min(first, ms);
    last = Math.max(last, ms);
  }
  if (Number.isFinite(first) && Number.isFinite(last)) {
    out.firstSeen = new Date(first).toISOString();
    out.lastSeen = new Date(last).toISOString();
  }
  if (phaseOf && (times.length > 0 || g.flowPhases.length > 0)) {
    out.phases = sortKeys(Object.fromEntries(countBy([...times.map((ms) => phaseOf(ms)), ...g.flowPhases], (p) => p)));
  }
  return out;
}

export function buildDestinations(
  collected: Collected, attributor: Attributor, findings: readonly ReportFinding[],
): ReportDestination[] {
  const findingsPerHost = countBy(findings, (f) => f.host);
  return [...collected.hosts.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([host, tally]) => {
      const d: Destination = attributor.attribute({ host, serverIps: [...tally.ips].sort(cmp) });
      return {
        host: d.host,
        domain: d.domain,
        entity: d.entity,
        serverIps: d.serverIps,
        serverCountry: d.serverCountry,
        ...(d.serverCountries && d.serverCountries.length > 1 ? { serverCountries: d.serverCountries } : {}),
        asn: d.asn,
        party: d.party,
        sdks: [...d.sdks].sort(cmp),
        exchanges: tally.exchanges,
        findings: findingsPerHost.get(host) ?? 0,
      };
    });
}

export function buildSummary(
  exchanges: number, findings: readonly ReportFinding[], destinations: readonly ReportDestination[],
): Report['summary'] {
  const byCountry = new Map<string, CountTriple>();
  const byEntity = new Map<string, CountTriple>();
  const byJurisdiction = new Map<string, CountTriple>();
  for (const d of destinations) {
    const jurisdiction = d.entity?.parentCountry ?? d.entity?.country ?? 'unknown';
    const keys = [[byCountry, d.serverCountry ?? 'unknown'], [byEntity, d.entity?.id ?? 'unknown'], [byJurisdiction, jurisdiction]] as const;
    for (const [map, key] of keys) {
      const t = map.get(key) ?? { destinations: 0, exchanges: 0, findings: 0 };
      t.destinations++;
      t.exchanges += d.exchanges;
      t.findings += d.findings;
      map.set(key, t);
    }
  }
  return {
    exchanges,
    findings: findings.length,
    destinations: destinations.length,
    byDataType: sortedRecord(countBy(findings, (f) => f.dataType)),
    byCountry: sortedRecord(byCountry),
    byEntity: sortedRecord(byEntity),
    byJurisdiction: sortedRecord(byJurisdiction),
  };
}

export function sortEvents(events: readonly TesterEvent[]): TesterEvent[] {
  return [...events]
    .sort((a, b) => cmp(a.at, b.at) || cmp(a.kind, b.kind))
    .map((e) => (e.value === undefined ? { at: e.at, kind: e.kind } : { at: e.at, kind: e.kind, value: e.value }));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function sortedRecord<V>(map: Map<string, V>): Record<string, V> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => cmp(a, b)));
}

export function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => cmp(a, b)));
}
