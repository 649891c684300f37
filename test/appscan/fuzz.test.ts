/**
 * Deterministic mutation fuzzing of the hand-written parsers on real files: whatever the damage, each parser must
 * return (possibly with warnings) or throw an InputError — never a RangeError, a hang or a crash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { corpusFile, corpusSkip } from '../helpers/corpus.js';
import { parseAxml, readDex } from '../../src/appscan/index.js';
import { readResourceTable } from '../../src/appscan/arsc.js';
import { forEachHostLikeDexString } from '../../src/appscan/dex.js';
import { isInputError } from '../../src/errors.js';

/** xorshift32: the same mutations on every run. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

function mutations(original: Buffer, count: number, seed: number): Buffer[] {
  const next = rng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const b = Buffer.from(original);
    // Damage the header region most: that is where counts and offsets live.
    for (let k = 0; k < 8; k++) {
      const at = next() < 0.6 ? Math.floor(next() * Math.min(512, b.length)) : Math.floor(next() * b.length);
      b[at] = Math.floor(next() * 256);
    }
    out.push(next() < 0.2 ? b.subarray(0, Math.floor(next() * b.length)) : b);
  }
  return out;
}

function survives(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    assert.ok(isInputError(err), `unexpected ${(err as Error).name}: ${(err as Error).message}`);
  }
}

test('DEX reader survives 300 mutated files', { skip: corpusSkip }, () => {
  for (const dex of mutations(readFileSync(corpusFile('dex/classes.dex')!), 300, 7)) {
    survives(() => readDex(dex, 'm.dex'));
    survives(() => forEachHostLikeDexString(dex, 'm.dex', () => {}));
  }
});

test('AXML and resources.arsc readers survive 300 mutated files each', { skip: corpusSkip }, () => {
  const files = unzipSync(readFileSync(corpusFile('apk/a2dp.Vol_137.apk')!));
  for (const axml of mutations(Buffer.from(files['AndroidManifest.xml']!), 300, 11)) {
    survives(() => parseAxml(axml, 'm.xml', { maxPoolStrings: 100_000, maxXmlElements: 10_000 }));
  }
  for (const arsc of mutations(Buffer.from(files['resources.arsc']!), 300, 13)) {
    survives(() => readResourceTable(arsc, 100_000, [])?.resolveString(0x7f0b0000));
  }
});
