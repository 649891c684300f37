/**
 * The entry of a detection thread (loaded by piscina by file name from parallel.ts, never imported). A thread serves
 * one analysis (its pool lives as long as one collect() call): it builds its detector and decode context once, from
 * the settings its pool gave it, so the profile is compiled once per thread, not once per batch.
 */
import { workerData } from 'piscina';
import { createDecodeContext, type DecodeContext } from '../decode/index.js';
import { createDetector } from '../detect/index.js';
import { detectExchange } from './collect.js';
import { sparse, unpack, type DetectConfig, type DetectOptions, type PackedBatch, type SparseResults } from './parallel.js';

const { profile, generic, decodeLimits, reveal } = workerData as DetectConfig;
const detector = createDetector({ profile, generic });
const options: DetectOptions = { detector, decodeLimits, reveal };
const decoding: DecodeContext = createDecodeContext({ omitLeaf: detector.ignoresLeaf });

export default function detectBatch(batch: PackedBatch): SparseResults {
  return sparse(unpack(batch).map((e) => detectExchange(e, options, decoding)));
}
