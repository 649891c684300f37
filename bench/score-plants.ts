/**
 * How many of the benchmark's planted values a report found: a plant counts only when a confirmed finding names its
 * exchange, its profile field and the transform it was planted with (planted.json, written by gen-har.ts). Confirmed
 * findings that match no plant are counted too: the generator plants nothing else, so each is a false positive.
 */
import type { PlantRecord } from './gen-har.js';

export interface FindingLike {
  source: { index: number };
  confidence: string;
  field?: string | null;
  transform: string[];
}

export interface PlantScore {
  planted: number;
  found: number;
  /** Plants no finding matched, as "entry N field (transform)". */
  missed: string[];
  /** Confirmed findings that match no plant. */
  unplanted: number;
}

const keyOf = (entry: number, field: string, transform: readonly string[]) => `${entry} ${field} (${transform.join('+') || 'plain'})`;

export function scorePlants(findings: readonly FindingLike[], plants: readonly PlantRecord[]): PlantScore {
  const confirmed = new Set(findings.filter((f) => f.confidence === 'confirmed').map((f) => keyOf(f.source.index, f.field ?? '', f.transform)));
  const plantKeys = new Set(plants.map((p) => keyOf(p.entry, p.field, p.transform)));
  const missed = [...plantKeys].filter((k) => !confirmed.has(k)).sort();
  return {
    planted: plantKeys.size,
    found: plantKeys.size - missed.length,
    missed,
    unplanted: [...confirmed].filter((k) => !plantKeys.has(k)).length,
  };
}
