/**
 * Input resolution: a capture file goes to ingest; `session:N` is a session of the store (live capture), read from
 * the store named by AnalyzeOptions.store (default: the user's data dir). A session brings its own tester events.
 */
import { openInput, type IngestOptions, type OpenedInput } from '../ingest/index.js';
import { defaultStorePath, isSessionRef, loadSessionEvents, openSessionInput } from '../store/index.js';
import type { TesterEvent } from '../timeline/index.js';

export async function openAnalysisInput(path: string, options: IngestOptions, storePath?: string): Promise<OpenedInput> {
  if (isSessionRef(path)) return openSessionInput(path, { storePath: storePath ?? defaultStorePath(), input: options.input });
  return openInput(path, options);
}

/** The events marked during the stored sessions among the inputs; null when no input is a session or none has events. */
export function sessionEvents(inputs: readonly string[], storePath?: string): TesterEvent[] | null {
  const events = inputs.filter(isSessionRef).flatMap((ref) => loadSessionEvents(ref, storePath ?? defaultStorePath()));
  return events.length > 0 ? events : null;
}
