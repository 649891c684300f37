/** The report stage's door: renderers of a finished Report (and of app scans and diffs). They know nothing of how it was computed. */
import type { Report } from '../model.js';
import { renderJson } from './json.js';
import { renderCsv } from './csv.js';
import { renderSarif } from './sarif.js';
import { renderReportHtml } from './report-html.js';
import { renderSummary } from './text.js';

export { renderJson, renderCsv, renderSarif, renderSummary };
export { renderReportHtml as renderHtml, type HtmlOptions } from './report-html.js';
export { escapeHtml, contentSecurityPolicy } from './html.js';
export { renderStream, jsonChunks } from './stream.js';
export { renderPdf, chromiumPath, CHROMIUM_ARGS, DEFAULT_CHROMIUM, type PdfRenderOptions } from './pdf.js';
export { diffReports, type DiffOptions } from './diff.js';
export { renderDiff, DIFF_FORMATS, type DiffFormat } from './diff-render.js';
export { renderHostsTable, renderAppScanText, type TextOptions } from './text.js';
export { renderAppScan, APPSCAN_FORMATS, type AppScanFormat } from './appscan.js';
export { isSensitivePermission } from './permissions.js';
export * from './types.js';
export type { Report } from '../model.js';

/** Formats `render` returns as one string (PDF needs renderStream or renderPdf). */
export const REPORT_FORMATS = ['json', 'html', 'csv', 'sarif', 'text'] as const;
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
      return renderReportHtml(report);
    case 'text':
      return renderSummary(report);
  }
}
