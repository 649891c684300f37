/** What every claim evaluator reads: the input, each finding placed on the timeline, and shared verdict helpers. */
import { createTimeline, type PhaseLabel, type Timeline, type TesterEvent } from '../../timeline/index.js';
import type { ReportBlindSpot, ReportDestination, ReportFinding } from '../../model.js';
import type { Claim, ClaimId } from '../types.js';
import type { AssessInput } from '../input.js';
import { compareFindingIds, formatBytes, plural, sortedIds } from '../text.js';
import { cmp } from '../../util/compare.js';

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
  };
}

export const NO_EVENTS = 'tester events (install, consent, signup, record/next/post, background) to place the traffic in time';

/** Blind spots to the hosts a claim cares about, in a stable order. */
export function blindSpotsWhere(ctx: ClaimContext, hostMatters: (host: string) => boolean = () => true): ReportBlindSpot[] {
  return ctx.input.blindSpots
    .filter((b) => hostMatters(b.host))
    .sort((a, b) => cmp(a.host, b.host) || cmp(a.kind, b.kind));
}

export function describeBlindSpot(b: ReportBlindSpot): string {
  return `readable content of ${plural(b.count, 'exchange')} to ${b.host} (${b.kind}, ${formatBytes(b.bytes)})`;
}

export function supported(id: ClaimId, findings: readonly ReportFinding[], summary: string, extra: Partial<Claim> = {}): Claim {
  return { id, verdict: 'supported', findings: sortedIds(findings), summary, ...extra };
}

export function inconclusive(id: ClaimId, summary: string, missing: string[], findings: readonly ReportFinding[] = []): Claim {
  return { id, verdict: 'inconclusive', findings: sortedIds(findings), summary, missing };
}

/**
 * The verdict when nothing supports a claim: "not supported" only if nothing could be hiding the evidence.
 * Weak matches and unreadable traffic each make the answer "inconclusive" and are named as what is missing.
 */
export function unsupportedOrInconclusive(
  id: ClaimId, opts: {
    weak: readonly ReportFinding[];
    blind: readonly ReportBlindSpot[];
    notSupported: string;
    question: string;
    otherMissing?: string[];
  },
): Claim {
  const missing = [...(opts.otherMissing ?? [])];
  if (opts.weak.length > 0) {
    missing.push(`stronger evidence than the ${plural(opts.weak.length, 'possible match', 'possible matches')} (${sortedIds(opts.weak).join(', ')})`);
  }
  missing.push(...opts.blind.map(describeBlindSpot));
  if (missing.length === 0) return { id, verdict: 'not-supported', findings: [], summary: opts.notSupported };
  const why = `${opts.notSupported} That does not settle ${opts.question}: ${missing.join('; ')} would be needed.`;
  return inconclusive(id, why, missing, opts.weak);
}
