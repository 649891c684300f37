/**
 * Identifiers without a profile, from the whole capture:
 *  - syncs: the same value sent to — or set by one company and then sent to — two or more companies (different
 *    owners: hosts whose catalog entities share an ultimate owner, or that are all first party, are one company).
 *    Every request that carries the value to a company other than the one that set it is a finding
 *    (tracking.id, match "sync").
 *  - assignments: a response handed the client a value (a Set-Cookie living at least MIN_ASSIGNED_LIFETIME_S, or an
 *    id field of a JSON response) and a later request sent it back: an `id-assigned` signal.
 * "Set" means the host's response carried the value before any request had carried it to that host: a server that
 * echoes back what it was just sent (a redirect repeating the query) set nothing.
 */
import type { Finding, Signal } from '../detect/types.js';
import { cmp } from '../util/compare.js';
import type { ValueRecord } from './observer.js';
import type { Occurrence, PendingSync } from './types.js';

/** A cookie living 30 days or more is meant to recognise the browser on its next visits, not to hold a session. */
export const MIN_ASSIGNED_LIFETIME_S = 30 * 24 * 3600;

export interface Parties {
  /** Cookies sent to the first party are the browser replaying what a page script stored: not a deliberate send. */
  isFirstParty(host: string): boolean;
  /** A company key per host: the first party, a catalog owner, or the registrable domain. */
  companyOf(host: string): string;
  /** The receiving entity's display name, or null when no catalog names it. */
  entityNameOf(host: string): string | null;
}

interface Walked {
  ordered: Occurrence[];
  setHosts: Set<string>;
  setters: Occurrence[];
}

function byTime(a: Occurrence, b: Occurrence): number {
  return a.exchange.timeMs - b.exchange.timeMs || a.exchange.source.input - b.exchange.source.input
    || a.exchange.source.index - b.exchange.source.index || cmp(a.side, b.side) || cmp(a.path, b.path);
}

/** Occurrences in time order, and which responses really set the value (not an echo of a request to that host). */
function walk(record: ValueRecord): Walked {
  const ordered = [...record.occurrences].sort(byTime);
  const received = new Set<string>();
  const setHosts = new Set<string>();
  const setters: Occurrence[] = [];
  for (const o of ordered) {
    if (o.side === 'request') received.add(o.exchange.host);
    else if (!received.has(o.exchange.host)) {
      setHosts.add(o.exchange.host);
      setters.push(o);
    }
  }
  return { ordered, setHosts, setters };
}

export function findSyncs(values: ReadonlyMap<string, ValueRecord>, parties: Parties): PendingSync[] {
  const syncs: PendingSync[] = [];
  for (const [value, record] of values) {
    if (!record.occurrences.some((o) => o.side === 'request')) continue;
    const walked = walk(record);
    const { setHosts } = walked;
    const ordered = walked.ordered.filter((o) => !(o.carrier === 'cookie' && parties.isFirstParty(o.exchange.host)));
    const setterCompanies = new Set([...setHosts].map((h) => parties.companyOf(h)));
    const sent = ordered.filter((o) => o.side === 'request');
    const companies = new Set([...setterCompanies, ...sent.map((o) => parties.companyOf(o.exchange.host))]);
    if (companies.size < 2) continue;
    const crossing = sent.filter((o) => !setterCompanies.has(parties.companyOf(o.exchange.host)));
    if (crossing.length === 0) continue;
    const findings = crossing.map((o) => syncFinding(value, o, companies.size));
    syncs.push({
      value,
      parties: partiesOf(ordered, setHosts, parties),
      keys: [...new Set(ordered.map((o) => o.key).filter((k): k is string => k !== null))].sort(cmp),
      companies: companies.size,
      findings,
    });
  }
  return syncs.sort((a, b) => (b.companies ?? 0) - (a.companies ?? 0) || cmp(firstSourceKey(a), firstSourceKey(b)) || cmp(a.value, b.value));
}

function firstSourceKey(sync: PendingSync): string {
  const f = sync.findings[0]!;
  return `${String(f.source.input).padStart(6, '0')}:${String(f.source.index).padStart(10, '0')}`;
}

function partiesOf(ordered: readonly Occurrence[], setHosts: ReadonlySet<string>, parties: Parties): PendingSync['parties'] {
  const seen = new Set<string>();
  const out: PendingSync['parties'] = [];
  for (const o of ordered) {
    const host = o.exchange.host;
    const role = o.side === 'request' ? 'sent' : setHosts.has(host) ? 'set' : null;
    if (role === null || seen.has(`${host}\u0000${role}`)) continue;
    seen.add(`${host}\u0000${role}`);
    out.push({ host, entity: parties.entityNameOf(host), role });
  }
  return out.sort((a, b) => cmp(a.host, b.host) || cmp(a.role, b.role));
}

function syncFinding(value: string, o: Occurrence, companies: number): Finding {
  return {
    dataType: 'tracking.id',
    source: o.exchange.source,
    time: o.exchange.time,
    host: o.exchange.host,
    method: o.exchange.method,
    path: o.path,
    transform: [],
    match: 'sync',
    confidence: 'likely',
    detector: 'sync',
    field: null,
    matched: value,
    excerpt: o.key !== null ? `${o.key}=${value}`.slice(0, 160) : value,
    offset: 0,
    details: { companies, idShape: o.shape },
  };
}

/** `id-assigned` signals: values a response handed out (long-lived cookie, JSON id field) that a later request sent back. */
export function findAssignments(values: ReadonlyMap<string, ValueRecord>): Signal[] {
  // One assignment per response and key: the cookie as set, not its URL-decoded copy (the shortest path wins).
  const byPlace = new Map<string, Signal>();
  for (const [value, record] of values) {
    if (record.occurrences.length < 2) continue;
    const { ordered, setters } = walk(record);
    for (const set of setters) {
      if (!isAssignment(set) || set.part === true) continue;
      const at = `${set.exchange.source.input}:${set.exchange.source.index}\u0000${set.key ?? ''}`;
      const prior = byPlace.get(at);
      if (prior && prior.path.length <= set.path.length) continue;
      const later = ordered.filter((o) => o.side === 'request' && byTime(o, set) > 0
        && !(o.exchange.source.input === set.exchange.source.input && o.exchange.source.index === set.exchange.source.index));
      if (later.length === 0) continue;
      const details: Signal['details'] = {
        key: set.key ?? '(unnamed)', valueLength: value.length, masked: maskValue(value),
        endpoint: set.carrier === 'set-cookie' ? 'set-cookie' : 'json-response',
        sentBack: later.length, sentBackTo: new Set(later.map((o) => o.exchange.host)).size,
      };
      if (set.lifetimeSeconds != null) details.lifetimeDays = Math.floor(set.lifetimeSeconds / 86_400);
      byPlace.set(at, {
        kind: 'id-assigned', source: set.exchange.source, time: set.exchange.time, host: set.exchange.host,
        path: set.path, details,
      });
    }
  }
  return [...byPlace.values()];
}

function isAssignment(o: Occurrence): boolean {
  if (o.carrier === 'json') return true;
  return o.carrier === 'set-cookie' && o.lifetimeSeconds != null && o.lifetimeSeconds >= MIN_ASSIGNED_LIFETIME_S;
}

/** Keeps two characters at each end of a long value, like the id-assigned signals of detect/. */
export function maskValue(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return value.slice(0, 2) + '*'.repeat(value.length - 4) + value.slice(-2);
}
