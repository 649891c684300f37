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

/** Every (container, key) slot of a parsed document, depth first: where a structured mutation may put a new value. */
function slots(node: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): [Record<string, unknown> | unknown[], string | number][] {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      out.push([node, i]);
      slots(child, out);
    });
  } else if (node !== null && typeof node === 'object' && !(node instanceof Uint8Array)) {
    for (const [key, child] of Object.entries(node)) {
      out.push([node as Record<string, unknown>, key]);
      slots(child, out);
    }
  }
  return out;
}

/**
 * Structure-aware inputs: the seed parsed, one to four of its values replaced by arbitrary ones (wrong types, deep
 * nesting, odd numbers, empty and huge strings), written back. They pass the syntax check and reach the code behind
 * it, which byte mutations of a JSON or tnetstring document rarely do.
 */
export function structuredInputs<T>(seeds: Uint8Array[], parse: (bytes: Uint8Array) => T, write: (doc: T) => Uint8Array,
  value: fc.Arbitrary<unknown>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 4 }))
    .map(([i, edits]) => {
      const doc = parse(seeds[i]!);
      for (const [at, replacement] of edits) {
        const places = slots(doc);
        if (places.length === 0) break;
        const [container, key] = places[at % places.length]!;
        (container as Record<string | number, unknown>)[key] = replacement;
      }
      return write(doc);
    });
}

export const jsonValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('', -1, 0, 1e308, -0.5, 2 ** 53 + 2, '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999+14:00', 'not a date',
    'data:;base64,AAAA', 'base64', [], {}, null, true),
  fc.string({ unit: 'binary', maxLength: 64 }),
);
