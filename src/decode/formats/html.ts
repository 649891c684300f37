/** HTML character references (&amp; &#34; &#x22;), a layer some SDKs and web views add around JSON or ids. */
import type { Decoder } from '../types.js';
import { CH, hasByte, isCleanText, textOf, utf8 } from '../bytes.js';

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
}

export const htmlEntitiesDecoder: Decoder = {
  name: 'html',
  maxFit: 30,
  covers: true,
  fit(input) {
    return input.bytes.length >= 4 && hasByte(input.bytes, 0x26, CH.AMP) && input.bytes.indexOf(0x3b) >= 0 ? 30 : 0;
  },
  mayFit(_first, mask, length) {
    return length >= 4 && (mask & CH.AMP) !== 0 && (mask & CH.OTHER) !== 0; // '&' … ';'
  },
  decode(input, limits) {
    if (input.bytes.length > limits.maxScanBytes || !isCleanText(input.bytes)) return null;
    const text = textOf(input.bytes);
    REFERENCE.lastIndex = 0;
    if (!REFERENCE.test(text)) return null;
    const decoded = text.replace(REFERENCE, (_m, dec?: string, hex?: string, name?: string) =>
      name ? NAMED[name] : codePoint(dec ? parseInt(dec, 10) : parseInt(hex ?? '', 16)));
    return [{ selector: null, bytes: utf8(decoded), key: input.key }];
  },
};
