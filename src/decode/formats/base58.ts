/**
 * Base58 (Bitcoin alphabet: no 0, O, I, l). Decoding is quadratic in length, so only values up to 256 characters
 * are tried; they must mix digits and letters.
 */
import type { Decoder } from '../types.js';
import { blobFits, blobPart, blobText } from './blob.js';
import { CH_ALNUM } from '../bytes.js';

const CHARS = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SHAPE = /^[1-9A-HJ-NP-Za-km-z]+$/;
const MAX_CHARS = 256;

export function base58Bytes(text: string): Uint8Array {
  let value = 0n;
  for (const c of text) value = value * 58n + BigInt(CHARS.indexOf(c));
  const hex = value === 0n ? '' : value.toString(16);
  const body = Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
  const leadingZeros = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(leadingZeros), body]);
}

export const base58Decoder: Decoder = {
  name: 'base58',
  covers: true,
  fit(input) {
    return input.bytes.length <= MAX_CHARS && blobFits(input, CH_ALNUM) ? 40 : 0;
  },
  decode(input, limits) {
    const text = blobText(input, limits);
    if (!text || text.length > MAX_CHARS || !SHAPE.test(text) || !/\d/.test(text) || !/[A-Za-z]/.test(text)) return null;
    return blobPart(input, base58Bytes(text));
  },
};
