/** URL-safe base64 (RFC 4648 §5): `-` and `_` instead of `+` and `/`, padding often dropped. */
import type { Decoder } from '../types.js';
import { blobFits, blobText, scratchBlobPart } from './blob.js';
import { base64Into } from './base-decode.js';
import { CH, CH_ALNUM, charMask, maskOnly } from '../bytes.js';

const ALPHABET = CH_ALNUM | CH.MINUS | CH.UNDERSCORE | CH.EQUALS;
const SHAPE = /^[A-Za-z0-9_-]+={0,2}$/;

export const base64urlDecoder: Decoder = {
  name: 'base64url',
  maxFit: 49,
  covers: true,
  fit(input) {
    return blobFits(input, ALPHABET) && (charMask(input.bytes) & (CH.MINUS | CH.UNDERSCORE)) !== 0 ? 49 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 16 && maskOnly(mask, ALPHABET) && (mask & (CH.MINUS | CH.UNDERSCORE)) !== 0;
  },
  decode(input, limits) {
    const text = blobText(input, limits);
    // Without - or _ the text is plain base64, already tried under that name.
    if (!text || !SHAPE.test(text) || !/[-_]/.test(text) || text.length % 4 === 1) return null;
    return scratchBlobPart(input, text, base64Into, (t) => Buffer.from(t, 'base64url'));
  },
};
