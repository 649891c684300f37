import type { Report } from '../model.js';

/** Canonical JSON: the report model is built with a fixed key order and sorted arrays, so this is byte-stable. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
