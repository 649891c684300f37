/** Hostile inputs: every one must end quickly with a clear DecodeIssue, never a hang, crash or silent loss. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { decodeBytes, DEFAULT_DECODE_LIMITS } from '../../src/decode/index.js';
import { paths, textAt, viewAt } from './helpers.js';
import { gzipBomb } from '../helpers/hostile.js';

const MiB = 1024 * 1024;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * A gzip member whose deflate stream is one sync-flushed 1 MiB block of zeros repeated `copies` times: each copy ends
 * byte-aligned (empty stored block 00 00 FF FF), so the copies concatenate into one valid stream of copies MiB.
 */
test('the bomb construction is valid deflate (3 copies inflate to exactly 3 MiB)', () => {
  const small = gzipBomb(3);
  const inflated = zlib.inflateRawSync(small.subarray(10, small.length - 8));
  assert.equal(inflated.length, 3 * MiB);
  assert.ok(inflated.every((b) => b === 0));
});

test('a 10 GiB-expanding gzip body stops at the limit with a decompression-limit issue', () => {
  const bomb = gzipBomb(10 * 1024);
  assert.ok(bomb.length < 12 * MiB, `bomb is ${bomb.length} bytes`);
  const { value, ms } = timed(() => decodeBytes(bomb, { contentEncoding: 'gzip', mimeType: 'application/json' }));
  assert.ok(ms < 5000, `took ${ms} ms`);
  assert.deepEqual(value.issues.map((i) => [i.kind, i.path]), [['decompression-limit', 'request.body|gzip']]);
  assert.match(value.issues[0].detail, new RegExp(String(DEFAULT_DECODE_LIMITS.maxInflatedBytes)));
  assert.deepEqual(paths(value.views), ['request.body'], 'the bomb is not followed');
  assert.equal(viewAt(value.views, 'request.body').covered, false);
});

test('a brotli bomb stops at the limit too', () => {
  const bomb = zlib.brotliCompressSync(Buffer.alloc(8 * MiB), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
  const { issues, views } = decodeBytes(bomb, { contentEncoding: 'br', limits: { maxInflatedBytes: MiB } });
  assert.equal(issues[0]?.kind, 'decompression-limit');
  assert.deepEqual(paths(views), ['request.body']);
});

test('zstd bombs: RLE blocks past the limit, and a frame declaring a huge size, stop without allocating', () => {
  // RFC 8878: frame header (no content size, window 128 KiB = descriptor 0x38), then RLE blocks of 128 KiB each.
  const rleBlock = (last: boolean) => {
    const header = (131072 << 3) | (1 << 1) | (last ? 1 : 0);
    return [header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x41];
  };
  const blocks: number[] = [];
  for (let i = 0; i < 2047; i++) blocks.push(...rleBlock(false));
  blocks.push(...rleBlock(true)); // 2048 × 128 KiB = 256 MiB
  const rle = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, ...blocks]);
  const { value, ms } = timed(() => decodeBytes(rle));
  assert.ok(ms < 5000, `took ${ms} ms`);
  assert.deepEqual(value.issues.map((i) => i.kind), ['decompression-limit']);

  // Single-segment frame (descriptor 0xE0: 8-byte content size) declaring 2^40 bytes.
  const declared = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, ...rleBlock(true)]);
  const huge = decodeBytes(declared);
  assert.deepEqual(huge.issues.map((i) => i.kind), ['decompression-limit']);
  assert.match(huge.issues[0].detail, /declares/);

  // Within the limit the same RLE frame decodes.
  const ok = decodeBytes(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, ...rleBlock(true)]));
  assert.deepEqual(ok.issues, []);
  assert.equal(textAt(ok.views, 'request.body|zstd'), 'A'.repeat(131072));
});

test('corrupt gzip: corrupt-encoding issue, raw body kept uncovered', () => {
  const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]), Buffer.from('this is not deflate data at all')]);
  const { issues, views } = decodeBytes(corrupt, { contentEncoding: 'gzip' });
  assert.equal(issues.length, 1);
  assert.equal(issues[0].kind, 'corrupt-encoding');
  assert.equal(issues[0].path, 'request.body|gzip');
  assert.equal(viewAt(views, 'request.body').covered, false);
});

test('a gzip body cut short yields what it had, flagged', () => {
  const json = JSON.stringify({ imei: '865321045012345', events: Array.from({ length: 200 }, (_, i) => ({ i, t: 'launch' })) });
  const gz = zlib.gzipSync(json);
  const { issues, views } = decodeBytes(gz.subarray(0, Math.floor(gz.length * 0.6)), { mimeType: 'application/json' });
  assert.equal(issues[0].kind, 'corrupt-encoding');
  assert.match(issues[0].detail, /ends early/);
  // The JSON is cut too, but it was declared: the leaves before the cut are kept.
  assert.equal(textAt(views, 'request.body|gzip|json:$.imei'), '865321045012345');
  assert.ok(issues.some((i) => i.path === 'request.body|gzip|json' && i.kind === 'corrupt-encoding'));
});

test('gzip followed by stray bytes is recovered', () => {
  const body = Buffer.concat([zlib.gzipSync('{"imei":"865321045012345"}'), Buffer.from('\r\n\r\n')]);
  const { issues, views } = decodeBytes(body);
  assert.equal(textAt(views, 'request.body|gzip|json:$.imei'), '865321045012345');
  assert.equal(issues[0]?.kind, 'corrupt-encoding');
});

test('10,000-deep JSON nesting: depth-limit issue, shallow leaves kept, no stack overflow', () => {
  const deep = '['.repeat(10_000) + '"deep"' + ']'.repeat(10_000);
  const body = Buffer.from(`{"imei":"865321045012345","nest":${deep},"after":"ok"}`);
  const { value, ms } = timed(() => decodeBytes(body, { mimeType: 'application/json' }));
  assert.ok(ms < 2000, `took ${ms} ms`);
  assert.equal(textAt(value.views, 'request.body|json:$.imei'), '865321045012345');
  assert.equal(textAt(value.views, 'request.body|json:$.after'), 'ok');
  assert.deepEqual(value.issues.map((i) => i.kind), ['depth-limit']);
  assert.equal(viewAt(value.views, 'request.body').covered, false, 'skipped content stays scannable in the raw view');
});

test('100 MB unterminated nesting and 100 MB single string end in bounded time', () => {
  const open = Buffer.alloc(100 * MiB, 0x5b); // "[[[[..." never closed
  const a = timed(() => decodeBytes(open));
  assert.ok(a.ms < 5000, `unterminated nesting took ${a.ms} ms`);
  assert.deepEqual(paths(a.value.views), ['request.body']);

  const big = Buffer.alloc(100 * MiB + 8, 0x41);
  big.write('{"a":"', 0);
  big.write('"}', big.length - 2);
  const b = timed(() => decodeBytes(big, { mimeType: 'application/json' }));
  assert.ok(b.ms < 5000, `single string took ${b.ms} ms`);
  const leaf = viewAt(b.value.views, 'request.body|json:$.a');
  assert.equal(leaf.bytes.length, 100 * MiB + 8 - 8);
  assert.equal(leaf.bytes.buffer, big.buffer, 'an unescaped string is a zero-copy slice');

  const plain = Buffer.alloc(100 * MiB, 0x41);
  const c = timed(() => decodeBytes(plain, { mimeType: 'text/plain' }));
  assert.ok(c.ms < 5000, `plain text took ${c.ms} ms`);
  assert.deepEqual(paths(c.value.views), ['request.body']);
  assert.ok(c.value.issues.every((i) => i.kind === 'size-limit'));
});

test('too many layers: depth-limit issue at maxDepth', () => {
  let value = JSON.stringify({ imei: '865321045012345' });
  for (let i = 0; i < 10; i++) value = Buffer.from(value).toString('base64');
  const { issues, views } = decodeBytes(Buffer.from(value));
  assert.equal(issues.length, 1);
  assert.equal(issues[0].kind, 'depth-limit');
  assert.equal(Math.max(...views.map((v) => v.layers.length)), DEFAULT_DECODE_LIMITS.maxDepth);
});

test('too many leaves: size-limit issue, parent stays uncovered', () => {
  const obj = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i]));
  const { value, ms } = timed(() => decodeBytes(Buffer.from(JSON.stringify(obj))));
  assert.ok(ms < 3000, `took ${ms} ms`);
  assert.equal(value.views.length, DEFAULT_DECODE_LIMITS.maxViews);
  assert.ok(value.issues.some((i) => i.kind === 'size-limit'));
  assert.equal(viewAt(value.views, 'request.body').covered, false);
});

test('limits are validated', () => {
  assert.throws(() => decodeBytes(Buffer.from('x'), { limits: { maxDepth: -1 } }), /maxDepth/);
});
