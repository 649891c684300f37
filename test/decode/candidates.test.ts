/**
 * The engine offers a view without hints only to the decoders whose mayFit(first byte, character mask, capped length)
 * allows it.
 * That shortcut must never skip a decoder whose fit() says yes: checked here on seeded random inputs shaped like
 * every format's edge cases, and on every view of the corpus captures and the labelled corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, deflateSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import LZString from 'lz-string';
import { charMask, forgetTextFacts, maskCoversAll, SHORT_LENGTH_CAP } from '../../src/decode/bytes.js';
import { DECODERS } from '../../src/decode/registry.js';
import { decodeExchange } from '../../src/decode/index.js';
import type { DecodeInput, Decoder } from '../../src/decode/index.js';
import { openInput } from '../../src/ingest/index.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { generateLabelledCorpus } from '../../eval/labelled.js';

function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Character pools that reach every decoder's fit: blob alphabets, URL and form punctuation, controls, UTF-8. */
const POOLS = [
  '0123456789abcdef', '0123456789ABCDEF', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'ABCDEFGHIJKLMNOPabc+/=\n',
  'abcXYZ019-_=', 'abcXYZ019+-$', 'eyJhbGciOiJIUzI1NiJ9.-_', 'a=b&c%20d;e', '&amp;lt;x;', 'https://a.b/c?d=e:f',
  '/path/x?y=1', '{}[]":, \t\r\n1a', '--boundary\r\nContent-Type: x', ' \t\r\n{', '\u0000\u0001\u001f\u007f\u0080',
  'é中😀', '.-$_ %&*~',
];
const FIRST_BYTES = [0x1f, 0x78, 0x28, 0x2d, 0x7b, 0x5b, 0x20, 0x0a, 0x09, 0x0d, 0x81, 0x8f, 0xde, 0xdf, 0x65, 0x41,
  0x50, 0x51, 0x2f, 0x68, 0x00, 0xff];

function randomInput(next: () => number): Uint8Array {
  const pool = POOLS[Math.floor(next() * POOLS.length)]!;
  const length = Math.floor(next() ** 2 * 300);
  let text = '';
  for (let i = 0; i < length; i++) text += pool[Math.floor(next() * pool.length)];
  let bytes = Buffer.from(text, 'utf8');
  const shape = next();
  if (shape < 0.2 && bytes.length > 0) bytes[0] = FIRST_BYTES[Math.floor(next() * FIRST_BYTES.length)]!;
  else if (shape < 0.25) bytes = gzipSync(bytes);
  else if (shape < 0.3) bytes = deflateSync(bytes);
  else if (shape < 0.33) bytes = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), bytes]);
  else if (shape < 0.38) bytes = Buffer.from(LZString.compressToBase64(text));
  else if (shape < 0.42) bytes = Buffer.from(LZString.compressToEncodedURIComponent(text));
  else if (shape < 0.46) bytes = Buffer.from(`eyJhbGciOiJub25lIn0.${Buffer.from(text).toString('base64url')}.sig`);
  else if (shape < 0.49) bytes = Buffer.from(text, 'utf16le');
  else if (shape < 0.5) bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return bytes;
}

function hintFree(bytes: Uint8Array): DecodeInput {
  return { bytes, mimeType: null, contentEncoding: null, contentType: null, key: 'k', layers: [] };
}

/** Every decoder that fits the input but that mayFit would have skipped (empty when the shortcut is safe). */
function skippedFits(decoders: readonly Decoder[], bytes: Uint8Array): string[] {
  if (bytes.length === 0 || !maskCoversAll(bytes)) return [];
  const input = hintFree(bytes);
  const mask = charMask(bytes);
  const length = Math.min(bytes.length, SHORT_LENGTH_CAP);
  const skipped = decoders.filter((d) => d.mayFit && !d.mayFit(bytes[0]!, mask, length) && d.fit(input) > 0);
  forgetTextFacts();
  return skipped.map((d) => d.name);
}

const ALL_DECODERS = DECODERS; // the blob decoders are among them

test('mayFit never rules out a decoder that fits: seeded random inputs', () => {
  const next = generator(20240611);
  let fitted = 0;
  for (let i = 0; i < 60_000; i++) {
    const bytes = randomInput(next);
    const skipped = skippedFits(ALL_DECODERS, bytes);
    assert.deepEqual(skipped, [], `skipped ${skipped.join(', ')} for ${JSON.stringify(Buffer.from(bytes).toString('latin1').slice(0, 80))}`);
    if (bytes.length > 0 && ALL_DECODERS.some((d) => d.fit(hintFree(bytes)) > 0)) fitted++;
    forgetTextFacts();
  }
  // The inputs really reach the decoders (a generator producing nothing that fits would prove nothing).
  assert.ok(fitted > 20_000, `only ${fitted} inputs fitted any decoder`);
});

test('every decoder fits some random input and is ruled out for some other (mayFit is neither empty nor total)', () => {
  const next = generator(7);
  const fits = new Set<string>();
  const ruledOut = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const bytes = randomInput(next);
    if (bytes.length === 0 || !maskCoversAll(bytes)) continue;
    const mask = charMask(bytes);
    for (const d of ALL_DECODERS) {
      if (d.fit(hintFree(bytes)) > 0) fits.add(d.name);
      if (d.mayFit && !d.mayFit(bytes[0]!, mask, Math.min(bytes.length, SHORT_LENGTH_CAP))) ruledOut.add(d.name);
    }
    forgetTextFacts();
  }
  const hintOnly = ['deflate', 'br', 'grpc', 'protobuf', 'cbor', 'sse']; // fit only with a declared type or encoding
  for (const d of ALL_DECODERS) {
    if (!hintOnly.includes(d.name)) assert.ok(fits.has(d.name), `${d.name} never fitted`);
    assert.ok(ruledOut.has(d.name), `${d.name} never ruled out`);
  }
});

test('mayFit never rules out a decoder that fits: every length from 0 to 48 of inputs shaped for each decoder', () => {
  const zstdFrame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x05, 0x29, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f]);
  const prototypes: Uint8Array[] = [
    gzipSync('hello hello hello hello hello'), deflateSync('hello hello hello hello hello'), Buffer.concat([zstdFrame, zstdFrame]),
    Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--'), Buffer.from([0x83, 0xa1, 0x61, 0x01, 0xa1, 0x62]),
    Buffer.from('{"utf16":"little endian, no byte-order mark"}', 'utf16le'), Buffer.from('\ufeff{"utf16":"with a byte-order mark"}', 'utf16le'),
  ];
  const makers: ((length: number) => string)[] = [
    (n) => `{${'x'.repeat(Math.max(0, n - 2))}}`, (n) => ` [${'1'.repeat(Math.max(0, n - 3))}]`, (n) => `a=${'b'.repeat(n)}`,
    (n) => `a%20${'b'.repeat(n)}`, (n) => `&x;${'b'.repeat(n)}`, (n) => `a?${'b'.repeat(n)}`, (n) => `a:${'b'.repeat(n)}`,
    (n) => `/?${'b'.repeat(n)}`, (n) => `eyJ${'a'.repeat(n)}.eyJ.x`, (n) => 'A'.repeat(n), (n) => 'f0'.repeat(n), (n) => 'A2'.repeat(n),
    (n) => '1a'.repeat(n), (n) => 'a_'.repeat(n), (n) => 'A$'.repeat(n), (n) => `x ${'ab1'.repeat(n)}`,
  ];
  let checked = 0;
  for (let length = 0; length <= 48; length++) {
    const inputs = [...prototypes.map((p) => p.subarray(0, length)), ...makers.map((m) => Buffer.from(m(length)).subarray(0, length))];
    for (const bytes of inputs) {
      const skipped = skippedFits(ALL_DECODERS, bytes);
      assert.deepEqual(skipped, [], `skipped ${skipped.join(', ')} for ${length} bytes ${Buffer.from(bytes).toString('latin1')}`);
      checked++;
    }
  }
  assert.ok(checked > 1000);
});

async function corpusViewBytes(file: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  const opened = await openInput(file, { input: 0 });
  for await (const ex of opened.exchanges) for (const v of decodeExchange(ex).views) out.push(v.bytes);
  return out;
}

testNeeding('mayFit never rules out a decoder that fits: every view of the corpus captures', { corpus: ['har/mitmproxy', 'har/pagexray', 'mitm'] }, async () => {
  let checked = 0;
  for (const dir of ['har/mitmproxy', 'har/pagexray', 'mitm']) {
    for (const name of readdirSync(join(CORPUS_DIR, dir)).sort()) {
      if (!/\.(har|mitm)$/.test(name) || name.startsWith('dumpfile-01')) continue; // pre-v4 dumps do not open
      for (const bytes of await corpusViewBytes(join(CORPUS_DIR, dir, name))) {
        const skipped = skippedFits(ALL_DECODERS, bytes);
        assert.deepEqual(skipped, [], `${dir}/${name}: skipped ${skipped.join(', ')}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 10_000, `only ${checked} corpus views`);
});

test('mayFit never rules out a decoder that fits: every view of the labelled corpus', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-candidates-'));
  try {
    const { harPath } = await generateLabelledCorpus(dir);
    const views = await corpusViewBytes(harPath);
    for (const bytes of views) {
      const skipped = skippedFits(ALL_DECODERS, bytes);
      assert.deepEqual(skipped, [], `skipped ${skipped.join(', ')} for ${Buffer.from(bytes).toString('latin1').slice(0, 80)}`);
    }
    assert.ok(views.length > 5_000, `only ${views.length} labelled views`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Hints that raise fit scores: declared types, encodings and charsets. */
const HINTS: Pick<DecodeInput, 'mimeType' | 'contentEncoding' | 'contentType'>[] = [
  { mimeType: null, contentEncoding: null, contentType: null },
  ...['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/x-protobuf',
    'application/msgpack', 'application/cbor', 'application/grpc', 'text/event-stream', 'application/octet-stream',
    'text/plain'].map((mimeType) => ({ mimeType, contentEncoding: null, contentType: mimeType })),
  ...['gzip', 'deflate', 'br', 'zstd', 'x-gzip'].map((contentEncoding) => ({ mimeType: null, contentEncoding, contentType: null })),
  { mimeType: 'application/json', contentEncoding: null, contentType: 'application/json; charset=utf-16le' },
];

test('no decoder fits better than its maxFit (the engine stops asking on it): random inputs under every hint', () => {
  const next = generator(99);
  const top = new Map<string, number>();
  for (let i = 0; i < 6_000; i++) {
    const bytes = randomInput(next);
    for (const hints of HINTS) {
      const input: DecodeInput = { ...hintFree(bytes), ...hints };
      for (const d of ALL_DECODERS) {
        const score = d.fit(input);
        assert.ok(score <= (d.maxFit ?? Infinity), `${d.name} fit ${score} > maxFit ${d.maxFit}`);
        top.set(d.name, Math.max(top.get(d.name) ?? 0, score));
      }
      forgetTextFacts();
    }
  }
  // The bound is reached, not only respected: a maxFit far above every real score would make the stop rarer, not wrong.
  const reached = ALL_DECODERS.filter((d) => top.get(d.name) === d.maxFit).map((d) => d.name);
  assert.ok(reached.length >= ALL_DECODERS.length - 3, `maxFit reached only by ${reached.join(', ')}`);
});
