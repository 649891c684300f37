/**
 * Content-Encoding: deflate. RFC 9110 §8.4.1.2 means zlib-wrapped data, but servers and SDKs also send raw deflate;
 * the zlib header decides which one to undo.
 */
import type { Decoder, DecodeLimits } from '../types.js';
import { decompressedPart, inflateBounded, outermostEncoding, withPartialShape } from './compression.js';
import { hasZlibHeader } from './zlib.js';
import { startsAsText } from '../bytes.js';

export const deflateDecoder: Decoder = {
  name: 'deflate',
  maxFit: 100,
  covers: true,
  fit(input) {
    if (outermostEncoding(input) !== 'deflate' || input.bytes.length === 0) return 0;
    // Already inflated by the capture tool: leave it to the text decoders.
    if (!hasZlibHeader(input.bytes) && startsAsText(input.bytes)) return 0;
    return 100;
  },
  mayFit() {
    return false; // only a declared Content-Encoding
  },
  decode(input, limits: DecodeLimits) {
    const method = hasZlibHeader(input.bytes) ? 'inflate' : 'inflateRaw';
    try {
      return [decompressedPart(input, inflateBounded('deflate', method, input.bytes, limits.maxInflatedBytes), true)];
    } catch (e) {
      return withPartialShape(e, input, true);
    }
  },
};
