/**
 * The scale orchestrator's data model: batch analysis of many inputs on one machine (a worker-thread pool) or on a
 * fleet (a BullMQ queue on Redis), with results in an output directory and, optionally, in PostgreSQL.
 */

/**
 * The analysis options a batch applies to every input. Only serializable values (paths, flags): they cross into
 * worker threads and, in a fleet, into Redis, and every worker reads the same files.
 */
export interface BatchAnalysisOptions {
  profile?: string | null;
  /** One events file for every input (exclusive with eventsDir). */
  events?: string | null;
  /** Per-input events: the events of input `X` are `eventsDir/X.events.json` (X = the input's file name). */
  eventsDir?: string | null;
  app?: string | null;
  offsetMs?: number;
  firstParty?: string[];
  catalogs?: string[];
  ipCountryDb?: string;
  ipAsnDb?: string;
  reveal?: boolean;
  generic?: boolean;
}

/** One line of `index.json`. */
export interface BatchIndexEntry {
  /** The input's path as batch spells it (the directory as given, joined with the file name). */
  path: string;
  /** SHA-256 of the input's bytes; null when the file could not be read. */
  sha256: string | null;
  status: 'done' | 'failed';
  /** Number of findings in the report; null when the input failed (a failed input is not a clean one). */
  findings: number | null;
  /** One line saying why, when failed. */
  error?: string;
}

/** `DIR/index.json`. */
export interface BatchIndex {
  inputs: BatchIndexEntry[];
}

/** One input of a batch, as planned. */
export interface BatchInput {
  path: string;
  /** The file name: the report is `DIR/<name>.report.json`. */
  name: string;
}

/** What analysing one input gives, wherever it ran (a local thread or a fleet worker). */
export type TaskOutcome =
  | { status: 'done'; sha256: string; findings: number; json: string }
  | { status: 'failed'; sha256: string | null; error: string; retryable: boolean };

/** The unit of work sent to a thread or a queue: one input, the options, and the bytes it is expected to have. */
export interface AnalysisTask {
  path: string;
  name: string;
  /** SHA-256 the batch saw; the worker refuses to report on different bytes (a shared filesystem out of sync). */
  sha256: string | null;
  options: BatchAnalysisOptions;
  /** Fingerprint of the batch's settings (version, flags, option files): with sha256, what names a stored report. */
  settings: string;
  /** The telltale version of the batch: a worker of another version refuses the job (its report would differ). */
  version: string;
  /**
   * Threads this input's own analysis may use (a large input decodes on several): the batch's budget shared by the
   * inputs running at once, so `--workers N` stays N in total. Absent = 1 (a fleet job). Not part of the settings:
   * the report is the same on any number of threads.
   */
  threads?: number;
}

/** Runs tasks somewhere: a local thread pool or a fleet behind a queue. */
export interface TaskRunner {
  run(task: AnalysisTask): Promise<TaskOutcome>;
  close(): Promise<void>;
}

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  /** The input just finished, when one did. */
  last?: BatchIndexEntry;
}

export interface BatchRunOptions {
  out: string;
  analysis: BatchAnalysisOptions;
  /** Analysis threads in total (local batch). Default: the machine's available parallelism. */
  workers?: number;
  /** redis://HOST:PORT — enqueue to a fleet instead of analysing locally. */
  queue?: string | null;
  onProgress?: (p: BatchProgress) => void;
}

export interface BatchSummary {
  index: BatchIndex;
  /** Inputs whose report for the same bytes was already in DIR. */
  skipped: number;
  done: number;
  failed: number;
  /** Inputs whose events file was absent from --events-dir (analysed without events). */
  withoutEvents: string[];
  /** Directories found inside the directories given, which batch does not read (it does not recurse). */
  subdirectories: string[];
}

export interface WorkerOptions {
  /** redis://HOST:PORT */
  queue: string;
  /** Jobs analysed at once (and analysis threads). Default 1. */
  concurrency?: number;
  /** postgres://... — also write each report and its findings there. */
  store?: string | null;
  /**
   * How long a job's lock lasts without renewal: a job whose worker died is handed to another worker after at most
   * about this long. Default 30,000 ms.
   */
  stallMs?: number;
  onJob?: (event: WorkerJobEvent) => void;
}

export interface WorkerJobEvent {
  path: string;
  status: 'started' | 'done' | 'failed';
  /** Attempt number of this job, from 1. */
  attempt: number;
  error?: string;
  /** For a failure: whether the queue will try the job again. */
  willRetry?: boolean;
}

export interface RunningWorker {
  /** Stops taking jobs, lets the running ones finish, disconnects. */
  close(): Promise<void>;
}
