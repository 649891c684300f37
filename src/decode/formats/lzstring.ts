/**
 * lz-string (https://github.com/pieroxy/lz-string), used by web and hybrid SDKs to shrink JSON into base64
 * (compressToBase64) or URI-safe text (compressToEncodedURIComponent). Garbage input often "decompresses" to random
 * UTF-16, so output must be almost all printable ASCII; input length is capped because LZ78-style output can grow
 * quadratically in the number of codes.
 */
import LZString from 'lz-string';
import type { Decoder, DecodeInput, DecodeLimits } from '../types.js';
import { ALNUM, alphabetTable, blobText, edgesMatch } from './blob.js';
import { utf8 } from '../bytes.js';

const MAX_INPUT_CHARS = 32 * 1024;
const BASE64_ALPHABET = alphabetTable(ALNUM + '+/=');
const URI_ALPHABET = alphabetTable(ALNUM + '+-$');
const PRINTABLE_ASCII = /[\x20-\x7e\t\r\n]/g;

function plausibleText(text: string | null, limits: DecodeLimits): boolean {
  if (!text || text.length < 8 || text.length > limits.maxInflatedBytes) return false;
  const printable = text.match(PRINTABLE_ASCII)?.length ?? 0;
  return printable >= text.length * 0.95;
}

function lzDecoder(name: string, alphabet: Uint8Array, shape: RegExp, fitScore: number,
  decompress: (s: string) => string | null): Decoder {
  return {
    name,
    covers: true,
    fit(input: DecodeInput) {
      return input.bytes.length <= MAX_INPUT_CHARS && edgesMatch(input.bytes, alphabet, 16) ? fitScore : 0;
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
