/**
 * Data model of the decode stage: an exchange becomes views — pieces of bytes with the exact path that leads to them.
 *
 * Path grammar (stable: it appears in reports as evidence):
 *   request.url | request.url|path:2 | request.url|query:imei
 *   request.headers:User-Agent | request.cookies:uid | response.headers:Set-Cookie
 *   request.body | request.body|gzip|json:$.header.imei | request.body|form:data|base64|json:$.mac
 *   request.body|multipart:file[0] | response.body|json:$.data.device_id
 * Each `|step` is one decoding layer; `:selector` names the part inside the layer's output.
 */
import type { Exchange } from '../ingest/types.js';

export interface View {
  /** Evidence path, see the grammar above. */
  path: string;
  /** Bytes of this view (UTF-8 for text produced by a decoder). */
  bytes: Uint8Array;
  /** Name of the key this value sits under, when a structured layer gave one ("imei" for json:$.header.imei). */
  key: string | null;
  /** Names of the decoding layers applied so far, outermost first (["gzip", "json", "base64"]). */
  layers: string[];
  /** Which side of the exchange: request or response. */
  side: 'request' | 'response';
  /**
   * True when a structured decoder split this view into children that cover its content; detectors may then
   * skip scanning it as a whole to avoid duplicate evidence for the same bytes.
   */
  covered: boolean;
}

/** Something decode could not follow: reported as a blind spot or a note, never silently dropped. */
export interface DecodeIssue {
  kind: 'decompression-limit' | 'depth-limit' | 'size-limit' | 'corrupt-encoding' | 'opaque-payload' | 'truncated-body';
  path: string;
  detail: string;
  bytes: number;
}

export interface DecodeLimits {
  /** Max decoding layers along one path (gzip → json → base64 → json is 4). */
  maxDepth: number;
  /** Max bytes one decompression may produce. */
  maxInflatedBytes: number;
  /** Max total view bytes produced for one exchange. */
  maxTotalBytes: number;
  /** Max views produced for one exchange. */
  maxViews: number;
  /** Max JSON/XML nesting followed. */
  maxNesting: number;
}

export interface DecodedExchange {
  exchange: Exchange;
  views: View[];
  issues: DecodeIssue[];
}

/** What a decoder sees: the bytes of one view plus hints. */
export interface DecodeInput {
  bytes: Uint8Array;
  mimeType: string | null;
  contentEncoding: string | null;
  key: string | null;
  layers: readonly string[];
}

/** One part produced by a decoder. `selector` is appended as `|name:selector` (or `|name` when null). */
export interface DecodedPart {
  selector: string | null;
  bytes: Uint8Array;
  key: string | null;
}

/**
 * One payload format, in the spirit of mitmproxy's content views: how well does it fit, and what does it yield.
 * Adding a format is one new file registered in registry.ts; nothing else changes.
 */
export interface Decoder {
  /** Layer name used in paths ("gzip", "json", "base64", "protobuf", ...). */
  readonly name: string;
  /** 0 = not this format; higher = better fit. Must be cheap (look at a prefix, not the whole buffer). */
  fit(input: DecodeInput): number;
  /** Decode; return null when the data turns out not to be this format. Throw DecodeLimitError past a limit. */
  decode(input: DecodeInput, limits: DecodeLimits): DecodedPart[] | null;
  /** True when the parts cover the input's content (structured formats), false for extractions (blobs inside text). */
  readonly covers: boolean;
}
