/**
 * What makes a decoded text blob worth keeping. Base64/hex/base32/base58 alphabets match plenty of ordinary tokens
 * (words, hashes, ids); decoding those gives random bytes. A blob is kept only when its bytes are clean text, a
 * compressed stream, a known media file, or a complete protobuf message with readable strings — so a digest stays
 * a digest (detect matches digests itself) and noise stays out of the evidence.
 */
import type { DecodedPart, DecodeInput, DecodeLimits } from '../types.js';
import { isCleanBytes, isCleanText, onlyChars, sniffMagic, textOf } from '../bytes.js';
import { hasZlibHeader } from './zlib.js';
import { hasReadableString } from './protobuf-wire.js';

function isCompressed(b: Uint8Array): boolean {
  if (b.length >= 10 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08) return true;
  if (b.length >= 9 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return true;
  return hasZlibHeader(b);
}

/** The media type to give a decoded blob, or undefined when the blob is not plausible. */
export function plausibleBlobType(b: Uint8Array): string | null | undefined {
  if (b.length < 4) return undefined;
  // Uncached checks: candidates are throwaway buffers, most of them random bytes rejected at the first byte or two.
  if (isCleanBytes(b)) return null;
  if (isCompressed(b)) return null;
  const media = sniffMagic(b);
  if (media) return media;
  // A complete protobuf message whose fields include at least one readable string of 4+ bytes.
  if (b.length >= 6 && hasReadableString(b, 10_000, 4, isCleanBytes)) return 'application/x-protobuf';
  return undefined;
}

/** One part for a plausible decoded blob, or null. */
export function blobPart(input: DecodeInput, decoded: Uint8Array): DecodedPart[] | null {
  const mimeType = plausibleBlobType(decoded);
  if (mimeType === undefined) return null;
  return [{ selector: null, bytes: decoded, key: input.key, mimeType }];
}

/** Texts up to this many characters are decoded into a reused scratch buffer first (see scratchBlobPart). */
const SCRATCH_CHARS = 8192;
let scratch = new Uint8Array(SCRATCH_CHARS);

/**
 * blobPart for a text decoded by `decodeInto` (which writes into `out` and returns the byte count): the bytes land in
 * a scratch buffer and are copied into their own Buffer only when plausible, so the many rejected candidates (ids,
 * digests) allocate nothing. `decodeInto` must produce exactly what Buffer.from(text, encoding) would.
 */
export function scratchBlobPart(input: DecodeInput, text: string, decodeInto: (text: string, out: Uint8Array) => number,
  fallback: (text: string) => Uint8Array): DecodedPart[] | null {
  if (text.length > SCRATCH_CHARS) return blobPart(input, fallback(text));
  const n = decodeInto(text, scratch);
  const candidate = scratch.subarray(0, n);
  const mimeType = plausibleBlobType(candidate);
  if (mimeType === undefined) return null;
  const decoded = Buffer.allocUnsafe(n);
  decoded.set(candidate);
  return [{ selector: null, bytes: decoded, key: input.key, mimeType }];
}

/** The view as a trimmed text when it is a candidate blob: clean text within the length bounds. */
export function blobText(input: DecodeInput, limits: DecodeLimits): string | null {
  const n = input.bytes.length;
  if (n < limits.minBlobChars || n > limits.maxBlobBytes || !isCleanText(input.bytes)) return null;
  const text = textOf(input.bytes).trim();
  return text.length >= limits.minBlobChars ? text : null;
}

/** Cheap fit check for a blob alphabet: long enough, and only characters of the `allowed` classes. */
export function blobFits(input: DecodeInput, allowed: number, minLength = 16): boolean {
  return input.bytes.length >= minLength && onlyChars(input.bytes, allowed);
}
