/** The decode stage's only door: exchanges in, views with exact evidence paths out. */
export type {
  View, Decoder, DecodeInput, DecodedPart, DecodeIssue, DecodeLimits, DecodedExchange, LeafFilter, LeafRule,
} from './types.js';
export { DEFAULT_DECODE_LIMITS, resolveLimits } from './limits.js';
export { decodeExchange, decodeMessages, decodeBytes, type DecodeBytesOptions } from './exchange.js';
export { DecodeLimitError } from './errors.js';
export { createDecodeContext, type DecodeContext, type DecodeContextOptions } from './context.js';
export { DECODERS, BLOB_DECODERS } from './registry.js';
export { isMediaType, sniffMagic } from './bytes.js';
