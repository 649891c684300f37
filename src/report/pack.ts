/**
 * A compact, still-JSON encoding of many records with the same shape, for the page data of large reports: keys are
 * written once, and a field whose values are few distinct strings (host, data type, phase, path…) is written as small
 * integers into a dictionary. The page script decodes it with unpackRecords (bundled from here). Deterministic: keys and dictionaries in first-seen
 * order of a sorted key list, so the same records give the same bytes.
 */
import { cmp } from '../util/compare.js';

export interface PackedRecords {
  keys: string[];
  /** Per key: the dictionary its values index into, or null when values are stored as they are. */
  dicts: (string[] | null)[];
  /** One array per record, values in `keys` order; null where a record lacks the key; trailing nulls dropped. */
  rows: unknown[][];
}

/** A field is dictionary-encoded when all its values are strings and at most this share of them are distinct. */
const DICTIONARY_SHARE = 0.25;

export function packRecords(records: readonly object[]): PackedRecords {
  const keySet = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) keySet.add(k);
  const keys = [...keySet].sort(cmp);
  const dicts = keys.map((key) => {
    const distinct = new Map<string, number>();
    for (const r of records) {
      const v = (r as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (typeof v !== 'string') return null;
      if (!distinct.has(v)) distinct.set(v, distinct.size);
    }
    return distinct.size <= Math.max(1, records.length * DICTIONARY_SHARE) ? distinct : null;
  });
  const rows = records.map((r) => {
    const row: unknown[] = keys.map((key, i) => {
      const v = (r as Record<string, unknown>)[key];
      if (v === undefined) return null;
      const dict = dicts[i];
      return dict ? dict.get(v as string)! : v;
    });
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return { keys, dicts: dicts.map((d) => (d ? [...d.keys()] : null)), rows };
}

/** The records back, as objects (the page script's decoder; also used by tests). */
export function unpackRecords<T>(packed: PackedRecords): T[] {
  const { keys, dicts, rows } = packed;
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      // A key from a crafted report must not reach the prototype.
      if (v === null || keys[i] === '__proto__') continue;
      const dict = dicts[i];
      record[keys[i]!] = dict ? dict[v as number] : v;
    }
    return record as T;
  });
}
