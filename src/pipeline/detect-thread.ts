/**
 * The entry of a detection thread (loaded by piscina by file name from parallel.ts, never imported). The thread keeps
 * one detector and one decode context per analysis, so the profile is compiled once per thread, not once per batch.
 */
import { createDecodeContext, type DecodeContext } from '../decode/index.js';
import { createDetector } from '../detect/index.js';
import type { Exchange, HttpMessage } from '../ingest/index.js';
import { detectExchange } from './collect.js';
import type { DetectOptions, DetectTask, ExchangeResults } from './parallel.js';

interface ThreadState {
  run: string;
  options: DetectOptions;
  decoding: DecodeContext;
}

/** This thread's detector for the analysis it works for (a thread lives as long as its pool: one analysis). */
let state: ThreadState | null = null;

export default function detectBatch(task: DetectTask): ExchangeResults[] {
  if (state?.run !== task.run) {
    const { profile, generic, decodeLimits, reveal } = task.config;
    state = { run: task.run, options: { detector: createDetector({ profile, generic }), decodeLimits, reveal }, decoding: createDecodeContext() };
  }
  const { options, decoding } = state;
  return task.exchanges.map((e) => detectExchange(revive(e), options, decoding));
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
