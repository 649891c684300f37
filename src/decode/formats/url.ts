/** Percent-encoding of a whole value (a cookie or JSON string holding url(base64(json)) and the like). */
import type { Decoder } from '../types.js';
import { CH, hasByte, isCleanText, startsAsText, textOf } from '../bytes.js';
import { hasPercentEscape, isAbsoluteUrl, percentDecode } from './percent.js';

export const urlDecoder: Decoder = {
  name: 'url',
  maxFit: 35,
  covers: true,
  fit(input) {
    if (input.bytes.length < 3 || !hasByte(input.bytes, 0x25, CH.PERCENT) || !startsAsText(input.bytes)) return 0;
    return 35;
  },
  mayFit(_first, mask, length) {
    return length >= 3 && (mask & CH.PERCENT) !== 0;
  },
  decode(input, limits) {
    if (input.bytes.length > limits.maxBlobBytes || !isCleanText(input.bytes)) return null;
    const text = textOf(input.bytes);
    // URLs are split by the query and path layers instead, keeping the parameter names in the path.
    if (isAbsoluteUrl(text) || !hasPercentEscape(text)) return null;
    return [{ selector: null, bytes: percentDecode(text, false), key: input.key }];
  },
};
