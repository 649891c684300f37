/**
 * One input analysed to its JSON report, exactly as `telltale analyze PATH --out FILE` would write it. Runs inside a
 * pool thread, locally or on a fleet worker; never throws: a broken input is an outcome, not a crash.
 */
import { analyze, type AnalyzeOptions } from '../pipeline/index.js';
import { renderJson } from '../report/index.js';
import { isInputError } from '../errors.js';
import { VERSION } from '../version.js';
import { hashFile } from './inputs.js';
import type { AnalysisTask, BatchAnalysisOptions, TaskOutcome } from './types.js';

export async function runAnalysisTask(task: AnalysisTask): Promise<TaskOutcome> {
  if (task.version !== VERSION) {
    return {
      status: 'failed', sha256: task.sha256, retryable: false,
      error: `${task.path}: queued by telltale ${task.version}, this worker runs ${VERSION}; run one version across the fleet`,
    };
  }
  try {
    const report = await analyze([task.path], { ...analyzeOptionsOf(task.options), threads: task.threads ?? 1 });
    const sha256 = report.inputs[0]?.sha256 ?? null;
    if (task.sha256 !== null && sha256 !== task.sha256) {
      // A fleet reads inputs over a shared filesystem: refuse to report on bytes other than those the batch hashed.
      return {
        status: 'failed', sha256, retryable: false,
        error: `${task.path}: the file changed while queued (SHA-256 ${sha256 ?? '?'}, expected ${task.sha256})`,
      };
    }
    return { status: 'done', sha256: sha256 ?? '', findings: report.summary.findings, json: renderJson(report) };
  } catch (e) {
    // The index names the bytes of a failed input too, when they can be read.
    const sha256 = task.sha256 ?? (await sha256OrNull(task.path));
    if (isInputError(e)) return { status: 'failed', sha256, error: oneLine(e.message), retryable: false };
    const message = e instanceof Error ? e.message : String(e);
    return { status: 'failed', sha256, error: oneLine(`${task.path}: internal error: ${message}`), retryable: true };
  }
}

async function sha256OrNull(path: string): Promise<string | null> {
  const hashed = await hashFile(path);
  return 'sha256' in hashed ? hashed.sha256 : null;
}

/** The batch's serializable options as the library takes them (per-input events already resolved by the planner). */
export function analyzeOptionsOf(options: BatchAnalysisOptions): AnalyzeOptions {
  // The batch's options are the library's, less the directory the planner already resolved into `events`.
  const { eventsDir: _resolved, ...settings } = options;
  return settings;
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 2000);
}
