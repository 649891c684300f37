/** What every claim evaluator reads: the input, each finding placed on the timeline, and shared verdict helpers. */
import { createTimeline, type PhaseLabel, type Timeline, type TesterEvent } from '../../timeline/index.js';
import type { BlindSpotHit } from '../../detect/types.js';
import type { ReportBlindSpot, ReportDestination, ReportFinding } from '../../model.js';
import type { Claim, ClaimId, ObservedExchange, SearchScope } from '../types.js';
import type { AssessInput } from '../input.js';
import { compareFindingIds, listOf, plural, sortedIds } from '../text.js';
import { cmp } from '../../util/compare.js';
import {
  describeMissingUnreadable, describeSetAside, setAsideReason, trafficIn, trafficSentence, windowInfo, windowWhere,
  type Hides, type Unreadable, type Window,
} from './window.js';

export interface ClaimContext {
  input: AssessInput;
  hasEvents: boolean;
  timeline: Timeline;
  /** The full label of a moment (consent, background, signup and media facts kept apart). */
  label(timeIso: string): PhaseLabel;
  destination(host: string): ReportDestination | undefined;
  /** Findings that may support a claim: "confirmed" or "likely", sorted by id. */
  strong: ReportFinding[];
  /** "possible" findings: never enough to support a claim, enough to make "not supported" uncertain. */
  weak: ReportFinding[];
  /** Events of one kind on the capture clock, in time order. */
  eventsOf(kind: TesterEvent['kind'], value?: string): TesterEvent[];
  /** The moments whose timeline label satisfies `inside`, named `label`. */
  window(label: string, inside: (l: PhaseLabel) => boolean): Window;
  /** Every unreadable exchange (or per-host group), with its time and side when known. */
  unreadable: Unreadable[];
}

export type ClaimEvaluator = (ctx: ClaimContext) => Claim;

export function createClaimContext(input: AssessInput): ClaimContext {
  const timeline = createTimeline(input.events, { offsetMs: input.offsetMs });
  const destinations = new Map(input.destinations.map((d) => [d.host, d]));
  const sorted = [...input.findings].sort((a, b) => compareFindingIds(a.id, b.id));
  return {
    input,
    hasEvents: timeline.events.length > 0,
    timeline,
    label: (time) => timeline.label(Date.parse(time)),
    destination: (host) => destinations.get(host),
    strong: sorted.filter((f) => f.confidence !== 'possible'),
    weak: sorted.filter((f) => f.confidence === 'possible'),
    eventsOf: (kind, value) => timeline.events.filter((e) => e.kind === kind && (value === undefined || e.value === value)),
    window: (label, inside) => windowWhere(label, timeline.events.map((e) => Date.parse(e.at)), (ms) => timeline.label(ms), inside),
    unreadable: unreadableOf(input),
  };
}

const sourceKey = (s: { input: number; index: number }) => `${s.input}:${s.index}`;

const FLOW_KINDS: ReadonlySet<string> = new Set(['tls-undecrypted', 'quic', 'non-http-flow']);

/** Per exchange from the hits when the pipeline gave them; else the per-host aggregate with its time range. */
function unreadableOf(input: AssessInput): Unreadable[] {
  if (!input.blindSpotHits) return input.blindSpots.map(fromAggregate);
  const types = new Map((input.exchanges ?? []).map((e) => [sourceKey(e.source), e.responseType]));
  const byExchange = new Map<string, Unreadable>();
  for (const hit of input.blindSpotHits) {
    const key = `${hit.kind}\u0000${sourceKey(hit.source)}\u0000${hit.side ?? ''}`;
    const prev = byExchange.get(key);
    if (prev) prev.bytes = Math.max(prev.bytes, hit.bytes);
    else byExchange.set(key, fromHit(hit, types.get(sourceKey(hit.source))));
  }
  // Flows a pcap showed but nobody could read (no TLS keys, QUIC, other protocols) are not exchanges: they come as
  // aggregates with the time range they cover.
  const flows = input.blindSpots.filter((b) => FLOW_KINDS.has(b.kind)).map(fromAggregate);
  return [...byExchange.values(), ...flows].sort((a, b) => cmp(a.host, b.host) || cmp(a.kind, b.kind) || timeOrder(a.fromMs) - timeOrder(b.fromMs));
}

/** Unknown times (NaN) sort first, so the order stays total. */
const timeOrder = (ms: number) => (Number.isNaN(ms) ? -Infinity : ms);

function fromHit(hit: BlindSpotHit, responseType: string | null | undefined): Unreadable {
  const ms = hit.time === undefined ? NaN : Date.parse(hit.time);
  return { kind: hit.kind, host: hit.host, side: hit.side ?? null, count: 1, bytes: hit.bytes, fromMs: ms, toMs: ms, responseType };
}

function fromAggregate(b: ReportBlindSpot): Unreadable {
  return {
    kind: b.kind, host: b.host, side: b.side ?? null, count: b.count, bytes: b.bytes,
    fromMs: b.firstSeen ? Date.parse(b.firstSeen) : NaN, toMs: b.lastSeen ? Date.parse(b.lastSeen) : NaN, responseType: undefined,
  };
}

export const NO_EVENTS = 'tester events (install, consent, signup, record/next/post, background) to place the traffic in time';

export function supported(id: ClaimId, findings: readonly ReportFinding[], summary: string, extra: Partial<Claim> = {}): Claim {
  return { id, verdict: 'supported', findings: sortedIds(findings), summary, ...extra };
}

export function inconclusive(id: ClaimId, summary: string, missing: string[], findings: readonly ReportFinding[] = []): Claim {
  return { id, verdict: 'inconclusive', findings: sortedIds(findings), summary, missing };
}

/** "Searched for: …" — what detection looked at, so that "nothing found" says how hard it was looked for. */
export function searchedPhrase(s: SearchScope | undefined): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.profileTypes.length > 0) {
    parts.push(`the device profile's values (${listOf(s.profileTypes, 8)}) in plain, encoded, hashed and compressed forms`);
  }
  if (s.generic) {
    parts.push('profile-free detectors (e-mail, phone, IMEI, MAC, IP, advertising and device ids, coordinates, key names, lists, media, face data)');
  }
  if (parts.length === 0) return ' Nothing was searched for: no device profile was given and the profile-free detectors were off.';
  const noProfile = s.profileTypes.length === 0
    ? ' No device profile was given, so the device\'s own identifiers were recognised only by their shape or key name, never by value.'
    : '';
  return ` Searched for: ${parts.join('; and ')}.${noProfile}`;
}

const NOTHING_SEARCHED = 'a device profile or the profile-free detectors (nothing was searched for)';

/** The capture's first and last exchange, for "its exchanges run from … to …". */
function captureSpan(exchanges: readonly ObservedExchange[]): string {
  const times = exchanges.map((e) => e.timeMs).filter((t) => Number.isFinite(t));
  if (times.length === 0) return 'the capture holds no exchange at all';
  const iso = (ms: number) => new Date(ms).toISOString();
  return `its exchanges run from ${iso(times.reduce((a, b) => Math.min(a, b)))} to ${iso(times.reduce((a, b) => Math.max(a, b)))}`;
}

/**
 * The verdict when nothing supports a claim: "not supported" only when the capture spans the claim's window and
 * nothing in it could hide the evidence. Weak matches, unreadable traffic in the window that could carry the data,
 * and a window the capture does not reach each make it "inconclusive" and are named as what is missing. Blind spots
 * that cannot bear on the claim are set aside and said so; the summary states what the window held and what was
 * searched for.
 */
export function unsupportedOrInconclusive(
  ctx: ClaimContext, id: ClaimId, opts: {
    window: Window;
    hides: Hides;
    weak: readonly ReportFinding[];
    notSupported: string;
    question: string;
    otherMissing?: string[];
    /** Whether the claim rests on detection (findings): then "Searched for" is stated and an empty search is missing. */
    searched?: boolean;
  },
): Claim {
  const w = opts.window;
  const counted: Unreadable[] = [];
  const setAside: { u: Unreadable; reason: string }[] = [];
  for (const u of ctx.unreadable) {
    const reason = setAsideReason(u, w, opts.hides);
    if (reason === null) counted.push(u);
    else setAside.push({ u, reason });
  }
  const traffic = ctx.input.exchanges ? trafficIn(w, ctx.input.exchanges) : null;
  const missing = [...(opts.otherMissing ?? [])];
  const scope = ctx.input.searched;
  if (opts.searched !== false && scope && !scope.generic && scope.profileTypes.length === 0) missing.push(NOTHING_SEARCHED);
  if (traffic && !traffic.covered) {
    missing.push(`traffic from ${w.label}: the capture holds none (${captureSpan(ctx.input.exchanges ?? [])})`);
  }
  if (opts.weak.length > 0) {
    missing.push(`stronger evidence than the ${plural(opts.weak.length, 'possible match', 'possible matches')} (${sortedIds(opts.weak).join(', ')})`);
  }
  missing.push(...describeMissingUnreadable(counted));

  const observedText = traffic ? trafficSentence(w, traffic) : '';
  const searchedText = opts.searched === false ? '' : searchedPhrase(scope);
  const asideText = setAside.length > 0 ? ` Set aside as unable to bear on this: ${describeSetAside(setAside)}.` : '';
  const extra: Partial<Claim> = { window: windowInfo(w) };
  if (traffic) {
    extra.observed = {
      exchanges: traffic.exchanges.length, hosts: traffic.hosts.length, covered: traffic.covered,
      blindSpots: counted.reduce((n, u) => n + u.count, 0), setAside: setAside.reduce((n, x) => n + x.u.count, 0),
    };
  }
  if (missing.length === 0) {
    return { id, verdict: 'not-supported', findings: [], summary: `${opts.notSupported}${observedText}${searchedText}${asideText}`, ...extra };
  }
  const why = `${opts.notSupported}${observedText} That does not settle ${opts.question}: ${missing.join('; ')} would be needed.${asideText}`;
  return { ...inconclusive(id, why, missing, opts.weak), ...extra };
}
