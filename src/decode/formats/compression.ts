/**
 * Shared machinery of the compression layers: bounded one-shot decompression with node:zlib and the Content-Encoding
 * bookkeeping. Bomb safety comes from zlib's `maxOutputLength`: inflation stops as soon as the output would pass the
 * limit, so a 10 GB bomb costs what the first `maxInflatedBytes` cost (https://nodejs.org/api/zlib.html#class-options).
 */
import zlib from 'node:zlib';
import { DecodeLimitError } from '../errors.js';
import type { DecodeInput, DecodedPart } from '../types.js';

export type ZlibMethod = 'gunzip' | 'inflate' | 'inflateRaw' | 'brotli';

const SYNC_FNS = {
  gunzip: zlib.gunzipSync,
  inflate: zlib.inflateSync,
  inflateRaw: zlib.inflateRawSync,
  brotli: zlib.brotliDecompressSync,
} as const;

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function runZlib(method: ZlibMethod, bytes: Uint8Array, limit: number, partialOk: boolean): Buffer {
  const options: zlib.ZlibOptions & zlib.BrotliOptions = { maxOutputLength: Math.max(1, limit) };
  if (partialOk) {
    options.finishFlush = method === 'brotli' ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH;
  }
  return SYNC_FNS[method](bytes, options);
}

/**
 * Decompresses with a hard output limit. Past the limit → DecodeLimitError('decompression-limit'), nothing followed.
 * A stream that ends early yields what it had (flagged 'corrupt-encoding'); a broken one throws 'corrupt-encoding'.
 */
export function inflateBounded(layer: string, method: ZlibMethod, bytes: Uint8Array, limit: number): Uint8Array {
  try {
    return runZlib(method, bytes, limit, false);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DecodeLimitError('decompression-limit', `${layer} output passes ${limit} bytes; not followed`, bytes.length);
    }
    if (code === 'Z_BUF_ERROR' && method !== 'brotli') {
      const partial = recoverTruncated(method, bytes, limit);
      if (partial) {
        throw new DecodeLimitError('corrupt-encoding', `${layer} stream ends early; ${partial.length} bytes recovered`,
          bytes.length, [{ selector: null, bytes: partial, key: null }]);
      }
    }
    throw new DecodeLimitError('corrupt-encoding', `${layer}: ${(e as Error).message}`, bytes.length);
  }
}

function recoverTruncated(method: ZlibMethod, bytes: Uint8Array, limit: number): Buffer | null {
  try {
    const out = runZlib(method, bytes, limit, true);
    return out.length > 0 ? out : null;
  } catch {
    return null;
  }
}

/** Content-Encoding tokens, outermost (applied last) at the end: "gzip, br" → ["gzip", "br"]. */
export function encodingTokens(contentEncoding: string | null): string[] {
  if (!contentEncoding) return [];
  return contentEncoding.toLowerCase().split(',').map((t) => t.trim()).filter((t) => t !== '' && t !== 'identity');
}

/** The encoding to undo first (the last one applied), or null. */
export function outermostEncoding(input: DecodeInput): string | null {
  if (!input.contentEncoding) return null; // the usual case, asked by every compression decoder's fit
  const tokens = encodingTokens(input.contentEncoding);
  return tokens.length ? tokens[tokens.length - 1] : null;
}

/** What a decompression layer yields: one part, same media type, the remaining Content-Encoding tokens. */
export function decompressedPart(input: DecodeInput, output: Uint8Array, undidDeclared: boolean): DecodedPart {
  const tokens = encodingTokens(input.contentEncoding);
  const rest = undidDeclared ? tokens.slice(0, -1) : tokens;
  return {
    selector: null,
    bytes: output,
    key: input.key,
    mimeType: input.mimeType,
    contentType: input.contentType ?? null,
    contentEncoding: rest.length ? rest.join(', ') : null,
  };
}

/** Re-throws a DecodeLimitError's partial output shaped as this layer's part. */
export function withPartialShape(e: unknown, input: DecodeInput, declared: boolean): never {
  if (e instanceof DecodeLimitError && e.partial.length > 0) {
    throw new DecodeLimitError(e.kind, e.message, e.bytes, [decompressedPart(input, e.partial[0].bytes, declared)]);
  }
  throw e;
}
