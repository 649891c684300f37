/**
 * Base58 (Bitcoin alphabet: no 0, O, I, l). Decoding is quadratic in length, so only values up to 256 characters
 * are tried; they must mix digits and letters.
 */
import type { Decoder } from '../types.js';
import { blobFits, blobPart, blobText } from './blob.js';
import { CH_ALNUM, maskOnly } from '../bytes.js';

const CHARS = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SHAPE = /^[1-9A-HJ-NP-Za-km-z]+$/;
const MAX_CHARS = 256;

const DIGIT_OF = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CHARS.length; i++) table[CHARS.charCodeAt(i)] = i;
  return table;
})();

/**
 * The big-endian bytes of the base-58 number, after one zero byte per leading '1'. Schoolbook base conversion on a
 * byte array (multiply by 58, add the digit): no BigInt, no hex round trip. Expects a text that passed SHAPE.
 */
export function base58Bytes(text: string): Uint8Array {
  let leadingZeros = 0;
  while (leadingZeros < text.length && text.charCodeAt(leadingZeros) === 0x31) leadingZeros++;
  // log(58)/log(256) < 0.733: enough room for the number's bytes.
  const size = Math.ceil((text.length - leadingZeros) * 0.733) + 1;
  const digits = new Uint8Array(size);
  let used = 0; // bytes in use at the end of `digits`
  for (let i = leadingZeros; i < text.length; i++) {
    let carry = DIGIT_OF[text.charCodeAt(i)];
    let k = 0;
    for (let j = size - 1; j >= 0 && (carry !== 0 || k < used); j--, k++) {
      carry += 58 * digits[j];
      digits[j] = carry & 0xff;
      carry >>= 8;
    }
    used = k;
  }
  const out = Buffer.alloc(leadingZeros + used);
  out.set(digits.subarray(size - used), leadingZeros);
  return out;
}

export const base58Decoder: Decoder = {
  name: 'base58',
  maxFit: 40,
  covers: true,
  fit(input) {
    return input.bytes.length <= MAX_CHARS && blobFits(input, CH_ALNUM) ? 40 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 16 && maskOnly(mask, CH_ALNUM);
  },
  decode(input, limits) {
    const text = blobText(input, limits);
    if (!text || text.length > MAX_CHARS || !SHAPE.test(text) || !/\d/.test(text) || !/[A-Za-z]/.test(text)) return null;
    return blobPart(input, base58Bytes(text));
  },
};
