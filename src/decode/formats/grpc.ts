/**
 * gRPC length-prefixed messages (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md): 1 flag byte
 * (bit 0 = compressed with grpc-encoding), 4-byte big-endian length, message. gRPC-Web adds trailer frames (flag bit 7)
 * and a base64 text variant (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md).
 */
import type { Decoder, DecodedPart } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { textOf } from '../bytes.js';

function messageType(mimeType: string): string {
  return mimeType.includes('json') ? 'application/json' : 'application/x-protobuf';
}

function frames(bytes: Uint8Array, mimeType: string, maxParts: number): DecodedPart[] {
  const parts: DecodedPart[] = [];
  let at = 0;
  let index = 0;
  while (at < bytes.length) {
    if (at + 5 > bytes.length || parts.length >= maxParts) {
      throw new DecodeLimitError('corrupt-encoding', `gRPC frame header cut at byte ${at}`, bytes.length, parts);
    }
    const flags = bytes[at];
    const length = ((bytes[at + 1] << 24) | (bytes[at + 2] << 16) | (bytes[at + 3] << 8) | bytes[at + 4]) >>> 0;
    const end = at + 5 + length;
    if (end > bytes.length) {
      throw new DecodeLimitError('corrupt-encoding', `gRPC frame at byte ${at} declares ${length} bytes, ` +
        `${bytes.length - at - 5} present`, bytes.length, parts);
    }
    const body = bytes.subarray(at + 5, end);
    if (flags & 0x80) parts.push({ selector: 'trailers', bytes: body, key: null, mimeType: 'text/plain' });
    else parts.push({ selector: String(index++), bytes: body, key: null, mimeType: messageType(mimeType) });
    at = end;
  }
  return parts;
}

export const grpcDecoder: Decoder = {
  name: 'grpc',
  maxFit: 85,
  covers: true,
  fit(input) {
    return input.mimeType?.startsWith('application/grpc') && input.bytes.length >= 5 ? 85 : 0;
  },
  mayFit() {
    return false; // only a declared gRPC media type
  },
  decode(input, limits) {
    const mimeType = input.mimeType ?? 'application/grpc';
    if (mimeType.startsWith('application/grpc-web-text')) {
      const raw = Buffer.from(textOf(input.bytes).replace(/\s+/g, ''), 'base64');
      return frames(raw, mimeType, limits.maxViews).map((p) => ({ ...p, layer: 'grpc-web-text' }));
    }
    return frames(input.bytes, mimeType, limits.maxViews);
  },
};
