/** Brotli (RFC 7932) has no magic bytes, so it is undone only when Content-Encoding says `br`. */
import type { Decoder, DecodeLimits } from '../types.js';
import { decompressedPart, inflateBounded, outermostEncoding, withPartialShape } from './compression.js';
import { isCleanText } from '../bytes.js';
import { DecodeLimitError } from '../errors.js';

export const brotliDecoder: Decoder = {
  name: 'br',
  maxFit: 100,
  covers: true,
  fit(input) {
    return outermostEncoding(input) === 'br' && input.bytes.length > 0 ? 100 : 0;
  },
  mayFit() {
    return false; // only a declared Content-Encoding
  },
  decode(input, limits: DecodeLimits) {
    try {
      return [decompressedPart(input, inflateBounded('br', 'brotli', input.bytes, limits.maxInflatedBytes), true)];
    } catch (e) {
      // Capture tools often store the body already decoded while keeping the header: not an error.
      if (e instanceof DecodeLimitError && e.kind === 'corrupt-encoding' && isCleanText(input.bytes)) return null;
      return withPartialShape(e, input, true);
    }
  },
};
