/**
 * Shared shapes and helpers of the generic (profile-free) detectors. A detector family sees one exchange at a time
 * through an ExchangeContext and returns hits; index.ts turns hits into Findings (excerpt, byte offset, sorting,
 * de-duplication), so every family file stays about *what* it recognises, not about report plumbing.
 */
import type { View } from '../../decode/types.js';
import type { Exchange } from '../../ingest/types.js';
import type { BlindSpotHit, Confidence, DataTypeId, IdCandidate, MatchKind, Signal } from '../types.js';
import { featuresOfBytes, featuresOfLongText, isBinaryByte, MAX_COUNTED_BYTES, MAX_BINARY_SHARE, TEXT_SNIFF_BYTES, type TextFeatures } from './features.js';
import type { IdShapeMemo } from './id-shape.js';

export type { TextFeatures } from './features.js';

/** Views larger than this are not scanned by text detectors (bounded work per view). */
export const MAX_TEXT_VIEW_BYTES = 1 << 20;
/** Context kept on each side of a match in an excerpt; with the match it stays ≤ 160 chars. */
const EXCERPT_MAX = 160;
const MATCHED_MAX = 256;

/** A request or response view with its text form (null for binary or oversized views) and normalised key. */
export interface ScanView {
  readonly view: View;
  /** UTF-8 text of the view when it is text-like and ≤ MAX_TEXT_VIEW_BYTES, else null. */
  readonly text: string | null;
  /** view.key lower-cased without separators ("device_id" → "deviceid"), or null. */
  normKey: string | null;
  /** True when no other view's path continues this one: the innermost decoded form of these bytes. */
  readonly leaf: boolean;
  /**
   * True when text detectors should scan this view whole: it is not covered by a structured decoder, and it is not
   * a URL that the query and path layers already split into pieces (scanning both would report each value twice).
   */
  scanWhole: boolean;
  /** What the text can hold (features.ts); null when the view is not text, absent on hand-made views. */
  readonly features?: TextFeatures | null;
}

export interface ExchangeContext {
  exchange: Exchange;
  host: string;
  /** Lower-cased URL path (without query), "" when the URL has none. */
  urlPath: string;
  /**
   * Request and response views in the order decode produced them. Where order matters (first or last of several
   * wins, state carried from view to view), a family sorts the few views concerned with inPathOrder: sorting every
   * view of every exchange by path was the largest per-exchange cost.
   */
  request: ScanView[];
  response: ScanView[];
  regionHints: readonly string[];
  /** State that lives across exchanges of one run (chunked uploads are reassembled by upload id). */
  session: DetectorSession;
  /** Request view paths recognised as media in this exchange (filled by the media family, read by later ones). */
  media: Map<string, { dataType: MediaDataType; view: View }>;
  /** scannableText(ctx), computed once per exchange. */
  scannable?: ScanView[];
}

/** One recognised piece of personal data, before it becomes a Finding. */
export interface Hit {
  /** The view the evidence sits in; `path` overrides view.path for sub-parts (e.g. an array inside a JSON view). */
  view: View;
  path?: string;
  dataType: DataTypeId;
  match: Exclude<MatchKind, 'known-value'>;
  confidence: Exclude<Confidence, 'confirmed'>;
  detector: string;
  /** The matched text as it appears in the view. */
  matched: string;
  /** Character index of `matched` in the view text (converted to a byte offset later); 0 for whole-view hits. */
  index: number;
  /** Overrides the excerpt built around `matched` (binary media, pairs spread over two views, lists). */
  excerpt?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

export interface FamilyResult {
  hits: Hit[];
  signals: Signal[];
  blindSpots: BlindSpotHit[];
  /** Identifier-like values for correlate/ (id-candidates.ts). */
  candidates: IdCandidate[];
  /** See Detection.runState. */
  runState: true;
}

/** A detector family: one file, one concern, registered in registry.ts. */
export interface DetectorFamily {
  name: string;
  detect(ctx: ExchangeContext): Partial<FamilyResult>;
}

export type MediaDataType = Extract<DataTypeId, 'media.video' | 'media.image' | 'media.audio'>;

/** Media type remembered per upload id so that later chunks without magic bytes are still recognised. */
export interface UploadRecord {
  mediaType: string;
  dataType: MediaDataType;
  chunks: number;
  bytes: number;
}

export interface DetectorSession {
  uploads: Map<string, UploadRecord>;
  /** Identifier shapes of values met so far (id-shape.ts shapeOf). */
  idShapes: IdShapeMemo;
  /** Whether families say which exchanges depend on the run's state (Detection.runState). */
  markRunState: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
/** Short ASCII views (most JSON leaves) are built from their bytes directly: cheaper than a TextDecoder call. */
const SHORT_ASCII_BYTES = 32;

/** Control bytes that make a view binary (isBinaryByte), as a regex class over a latin1 reading of the bytes. */
const BINARY_BYTE = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.length > MAX_TEXT_VIEW_BYTES) return false;
  const n = Math.min(bytes.length, TEXT_SNIFF_BYTES);
  // Most views hold no control byte at all: one native search says so; only the others are counted.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
  if (!BINARY_BYTE.test(head)) return true;
  let binary = 0;
  for (let i = 0; i < n; i++) if (isBinaryByte(bytes[i]!)) binary++;
  return binary / n <= MAX_BINARY_SHARE;
}

/** The UTF-8 text of bytes already known to look like text. */
function decodeText(bytes: Uint8Array, ascii: boolean): string {
  if (ascii && bytes.length <= SHORT_ASCII_BYTES) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  return utf8.decode(bytes);
}

/** Text of a view when it looks like text (few control bytes in its head), else null. */
export function textOf(bytes: Uint8Array): string | null {
  return looksLikeText(bytes) ? decodeText(bytes, false) : null;
}

/** Normalised forms of keys seen so far: keys repeat across views and exchanges ("event", "ts", "session_id"). */
const normalizedKeys = new Map<string, string | null>();
const MAX_CACHED_KEYS = 50_000;

/** "device_id", "Device-ID", "deviceId" → "deviceid": key dictionaries compare this form. */
export function normalizeKey(key: string | null): string | null {
  if (key === null) return null;
  const cached = normalizedKeys.get(key);
  if (cached !== undefined) return cached;
  const k = key.toLowerCase().replace(/[\s_.$-]/g, '');
  const normalized = k === '' ? null : k;
  if (normalizedKeys.size >= MAX_CACHED_KEYS) normalizedKeys.clear(); // hostile input: bounded memory
  normalizedKeys.set(key, normalized);
  return normalized;
}

/**
 * A view as the families see it. Features and text are computed on first use: most short views are judged by their
 * features alone and never decoded, and views no family looks at cost nothing.
 */
class LazyScanView implements ScanView {
  private counted: TextFeatures | null | undefined = undefined;
  private decoded: string | null | undefined = undefined;

  constructor(readonly view: View, readonly normKey: string | null, private readonly children: ChildIndex | null,
    readonly scanWhole: boolean) {}

  get leaf(): boolean {
    return this.children === null || !this.children.hasChild(this.view.path);
  }

  get features(): TextFeatures | null {
    if (this.counted === undefined) {
      const bytes = this.view.bytes;
      if (bytes.length <= MAX_COUNTED_BYTES) this.counted = featuresOfBytes(bytes, this);
      else this.counted = this.text === null ? null : featuresOfLongText(this, bytes.length);
    }
    return this.counted;
  }

  get text(): string | null {
    if (this.decoded === undefined) {
      const bytes = this.view.bytes;
      // Long views are sniffed without counting features: a family may only want their text.
      if (bytes.length > MAX_COUNTED_BYTES) this.decoded = looksLikeText(bytes) ? utf8.decode(bytes) : null;
      else this.decoded = this.features !== null ? decodeText(bytes, this.features.ascii) : null;
    }
    return this.decoded;
  }
}

/**
 * Which views have children (another view's path continues theirs past a '|'). Only a few views are ever asked
 * (large body leaves, for blind spots and media), so the set is built on first use.
 */
export class ChildIndex {
  private parents: Set<string> | null = null;

  constructor(private readonly views: readonly View[]) {}

  hasChild(path: string): boolean {
    if (this.parents === null) {
      this.parents = new Set();
      for (const v of this.views) {
        const p = v.path;
        for (let i = p.indexOf('|'); i >= 0; i = p.indexOf('|', i + 1)) this.parents.add(p.slice(0, i));
      }
    }
    return this.parents.has(path);
  }
}

/** A ScanView of `view`; `children` tells whether it is a leaf (null: a view made up alone, always a leaf). */
export function scanViewOf(view: View, normKey: string | null, children: ChildIndex | null, scanWhole: boolean): ScanView {
  return new LazyScanView(view, normKey, children, scanWhole);
}

/** Features of a text view; null when the view is not text. */
export function featuresOf(sv: ScanView): TextFeatures | null {
  return sv.features ?? null;
}

/** Byte offset of a character index in the UTF-8 encoding of `text`. */
export function byteOffsetOf(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

/** Context around a match, ≤ 160 chars, as it appears in the view. */
export function excerptAround(text: string, index: number, length: number): string {
  return excerptWindow(text, index, length).excerpt;
}

/** The excerpt around text[index, index + length) and where that index falls in it. */
export function excerptWindow(text: string, index: number, length: number): { excerpt: string; excerptAt: number } {
  const matchLen = Math.min(length, EXCERPT_MAX);
  const room = Math.max(0, Math.floor((EXCERPT_MAX - matchLen) / 2));
  const start = Math.max(0, index - room);
  const end = Math.min(text.length, index + matchLen + room);
  return { excerpt: oneLine(text.slice(start, end)).slice(0, EXCERPT_MAX), excerptAt: index - start };
}

export function clipMatched(s: string): string {
  return s.length > MATCHED_MAX ? s.slice(0, MATCHED_MAX) : s;
}

/** Control characters become spaces so an excerpt prints on one line. */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

const KEY_LOOKBACK = 64;
const MAX_KEY_CHARS = 41;

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

/**
 * The key a value at `index` sits under in raw text — `"gaid":"`, `gaid=`, `'lat': ` — normalised; null when none.
 * A backward scan of a few characters (called for every candidate, so no regex here).
 */
export function keyBefore(text: string, index: number): string | null {
  const stop = Math.max(0, index - KEY_LOOKBACK);
  let i = skipBack(text, index - 1, stop, QUOTES, 1);
  i = skipBack(text, i, stop, BLANKS, 3);
  if (i < stop || (text[i] !== ':' && text[i] !== '=')) return null;
  i = skipBack(text, i - 1, stop, BLANKS, 3);
  i = skipBack(text, i, stop, QUOTES, 1);
  const end = i + 1;
  while (i >= stop && end - i <= MAX_KEY_CHARS && isKeyChar(text.charCodeAt(i))) i--;
  if (i + 1 === end) return null;
  const first = text.charCodeAt(i + 1);
  const startsKey = (first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95;
  return startsKey ? normalizeKey(text.slice(i + 1, end)) : null;
}

const QUOTES = '"\'';
const BLANKS = ' \t';

/** Index before up to `max` characters from `chars` found going backward from `i` (not past `stop`). */
function skipBack(text: string, i: number, stop: number, chars: string, max: number): number {
  for (let n = 0; n < max && i >= stop && chars.includes(text[i]!); n++) i--;
  return i;
}

/**
 * The key a match is under: the key written just before it in raw text, else the view's own key (a value under
 * "wl2" holding "mac|rssi|ssid" is all Wi-Fi data).
 */
export function keyAt(sv: ScanView, index: number): string | null {
  return keyBefore(sv.text ?? '', index) ?? sv.normKey;
}

/**
 * Parent of an evidence path: the path without its last selector step.
 * "request.body|json:$.loc.lat" → "request.body|json:$.loc"; "request.url|query:lat" → "request.url|query".
 */
export function parentPath(path: string): string {
  const stepStart = path.lastIndexOf('|') + 1;
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['), path.lastIndexOf(':'));
  return cut >= stepStart && cut > 0 ? path.slice(0, cut) : path;
}

/**
 * Shortest view a text detector can report from: the shortest match of any of them is five characters (an e-mail
 * "a@b.c"-like candidate, "a=1.5" for a keyed coordinate, "1:2:3" for an IPv6 candidate); the others need more.
 */
export const MIN_SCANNED_BYTES = 5;

/**
 * Views scanned by text detectors: request-side, text-like, not split by a structured decoder into children, and
 * long enough to hold a match (a text never has more characters than bytes).
 */
export function scannableText(ctx: ExchangeContext): ScanView[] {
  // A view with features is text; the others are decoded to find out.
  ctx.scannable ??= ctx.request.filter((sv) => sv.scanWhole && sv.view.bytes.length >= MIN_SCANNED_BYTES
    && (sv.features != null || sv.text !== null));
  return ctx.scannable;
}

function byViewPath(a: ScanView, b: ScanView): number {
  const x = a.view.path;
  const y = b.view.path;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A copy of the views sorted by evidence path (stable: views with equal paths keep decode order). */
export function inPathOrder(views: readonly ScanView[]): ScanView[] {
  return views.length < 2 ? [...views] : [...views].sort(byViewPath);
}

/**
 * Request views of the body and its decoded parts (paths starting "request.body") with at least `minBytes` bytes,
 * in decode order. The size is tested first: most views are short and their paths need not be read.
 */
export function requestBodyViews(ctx: ExchangeContext, minBytes = 0): ScanView[] {
  return ctx.request.filter((sv) => sv.view.bytes.length >= minBytes && sv.view.path.startsWith('request.body'));
}

/** Whether decode produced any view of the request body. */
export function hasRequestBodyView(ctx: ExchangeContext): boolean {
  return ctx.request.some((sv) => sv.view.path.startsWith('request.body'));
}

/** Mask an identifier for signals: keep 2 characters at each end of long values, hide the rest. */
export function maskValue(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return value.slice(0, 2) + '*'.repeat(value.length - 4) + value.slice(-2);
}

export function requestHeader(exchange: Exchange, name: string): string | null {
  const lower = name.toLowerCase();
  const h = exchange.request.headers.find((x) => x.name.toLowerCase() === lower);
  return h ? h.value : null;
}
