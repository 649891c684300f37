/**
 * The shape every labelled evaluation case shares, whatever generator made it: one HAR entry carries one labelled
 * item (a positive the detectors must report, or a look-alike decoy they must not), plus filler.
 *
 * Generators that produce EvalCases (oov.ts, sdk-cases.ts) import NOTHING from src/: their labels are written from
 * SDK documentation, platform APIs and specifications (each case names its source), not from the detectors' own
 * vocabulary, so a detector cannot pass by agreeing with itself (issue #11).
 */
import type { HarEntry, RequestSpec } from './har.js';
import { harEntry } from './har.js';

/** Which detectors a case is for: profile-based known values, or the profile-free generic detectors. */
export type EvalMode = 'known' | 'generic';

export interface EvalCase {
  /** 0-based HAR entry index. */
  entry: number;
  kind: 'positive' | 'decoy';
  mode: EvalMode;
  /** Data-type id a finding must carry (for decoys: the type the look-alike imitates). */
  dataType: string;
  /** Encoding family ("raw-bytes", "utf-16", "keyed", ...): the second axis of the tables. */
  family: string;
  /** The exact form, in words ("UUID as 16 bytes, base64"). */
  form: string;
  /** Where it sits in the exchange, in words. */
  where: string;
  /** The original value (the profile's, or the generic item's). */
  value: string;
  /** The text as sent before the container wrapped it (binary forms: hex of the bytes). */
  planted: string;
  /** Why this form or key is real: SDK documentation, platform API, specification or capture (a URL). */
  source: string;
  /** Other data types a finding here may carry without being wrong about the bytes (a phone inside a contact list). */
  accepts?: string[];
  /**
   * Known-value transform the finding must report (labelled corpus only, vocabulary of eval/transforms.ts);
   * absent = any transform.
   */
  transform?: string[];
}

/** A case before it has an entry number. */
export type PlannedCase = Omit<EvalCase, 'entry'>;

export interface PlannedExchange {
  spec: RequestSpec;
  label: PlannedCase;
}

const SERVER_IPS = ['203.0.113.10', '203.0.113.24', '198.51.100.7', '198.51.100.19'];

/** Numbers the planned exchanges in order: entry i is one second after entry i-1 from `startMs`. */
export function materialize(planned: readonly PlannedExchange[], startMs: number): { entries: HarEntry[]; cases: EvalCase[] } {
  const entries: HarEntry[] = [];
  const cases: EvalCase[] = [];
  planned.forEach((p, index) => {
    entries.push(harEntry(p.spec, startMs + index * 1000, SERVER_IPS[index % SERVER_IPS.length]!));
    cases.push({ entry: index, ...p.label });
  });
  return { entries, cases };
}
