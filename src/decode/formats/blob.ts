/**
 * What makes a decoded text blob worth keeping. Base64/hex/base32/base58 alphabets match plenty of ordinary tokens
 * (words, hashes, ids); decoding those gives random bytes. A blob is kept only when its bytes are clean text, a
 * compressed stream, a known media file, or a complete protobuf message with readable strings — so a digest stays
 * a digest (detect matches digests itself) and noise stays out of the evidence.
 */
import type { DecodedPart, DecodeInput, DecodeLimits } from '../types.js';
import { isCleanBytes, isCleanText, mayHaveMagic, onlyChars, sniffMagic, textOf } from '../bytes.js';
import { hasZlibHeader } from './zlib.js';
import { hasReadableString } from './protobuf-wire.js';
import { mayBeUtf16Text } from './utf16.js';

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
  if (mayBeUtf16Text(b)) return null; // UTF-16 text: the utf16 layer reads it
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

const PREFIX_CHARS = 16;

/**
 * A necessary condition for plausibleBlobType on a buffer whose first `head` bytes are known (head ≥ 8): each kind
 * of plausible blob shows in its first bytes — clean text starts clean, compressed streams and media start with their
 * magic, and a complete protobuf message has no invalid field within its first bytes.
 */
function mayBePlausible(b: Uint8Array, head: number): boolean {
  const b0 = b[0];
  if (b0 === 0x1f || b0 === 0x28 || b0 === 0x78) return true; // gzip, zstd, zlib
  if (mayHaveMagic(b)) return true;
  return startsCleanUtf8(b, head) || mayBeUtf16Text(b, head) || protobufPrefixValid(b, head);
}

/** Like isCleanBytes over the first `head` bytes, except that a multi-byte sequence cut by the end is accepted. */
function startsCleanUtf8(b: Uint8Array, head: number): boolean {
  let end = head;
  // Back off an incomplete trailing sequence: at most 3 continuation bytes after a lead byte.
  for (let k = 1; k <= 3 && head - k >= 0; k++) {
    const c = b[head - k];
    if ((c & 0xc0) === 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (k < need) end = head - k;
      break;
    }
    if ((c & 0xc0) !== 0x80) break;
  }
  return isCleanBytes(b.subarray(0, end));
}

/** False only when the first `head` bytes already break the protobuf wire format (see protobuf-wire.readMessage). */
function protobufPrefixValid(b: Uint8Array, head: number): boolean {
  let p = 0;
  while (p < head) {
    const tag = prefixVarint(b, p, head, 5);
    if (tag === null) return true;
    if (tag < 0) return false;
    const key = varintValue(b, p, tag);
    const number = Math.floor(key / 8);
    const wireType = key & 7;
    if (number < 1) return false;
    p = tag;
    if (wireType === 0) {
      const end = prefixVarint(b, p, head, 10);
      if (end === null) return true;
      if (end < 0) return false;
      p = end;
    } else if (wireType === 1 || wireType === 5) {
      p += wireType === 1 ? 8 : 4;
    } else if (wireType === 2) {
      const end = prefixVarint(b, p, head, 5);
      if (end === null) return true;
      if (end < 0) return false;
      p = end + varintValue(b, p, end);
    } else {
      return false;
    }
  }
  return true;
}

/** Offset after a varint of at most `maxBytes` bytes; null when it runs past `head` (unknown), -1 when too long. */
function prefixVarint(b: Uint8Array, at: number, head: number, maxBytes: number): number | null {
  for (let p = at; p - at < maxBytes; p++) {
    if (p >= head) return null;
    if ((b[p] & 0x80) === 0) return p + 1;
  }
  return -1;
}

/** Value of the varint in [at, end) that prefixVarint measured (at most 10 bytes: exact up to 2^53). */
function varintValue(b: Uint8Array, at: number, end: number): number {
  let value = 0;
  let scale = 1;
  for (let p = at; p < end; p++) {
    value += (b[p] & 0x7f) * scale;
    scale *= 128;
  }
  return value;
}

/** Texts up to this many characters are decoded into a small per-call buffer first (see scratchBlobPart). */
const SCRATCH_CHARS = 8192;

/**
 * blobPart for a text decoded by `decodeInto` (which writes into `out` and returns the byte count): the bytes land in
 * a buffer of this call's own, cut from Node's small-buffer pool (cheap for the many short rejected candidates, ids and
 * digests), and become the part when plausible. No buffer outlives the call unless it is returned, so calls never
 * share memory. `decodeInto` must produce exactly what Buffer.from(text, encoding) would.
 */
export function scratchBlobPart(input: DecodeInput, text: string, decodeInto: (text: string, out: Uint8Array) => number,
  fallback: (text: string) => Uint8Array): DecodedPart[] | null {
  if (text.length > SCRATCH_CHARS) return blobPart(input, fallback(text));
  // The first bytes usually settle it: decode a prefix (16 characters hold no base64 padding when more follow).
  if (text.length > PREFIX_CHARS + 2) {
    const prefix = Buffer.allocUnsafe(PREFIX_CHARS);
    const head = decodeInto(text.slice(0, PREFIX_CHARS), prefix);
    if (!mayBePlausible(prefix, head)) return null;
  }
  // Every supported encoding decodes to at most one byte per character.
  const scratch = Buffer.allocUnsafe(text.length);
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
