/**
 * telltale's public face for programs and test suites: the same pipeline the CLI uses.
 *   analyze(inputs, options) → Report      analyzeStream(exchanges, options) → Report
 *   scan(appFile) → AppScan                render(report, format) → string
 */
export {
  analyze, analyzeStream, runDemo, draftFromCapture, type AnalyzeOptions, type AnalyzeStreamOptions, type CollectProgress,
  type ExchangeSource, type DraftResult,
} from './pipeline/index.js';
export { scanApp as scan } from './appscan/index.js';
export {
  render, renderJson, renderCsv, renderSarif, renderSummary, renderHostsTable, renderAppScan, REPORT_FORMATS, type ReportFormat,
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
