/** Hexadecimal (base16) of a whole value, in one letter case; digests decode to random bytes and are dropped. */
import type { Decoder } from '../types.js';
import { blobFits, blobText, scratchBlobPart } from './blob.js';
import { hexInto } from './base-decode.js';
import { CH, maskOnly, surelyOnly } from '../bytes.js';

const SHAPE = /^(?:[0-9a-f]+|[0-9A-F]+)$/;

export const hexDecoder: Decoder = {
  name: 'hex',
  maxFit: 44,
  covers: true,
  fit(input) {
    return input.bytes.length % 2 === 0 &&
      (blobFits(input, CH.DIGIT | CH.HEX_LOWER) || blobFits(input, CH.DIGIT | CH.HEX_UPPER)) ? 44 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 16 && (maskOnly(mask, CH.DIGIT | CH.HEX_LOWER) || maskOnly(mask, CH.DIGIT | CH.HEX_UPPER));
  },
  decode(input, limits) {
    const text = blobText(input, limits);
    if (!text || text.length % 2 !== 0) return null;
    const shaped = surelyOnly(input.bytes, CH.DIGIT | CH.HEX_LOWER) || surelyOnly(input.bytes, CH.DIGIT | CH.HEX_UPPER);
    if (!shaped && !SHAPE.test(text)) return null;
    return scratchBlobPart(input, text, hexInto, (t) => Buffer.from(t, 'hex'));
  },
};
