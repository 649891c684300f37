/**
 * Scores a report against labels.
 *
 * Rules (docs/accuracy.md repeats them):
 *  - A label is recalled when a finding on the same entry has the same data type and — for known values — the
 *    same transform. A finding's transform is compared after adding the value encodings the decoder peeled off at
 *    the end of its evidence path (`json:$.imei|base64` + [] = ["base64"]), after mapping detector vocabulary to
 *    ours (TRANSFORM_ALIASES), and loosely: hex letter case after a digest, and base64 vs base64url, are
 *    representation details.
 *  - A finding is a false positive when no label on its entry matches it. Not counted as false positives but as
 *    "tolerated": a known-value finding of the right data type with another transform (the label is then a miss),
 *    and a generic finding of a data type the label `accepts`. Duplicates (same entry, data type, transform,
 *    path) count once.
 *  - Every confirmed finding on an entry that carries a decoy label is a decoy hit.
 * Known-value scoring looks only at findings with match "known-value"; generic scoring looks at the entries of
 * the generic section (generic items and hard negatives) and at every finding there.
 */
import type { Label } from './labelled.js';

/** The part of a report finding the scorer needs (ReportFinding satisfies it). */
export interface ScoredFinding {
  source: { input: number; index: number };
  dataType: string;
  transform: string[];
  match: string;
  confidence: string;
  path: string;
  detector?: string;
  excerpt?: string;
}

export type EvalMode = 'known' | 'generic';

export interface Row {
  key: string;
  tp: number;
  fp: number;
  fn: number;
  tolerated: number;
}

export interface Miss {
  label: Label;
  /** Findings of the same data type on the entry (wrong transform), for diagnosis. */
  near: string[];
}

export interface Score {
  mode: EvalMode;
  labels: number;
  recalled: number;
  falsePositives: { finding: ScoredFinding; entry: number }[];
  tolerated: number;
  decoyHits: { finding: ScoredFinding; label: Label }[];
  decoyEntries: number;
  misses: Miss[];
  byDataType: Row[];
  byTransform: Row[];
  byLocation: Row[];
}

/** Detector transform words → label vocabulary. Extend when the known-value detector names a step differently. */
export const TRANSFORM_ALIASES: Record<string, string> = {
  url: 'url-encoded',
  urlencoded: 'url-encoded',
  percent: 'url-encoded',
  'base64-url': 'base64url',
  'no-separator': 'no-separators',
  nosep: 'no-separators',
  dashes: 'dash-separators',
  'dash-separated': 'dash-separators',
  upper: 'uppercase',
  lower: 'lowercase',
  'e.164': 'e164',
  'truncated16': 'truncated-16',
  'salted-sha-256': 'salted-sha256',
};

const DIGESTS = new Set(['md5', 'sha1', 'sha256', 'sha512', 'salted-sha256', 'truncated-16']);
/** Decoder layers that are encodings of one value (not containers): peeled-off transforms. */
const VALUE_ENCODING_LAYERS: Record<string, string> = {
  base64: 'base64', base64url: 'base64url', hex: 'hex', url: 'url-encoded', urlencoded: 'url-encoded', 'url-encoded': 'url-encoded',
};

export function canonicalTransform(transform: readonly string[]): string[] {
  return transform.map((t) => TRANSFORM_ALIASES[t.toLowerCase()] ?? t.toLowerCase());
}

/** Loose form: letter case of a digest's hex, and base64 vs base64url, do not change what was sent. */
export function looseTransform(transform: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of canonicalTransform(transform)) {
    const prev = out.at(-1);
    if ((t === 'uppercase' || t === 'lowercase') && prev !== undefined && DIGESTS.has(prev)) continue;
    out.push(t === 'base64url' ? 'base64' : t);
  }
  return out;
}

/** Value encodings the decoder peeled off at the end of the evidence path, innermost first. */
export function trailingEncodings(path: string): string[] {
  const layers = path.split('|').slice(1).map((layer) => layer.split(':')[0]!.toLowerCase());
  const trailing: string[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const encoding = VALUE_ENCODING_LAYERS[layers[i]!];
    if (!encoding) break;
    trailing.push(encoding);
  }
  return trailing;
}

/** Percent-encodings that belong to the location itself (a query value in the raw URL), not to the value. */
const LOCATION_ENCODINGS = new Set(['url-encoded', 'form-encoded']);

/**
 * The transforms a finding can stand for: as reported; with the encodings the decoder peeled off added; and, for a
 * match in a raw, undecoded view (`request.url`, `request.body`), without the final percent-encoding that the
 * query string or form body applies to every value.
 */
export function findingTransforms(f: ScoredFinding): string[][] {
  const own = canonicalTransform(f.transform);
  const candidates = [own];
  const trailing = trailingEncodings(f.path);
  if (trailing.length > 0) candidates.push([...own, ...trailing]);
  if (!f.path.includes('|') && own.length > 0 && LOCATION_ENCODINGS.has(own.at(-1)!)) candidates.push(own.slice(0, -1));
  return candidates;
}

export function transformKey(transform: readonly string[]): string {
  return transform.length === 0 ? 'plain' : transform.join('+');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function transformMatches(label: readonly string[], f: ScoredFinding): boolean {
  const wanted = canonicalTransform(label);
  const wantedLoose = looseTransform(label);
  return findingTransforms(f).some((t) => sameList(t, wanted) || sameList(looseTransform(t), wantedLoose));
}

function recalls(label: Label, f: ScoredFinding, mode: EvalMode): boolean {
  if (f.dataType !== label.dataType) return false;
  return mode === 'generic' || transformMatches(label.transform, f);
}

function isKnownDecoy(l: Label): boolean {
  return l.kind === 'decoy' && l.field !== null;
}

/** Which labels and findings a mode looks at. */
function scope(mode: EvalMode, labels: readonly Label[], findings: readonly ScoredFinding[], input: number) {
  const ofInput = findings.filter((f) => f.source.input === input);
  if (mode === 'known') {
    return {
      positives: labels.filter((l) => l.kind === 'known'),
      findings: ofInput.filter((f) => f.match === 'known-value'),
    };
  }
  const genericEntries = new Set(labels.filter((l) => l.kind === 'generic' || (l.kind === 'decoy' && !isKnownDecoy(l))).map((l) => l.entry));
  return {
    positives: labels.filter((l) => l.kind === 'generic'),
    findings: ofInput.filter((f) => genericEntries.has(f.source.index)),
  };
}

export function score(mode: EvalMode, labels: readonly Label[], findings: readonly ScoredFinding[], input = 0): Score {
  const scoped = scope(mode, labels, findings, input);
  const labelsByEntry = groupBy(labels, (l) => l.entry);
  const findingsByEntry = groupBy(scoped.findings, (f) => f.source.index);

  const misses: Miss[] = [];
  const rows = { dataType: new RowTable(), transform: new RowTable(), location: new RowTable() };
  let recalled = 0;
  for (const label of scoped.positives) {
    const onEntry = findingsByEntry.get(label.entry) ?? [];
    const hit = onEntry.some((f) => recalls(label, f, mode));
    const field = hit ? 'tp' : 'fn';
    rows.dataType.add(label.dataType, field);
    rows.transform.add(transformKey(label.transform), field);
    rows.location.add(label.location, field);
    if (hit) recalled++;
    else misses.push({ label, near: onEntry.filter((f) => f.dataType === label.dataType).map((f) => `${transformKey(f.transform)} @ ${f.path}`).sort() });
  }

  const falsePositives: Score['falsePositives'] = [];
  let tolerated = 0;
  const seen = new Set<string>();
  for (const f of scoped.findings) {
    const entry = f.source.index;
    const dedupe = `${entry}\u0000${f.dataType}\u0000${transformKey(f.transform)}\u0000${f.path}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const entryLabels = (labelsByEntry.get(entry) ?? []).filter((l) => l.kind === (mode === 'known' ? 'known' : 'generic'));
    if (entryLabels.some((l) => recalls(l, f, mode))) continue;
    // Known: the right value with a transform named differently (the label counts as missed, not as a false
    // accusation). Generic: a data type the label tolerates.
    const tolerates = mode === 'known'
      ? entryLabels.some((l) => l.dataType === f.dataType)
      : entryLabels.some((l) => (l.accepts ?? []).includes(f.dataType));
    if (tolerates) {
      tolerated++;
      rows.dataType.add(f.dataType, 'tolerated');
      continue;
    }
    falsePositives.push({ finding: f, entry });
    rows.dataType.add(f.dataType, 'fp');
    rows.transform.add(transformKey(canonicalTransform(f.transform)), 'fp');
    const location = entryLabels[0]?.location ?? (labelsByEntry.get(entry) ?? [])[0]?.location ?? 'unlabelled';
    rows.location.add(location, 'fp');
  }

  const decoyHits: Score['decoyHits'] = [];
  const decoyLabels = labels.filter((l) => l.kind === 'decoy' && (mode === 'known' ? true : !isKnownDecoy(l)));
  const allOfInput = findings.filter((f) => f.source.input === input);
  for (const label of decoyLabels) {
    for (const f of allOfInput) {
      if (f.source.index === label.entry && f.confidence === 'confirmed') decoyHits.push({ finding: f, label });
    }
  }

  return {
    mode, labels: scoped.positives.length, recalled, falsePositives, tolerated, decoyHits,
    decoyEntries: new Set(decoyLabels.map((l) => l.entry)).size, misses,
    byDataType: rows.dataType.rows(), byTransform: rows.transform.rows(), byLocation: rows.location.rows(),
  };
}

class RowTable {
  private readonly map = new Map<string, Row>();

  add(key: string, field: 'tp' | 'fp' | 'fn' | 'tolerated'): void {
    let row = this.map.get(key);
    if (!row) {
      row = { key, tp: 0, fp: 0, fn: 0, tolerated: 0 };
      this.map.set(key, row);
    }
    row[field]++;
  }

  rows(): Row[] {
    return [...this.map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** null when there is nothing to divide (no findings at all: precision undefined). */
export function precision(row: Pick<Row, 'tp' | 'fp'>): number | null {
  return row.tp + row.fp === 0 ? null : row.tp / (row.tp + row.fp);
}

export function recall(row: Pick<Row, 'tp' | 'fn'>): number | null {
  return row.tp + row.fn === 0 ? null : row.tp / (row.tp + row.fn);
}

export function totals(rows: readonly Row[]): Row {
  return rows.reduce((acc, r) => ({ key: 'total', tp: acc.tp + r.tp, fp: acc.fp + r.fp, fn: acc.fn + r.fn, tolerated: acc.tolerated + r.tolerated }),
    { key: 'total', tp: 0, fp: 0, fn: 0, tolerated: 0 });
}
