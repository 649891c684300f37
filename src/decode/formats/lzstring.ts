/**
 * lz-string (https://github.com/pieroxy/lz-string), used by web and hybrid SDKs to shrink JSON into base64
 * (compressToBase64) or URI-safe text (compressToEncodedURIComponent). Garbage input often "decompresses" to random
 * UTF-16, so output must be almost all printable ASCII; input length is capped because LZ78-style output can grow
 * quadratically in the number of codes.
 */
import LZString from 'lz-string';
import type { Decoder, DecodeInput, DecodeLimits } from '../types.js';
import { blobFits, blobText } from './blob.js';
import { CH, CH_ALNUM, maskOnly, utf8 } from '../bytes.js';

const MAX_INPUT_CHARS = 32 * 1024;
const BASE64_ALPHABET = CH_ALNUM | CH.PLUS | CH.SLASH | CH.EQUALS;
const URI_ALPHABET = CH_ALNUM | CH.PLUS | CH.MINUS | CH.DOLLAR;
/**
 * lz-string writes a 2-bit code before the first character, read from the first symbol's two high bits, high bit
 * first, as the code's low bit: code 0 (an 8-bit literal) is a symbol of 0–15 (A–P), code 1 (a 16-bit literal) one of
 * 32–47 (g–v), code 2 (end of stream: decompresses to "") one of 16–31 (Q–Z, a–f), the same in both alphabets.
 * Only A–P is tried: Q–f can only give "", never plausible text, and g–v (a text whose first character is above
 * U+00FF) is not tried yet.
 */
function firstSymbolFits(first: number): boolean {
  return first >= 0x41 && first <= 0x50; // A–P
}
const PRINTABLE_ASCII = /[\x20-\x7e\t\r\n]/g;

function plausibleText(text: string | null, limits: DecodeLimits): boolean {
  if (!text || text.length < 8 || text.length > limits.maxInflatedBytes) return false;
  const printable = text.match(PRINTABLE_ASCII)?.length ?? 0;
  return printable >= text.length * 0.95;
}

function lzDecoder(name: string, alphabet: number, shape: RegExp, fitScore: number,
  decompress: (s: string) => string | null): Decoder {
  return {
    name,
    maxFit: fitScore,
    covers: true,
    fit(input: DecodeInput) {
      const b = input.bytes;
      if (b.length > MAX_INPUT_CHARS || !blobFits(input, alphabet)) return 0;
      return firstSymbolFits(b[0]) ? fitScore : 0;
    },
    mayFit(first: number, mask: number, length: number) {
      return length >= 16 && firstSymbolFits(first) && maskOnly(mask, alphabet);
    },
    decode(input: DecodeInput, limits: DecodeLimits) {
      const text = blobText(input, limits);
      if (!text || text.length > MAX_INPUT_CHARS || !shape.test(text)) return null;
      let output: string | null;
      try {
        output = decompress(text);
      } catch {
        return null;
      }
      if (!plausibleText(output, limits)) return null;
      return [{ selector: null, bytes: utf8(output as string), key: input.key }];
    },
  };
}

export const lzStringDecoder = lzDecoder('lz-string', BASE64_ALPHABET, /^[A-Za-z0-9+/]+={0,2}$/, 45,
  (s) => LZString.decompressFromBase64(s));

export const lzStringUriDecoder = lzDecoder('lz-string-uri', URI_ALPHABET, /^[A-Za-z0-9+$-]+$/, 45,
  (s) => LZString.decompressFromEncodedURIComponent(s));
