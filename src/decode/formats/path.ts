/** Path segments of an absolute URL: ids often travel as /user/123456/ or /device/<imei>/ rather than in the query. */
import type { Decoder, DecodedPart } from '../types.js';
import { CH, asciiHead, isCleanText, mayBeUrl, mayStartUrl, startsAsText, textOf } from '../bytes.js';
import { isAbsoluteUrl, percentDecode } from './percent.js';

/** Non-empty segments of the path of an absolute URL, still percent-encoded. */
export function pathSegments(url: string): string[] {
  const afterScheme = url.indexOf('://') + 3;
  const pathStart = url.slice(afterScheme).search(/[/?#]/);
  if (pathStart < 0) return [];
  const rest = url.slice(afterScheme + pathStart);
  const end = rest.search(/[?#]/);
  return (end < 0 ? rest : rest.slice(0, end)).split('/').filter((s) => s !== '');
}

export const pathDecoder: Decoder = {
  name: 'path',
  maxFit: 10,
  covers: false,
  fit(input) {
    if (!mayBeUrl(input.bytes) || input.bytes.indexOf(0x3a) < 0 || !startsAsText(input.bytes)) return 0;
    return isAbsoluteUrl(asciiHead(input.bytes, 32)) ? 10 : 0;
  },
  mayFit(first, mask, length) {
    return length > 1 && mayStartUrl(first) && (mask & CH.OTHER) !== 0; // ':'
  },
  decode(input, limits) {
    if (!isCleanText(input.bytes)) return null;
    const text = textOf(input.bytes).trim();
    if (!isAbsoluteUrl(text)) return null;
    const parts: DecodedPart[] = [];
    pathSegments(text).forEach((segment, index) => {
      if (parts.length < limits.maxViews) parts.push({ selector: String(index), bytes: percentDecode(segment, false), key: null });
    });
    return parts.length ? parts : null;
  },
};
