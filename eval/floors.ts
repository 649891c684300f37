/**
 * The floors `npm run eval` holds every row of its table to (per data type and per encoding family, in every
 * section). Under a floor, a decoy hit, a crashed case or a data type with fewer than 5 labelled cases fails the run.
 *
 * Why these numbers: known values are the profile's own values, so a miss is a missing form and a false positive is
 * a false accusation ("confirmed" means the value was found): recall ≥ 95 % and precision ≥ 98 % per row. The
 * profile-free detectors judge by shape and key: recall ≥ 80 %, precision ≥ 90 % per row (issue #3's targets were
 * ≥ 90 % / ≥ 95 % overall on the labelled corpus; rows here are smaller, n = 5 is common, so one miss is 20 %).
 * Any exception is listed below with its reason; none may hide a decoy hit or a crash.
 */
import type { TableRow } from './table.js';

export interface Floor {
  recall: number;
  precision: number;
}

export const FLOORS: Record<TableRow['mode'], Floor> = {
  known: { recall: 0.95, precision: 0.98 },
  generic: { recall: 0.8, precision: 0.9 },
};

/** Fewest labelled positive cases each data type must have across the evaluation (issue #11). */
export const MIN_CASES_PER_TYPE = 5;

/**
 * Data types whose detector is not on this branch yet: their rows are printed, marked, and not enforced. Each entry
 * says when it goes. An empty object is the goal.
 */
export const PENDING: Readonly<Record<string, string>> = {};

export function floorOf(row: Pick<TableRow, 'mode'>): Floor {
  return FLOORS[row.mode];
}

export function isPending(row: Pick<TableRow, 'axis' | 'key'>, families: ReadonlyMap<string, string>): string | null {
  if (row.axis === 'dataType') return PENDING[row.key] ?? null;
  // A family whose every case is of a pending type is pending too (the tracking-ids family).
  const only = families.get(row.key);
  return only !== undefined ? PENDING[only] ?? null : null;
}
