/**
 * Data model of the decode stage: an exchange becomes views — pieces of bytes with the exact path that leads to them.
 *
 * Path grammar (stable: it appears in reports as evidence):
 *   request.url | request.url|path:2 | request.url|query:imei
 *   request.headers:User-Agent | request.cookies:uid | response.headers:Set-Cookie
 *   request.body | request.body|gzip|json:$.header.imei | request.body|form:data|base64|json:$.mac
 *   request.body|multipart:file[0] | response.body|json:$.data.device_id
 *   ws[3].send|json:$.imei | ws[4].receive | response.body|sse:2|json:$.device_id
 * Each `|step` is one decoding layer; `:selector` names the part inside the layer's output.
 *
 * Selectors, precisely:
 *   query:NAME / form:NAME / headers:NAME / cookies:NAME — first occurrence; NAME[i] for the i-th repeat (i ≥ 1).
 *     `%`, `|`, `[`, `]` and control characters in NAME are percent-encoded so a path always splits on `|`.
 *   path:I — I-th non-empty segment of the URL path, 0-based, percent-decoded (/service/2/x → path:0 = "service").
 *   json:$.a.b[3].c / msgpack:… / cbor:… — JSON-path; keys that are not identifiers are written $["weird key"].
 *   multipart:NAME[i] — i-th part named NAME (0-based, always written); unnamed parts are [i] by overall index.
 *   protobuf:1.3.2 — field numbers from the outer message inward; a repeated field's later occurrences are 3[1], 3[2].
 *   grpc:0 — 0-based message frame; grpc:trailers for a grpc-web trailer frame.
 *   jwt:header / jwt:payload.
 *   sse:N — the N-th (0-based) server-sent event of a text/event-stream body: its data lines joined with LF; the
 *     view's key is the event type ("message" unless an `event:` line named it).
 *   ws[I].send / ws[I].receive — root of the I-th (0-based) WebSocket message of the exchange (Exchange.messages),
 *     sent by the device (request side) or received by it (response side); a finding there has source.message = I
 *     and the message's time. msg[I].send / msg[I].receive — the same for a raw TCP/UDP/DNS flow's messages.
 *   Layers without selector transform the whole value: |gzip |zlib |deflate |br |zstd |base64 |base64url |hex
 *     |base32 |base58 |lz-string |lz-string-uri |url |html |utf16le |utf16be (UTF-16 text re-encoded as UTF-8).
 *   A blob found inside a longer text gets `@OFFSET` (byte offset in the parent view): |base64:@12, |jwt:payload@7.
 */
import type { Exchange } from '../ingest/types.js';

export interface View {
  /** Evidence path, see the grammar above. */
  path: string;
  /** Bytes of this view (UTF-8 for text produced by a decoder). */
  bytes: Uint8Array;
  /** Name of the key this value sits under, when a structured layer gave one ("imei" for json:$.header.imei). */
  key: string | null;
  /**
   * Names of the decoding layers applied so far, outermost first (["gzip", "json", "base64"]). Sibling views share
   * one array: read it, never mutate it.
   */
  layers: string[];
  /** Which side of the exchange: request or response. */
  side: 'request' | 'response';
  /**
   * True when a structured decoder split this view into children that cover its content; detectors may then
   * skip scanning it as a whole to avoid duplicate evidence for the same bytes.
   */
  covered: boolean;
  /** Declared or sniffed media type of these bytes, when known ("image/jpeg" for a multipart photo part). */
  mimeType?: string | null;
  /** File name a multipart part declared (Content-Disposition filename). */
  filename?: string | null;
  /**
   * Children of this view that were not made into views because the stream's detectors said they would never read
   * them (DecodeContext.omitLeaf): leaves no decoder could open. The view still counts as having children.
   */
  omittedChildren?: number;
  /**
   * True when the views holding this view's content, split, are roots of their own instead of its children: a Cookie
   * header, whose cookies are the `request.cookies:NAME` views. Set only once all of those views were made.
   */
  splitElsewhere?: true;
}

/**
 * What the detectors of a stream read in leaf views — views no decoder opens further — so decode can skip making the
 * views they would never look at (see DecodeContext.omitLeaf).
 */
export interface LeafFilter {
  /**
   * Whether a leaf in this place (its key, last layer name and side) is read: 'never' ignored, 'always' ignored
   * whatever its bytes, or ignored 'when-quiet' — when ignoresBytes says so of its bytes.
   */
  ignoresAt(key: string | null, layer: string, side: View['side']): LeafRule;
  /**
   * Whether a leaf with these bytes, in a place ignoresAt answered 'when-quiet', gives the detectors nothing. It must
   * depend on the bytes alone: decode remembers the bytes it said yes to and does not ask again.
   */
  ignoresBytes(bytes: Uint8Array): boolean;
}

export type LeafRule = 'never' | 'when-quiet' | 'always';

/**
 * Leaves a covering decoder may leave out without making a part (DecodeInput.quietLeaves): the decoder asks about a
 * leaf that is still a range of its input, and counts what it left out so decode can charge it to the budgets. A
 * decoder that leaves leaves out must fail (return null) exactly when it would fail making them all.
 */
export interface QuietLeaves {
  /** Whether the leaf `bytes[start, end)` under `key` is left out. */
  skips(bytes: Uint8Array, start: number, end: number, key: string | null): boolean;
  /** Leaves left out so far, and their bytes. */
  count: number;
  bytes: number;
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
  /** Response bodies larger than this are kept as one raw view, not decoded. */
  maxResponseBytes: number;
  /** Texts longer than this are not searched for embedded blobs (base64/hex/JWT inside a longer string). */
  maxScanBytes: number;
  /** A whole value longer than this is not tried as a text blob (base64, hex, base32, ...). */
  maxBlobBytes: number;
  /** Shortest text tried as a blob; shorter strings are too often ordinary words or numbers. */
  minBlobChars: number;
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
  /** The full Content-Type header (with parameters such as the multipart boundary), when known. */
  contentType?: string | null;
  /** Leaves the stream's detectors never read, for a decoder that can leave them out unmade (see QuietLeaves). */
  quietLeaves?: QuietLeaves;
}

/** One part produced by a decoder. `selector` is appended as `|name:selector` (or `|name` when null). */
export interface DecodedPart {
  selector: string | null;
  bytes: Uint8Array;
  key: string | null;
  /** Layer name when it differs from the decoder's own (the embedded-blob finder names the encoding it found). */
  layer?: string;
  /** Media type of the part (a multipart part's Content-Type; the body's type kept through decompression). */
  mimeType?: string | null;
  /** Content-Encoding still to undo on this part (the rest of "gzip, br" after br was undone). */
  contentEncoding?: string | null;
  /** Full Content-Type of the part, with parameters. */
  contentType?: string | null;
  /** File name a multipart part declared. */
  filename?: string | null;
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
  /**
   * The highest score fit ever returns: the engine asks the covering decoders best-first and stops once none left could
   * beat or tie the best fit so far (test/decode/candidates.test.ts checks fit never exceeds it). Absent: unbounded.
   */
  readonly maxFit?: number;
  /**
   * A necessary condition for fit > 0, for an input without hints (mimeType, contentType and contentEncoding all
   * null) whose charMask covers every byte: false when fit would return 0 given only the first byte, the mask and the
   * length capped at SHORT_LENGTH_CAP (so length thresholds up to that cap are exact). The engine asks it once per
   * such shape and then calls fit only on the decoders that may fit; a decoder without it is always asked. Never
   * narrower than fit (test/decode/candidates.test.ts checks this on random and corpus inputs).
   */
  mayFit?(first: number, mask: number, shortLength: number): boolean;
  /** Decode; return null when the data turns out not to be this format. Throw DecodeLimitError past a limit. */
  decode(input: DecodeInput, limits: DecodeLimits): DecodedPart[] | null;
  /** True when the parts cover the input's content (structured formats), false for extractions (blobs inside text). */
  readonly covers: boolean;
}
