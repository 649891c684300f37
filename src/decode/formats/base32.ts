/** Base32 (RFC 4648 §6, upper-case alphabet A–Z 2–7). A text without any digit 2–7 is taken for a word, not base32. */
import type { Decoder } from '../types.js';
import { blobFits, blobPart, blobText } from './blob.js';
import { CH, CH_UPPER, maskOnly } from '../bytes.js';

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SHAPE = /^[A-Z2-7]+=*$/;
const VALID_REMAINDERS = new Set([0, 2, 4, 5, 7]);

export function base32Bytes(text: string): Uint8Array | null {
  const body = text.replace(/=+$/, '');
  if (!VALID_REMAINDERS.has(body.length % 8)) return null;
  const out = new Uint8Array(Math.floor((body.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    buffer = ((buffer << 5) | CHARS.indexOf(body[i])) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

export const base32Decoder: Decoder = {
  name: 'base32',
  maxFit: 42,
  covers: true,
  fit(input) {
    return blobFits(input, CH_UPPER | CH.DIGIT | CH.EQUALS) ? 42 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 16 && maskOnly(mask, CH_UPPER | CH.DIGIT | CH.EQUALS);
  },
  decode(input, limits) {
    const text = blobText(input, limits);
    if (!text || !SHAPE.test(text) || !/[2-7]/.test(text)) return null;
    const bytes = base32Bytes(text);
    return bytes ? blobPart(input, bytes) : null;
  },
};
