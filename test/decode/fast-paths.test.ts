/**
 * The decode stage's fast paths against the plain definitions they replace: each must give exactly the same answer
 * (the evidence paths and bytes in reports must not change when the code gets faster). Inputs are generated with a
 * fixed-seed generator, biased toward the byte values where UTF-8, base64 and protobuf have edge cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { forgetTextFacts, isCleanBytes, isCleanText } from '../../src/decode/bytes.js';
import { base58Bytes } from '../../src/decode/formats/base58.js';
import { base64Into, hexInto } from '../../src/decode/formats/base-decode.js';
import { blobPart, scratchBlobPart } from '../../src/decode/formats/blob.js';
import { decodeBytes } from '../../src/decode/index.js';
import type { DecodeInput } from '../../src/decode/index.js';
import { pbBytes, pbVarint } from './helpers.js';

function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
function cleanByDefinition(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('utf8');
  return !text.includes('\uFFFD') && !CONTROL.test(text);
}

const EDGE_BYTES = [0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbd, 0xbf, 0xc0, 0xc1, 0xc2,
  0xdf, 0xe0, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xf5, 0xff];

test('isCleanText and isCleanBytes agree with decoding to a string and looking for U+FFFD and controls', () => {
  const random = generator(1);
  for (let t = 0; t < 50_000; t++) {
    const bytes = new Uint8Array(1 + Math.floor(random() * 8));
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = random() < 0.8 ? EDGE_BYTES[Math.floor(random() * EDGE_BYTES.length)] : Math.floor(random() * 256);
    }
    forgetTextFacts();
    const expected = cleanByDefinition(bytes);
    assert.equal(isCleanText(bytes), expected, `isCleanText ${Buffer.from(bytes).toString('hex')}`);
    assert.equal(isCleanBytes(bytes), expected, `isCleanBytes ${Buffer.from(bytes).toString('hex')}`);
  }
  for (const text of ['plain ascii', 'tab\tand\nnewline', 'caf\u00e9', '\u0085 NEL', '\uFFFD literal', '\u{1F600} emoji', 'del\u007f']) {
    forgetTextFacts();
    assert.equal(isCleanText(Buffer.from(text)), cleanByDefinition(Buffer.from(text)), text);
  }
});

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58ByBigInt(text: string): Buffer {
  let value = 0n;
  for (const c of text) value = value * 58n + BigInt(BASE58.indexOf(c));
  const hex = value === 0n ? '' : value.toString(16);
  const zeros = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex')]);
}

test('base58Bytes gives the bytes of the big number, with one zero byte per leading 1', () => {
  const random = generator(2);
  for (const text of ['1', '111', '2', 'z', '1z', '5Q', 'zzzzzzzzzzzzzzzzzzzz', '1111StV1DL6CwTryKyV']) {
    assert.deepEqual(Buffer.from(base58Bytes(text)), base58ByBigInt(text), text);
  }
  for (let t = 0; t < 5000; t++) {
    let text = '';
    const n = 1 + Math.floor(random() * 90);
    for (let i = 0; i < n; i++) text += random() < 0.1 ? '1' : BASE58[Math.floor(random() * 58)];
    assert.deepEqual(Buffer.from(base58Bytes(text)), base58ByBigInt(text), text);
  }
});

test('base64Into and hexInto write what Buffer.from writes for shape-checked text', () => {
  const random = generator(3);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const out = new Uint8Array(256);
  for (let t = 0; t < 20_000; t++) {
    const symbols = alphabet + (random() < 0.5 ? '+/' : '-_');
    let text = '';
    const n = 1 + Math.floor(random() * 60);
    for (let i = 0; i < n; i++) text += symbols[Math.floor(random() * symbols.length)];
    text += '='.repeat(Math.floor(random() * 3));
    for (const encoding of ['base64', 'base64url'] as const) {
      const length = base64Into(text, out);
      assert.deepEqual(Buffer.from(out.subarray(0, length)), Buffer.from(text, encoding), `${encoding} ${text}`);
    }
    const hex = Buffer.from(text).toString('hex');
    const cased = random() < 0.5 ? hex : hex.toUpperCase();
    const length = hexInto(cased, out);
    assert.deepEqual(Buffer.from(out.subarray(0, length)), Buffer.from(cased, 'hex'), cased);
  }
});

test('scratchBlobPart keeps exactly the blobs blobPart keeps: text, compressed, media, readable protobuf', () => {
  const random = generator(4);
  const input: DecodeInput = { bytes: new Uint8Array(0), mimeType: null, contentEncoding: null, key: 'k', layers: [] };
  const payloads: Uint8Array[] = [
    Buffer.from('{"imei":"356938035643809","model":"SM-G973F"}'),
    Buffer.from('caf\u00e9 \u00e0 la cr\u00e8me, 20 characters and more'),
    gzipSync('{"android_id":"3f9a2c7e1b4d8a60"}'),
    Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
    Uint8Array.from([...pbVarint(1, 150), ...pbBytes(2, 'device-model SM-G973F'), ...pbVarint(3, 1)]),
    Uint8Array.from([...pbBytes(1, Uint8Array.from([0x08, 0x01])), ...pbBytes(2, 'abcd')]),
  ];
  for (let t = 0; t < 3000; t++) {
    const random16 = new Uint8Array(8 + Math.floor(random() * 80));
    for (let i = 0; i < random16.length; i++) random16[i] = Math.floor(random() * 256);
    payloads.push(random16);
  }
  let kept = 0;
  for (const payload of payloads) {
    for (const [encoding, decodeInto] of [['base64', base64Into], ['hex', hexInto]] as const) {
      const text = Buffer.from(payload).toString(encoding);
      const fast = scratchBlobPart(input, text, decodeInto, (s) => Buffer.from(s, encoding));
      const plain = blobPart(input, Buffer.from(text, encoding));
      assert.deepEqual(fast?.map((p) => [Buffer.from(p.bytes), p.mimeType]), plain?.map((p) => [Buffer.from(p.bytes), p.mimeType]),
        `${encoding} ${text}`);
      if (plain) kept++;
    }
  }
  assert.ok(kept >= 12, `the plausible payloads were kept (${kept})`);
});

test('embedded blobs are found at the same offsets with padding, adjacent runs and non-ASCII text around them', () => {
  const b64 = Buffer.from('{"imei":"356938035643809"}').toString('base64');
  const text = `é v=1;d=${b64}&x=${'ab'.repeat(4)}==;t=${b64.replace(/=+$/, '')}`;
  const { views } = decodeBytes(Buffer.from(text), { mimeType: 'text/plain' });
  const first = Buffer.byteLength(text.slice(0, text.indexOf(b64)));
  const second = Buffer.byteLength(text.slice(0, text.lastIndexOf('t=') + 2));
  const found = views.filter((v) => v.path.includes('|base64:@')).map((v) => v.path.replace(/\|json.*$/, ''));
  assert.deepEqual([...new Set(found)], [`request.body|base64:@${first}`, `request.body|base64:@${second}`]);
});
