/** CSV of the findings, one row each (RFC 4180), for spreadsheets. */
import type { Report } from '../model.js';

const COLUMNS = [
  'id', 'dataType', 'confidence', 'match', 'phase', 'time', 'host', 'method', 'path', 'transform', 'detector',
  'field', 'input', 'index', 'excerpt',
] as const;

/**
 * Quotes a cell, and defuses spreadsheet formulas: a captured value starting with = + - @ would otherwise run as a
 * formula when an analyst opens the file (CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: Report): string {
  const rows = [COLUMNS.join(',')];
  for (const f of report.findings) {
    const inputPath = report.inputs[f.source.input]?.path ?? String(f.source.input);
    const cells = [
      f.id, f.dataType, f.confidence, f.match, f.phase, f.time, f.host, f.method, f.path, f.transform.join('+'),
      f.detector, f.field ?? '', inputPath, String(f.source.index), f.excerpt,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
