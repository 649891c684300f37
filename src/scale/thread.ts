/**
 * The entry of a pool thread (loaded by piscina by file name, never imported). The thread lives as long as the pool,
 * so the catalog, the IP databases and the compiled code are loaded once per thread, not once per input.
 */
import { runAnalysisTask } from './task.js';
import type { AnalysisTask, TaskOutcome } from './types.js';

export default function analyzeInThread(task: AnalysisTask): Promise<TaskOutcome> {
  return runAnalysisTask(task);
}
