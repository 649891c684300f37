/** The query string of a URL (the exchange's own URL, or a URL found inside a value: a referrer, a callback). */
import type { Decoder } from '../types.js';
import { CH, asciiHead, isCleanText, mayBeUrl, mayStartUrl, startsAsText, textOf } from '../bytes.js';
import { isAbsoluteUrl, splitPairs } from './percent.js';
import { pairParts } from './pairs.js';

/** The query part of a URL-looking text, or null. */
export function queryOf(text: string): string | null {
  const q = text.indexOf('?');
  if (q < 0) return null;
  const hash = text.indexOf('#', q);
  return text.slice(q + 1, hash < 0 ? text.length : hash);
}

export function looksLikeUrl(text: string): boolean {
  return isAbsoluteUrl(text) || (text.startsWith('/') && !text.startsWith('//') && !/\s/.test(text));
}

export const queryDecoder: Decoder = {
  name: 'query',
  maxFit: 10,
  covers: false,
  fit(input) {
    if (!mayBeUrl(input.bytes) || input.bytes.indexOf(0x3f) < 0 || !startsAsText(input.bytes)) return 0;
    return looksLikeUrl(asciiHead(input.bytes, 32)) ? 10 : 0;
  },
  mayFit(first, mask, length) {
    return length > 1 && mayStartUrl(first) && (mask & CH.OTHER) !== 0; // '?'
  },
  decode(input, limits) {
    if (!isCleanText(input.bytes)) return null;
    const text = textOf(input.bytes).trim();
    if (!looksLikeUrl(text)) return null;
    const query = queryOf(text);
    if (!query) return null;
    const parts = pairParts(splitPairs(query), limits.maxViews);
    return parts.length ? parts : null;
  },
};
