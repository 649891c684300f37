/**
 * zlib (RFC 1950) found by its header: CMF 0x78 (deflate, 32 KB window) and a FLG making CMF·256+FLG a multiple of 31,
 * without preset dictionary. Umeng's envelope is JSON → zlib (knowledge/sdks.md). Declared `deflate` is deflate.ts.
 */
import type { Decoder, DecodeLimits } from '../types.js';
import { decompressedPart, inflateBounded, outermostEncoding, withPartialShape } from './compression.js';

export function hasZlibHeader(b: Uint8Array): boolean {
  if (b.length < 8 || b[0] !== 0x78) return false;
  const checksumOk = ((b[0] << 8) | b[1]) % 31 === 0;
  const presetDictionary = (b[1] & 0x20) !== 0;
  return checksumOk && !presetDictionary;
}

export const zlibDecoder: Decoder = {
  name: 'zlib',
  maxFit: 90,
  covers: true,
  fit(input) {
    if (outermostEncoding(input) === 'deflate') return 0; // deflate.ts owns declared bodies
    return hasZlibHeader(input.bytes) ? 90 : 0;
  },
  mayFit(first, _mask, length) {
    return length >= 8 && first === 0x78;
  },
  decode(input, limits: DecodeLimits) {
    try {
      return [decompressedPart(input, inflateBounded('zlib', 'inflate', input.bytes, limits.maxInflatedBytes), false)];
    } catch (e) {
      return withPartialShape(e, input, false);
    }
  },
};
