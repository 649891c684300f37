/**
 * Base64 (RFC 4648 §4) of a whole value. Android's Base64.DEFAULT wraps lines every 76 characters, so line breaks
 * are allowed. All-digit strings are numbers, not base64.
 */
import type { Decoder } from '../types.js';
import { blobFits, blobText, scratchBlobPart } from './blob.js';
import { base64Into } from './base-decode.js';
import { CH, CH_ALNUM, maskOnly, surelyOnly } from '../bytes.js';

const ALPHABET = CH_ALNUM | CH.PLUS | CH.SLASH | CH.EQUALS | CH.NEWLINE;
const SHAPE = /^[A-Za-z0-9+/]+={0,2}$/;
const PLAIN = CH_ALNUM | CH.PLUS | CH.SLASH;

export const base64Decoder: Decoder = {
  name: 'base64',
  maxFit: 50,
  covers: true,
  fit(input) {
    return blobFits(input, ALPHABET) ? 50 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 16 && maskOnly(mask, ALPHABET);
  },
  decode(input, limits) {
    // Without '=' or line breaks, a fitting view already has the shape; only the line-break case needs the regexes.
    const plain = surelyOnly(input.bytes, PLAIN);
    const raw = blobText(input, limits);
    const text = plain ? raw : raw?.replace(/\r?\n/g, '');
    if (!text || text.length % 4 === 1) return null;
    if (plain ? surelyOnly(input.bytes, CH.DIGIT) : !SHAPE.test(text) || /^\d+$/.test(text)) return null;
    return scratchBlobPart(input, text, base64Into, (t) => Buffer.from(t, 'base64'));
  },
};
