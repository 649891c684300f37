/**
 * MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) through @msgpack/msgpack. Declared types
 * decode directly; an undeclared buffer is taken only when it starts with a map and decodes completely to a map
 * with string keys, which random bytes practically never do.
 */
import { decode } from '@msgpack/msgpack';
import type { Decoder } from '../types.js';
import { valueParts } from './values.js';

const MSGPACK_TYPES = new Set(['application/msgpack', 'application/x-msgpack', 'application/vnd.msgpack']);

function startsWithMap(b: Uint8Array): boolean {
  return b.length >= 3 && ((b[0] >= 0x81 && b[0] <= 0x8f) || b[0] === 0xde || b[0] === 0xdf);
}

export const msgpackDecoder: Decoder = {
  name: 'msgpack',
  maxFit: 80,
  covers: true,
  fit(input) {
    if (input.mimeType && MSGPACK_TYPES.has(input.mimeType)) return 80;
    return startsWithMap(input.bytes) ? 15 : 0;
  },
  mayFit(first, _mask, length) {
    return length >= 3 && ((first >= 0x81 && first <= 0x8f) || first === 0xde || first === 0xdf);
  },
  decode(input, limits) {
    const declared = input.mimeType !== null && MSGPACK_TYPES.has(input.mimeType);
    let value: unknown;
    try {
      value = decode(input.bytes, {
        useBigInt64: true,
        maxStrLength: limits.maxBlobBytes,
        maxBinLength: limits.maxBlobBytes,
        maxArrayLength: limits.maxViews,
        maxMapLength: limits.maxViews,
        maxExtLength: limits.maxBlobBytes,
      });
    } catch {
      return null;
    }
    const isStringKeyedMap = value !== null && typeof value === 'object' && !Array.isArray(value) &&
      !(value instanceof Uint8Array) && Object.keys(value as object).length > 0;
    if (!declared && !isStringKeyedMap) return null;
    return valueParts(value, limits, input.bytes.length);
  },
};
