/**
 * What assessment reads: the finished report model plus the session's facts. Kept apart from types.ts because it
 * depends on the report model (src/model.ts), which itself uses the claim and law types.
 */
import type { BlindSpotHit, DeviceProfile } from '../detect/types.js';
import type { TesterEvent } from '../timeline/types.js';
import type { ReportBlindSpot, ReportDestination, ReportFinding, ReportSignal } from '../model.js';
import type { ObservedExchange, ProfileContext, SearchScope } from './types.js';

/** Everything claims and law mapping look at: the finished findings and destinations plus the session's facts. */
export interface AssessInput {
  findings: ReportFinding[];
  destinations: ReportDestination[];
  signals: ReportSignal[];
  blindSpots: ReportBlindSpot[];
  events: TesterEvent[];
  profile: ProfileContext;
  /** The same --offset given to the timeline; findings are re-placed on the events to read every fact of a moment. */
  offsetMs?: number;
  /**
   * Every exchange in brief. With it, claims say what was observed in their window and whether the capture spans
   * it; without it (hand-built inputs) they judge from findings and blind spots alone.
   */
  exchanges?: ObservedExchange[];
  /**
   * Blind spots one by one, with their time and side: finer than the per-host `blindSpots`, which are used when these
   * are absent. A blind spot counts against a claim only inside the claim's window and when it could hide the data.
   */
  blindSpotHits?: BlindSpotHit[];
  /** What detection searched for (profile values, profile-free detectors). */
  searched?: SearchScope;
}

/**
 * The part of AssessInput that law mapping needs. Events are optional: without them no consent is known, which
 * rules that depend on consent (BIPA §15(b)) state as such.
 */
export type LawInput = Pick<AssessInput, 'findings' | 'destinations'> &
  Partial<Pick<AssessInput, 'events' | 'offsetMs'>> & {
    /** The profile context, or the whole device profile (its account.child is read). */
    profile?: ProfileContext | DeviceProfile | null;
  };

