/**
 * The entry of a detection thread (loaded by piscina by file name from parallel.ts, never imported). A thread serves
 * one analysis (its pool lives as long as one collect() call): it builds its detector and decode context once, from
 * the settings its pool gave it, so the profile is compiled once per thread, not once per batch.
 */
import { workerData } from 'piscina';
import { InputError } from '../errors.js';
import { createDecodeContext, type DecodeContext } from '../decode/index.js';
import { createDetector } from '../detect/index.js';
import { entryExchange } from '../ingest/index.js';
import { briefOf, type ExchangeBrief } from './brief.js';
import { detectExchange } from './collect.js';
import {
  sparse, unpack, unpackEntries, type DetectConfig, type DetectOptions, type DetectTask, type EntryResults, type ExchangeResults,
  type PackedEntries, type SparseResults,
} from './parallel.js';

const { profile, generic, decodeLimits, reveal } = workerData as DetectConfig;
// This thread sees only some of the run's exchanges: it marks those whose detection needs the others (collect.ts).
const detector = createDetector({ profile, generic, markRunState: true });
const options: DetectOptions = { detector, decodeLimits, reveal };
const decoding: DecodeContext = createDecodeContext({ omitLeaf: detector.ignoresLeaf });

export default function detectBatch(task: DetectTask): SparseResults | EntryResults {
  if ('kind' in task) return readAndDetect(task);
  return sparse(unpack(task).map((e) => detectExchange(e, options, decoding)));
}

/** Entries read here, in order, up to the first one that is not an exchange (see EntryResults.stop). */
function readAndDetect(task: PackedEntries): EntryResults {
  const briefs: ExchangeBrief[] = [];
  const results: ExchangeResults[] = [];
  const again: EntryResults['again'] = [];
  let stop: EntryResults['stop'] = null;
  for (const entry of unpackEntries(task)) {
    let exchange;
    try {
      exchange = entryExchange(entry, task.reading);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      stop = { error: { file: e.file, where: e.where, problem: e.problem } };
      break;
    }
    if (exchange === null) {
      stop = { readAgainFrom: entry.index };
      break;
    }
    const detected = detectExchange(exchange, options, decoding);
    if (detected.runState) again.push({ at: results.length, exchange });
    results.push(detected);
    briefs.push(briefOf(exchange));
  }
  return { briefs, results: sparse(results), again, stop };
}
