/** The report stage's door: renderers of a finished Report. They know nothing of how it was computed. */
import type { Report } from '../model.js';
import { renderJson } from './json.js';
import { renderCsv } from './csv.js';
import { renderSarif } from './sarif.js';
import { renderHtml } from './html.js';

export { renderJson, renderCsv, renderSarif, renderHtml };
export { escapeHtml, contentSecurityPolicy } from './html.js';
export type { Report } from '../model.js';

export const REPORT_FORMATS = ['json', 'html', 'csv', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function render(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'sarif':
      return renderSarif(report);
    case 'html':
      return renderHtml(report);
  }
}
export { renderSummary, renderHostsTable } from './text.js';
export { renderAppScan } from './appscan.js';
