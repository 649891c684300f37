/**
 * Property-based fuzzing of every parser of hostile input (issue #11): arbitrary and mutated inputs end with a
 * result or a one-line InputError — never another exception, a hang (deadline per case and per run) or unbounded
 * memory (heap-capped worker). Seeded and reproducible; FUZZ_RUNS=100000 runs longer. Generated seeds run everywhere;
 * corpus seeds add real files when ../shared/corpus is there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testNeeding } from '../helpers/needs.js';
import { TARGETS } from './targets.js';
import { fuzz, type FuzzSettings } from './run.js';

/** Cases per target: the cheap in-memory parsers get more; file-reading ones fewer (each case writes a file). */
const RUNS: Record<string, FuzzSettings> = {
  har: { runs: 300 }, 'har structure': { runs: 300 }, mitmproxy: { runs: 300 }, 'mitmproxy structure': { runs: 300 }, tnetstring: { runs: 1000 }, protobuf: { runs: 1000 }, grpc: { runs: 600 },
  msgpack: { runs: 1000 }, cbor: { runs: 1000 }, multipart: { runs: 600 }, 'json+gzip': { runs: 600 }, 'untyped payload': { runs: 600 },
  dex: { runs: 500 }, axml: { runs: 800 }, arsc: { runs: 800 }, 'zip package': { runs: 300 }, plist: { runs: 800 },
};

test('every fuzz target has a budget', () => {
  assert.deepEqual(Object.keys(RUNS).sort(), Object.keys(TARGETS).sort());
});

for (const [name, target] of Object.entries(TARGETS)) {
  const settings = RUNS[name]!;
  test(`fuzz ${name}: generated seeds, mutated and random`, async (t) => {
    const outcome = await fuzz(name, false, settings);
    t.diagnostic(`${outcome.cases} cases, slowest ${outcome.slowestMs.toFixed(0)} ms`);
  });
  if (target.corpus.length > 0) {
    testNeeding(`fuzz ${name}: corpus seeds, mutated`, { corpus: target.corpus }, async (t) => {
      const outcome = await fuzz(name, true, { ...settings, runs: Math.ceil(settings.runs / 2) });
      t.diagnostic(`${outcome.cases} cases, slowest ${outcome.slowestMs.toFixed(0)} ms`);
    });
  }
}
