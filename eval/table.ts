/**
 * Scores EvalCases against a report's findings: rows per data type and per encoding family with n, TP, FP, FN,
 * precision and recall, the decoys hit, and the misses — the table `npm run eval` prints and checks against floors.
 *
 * Rules (docs/accuracy.md repeats them):
 *  - A positive case is recalled (TP) when a finding on its HAR entry carries its data type — in known mode only
 *    findings with match "known-value" count, and when the case names a transform the finding must report it
 *    (score.ts transformMatches). Otherwise it is a miss (FN).
 *  - A finding on a labelled entry that recalls no case there is a false positive (FP), unless its data type is one
 *    the case `accepts`; in known mode only known-value findings are looked at. Duplicates (same entry, data type,
 *    path) count once. An FP is charged to its own data type's row and to the family of the entry's case.
 *  - A decoy entry holds one look-alike and filler: every finding there that the mode looks at is a decoy hit (and an
 *    FP), except findings of a type the decoy `accepts` (a profile photo to a non-face endpoint is still an image).
 *    One decoy hit fails the evaluation.
 */
import type { EvalCase, EvalMode } from './cases.js';
import { transformMatches, type ScoredFinding } from './score.js';

export interface TableRow {
  /** Section id ("oov", "sdk-keys", ...). */
  section: string;
  mode: EvalMode;
  /** "dataType" or "family". */
  axis: 'dataType' | 'family';
  key: string;
  /** Positive cases. */
  n: number;
  tp: number;
  fp: number;
  fn: number;
  /** Decoy cases and the findings that landed on them. */
  decoys: number;
  decoyHits: number;
  precision: number | null;
  recall: number | null;
}

export interface CaseMiss {
  case: EvalCase;
  /** Findings of any type on the entry, for diagnosis. */
  found: string[];
}

export interface CaseFalsePositive {
  case: EvalCase;
  finding: ScoredFinding;
}

export interface SectionScore {
  section: string;
  mode: EvalMode;
  rows: TableRow[];
  misses: CaseMiss[];
  falsePositives: CaseFalsePositive[];
  decoyHits: CaseFalsePositive[];
}

interface Counts {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  decoys: number;
  decoyHits: number;
}

function emptyCounts(): Counts {
  return { n: 0, tp: 0, fp: 0, fn: 0, decoys: 0, decoyHits: 0 };
}

function looked(mode: EvalMode, f: ScoredFinding): boolean {
  return mode === 'generic' || f.match === 'known-value';
}

function recalls(c: EvalCase, f: ScoredFinding): boolean {
  if (f.dataType !== c.dataType) return false;
  return c.transform === undefined || transformMatches(c.transform, f);
}

function describe(f: ScoredFinding): string {
  return `${f.dataType} ${f.match}/${f.confidence} [${f.transform.join(',')}] @ ${f.path}`;
}

export function scoreCases(section: string, mode: EvalMode, cases: readonly EvalCase[], findings: readonly ScoredFinding[], input = 0): SectionScore {
  const mine = cases.filter((c) => c.mode === mode);
  const byEntry = new Map<number, ScoredFinding[]>();
  for (const f of findings) {
    if (f.source.input !== input || !looked(mode, f)) continue;
    const list = byEntry.get(f.source.index);
    if (list) list.push(f);
    else byEntry.set(f.source.index, [f]);
  }
  const byType = new Map<string, Counts>();
  const byFamily = new Map<string, Counts>();
  const bump = (table: Map<string, Counts>, key: string, field: keyof Counts) => {
    let row = table.get(key);
    if (!row) table.set(key, (row = emptyCounts()));
    row[field]++;
  };
  const misses: CaseMiss[] = [];
  const falsePositives: CaseFalsePositive[] = [];
  const decoyHits: CaseFalsePositive[] = [];

  for (const c of mine) {
    const onEntry = byEntry.get(c.entry) ?? [];
    if (c.kind === 'positive') {
      bump(byType, c.dataType, 'n');
      bump(byFamily, c.family, 'n');
      const hit = onEntry.some((f) => recalls(c, f));
      bump(byType, c.dataType, hit ? 'tp' : 'fn');
      bump(byFamily, c.family, hit ? 'tp' : 'fn');
      if (!hit) misses.push({ case: c, found: onEntry.map(describe).sort() });
    } else {
      bump(byType, c.dataType, 'decoys');
      bump(byFamily, c.family, 'decoys');
    }
    const seen = new Set<string>();
    for (const f of onEntry) {
      if ((c.kind === 'positive' && recalls(c, f)) || (c.accepts ?? []).includes(f.dataType)) continue;
      const key = `${f.dataType}\u0000${f.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      bump(byType, f.dataType, 'fp');
      bump(byFamily, c.family, 'fp');
      falsePositives.push({ case: c, finding: f });
      if (c.kind === 'decoy') {
        bump(byType, c.dataType, 'decoyHits');
        bump(byFamily, c.family, 'decoyHits');
        decoyHits.push({ case: c, finding: f });
      }
    }
  }
  const rows = [
    ...rowsOf(section, mode, 'dataType', byType),
    ...rowsOf(section, mode, 'family', byFamily),
  ];
  return { section, mode, rows, misses, falsePositives, decoyHits };
}

function rowsOf(section: string, mode: EvalMode, axis: TableRow['axis'], table: Map<string, Counts>): TableRow[] {
  return [...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, c]) => ({
    section, mode, axis, key, ...c,
    precision: c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp),
    recall: c.n === 0 ? null : c.tp / c.n,
  }));
}
