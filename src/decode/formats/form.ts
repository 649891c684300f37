/**
 * application/x-www-form-urlencoded (WHATWG URL §5): by declaration, or — for bodies and string values that were not
 * declared — only when every pair has a plausible field name, so base64 padding or prose is not split by mistake.
 */
import type { Decoder } from '../types.js';
import { CH, asciiHead, hasByte, isCleanText, startsAsText, textOf } from '../bytes.js';
import { isAbsoluteUrl, splitPairs } from './percent.js';
import { pairParts } from './pairs.js';

const FORM_TYPE = 'application/x-www-form-urlencoded';
const FIELD_NAME = /^[A-Za-z0-9_.\-[\]%*~$]{1,128}$/;
const FIRST_PAIR = /^[A-Za-z0-9_.\-[\]%*~$]{1,128}=/;

export const formDecoder: Decoder = {
  name: 'form',
  maxFit: 80,
  covers: true,
  fit(input) {
    if (input.mimeType === FORM_TYPE) return startsAsText(input.bytes) ? 80 : 0;
    if (input.bytes.length < 3 || !hasByte(input.bytes, 0x3d, CH.EQUALS) || !startsAsText(input.bytes)) return 0;
    return FIRST_PAIR.test(asciiHead(input.bytes, 200)) ? 40 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 3 && (mask & CH.EQUALS) !== 0;
  },
  decode(input, limits) {
    if (!isCleanText(input.bytes)) return null;
    const text = textOf(input.bytes).trim();
    if (isAbsoluteUrl(text)) return null;
    const pairs = splitPairs(text);
    if (input.mimeType !== FORM_TYPE) {
      const allNamed = pairs.every((p) => p.hasEquals && FIELD_NAME.test(p.name));
      const hasData = pairs.length >= 2 || (pairs.length === 1 && /[^=]/.test(pairs[0].value));
      if (!allNamed || !hasData || /\s/.test(text)) return null;
    }
    return pairParts(pairs, limits.maxViews);
  },
};
