/**
 * Decoding is reentrant (docs/architecture.md): two streams decoded side by side — in turns on one thread, each with
 * its own decode context, or in a worker thread — give exactly the views and issues of decoding each alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { createDecodeContext, decodeExchange, type DecodeContext } from '../../src/decode/index.js';
import type { Exchange } from '../../src/ingest/index.js';
import { alone, fingerprint, HISTORY_SENSITIVE, scenarioExchanges, twice } from './reentrant-work.js';

/** Decodes a stream, yielding to the event loop after each exchange so another stream runs in between. */
async function stream(name: string, list: Exchange[], context: DecodeContext, trace: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const e of list) {
    out.push(fingerprint(decodeExchange(e, undefined, context)));
    trace.push(name);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

test('two streams decoded in turns, each with its own context, give the views of decoding each exchange alone', async () => {
  const lawsuit = twice([...HISTORY_SENSITIVE, ...await scenarioExchanges('lawsuit')]);
  const clean = twice([...await scenarioExchanges('clean'), ...HISTORY_SENSITIVE]);
  const trace: string[] = [];
  const [a, b] = await Promise.all([
    stream('a', lawsuit, createDecodeContext(), trace),
    stream('b', clean, createDecodeContext(), trace),
  ]);
  // The streams really did alternate (the check above is not vacuous).
  assert.equal(trace.slice(0, 6).join(''), 'ababab');
  assert.deepEqual(a, alone(lawsuit));
  assert.deepEqual(b, alone(clean));
});

test('streams sharing one context in turns, and calls without a context, give the same views too', async () => {
  const lawsuit = twice([...HISTORY_SENSITIVE, ...await scenarioExchanges('lawsuit')]);
  const reversed = [...lawsuit].reverse();
  const shared = createDecodeContext();
  const trace: string[] = [];
  const [a, b] = await Promise.all([stream('a', lawsuit, shared, trace), stream('b', reversed, shared, trace)]);
  assert.deepEqual(a, alone(lawsuit));
  assert.deepEqual(b, alone(reversed));
  assert.deepEqual(lawsuit.map((e) => fingerprint(decodeExchange(e))), alone(lawsuit));
});

test('a worker thread decoding the same exchanges at the same time gives the same views', async () => {
  const lawsuit = [...HISTORY_SENSITIVE, ...await scenarioExchanges('lawsuit')];
  const worker = new Worker(new URL('./reentrant-worker.mjs', import.meta.url));
  const fromWorker = new Promise<string[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const here = alone(twice(lawsuit));
  const there = await fromWorker;
  await worker.terminate();
  assert.deepEqual(there, here);
});
