/**
 * Zstandard (RFC 8878) by Content-Encoding `zstd` or its magic 28 B5 2F FD, through the pure-JS `fzstd` (Node 20's zlib
 * has no zstd). fzstd allocates a frame's whole window up front, so every frame header is checked first: a window or
 * declared content size past the limit stops the layer before any allocation.
 */
import { Decompress } from 'fzstd';
import type { Decoder, DecodeLimits } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { decompressedPart, outermostEncoding } from './compression.js';

const FRAME_MAGIC = 0xfd2fb528;

function u32le(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

function hasMagic(b: Uint8Array): boolean {
  return b.length >= 9 && u32le(b, 0) === FRAME_MAGIC;
}

/** Largest window or declared content size over all frames (RFC 8878 §3.1.1), walking block headers only. */
function largestFrameNeed(b: Uint8Array): number {
  let at = 0;
  let largest = 0;
  while (at + 4 <= b.length) {
    const magic = u32le(b, at);
    if ((magic & 0xfffffff0) === 0x184d2a50) { // skippable frame
      if (at + 8 > b.length) break;
      at += 8 + u32le(b, at + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC || at + 5 > b.length) break;
    const descriptor = b[at + 4];
    const singleSegment = (descriptor >> 5) & 1;
    const fcsFlag = descriptor >> 6;
    const dictBytes = [0, 1, 2, 4][descriptor & 3];
    let p = at + 5;
    let windowSize = 0;
    if (!singleSegment) {
      const exponent = b[p] >> 3;
      const base = 2 ** (10 + exponent);
      windowSize = base + (base / 8) * (b[p] & 7);
      p++;
    }
    p += dictBytes;
    const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
    let contentSize = 0;
    for (let i = fcsBytes - 1; i >= 0; i--) contentSize = contentSize * 256 + (b[p + i] ?? 0);
    if (fcsBytes === 2) contentSize += 256;
    p += fcsBytes;
    largest = Math.max(largest, windowSize, contentSize);
    p = skipBlocks(b, p);
    if (p < 0) break;
    at = p + ((descriptor >> 2) & 1) * 4;
  }
  return largest;
}

/** Offset after the last block of a frame, or -1 when the data ends first. */
function skipBlocks(b: Uint8Array, from: number): number {
  let p = from;
  while (p + 3 <= b.length) {
    const header = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
    const last = header & 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    p += 3 + (type === 1 ? 1 : size);
    if (last) return p;
  }
  return -1;
}

class OutputLimitReached extends Error {}

export const zstdDecoder: Decoder = {
  name: 'zstd',
  maxFit: 100,
  covers: true,
  fit(input) {
    if (!hasMagic(input.bytes)) return 0;
    return outermostEncoding(input) === 'zstd' ? 100 : 90;
  },
  mayFit(first, _mask, length) {
    return length >= 9 && first === 0x28;
  },
  decode(input, limits: DecodeLimits) {
    const limit = limits.maxInflatedBytes;
    const bytes = input.bytes;
    const declared = outermostEncoding(input) === 'zstd';
    if (largestFrameNeed(bytes) > limit) {
      throw new DecodeLimitError('decompression-limit', `zstd frame declares more than ${limit} bytes; not followed`,
        bytes.length);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stream = new Decompress((chunk) => {
      total += chunk.length;
      if (total > limit) throw new OutputLimitReached();
      chunks.push(chunk);
    });
    try {
      stream.push(bytes, true);
    } catch (e) {
      if (e instanceof OutputLimitReached) {
        throw new DecodeLimitError('decompression-limit', `zstd output passes ${limit} bytes; not followed`, bytes.length);
      }
      const partial = total > 0 ? [decompressedPart(input, Buffer.concat(chunks), declared)] : [];
      throw new DecodeLimitError('corrupt-encoding', `zstd: ${(e as Error).message}`, bytes.length, partial);
    }
    return [decompressedPart(input, Buffer.concat(chunks), declared)];
  },
};
