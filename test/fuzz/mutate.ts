/**
 * Inputs for the fuzz tests, as fast-check arbitraries: mostly seeds damaged by a few structure-blind mutations
 * (byte flips, boundary integers written over counts and offsets, inserts, deletes, cuts, repeated slices), and some
 * plain random bytes. fast-check shrinks a failing case to a small one, which becomes a regression fixture.
 */
import fc from 'fast-check';

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'u32'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'cut'; at: number }
  | { kind: 'repeat'; at: number; length: number; times: number };

/** Values that break length and offset arithmetic: zero, one, sign bits, all ones. */
const BOUNDARY_U32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.constantFrom(...BOUNDARY_U32) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 32 }), times: fc.integer({ min: 2, max: 64 }) }) },
);

function apply(seed: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = Buffer.from(seed);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') {
      if (b.length > 0) b[at] = m.value;
    } else if (m.kind === 'u32') {
      if (at + 4 <= b.length) b.writeUInt32LE(m.value, at);
    } else if (m.kind === 'insert') {
      b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    } else if (m.kind === 'delete') {
      b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    } else if (m.kind === 'cut') {
      b = b.subarray(0, at);
    } else {
      const slice = b.subarray(at, at + m.length);
      b = Buffer.concat([b.subarray(0, at), ...Array.from({ length: m.times }, () => slice), b.subarray(at)]);
    }
  }
  return b;
}

/** Mutated seeds (weight 4) and random bytes (weight 1). */
export function fuzzInputs(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([i, ms]) => apply(seeds[i]!, ms));
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) });
}
