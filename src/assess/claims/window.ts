/**
 * Claim windows: the stretch of the session a claim is about (before consent, before signup, before "post", in the
 * background, after a refusal, or the whole capture), what the capture holds in it, and which unreadable traffic
 * could hide the evidence. A blind spot counts against a claim only inside the window and only when it could carry
 * the data in question: an unreadable response cannot hide what the device sent, an unreadable request cannot hide
 * what a server handed out, and 600 opaque bytes cannot hold a video.
 */
import type { BlindSpotKind } from '../../detect/types.js';
import type { PhaseLabel } from '../../timeline/index.js';
import type { ObservedExchange } from '../types.js';
import { cmp } from '../../util/compare.js';
import { formatBytes, listOf, plural } from '../text.js';

/** A stretch of the capture clock: a union of [fromMs, toMs) intervals (±Infinity for open ends). */
export interface Window {
  /** "before the first consent decision (accepted at …)". */
  label: string;
  intervals: { fromMs: number; toMs: number }[];
  /** A moment of unknown time (NaN) is taken to be inside: it cannot be ruled out. */
  contains(ms: number): boolean;
}

export const WHOLE_CAPTURE: Window = {
  label: 'the whole capture',
  intervals: [{ fromMs: -Infinity, toMs: Infinity }],
  contains: () => true,
};

/**
 * The moments whose timeline label satisfies `inside`. Labels change only at event times, so the window is the union
 * of the segments between consecutive events where the predicate holds (an event counts from its own millisecond on).
 */
export function windowWhere(
  label: string, eventTimesMs: readonly number[], labelAt: (ms: number) => PhaseLabel, inside: (l: PhaseLabel) => boolean,
): Window {
  const cuts = [...new Set(eventTimesMs.filter((t) => Number.isFinite(t)))].sort((a, b) => a - b);
  const intervals: { fromMs: number; toMs: number }[] = [];
  const starts = [-Infinity, ...cuts];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    const probe = Number.isFinite(from) ? from : (cuts[0] ?? 0) - 1;
    if (!inside(labelAt(probe))) continue;
    const last = intervals[intervals.length - 1];
    if (last && last.toMs === from) last.toMs = to;
    else intervals.push({ fromMs: from, toMs: to });
  }
  return {
    label,
    intervals,
    contains: (ms) => !Number.isFinite(ms) || intervals.some((iv) => ms >= iv.fromMs && ms < iv.toMs),
  };
}

/** The window as the report states it: ISO bounds, null for open ends. */
export function windowInfo(w: Window): { label: string; intervals: { from: string | null; to: string | null }[] } {
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  return { label: w.label, intervals: w.intervals.map((iv) => ({ from: iso(iv.fromMs), to: iso(iv.toMs) })) };
}

function overlaps(w: Window, fromMs: number, toMs: number): boolean {
  if (!Number.isFinite(fromMs) && !Number.isFinite(toMs)) return true;
  const lo = Number.isFinite(fromMs) ? fromMs : -Infinity;
  const hi = Number.isFinite(toMs) ? toMs : Infinity;
  return w.intervals.some((iv) => lo < iv.toMs && hi >= iv.fromMs);
}

// ---- blind spots ----

/** One unreadable exchange (or a per-host group when only the aggregate is known). */
export interface Unreadable {
  kind: BlindSpotKind;
  host: string;
  /** null: the whole exchange was unseen. */
  side: 'request' | 'response' | null;
  count: number;
  bytes: number;
  /** Time range; NaN when unknown (then it may lie anywhere). */
  fromMs: number;
  toMs: number;
  /** The response's declared type, when the exchange is known. */
  responseType: string | null | undefined;
}

/** What a claim's missing evidence is: data the device sent, or something a server handed to the device. */
export interface Hides {
  what: 'sent' | 'received';
  /** Smallest measured unreadable payload that could hold the data (e.g. media); smaller ones are set aside. */
  minBytes?: number;
  /** Words for the data, in "too small to hold …". */
  dataWords?: string;
  /** Why a host does not matter to this claim (e.g. "to a first-party host"), or null when it does. */
  hostSetAside?: (host: string) => string | null;
}

/** Media, fonts and style sheets are not where a server hands a device an identifier. */
const NON_CARRIER_RESPONSE = /^(image|video|audio|font)\/|^text\/css$/;

/** Why an unreadable exchange cannot bear on the claim, or null when it could hide the evidence. */
export function setAsideReason(u: Unreadable, w: Window, hides: Hides): string | null {
  const host = hides.hostSetAside?.(u.host) ?? null;
  if (host !== null) return host;
  if (!overlaps(w, u.fromMs, u.toMs)) return 'outside the window';
  if (hides.what === 'sent' && u.side === 'response') return 'response side: it cannot hide what the device sent';
  if (hides.what === 'received' && u.side === 'request') return 'request side: it cannot hide what a server handed out';
  if (hides.what === 'received' && u.responseType && NON_CARRIER_RESPONSE.test(u.responseType)) {
    return `a response body of type ${u.responseType}: not where an identifier is handed out`;
  }
  // For a per-host group only the total is known: it is set aside only when even the total is too small.
  if (hides.minBytes !== undefined && u.kind === 'opaque-payload' && u.bytes > 0 && u.bytes < hides.minBytes) {
    return `too small to hold ${hides.dataWords ?? 'the data'}`;
  }
  return null;
}

/** One entry per (host, kind, side), counts and bytes summed: a report lists "12 exchanges to x", not twelve lines. */
export function groupUnreadable(items: readonly Unreadable[]): Unreadable[] {
  const groups = new Map<string, Unreadable>();
  for (const u of items) {
    const key = `${u.host}\u0000${u.kind}\u0000${u.side ?? ''}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { ...u });
    else {
      g.count += u.count;
      g.bytes += u.bytes;
    }
  }
  return [...groups.values()].sort((a, b) => cmp(a.host, b.host) || cmp(a.kind, b.kind) || cmp(a.side ?? '', b.side ?? ''));
}

export function describeUnreadable(u: Unreadable): string {
  const size = u.bytes > 0 ? `, ${formatBytes(u.bytes)}` : '';
  const side = u.side ? ` in the ${u.side}` : '';
  return `readable content of ${plural(u.count, 'exchange')} to ${u.host} (${u.kind}${side}${size})`;
}

/** At most this many hosts are named one per line; past it, one line per kind of blind spot lists the hosts. */
const HOSTS_PER_LINE = 3;

/**
 * What unreadable traffic is missing, one line per host — or, when many hosts share one kind of blind spot (a browser
 * export that kept no response bodies), one line for the kind that names the hosts, most exchanges first.
 */
export function describeMissingUnreadable(items: readonly Unreadable[]): string[] {
  const groups = groupUnreadable(items);
  const byKind = new Map<string, Unreadable[]>();
  for (const g of groups) {
    const key = `${g.kind}\u0000${g.side ?? ''}`;
    byKind.set(key, [...(byKind.get(key) ?? []), g]);
  }
  const lines: string[] = [];
  for (const list of byKind.values()) {
    if (list.length <= HOSTS_PER_LINE) {
      lines.push(...list.map(describeUnreadable));
      continue;
    }
    const first = list[0]!;
    const count = list.reduce((n, u) => n + u.count, 0);
    const bytes = list.reduce((n, u) => n + u.bytes, 0);
    const hosts = [...list].sort((a, b) => b.count - a.count || cmp(a.host, b.host)).map((u) => u.host);
    lines.push(`readable content of ${plural(count, 'exchange')} to ${plural(list.length, 'host')} (${first.kind}${first.side ? ` in the ${first.side}` : ''}` +
      `${bytes > 0 ? `, ${formatBytes(bytes)}` : ''}): ${listOf(hosts, 5)}`);
  }
  return lines;
}

/** "1 opaque-payload to a.example (640 bytes; outside the window)" per (kind, host, reason), summed. */
export function describeSetAside(items: readonly { u: Unreadable; reason: string }[]): string {
  const groups = new Map<string, { kind: string; host: string; reason: string; count: number; bytes: number }>();
  for (const { u, reason } of items) {
    const key = `${u.kind}\u0000${u.host}\u0000${reason}`;
    const g = groups.get(key) ?? { kind: u.kind, host: u.host, reason, count: 0, bytes: 0 };
    g.count += u.count;
    g.bytes += u.bytes;
    groups.set(key, g);
  }
  const parts = [...groups.values()]
    .sort((a, b) => cmp(a.host, b.host) || cmp(a.kind, b.kind) || cmp(a.reason, b.reason))
    .map((g) => `${g.count} ${g.kind} to ${g.host} (${g.bytes > 0 ? `${formatBytes(g.bytes)}; ` : ''}${g.reason})`);
  return listOf(parts, 4);
}

// ---- what was observed ----

export interface WindowTraffic {
  exchanges: ObservedExchange[];
  hosts: string[];
  /** The capture spans the window: traffic inside it, or on both sides of every bounded stretch of it. */
  covered: boolean;
}

export function trafficIn(w: Window, exchanges: readonly ObservedExchange[]): WindowTraffic {
  const inside = exchanges.filter((e) => w.contains(e.timeMs));
  const hosts = [...new Set(inside.map((e) => e.host))].sort(cmp);
  if (inside.length > 0) return { exchanges: inside, hosts, covered: true };
  const times = exchanges.map((e) => e.timeMs).filter((t) => Number.isFinite(t));
  const first = times.length > 0 ? times.reduce((a, b) => Math.min(a, b)) : NaN;
  const last = times.length > 0 ? times.reduce((a, b) => Math.max(a, b)) : NaN;
  // An app may well be silent in a window, but only a capture that ran through it shows that.
  const spanned = w.intervals.length > 0 && w.intervals.every((iv) =>
    Number.isFinite(iv.fromMs) && Number.isFinite(iv.toMs) && first < iv.fromMs && last >= iv.toMs);
  return { exchanges: inside, hosts, covered: spanned };
}

/**
 * "In that window the capture holds 3 exchanges, to 2 hosts (a and b)." — or, for the whole capture, "In all, …".
 * An empty window the capture ran through is said to be empty, with the reason it counts.
 */
export function trafficSentence(w: Window, t: WindowTraffic): string {
  const lead = w === WHOLE_CAPTURE ? 'In all,' : 'In that window';
  if (t.exchanges.length === 0) {
    return t.covered ? ` ${lead} the capture holds no exchange, and traffic before and after it shows the capture was running.` : '';
  }
  const perHost = new Map<string, number>();
  for (const e of t.exchanges) perHost.set(e.host, (perHost.get(e.host) ?? 0) + 1);
  const busiest = [...perHost.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([h, n]) => (perHost.size > 1 ? `${h} ${n}` : h));
  return ` ${lead} the capture holds ${plural(t.exchanges.length, 'exchange')}, to ${plural(t.hosts.length, 'host')} (${perHost.size > 1 ? 'most first: ' : ''}${listOf(busiest, 5)}).`;
}
