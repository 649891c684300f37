/**
 * Shared shapes and helpers of the generic (profile-free) detectors. A detector family sees one exchange at a time
 * through an ExchangeContext and returns hits; index.ts turns hits into Findings (excerpt, byte offset, sorting,
 * de-duplication), so every family file stays about *what* it recognises, not about report plumbing.
 */
import type { View } from '../../decode/types.js';
import type { Exchange } from '../../ingest/types.js';
import type { BlindSpotHit, Confidence, DataTypeId, MatchKind, Signal } from '../types.js';

/** Views larger than this are not scanned by text detectors (bounded work per view). */
export const MAX_TEXT_VIEW_BYTES = 1 << 20;
/** A view is treated as text when at most this share of its first bytes are control/binary bytes. */
const MAX_BINARY_SHARE = 0.05;
const TEXT_SNIFF_BYTES = 4096;
/** Context kept on each side of a match in an excerpt; with the match it stays ≤ 160 chars. */
const EXCERPT_MAX = 160;
const MATCHED_MAX = 256;

/** A request or response view with its text form (null for binary or oversized views) and normalised key. */
export interface ScanView {
  view: View;
  /** UTF-8 text of the view when it is text-like and ≤ MAX_TEXT_VIEW_BYTES, else null. */
  text: string | null;
  /** view.key lower-cased without separators ("device_id" → "deviceid"), or null. */
  normKey: string | null;
  /** True when no other view's path continues this one: the innermost decoded form of these bytes. */
  leaf: boolean;
  /**
   * True when text detectors should scan this view whole: it is not covered by a structured decoder, and it is not
   * a URL that the query and path layers already split into pieces (scanning both would report each value twice).
   */
  scanWhole: boolean;
}

export interface ExchangeContext {
  exchange: Exchange;
  host: string;
  /** Lower-cased URL path (without query), "" when the URL has none. */
  urlPath: string;
  request: ScanView[];
  response: ScanView[];
  regionHints: readonly string[];
  /** State that lives across exchanges of one run (chunked uploads are reassembled by upload id). */
  session: DetectorSession;
  /** Request view paths recognised as media in this exchange (filled by the media family, read by later ones). */
  media: Map<string, { dataType: MediaDataType; view: View }>;
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
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Text of a view when it looks like text (few control bytes in its head), else null. */
export function textOf(bytes: Uint8Array): string | null {
  if (bytes.length === 0 || bytes.length > MAX_TEXT_VIEW_BYTES) return null;
  const n = Math.min(bytes.length, TEXT_SNIFF_BYTES);
  let binary = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) binary++;
  }
  if (binary / n > MAX_BINARY_SHARE) return null;
  return utf8.decode(bytes);
}

/** "device_id", "Device-ID", "deviceId" → "deviceid": key dictionaries compare this form. */
export function normalizeKey(key: string | null): string | null {
  if (key === null) return null;
  const k = key.toLowerCase().replace(/[\s_.$\-]/g, '');
  return k === '' ? null : k;
}

/** Byte offset of a character index in the UTF-8 encoding of `text`. */
export function byteOffsetOf(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

/** Context around a match, ≤ 160 chars, as it appears in the view. */
export function excerptAround(text: string, index: number, length: number): string {
  const matchLen = Math.min(length, EXCERPT_MAX);
  const room = Math.max(0, Math.floor((EXCERPT_MAX - matchLen) / 2));
  const start = Math.max(0, index - room);
  const end = Math.min(text.length, index + matchLen + room);
  return oneLine(text.slice(start, end)).slice(0, EXCERPT_MAX);
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
  let i = index - 1;
  const skip = (chars: string, max: number): void => {
    for (let n = 0; n < max && i >= stop && chars.includes(text[i]!); n++) i--;
  };
  skip('"\'', 1);
  skip(' \t', 3);
  if (i < stop || (text[i] !== ':' && text[i] !== '=')) return null;
  i--;
  skip(' \t', 3);
  skip('"\'', 1);
  const end = i + 1;
  while (i >= stop && end - i <= MAX_KEY_CHARS && isKeyChar(text.charCodeAt(i))) i--;
  const key = text.slice(i + 1, end);
  return /^[A-Za-z_]/.test(key) ? normalizeKey(key) : null;
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

/** Views scanned by text detectors: request-side, text-like, not split by a structured decoder into children. */
export function scannableText(ctx: ExchangeContext): ScanView[] {
  return ctx.request.filter((sv) => sv.text !== null && sv.scanWhole);
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
