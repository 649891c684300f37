/**
 * One interface for every output: `renderStream(report, format)` yields bytes. Text formats come as UTF-8 chunks,
 * the PDF as one buffer, and the JSON of a large report finding by finding — the same bytes as renderJson, without
 * building one string of hundreds of megabytes.
 */
import type { Report } from '../model.js';
import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderPdf } from './pdf.js';
import { renderReportHtml } from './report-html.js';
import { renderSarif } from './sarif.js';
import { renderSummary } from './text.js';
import type { OutputFormat, RenderOptions } from './types.js';

const encoder = new TextEncoder();
/** Findings serialised per chunk when streaming JSON. */
const FINDINGS_PER_CHUNK = 500;
const MARKER = '\u0000telltale-findings\u0000';

/** JSON.stringify(report, null, 2) + "\n", in pieces: the findings array is written element by element. */
export function* jsonChunks(report: Report): Generator<string> {
  if (report.findings.length === 0) {
    yield renderJson(report);
    return;
  }
  const skeleton = JSON.stringify({ ...report, findings: MARKER }, null, 2);
  const marker = JSON.stringify(MARKER);
  const at = skeleton.indexOf(marker);
  yield `${skeleton.slice(0, at)}[\n`;
  const indent = '    ';
  for (let i = 0; i < report.findings.length; i += FINDINGS_PER_CHUNK) {
    const part = report.findings.slice(i, i + FINDINGS_PER_CHUNK)
      .map((f) => indent + JSON.stringify(f, null, 2).replace(/\n/g, `\n${indent}`));
    const last = i + FINDINGS_PER_CHUNK >= report.findings.length;
    yield part.join(',\n') + (last ? '\n' : ',\n');
  }
  yield `  ]${skeleton.slice(at + marker.length)}\n`;
}

export async function* renderStream(report: Report, format: OutputFormat, options: RenderOptions = {}): AsyncGenerator<Uint8Array> {
  switch (format) {
    case 'json':
      for (const chunk of jsonChunks(report)) yield encoder.encode(chunk);
      return;
    case 'pdf':
      yield await renderPdf(report, options.pdf);
      return;
    case 'html':
      yield encoder.encode(renderReportHtml(report));
      return;
    case 'csv':
      yield encoder.encode(renderCsv(report));
      return;
    case 'sarif':
      yield encoder.encode(renderSarif(report));
      return;
    case 'text':
      yield encoder.encode(renderSummary(report, { color: options.color }));
      return;
  }
}
