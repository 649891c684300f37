/**
 * The detect stage's door. Composes the detector families (known values from a device profile; generic patterns,
 * key names, media and opaque payloads) into one ExchangeDetector, and resolves overlaps between them.
 */
import type { DecodedExchange } from '../decode/types.js';
import type { Detection, DeviceProfile, ExchangeDetector, Finding } from './types.js';
import { createKnownValueDetector, KnownValueDetector } from './known/index.js';
import { createGenericDetector } from './generic/index.js';
import { mergeSameValue } from './merge.js';

export type * from './types.js';
export { DATA_TYPES } from './types.js';
export { loadProfile, parseProfile, knownValuesOf } from './known/index.js';
export { compareSpecificity, isCatchAllType, mergeSameValue } from './merge.js';
export { ID_ASSIGNMENT_SCOPE } from './generic/index.js';

/**
 * Every string the known-value search looks for with this profile (spellings, encodings, digests; sorted): what a
 * raw scanner such as `rg -F -f` must be given to look for the same things (the benchmark's reference).
 */
export function profileSearchStrings(profile: DeviceProfile): string[] {
  return new KnownValueDetector(profile).searchedStrings();
}

export interface DetectorOptions {
  /** Known values of the test device and account; without it only generic detectors run. */
  profile?: DeviceProfile | null;
  /** Run the profile-free detectors (default true). */
  generic?: boolean;
  /** Region hints for phone-number parsing ("US", "CN"). */
  regionHints?: string[];
  /**
   * Say which exchanges depend on the run's state (Detection.runState). Only a detection thread of a run on several
   * threads needs it: working it out reads every body's upload fields, which a run on one thread need not do.
   */
  markRunState?: boolean;
}

export function createDetector(options: DetectorOptions = {}): ExchangeDetector {
  const families: ExchangeDetector[] = [];
  if (options.profile) families.push(createKnownValueDetector(options.profile));
  if (options.generic !== false) families.push(createGenericDetector({ regionHints: options.regionHints, markRunState: options.markRunState }));
  const detect = (decoded: DecodedExchange): Detection => {
    const all: Detection = { findings: [], signals: [], blindSpots: [] };
    for (const detect of families) {
      const d = detect(decoded);
      all.findings.push(...d.findings);
      all.signals.push(...d.signals);
      all.blindSpots.push(...d.blindSpots);
      if (d.candidates && d.candidates.length > 0) (all.candidates ??= []).push(...d.candidates);
      if (d.runState) all.runState = true;
    }
    all.findings = dropWeakerDuplicates(mergeSameValue(all.findings));
    return all;
  };
  // A leaf can be left out only when every family ignores it; generic detectors read every view (key names, media).
  const ignoresLeaf = families.length === 1 && options.generic === false ? families[0]!.ignoresLeaf ?? null : null;
  return Object.assign(detect, { ignoresLeaf });
}

const CONFIDENCE_RANK = { confirmed: 0, likely: 1, possible: 2 } as const;

/**
 * After merging findings of the same bytes (merge.ts), a generic finding may still repeat a known value's data type at
 * the same path over other bytes (an IMEI inside a longer value found by the profile, and the whole value by a key).
 * Keep only the strongest finding per (view path, data type), so one leak is one finding.
 */
function dropWeakerDuplicates(findings: Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  const kept: Finding[] = [];
  for (const f of findings) {
    if (f.confidence === 'confirmed') {
      kept.push(f);
      continue;
    }
    const key = `${f.path}\u0000${f.dataType}`;
    const prev = best.get(key);
    if (!prev || CONFIDENCE_RANK[f.confidence] < CONFIDENCE_RANK[prev.confidence]) best.set(key, f);
  }
  const confirmedKeys = new Set(kept.map((f) => `${f.path}\u0000${f.dataType}`));
  for (const [key, f] of best) if (!confirmedKeys.has(key)) kept.push(f);
  return kept;
}
