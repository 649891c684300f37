/**
 * What makes a decoded text blob worth keeping. Base64/hex/base32/base58 alphabets match plenty of ordinary tokens
 * (words, hashes, ids); decoding those gives random bytes. A blob is kept only when its bytes are clean text, a
 * compressed stream, a known media file, or a complete protobuf message with readable strings — so a digest stays
 * a digest (detect matches digests itself) and noise stays out of the evidence.
 */
import type { DecodedPart, DecodeInput, DecodeLimits } from '../types.js';
import { isCleanText, onlyChars, sniffMagic, textOf } from '../bytes.js';
import { hasZlibHeader } from './zlib.js';
import { readMessage } from './protobuf-wire.js';

function isCompressed(b: Uint8Array): boolean {
  if (b.length >= 10 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08) return true;
  if (b.length >= 9 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return true;
  return hasZlibHeader(b);
}

/** A protobuf message whose fields include at least one readable string of 4+ bytes. */
function isReadableProtobuf(b: Uint8Array): boolean {
  if (b.length < 6) return false;
  const fields = readMessage(b, 10_000);
  return fields !== null && fields.some((f) => f.wireType === 2 && f.bytes.length >= 4 && isCleanText(f.bytes));
}

/** The media type to give a decoded blob, or undefined when the blob is not plausible. */
export function plausibleBlobType(b: Uint8Array): string | null | undefined {
  if (b.length < 4) return undefined;
  if (isCleanText(b)) return null;
  if (isCompressed(b)) return null;
  const media = sniffMagic(b);
  if (media) return media;
  if (isReadableProtobuf(b)) return 'application/x-protobuf';
  return undefined;
}

/** One part for a plausible decoded blob, or null. */
export function blobPart(input: DecodeInput, decoded: Uint8Array): DecodedPart[] | null {
  const mimeType = plausibleBlobType(decoded);
  if (mimeType === undefined) return null;
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
