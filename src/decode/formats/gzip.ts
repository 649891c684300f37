/** gzip (RFC 1952): by Content-Encoding gzip/x-gzip or by its magic 1F 8B 08 anywhere a view holds bytes. */
import zlib from 'node:zlib';
import type { Decoder, DecodeInput, DecodeLimits } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { decompressedPart, inflateBounded, outermostEncoding, withPartialShape } from './compression.js';

function hasMagic(b: Uint8Array): boolean {
  return b.length >= 18 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;
}

function isDeclared(input: DecodeInput): boolean {
  const enc = outermostEncoding(input);
  return enc === 'gzip' || enc === 'x-gzip';
}

/** Offset of the deflate data after a gzip header (RFC 1952 §2.3: FEXTRA, FNAME, FCOMMENT, FHCRC), or -1. */
function deflateStart(b: Uint8Array): number {
  const flags = b[3];
  let at = 10;
  if (flags & 0x04) at += 2 + (b[at] | (b[at + 1] << 8));
  for (const bit of [0x08, 0x10]) {
    if (flags & bit) {
      const end = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(0, at);
      if (end < 0) return -1;
      at = end + 1;
    }
  }
  if (flags & 0x02) at += 2;
  return at < b.length ? at : -1;
}

export const gzipDecoder: Decoder = {
  name: 'gzip',
  maxFit: 100,
  covers: true,
  fit(input) {
    // A declared gzip body without the magic was already decoded by the capture tool (common in HAR responses).
    if (!hasMagic(input.bytes)) return 0;
    return isDeclared(input) ? 100 : 90;
  },
  mayFit(first, _mask, length) {
    return length >= 18 && first === 0x1f;
  },
  decode(input, limits: DecodeLimits) {
    const declared = isDeclared(input);
    try {
      return [decompressedPart(input, inflateBounded('gzip', 'gunzip', input.bytes, limits.maxInflatedBytes), declared)];
    } catch (e) {
      if (e instanceof DecodeLimitError && e.kind === 'corrupt-encoding' && e.partial.length === 0) {
        return recoverWithTrailingBytes(input, limits, declared, e);
      }
      return withPartialShape(e, input, declared);
    }
  },
};

/** Node's gunzip rejects bytes after the member; a raw inflate of the member alone recovers the content. */
function recoverWithTrailingBytes(input: DecodeInput, limits: DecodeLimits, declared: boolean, cause: DecodeLimitError): never {
  const start = deflateStart(input.bytes);
  if (start < 0) throw cause;
  let output: Uint8Array;
  try {
    output = zlib.inflateRawSync(input.bytes.subarray(start), { maxOutputLength: Math.max(1, limits.maxInflatedBytes) });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DecodeLimitError('decompression-limit', `gzip output passes ${limits.maxInflatedBytes} bytes; not followed`,
        input.bytes.length);
    }
    throw cause;
  }
  if (output.length === 0) throw cause;
  throw new DecodeLimitError('corrupt-encoding', `gzip member followed by unexpected bytes (${cause.message})`,
    input.bytes.length, [decompressedPart(input, output, declared)]);
}
