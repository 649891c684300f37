/**
 * The entry of a detection thread (loaded by piscina by file name from parallel.ts, never imported). A thread serves
 * one analysis (its pool lives as long as one collect() call): it builds its detector and decode context once, from
 * the settings its pool gave it, so the profile is compiled once per thread, not once per batch.
 */
import { workerData } from 'piscina';
import { createDecodeContext, type DecodeContext } from '../decode/index.js';
import { createDetector } from '../detect/index.js';
import type { Exchange, HttpMessage } from '../ingest/index.js';
import { detectExchange } from './collect.js';
import { sparse, type DetectConfig, type DetectOptions, type SparseResults } from './parallel.js';

const { profile, generic, decodeLimits, reveal } = workerData as DetectConfig;
const detector = createDetector({ profile, generic });
const options: DetectOptions = { detector, decodeLimits, reveal };
const decoding: DecodeContext = createDecodeContext({ omitLeaf: detector.ignoresLeaf });

export default function detectBatch(exchanges: Exchange[]): SparseResults {
  return sparse(exchanges.map((e) => detectExchange(revive(e), options, decoding)));
}

/** A structured clone turns Buffers into plain Uint8Arrays; the decoders expect Buffers, as the readers make them. */
function revive(e: Exchange): Exchange {
  const message = <M extends HttpMessage>(m: M): M => (m.body === null ? m : { ...m, body: asBuffer(m.body) });
  return {
    ...e,
    request: message(e.request),
    response: e.response ? message(e.response) : null,
    ...(e.messages ? { messages: e.messages.map((m) => ({ ...m, data: asBuffer(m.data) })) } : {}),
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
