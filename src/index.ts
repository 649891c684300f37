/**
 * telltale's public face for programs and test suites: the same pipeline the CLI uses.
 *   analyze(inputs, options) → Report      scan(appFile) → AppScan      render(report, format) → string
 */
export { analyze, runDemo, draftFromCapture, type AnalyzeOptions, type CollectProgress, type DraftResult } from './pipeline/index.js';
export { scanApp as scan } from './appscan/index.js';
export {
  render, renderJson, renderCsv, renderSarif, renderSummary, renderHostsTable, renderAppScan, REPORT_FORMATS, type ReportFormat,
} from './report/index.js';
export { InputError, isInputError } from './errors.js';
export { VERSION } from './version.js';
export type * from './model.js';
export type { DeviceProfile, Finding, DataTypeId } from './detect/index.js';
export type { TesterEvent, Phase } from './timeline/index.js';
export type { Policy, Claim, Violation, DraftDeclaration } from './assess/index.js';

