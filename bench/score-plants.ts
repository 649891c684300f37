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
  /** Evidence path ("request.url|query:device_imei|base64"): its layers say what decode undid. */
  path: string;
}

export interface PlantScore {
  planted: number;
  found: number;
  /** Plants no finding matched, as "entry N field (transform)". */
  missed: string[];
  /** Confirmed findings that match no plant. */
  unplanted: number;
}

/** Decode layers of an evidence path: "request.body|gzip|json:$.a|base64" → gzip, json, base64. */
function layersOf(path: string): string[] {
  return path.split('|').slice(1).map((step) => step.split(':')[0]!);
}

/**
 * Whether a finding reports a plant. An encoding the app applied (base64) shows either as a transform or, when decode
 * opened it, as a layer of the path; a digest only as a transform. A finding may not claim a transform not planted.
 */
function reports(finding: FindingLike, plant: PlantRecord, fieldOf: (plant: PlantRecord) => string): boolean {
  if (finding.source.index !== plant.entry || finding.field !== fieldOf(plant)) return false;
  const seen = new Set([...finding.transform, ...layersOf(finding.path)]);
  return plant.transform.every((t) => seen.has(t)) && finding.transform.every((t) => plant.transform.includes(t));
}

const describe = (p: PlantRecord) => `${p.entry} ${p.field} (${p.transform.join('+') || 'plain'})`;

/**
 * `fieldOf` names the finding field a plant should produce: the profile path for device and account values, the
 * custom value's type for custom ones (the report names custom values by type: "custom.bench").
 */
export function scorePlants(findings: readonly FindingLike[], plants: readonly PlantRecord[],
  fieldOf: (plant: PlantRecord) => string = (p) => p.field): PlantScore {
  const confirmed = findings.filter((f) => f.confidence === 'confirmed');
  const missed = plants.filter((p) => !confirmed.some((f) => reports(f, p, fieldOf))).map(describe).sort();
  return {
    planted: plants.length,
    found: plants.length - missed.length,
    missed,
    unplanted: confirmed.filter((f) => !plants.some((p) => reports(f, p, fieldOf))).length,
  };
}

/** fieldOf for a bench profile: custom[N] plants are reported under profile.custom[N].type. */
export function profileFields(profile: { custom?: { type: string }[] }): (plant: PlantRecord) => string {
  return (plant) => {
    const custom = /^custom\[(\d+)\]$/.exec(plant.field);
    return custom ? profile.custom?.[Number(custom[1])]?.type ?? plant.field : plant.field;
  };
}
