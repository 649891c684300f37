/** Data model of the assess stage: claims, law mapping, policy. */
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

export interface PolicyRule {
  id: string;
  description?: string;
  deny: {
    dataTypes?: DataTypeId[];
    phases?: Phase[];
    countries?: string[];
    /** Country sets by name: "countries-of-concern" (28 CFR 202.601), "padfa-foreign-adversaries". */
    countrySets?: string[];
    entities?: string[];
    categories?: string[];
    party?: 'first' | 'third';
    minConfidence?: Confidence;
  };
}

export interface Policy {
  name: string;
  rules: PolicyRule[];
}

export interface Violation {
  rule: string;
  finding: string;
  message: string;
}
