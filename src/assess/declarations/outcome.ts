/** A checked statement: its verdict, the findings it rests on, why, what would settle it, and the store rules applied. */
import type { DeclarationResult, DeclarationVerdict, ReportFinding } from '../../model.js';
import { sortedIds } from '../text.js';
import { loadStoreTypes } from './store-types.js';

export interface Outcome {
  verdict: DeclarationVerdict;
  findings: readonly ReportFinding[];
  why: string;
  wouldSettle?: string[];
  /** Ids of store rules in catalog/store-data-types.json. */
  rules?: string[];
}

export interface Statement {
  source: number;
  id: string;
  kind: string;
  text: string;
}

export function toResult(st: Statement, o: Outcome): DeclarationResult {
  const result: DeclarationResult = {
    source: st.source, statement: st.text, verdict: o.verdict, findings: sortedIds(o.findings), why: o.why, id: st.id, kind: st.kind,
  };
  if (o.wouldSettle && o.wouldSettle.length > 0) result.wouldSettle = o.wouldSettle;
  if (o.rules && o.rules.length > 0) {
    const table = loadStoreTypes();
    result.rules = o.rules.map((id) => {
      const r = table.rule(id);
      return { id: r.id, text: r.text, source: r.sources[0]! };
    });
  }
  return result;
}

/** "Device or other IDs" → "device-or-other-ids", for statement ids. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'x';
}

/** Ids unique within one file: a repeated base gets "-2", "-3", ... */
export function uniqueIds(): (base: string) => string {
  const seen = new Map<string, number>();
  return (base) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
}
