/**
 * The assembling half of analysis: turns what was collected into the one report model, with deterministic order
 * and ids. Every array is sorted and every record built with a fixed key order, so the same inputs give the same bytes.
 */
import type { Destination, Attributor } from '../attribute/index.js';
import type { BlindSpotHit, Finding, Signal } from '../detect/index.js';
import type { Phase, TesterEvent } from '../timeline/index.js';
import {
  URL_MAX, type CountTriple, type EvidenceBytes, type Report, type ReportBlindSpot, type ReportDestination,
  type ReportFinding, type ReportSignal,
} from '../model.js';
import { cmp } from '../util/compare.js';
import { maskText } from './mask.js';
import type { Collected } from './collect.js';

export type PhaseOf = (timeMs: number) => Phase;

export function sortFindings<F extends Finding>(findings: F[]): F[] {
  return [...findings].sort(
    (a, b) =>
      a.source.input - b.source.input ||
      a.source.index - b.source.index ||
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
    const key = `${f.source.input}:${f.source.index}`;
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
    const exchangeSecrets = secrets?.get(`${f.source.input}:${f.source.index}`) ?? [];
    const excerpt = maskText(f.excerpt, exchangeSecrets, f.matched);
    const out: ReportFinding = {
      id: `f${i + 1}`,
      dataType: f.dataType,
      source: { input: f.source.input, index: f.source.index },
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
      (a, b) =>
        a.source.input - b.source.input || a.source.index - b.source.index || cmp(a.kind, b.kind) || cmp(a.path, b.path),
    )
    .map((s) => ({
      kind: s.kind,
      source: { input: s.source.input, index: s.source.index },
      time: s.time,
      host: s.host,
      path: s.path,
      phase: phaseOf(Date.parse(s.time)),
      details: sortKeys(s.details),
    }));
}

/**
 * One blind spot per (kind, host), counting distinct exchanges. Decode and detect may both report the same opaque
 * body; per exchange the larger byte count is kept, so nothing is counted twice.
 */
export function buildBlindSpots(hits: BlindSpotHit[]): ReportBlindSpot[] {
  const groups = new Map<string, { kind: BlindSpotHit['kind']; host: string; bytesBySource: Map<string, number> }>();
  for (const hit of hits) {
    const key = `${hit.kind}\u0000${hit.host}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind: hit.kind, host: hit.host, bytesBySource: new Map() };
      groups.set(key, g);
    }
    const source = `${hit.source.input}:${hit.source.index}`;
    g.bytesBySource.set(source, Math.max(g.bytesBySource.get(source) ?? 0, hit.bytes));
  }
  return [...groups.values()]
    .map((g) => ({
      kind: g.kind, host: g.host, count: g.bytesBySource.size,
      bytes: [...g.bytesBySource.values()].reduce((a, b) => a + b, 0),
    }))
    .sort((a, b) => cmp(a.kind, b.kind) || cmp(a.host, b.host));
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
