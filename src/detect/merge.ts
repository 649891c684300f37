/**
 * One finding per value (issue #10 item 5). Detector families look at the same bytes independently: the profile's IMEI
 * under "device_id" is a known value (device.imei), a Luhn-valid 15-digit run (device.imei again) and a value under a
 * device-id key (device.sdk_id). The same value at the same place — same exchange, same evidence path, same byte span
 * — is ONE finding: the most specific one, with the other data types it also matched in `alsoMatches`.
 *
 * "Most specific", in this order (the first difference decides):
 *  1. how it was matched: a known value of the profile (known-value) beats a shape (pattern), which beats a key name
 *     (key), which beats a heuristic (heuristic) and a media sniff (media);
 *  2. what it names: a specific data type beats a catch-all one (custom.*, device.sdk_id, tracking.id);
 *  3. confidence: confirmed, then likely, then possible;
 *  4. ties: the data type id in byte order, then the detector name (so the choice never depends on input order).
 */
import { cmp } from '../util/compare.js';
import type { Confidence, DataTypeId, Finding, MatchKind } from './types.js';

const MATCH_RANK: Record<MatchKind, number> = { 'known-value': 0, sync: 1, pattern: 2, key: 3, heuristic: 4, media: 5 };
const CONFIDENCE_RANK: Record<Confidence, number> = { confirmed: 0, likely: 1, possible: 2 };

/** Data types that say less than any specific one: a profile's custom value, an SDK's own id, a tracker id. */
export function isCatchAllType(dataType: DataTypeId): boolean {
  return dataType.startsWith('custom.') || dataType === 'device.sdk_id' || dataType === 'tracking.id';
}

/** Negative when `a` is more specific than `b` (see the order above). */
export function compareSpecificity(a: Finding, b: Finding): number {
  return MATCH_RANK[a.match] - MATCH_RANK[b.match]
    || Number(isCatchAllType(a.dataType)) - Number(isCatchAllType(b.dataType))
    || CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence]
    || cmp(a.dataType, b.dataType)
    || cmp(a.detector, b.detector);
}

/** Where a finding's bytes are: exchange, evidence path and byte span. */
function placeOf(f: Finding): string {
  return `${f.source.input}:${f.source.index}\u0000${f.path}\u0000${f.offset}\u0000${Buffer.byteLength(f.matched, 'utf8')}`;
}

/**
 * Findings grouped by place; each group becomes its most specific finding, carrying the other groups' data types
 * (sorted, without its own) in alsoMatches. Findings alone at their place are returned unchanged. Order of the
 * returned list follows the first occurrence of each place.
 */
export function mergeSameValue(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = placeOf(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const [best, ...rest] = [...group].sort(compareSpecificity);
    const also = new Set<DataTypeId>(best!.alsoMatches ?? []);
    for (const f of rest) {
      also.add(f.dataType);
      for (const t of f.alsoMatches ?? []) also.add(t);
    }
    also.delete(best!.dataType);
    out.push(also.size === 0 ? best! : { ...best!, alsoMatches: [...also].sort(cmp) });
  }
  return out;
}
