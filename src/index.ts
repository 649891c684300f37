/**
 * telltale's public face for programs and test suites: the same pipeline the CLI uses.
 *   analyze(inputs, options) → Report      analyzeStream(exchanges, options) → Report
 *   scan(appFile) → AppScan                render(report, format) → string
 *   renderStream(report, format) → bytes (every format, PDF included)      diff(oldJson, newJson) → ReportDiff
 */
export {
  analyze, analyzeStream, runDemo, draftFromCapture, diff, loadReport, type AnalyzeOptions, type AnalyzeStreamOptions,
  type CollectProgress, type ExchangeSource, type DraftResult,
} from './pipeline/index.js';
export { scanApp as scan } from './appscan/index.js';
export {
  render, renderJson, renderCsv, renderSarif, renderHtml, renderSummary, renderHostsTable, renderAppScan, renderStream,
  renderPdf, renderDiff, diffReports, REPORT_FORMATS, OUTPUT_FORMATS, FORMAT_EXTENSIONS, APPSCAN_FORMATS, DIFF_FORMATS,
  type ReportFormat, type OutputFormat, type AppScanFormat, type DiffFormat, type RenderOptions, type PdfOptions,
  type ReportDiff, type DiffOptions, type HtmlOptions, type TextOptions,
} from './report/index.js';
export {
  runBatch, startWorker, type BatchRunOptions, type BatchSummary, type BatchAnalysisOptions, type BatchProgress,
  type BatchIndex, type BatchIndexEntry, type WorkerOptions, type WorkerJobEvent, type RunningWorker,
} from './scale/index.js';
export { InputError, isInputError } from './errors.js';
export { VERSION } from './version.js';
export type * from './model.js';
export type { DeviceProfile, Finding, DataTypeId } from './detect/index.js';
export type { Exchange, HttpMessage, HttpResponse, NameValue, SourceRef, WebSocketMessage } from './ingest/index.js';
export type { TesterEvent, Phase } from './timeline/index.js';
export type { Policy, Claim, Violation, DraftDeclaration } from './assess/index.js';

export {
  startCapture, listSessions, exportSessionHar, browse,
  type CaptureOptions, type CaptureSession, type CaptureResult, type LiveItem, type BrowseOptions, type BrowseResult,
} from './capture/index.js';
export { defaultStorePath, defaultConfigDir, type SessionInfo } from './store/index.js';
export { EVENT_KINDS, type EventKind } from './timeline/index.js';
