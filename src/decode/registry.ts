/**
 * Every payload format the decode stage knows, in one list (the idea of mitmproxy's contentviews registry).
 * Adding a format = one new file in formats/ and one line here. Ties in `fit` are broken by this order.
 */
import type { Decoder } from './types.js';
import { gzipDecoder } from './formats/gzip.js';
import { zlibDecoder } from './formats/zlib.js';
import { deflateDecoder } from './formats/deflate.js';
import { brotliDecoder } from './formats/brotli.js';
import { zstdDecoder } from './formats/zstd.js';
import { grpcDecoder } from './formats/grpc.js';
import { multipartDecoder } from './formats/multipart.js';
import { sseDecoder } from './formats/sse.js';
import { jsonDecoder } from './formats/json.js';
import { protobufDecoder } from './formats/protobuf.js';
import { msgpackDecoder } from './formats/msgpack.js';
import { cborDecoder } from './formats/cbor.js';
import { formDecoder } from './formats/form.js';
import { queryDecoder } from './formats/query.js';
import { pathDecoder } from './formats/path.js';
import { urlDecoder } from './formats/url.js';
import { htmlEntitiesDecoder } from './formats/html.js';
import { jwtDecoder } from './formats/jwt.js';
import { base64Decoder } from './formats/base64.js';
import { base64urlDecoder } from './formats/base64url.js';
import { hexDecoder } from './formats/hex.js';
import { base32Decoder } from './formats/base32.js';
import { base58Decoder } from './formats/base58.js';
import { lzStringDecoder, lzStringUriDecoder } from './formats/lzstring.js';
import { createEmbeddedDecoder } from './formats/embedded.js';
import { utf16Decoder } from './formats/utf16.js';

/** Whole-value text encodings, also searched for inside longer texts by the embedded finder (in this order). */
export const BLOB_DECODERS: readonly Decoder[] = [
  jwtDecoder, base64Decoder, base64urlDecoder, lzStringDecoder, lzStringUriDecoder, hexDecoder, base32Decoder,
  base58Decoder,
];

export const DECODERS: readonly Decoder[] = [
  // compression: declared by Content-Encoding or recognised by magic bytes
  gzipDecoder, zlibDecoder, deflateDecoder, brotliDecoder, zstdDecoder,
  // text in another encoding: UTF-16 (byte-order mark, declared charset, or every other byte zero)
  utf16Decoder,
  // framing and structure
  grpcDecoder, multipartDecoder, sseDecoder, jsonDecoder, protobufDecoder, msgpackDecoder, cborDecoder, formDecoder,
  // text transforms
  urlDecoder, htmlEntitiesDecoder,
  ...BLOB_DECODERS,
  // extractions that leave their input uncovered
  queryDecoder, pathDecoder, createEmbeddedDecoder(BLOB_DECODERS),
];
