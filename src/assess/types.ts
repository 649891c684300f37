/** Data model of the assess stage: claims, law mapping, policy. */
import type { SourceRef } from '../ingest/types.js';
import type { Confidence, DataTypeId } from '../detect/types.js';
import type { Phase } from '../timeline/types.js';

export const CLAIM_IDS = [
  'pre-consent-collection', 'identifier-assigned-before-signup', 'unposted-media-upload', 'biometric-collection',
  'transfer-to-country-of-concern', 'controller-in-country-of-concern', 'third-party-sdk-collection',
  'background-collection', 'data-after-decline',
] as const;
export type ClaimId = (typeof CLAIM_IDS)[number];
export type Verdict = 'supported' | 'not-supported' | 'inconclusive';

export interface Claim {
  id: ClaimId;
  verdict: Verdict;
  /** Report finding ids ("f3") that support the verdict. */
  findings: string[];
  /** One plain-English paragraph. */
  summary: string;
  /** What evidence is missing, when inconclusive. */
  missing?: string[];
  /** Exchanges that carry evidence without a finding of their own (an id handed out in a response, an upload). */
  exchanges?: SourceRef[];
  /** The stretch of the session the claim is about (before consent, in the background, ...), on the capture clock. */
  window?: ClaimWindowInfo;
  /** What the capture holds in that window: the basis of a "not supported" (present when the exchanges were known). */
  observed?: ClaimObservation;
}

export interface ClaimWindowInfo {
  /** "before the first consent decision (accepted at …)", "the whole capture". */
  label: string;
  /** Time ranges, ISO on the capture clock; null = open (from the capture's start / to its end). */
  intervals: { from: string | null; to: string | null }[];
}

export interface ClaimObservation {
  /** Exchanges in the window, and the distinct hosts they went to. */
  exchanges: number;
  hosts: number;
  /** Whether the capture spans the window (traffic in it, or on both sides of it). */
  covered: boolean;
  /** Unreadable exchanges that could hide the evidence (they make the verdict inconclusive). */
  blindSpots: number;
  /** Unreadable exchanges set aside: outside the window, on the other side of the exchange, or too small to matter. */
  setAside: number;
}

/** One exchange in brief, as assessment needs it to say what was observed in a window. */
export interface ObservedExchange {
  source: SourceRef;
  /** Time of the request, epoch milliseconds (a number: one record per exchange is kept, so it stays small). */
  timeMs: number;
  host: string;
  /** The request travelled encrypted (https, wss). */
  secure: boolean;
  /** Cookies the response set (Set-Cookie). */
  setCookies: number;
  /** Declared response MIME type, lower-case without parameters; null when unknown or no response. */
  responseType: string | null;
}

/** What detection searched for, so that a claim can say what was (and was not) looked at. */
export interface SearchScope {
  /** Data types the device profile supplied values for (empty without a profile). */
  profileTypes: DataTypeId[];
  /** Whether the profile-free detectors ran. */
  generic: boolean;
}

/** What the tester knows about the user, beyond the values searched for. */
export interface ProfileContext {
  /** The account holder is a child under 13 (COPPA). */
  child?: boolean;
}

/** A legal rule a finding or destination touches (facts, never "illegal"). */
export interface LawReference {
  /** Regime id: "us-28cfr202", "us-padfa", "il-bipa", "us-coppa", "ca-cpra", "eu-gdpr". */
  regime: string;
  /** Rule id within the regime: "202.234-listed-identifier", "art9", ... */
  rule: string;
  /** Short statement of what the rule covers and why this finding touches it. */
  note: string;
  source: string;
}

/**
 * A data-type pattern in a policy: an exact id ("device.imei", "custom.loyalty_id"), a family ("device.*") or "*".
 */
export type DataTypePattern = string;

/** Which country of a destination a policy's countries/countrySets are compared with. */
export type CountryOf = 'server' | 'controller' | 'any';

export interface PolicyRule {
  id: string;
  description?: string;
  /** Every condition given must hold (AND); within one list any entry may match (OR). */
  deny: {
    dataTypes?: DataTypePattern[];
    phases?: Phase[];
    countries?: string[];
    /** Country sets by name: "countries-of-concern" (28 CFR 202.601), "padfa-foreign-adversaries". */
    countrySets?: string[];
    /** server: serverCountry; controller: entity or parent country; any (default): either. */
    countryOf?: CountryOf;
    /** Entity ids or names (case-insensitive); a parent's name matches its subsidiaries. */
    entities?: string[];
    categories?: string[];
    /** Host names; "umeng.com" also matches "ulogs.umeng.com". */
    hosts?: string[];
    party?: 'first' | 'third';
    /** Findings below this confidence are ignored; default "likely". */
    minConfidence?: Confidence;
  };
}

export interface Policy {
  name: string;
  description?: string;
  /** Deny rules over findings (empty when the policy only limits declarations). */
  rules: PolicyRule[];
  /** Most declaration statements allowed per verdict (`contradicted: 0` fails on any contradiction). */
  declarations?: { contradicted?: number; unverifiable?: number };
}

export interface Violation {
  rule: string;
  /** The finding that violates the rule; for a declaration limit, the first finding the statement cites ("" if none). */
  finding: string;
  /** For a declaration limit: index into Report.declarations. */
  declaration?: number;
  message: string;
  /** Facts of the finding, so that renderers (SARIF, CI logs) need not look it up again. */
  host?: string;
  dataType?: string;
  phase?: Phase;
  confidence?: Confidence;
  source?: SourceRef;
  path?: string;
  /** The rule's description from the policy, when it has one. */
  description?: string;
}
