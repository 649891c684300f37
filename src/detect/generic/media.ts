/**
 * Media uploads: video, image and audio leaving the device, recognised by magic bytes (media-formats.ts) or, for
 * headerless chunks, by a video/audio/image content type. Size and duration are reported where readable.
 * Chunked and resumable uploads (Content-Range, tus Upload-Offset, upload_id / uploadID query fields, resumable.js,
 * Dropzone and Fine Uploader form fields) are tied together by upload id: the chunk carrying the file header gets the
 * finding; later chunks of the same upload (seen in this run) get a 'media-upload' signal marked as a continuation,
 * so that assessment can count the whole upload and its timing. Every media finding has a 'media-upload' signal.
 */
import type { View } from '../../decode/types.js';
import type { Signal } from '../types.js';
import type { DetectorFamily, ExchangeContext, Hit, ScanView, UploadRecord } from './context.js';
import { hasRequestBodyView, inPathOrder, normalizeKey, requestBodyViews, requestHeader } from './context.js';
import { chunkDurationSeconds, mediaDurationSeconds, mediaTypeOfMime, sniffMedia, type MediaSniff } from './media-formats.js';

const UPLOAD_ID_KEYS = new Set(['uploadid', 'uploadtoken', 'uploadkey', 'uploadsessionid', 'resumableidentifier',
  'dzuuid', 'qquuid', 'flowidentifier']);
const CHUNK_INDEX_KEYS = new Set(['partnumber', 'partnum', 'chunkindex', 'chunknumber', 'resumablechunknumber',
  'dzchunkindex', 'qqpartindex', 'flowchunknumber']);
const UPLOAD_ID_HEADERS = ['x-upload-id', 'upload-id', 'x-upload-session-id'];
const MIN_CONTENT_TYPE_ONLY_BYTES = 1024;
/** Shortest view recognise() can accept (sniffMedia reads 16 bytes; content-type-only needs more). */
const MIN_SNIFF_BYTES = 16;
const MAX_UPLOAD_ID_CHARS = 200;

interface UploadInfo {
  id: string | null;
  chunkIndex: number | null;
  chunkStart: number | null;
  totalBytes: number | null;
}

/** Keys uploadInfo reads: only their values are collected. */
const UPLOAD_FIELD_KEYS = new Set([...UPLOAD_ID_KEYS, ...CHUNK_INDEX_KEYS]);

function keyedValues(ctx: ExchangeContext): Map<string, string> {
  const values = new Map<string, string>();
  try {
    for (const [k, v] of new URL(ctx.exchange.url).searchParams) values.set(normalizeKey(k) ?? k, v);
  } catch {
    // a URL that does not parse carries no upload fields
  }
  // The first value of a key (in path order) wins.
  for (const sv of inPathOrder(ctx.request.filter((v) => v.normKey !== null && UPLOAD_FIELD_KEYS.has(v.normKey)))) {
    if (sv.normKey && sv.text !== null && sv.text.length <= MAX_UPLOAD_ID_CHARS
      && !values.has(sv.normKey)) {
      values.set(sv.normKey, sv.text.trim());
    }
  }
  return values;
}

function uploadInfo(ctx: ExchangeContext): UploadInfo {
  const ex = ctx.exchange;
  const values = keyedValues(ctx);
  const fromKeys = [...UPLOAD_ID_KEYS].map((k) => values.get(k)).find((v) => v !== undefined && v !== '');
  const fromHeader = UPLOAD_ID_HEADERS.map((h) => requestHeader(ex, h)).find((v) => v !== null && v !== '');
  const tus = requestHeader(ex, 'tus-resumable') !== null ? ex.url.split('?')[0]! : null;
  const range = /bytes (\d+)-\d+\/(\d+|\*)/.exec(requestHeader(ex, 'content-range') ?? '');
  const offset = requestHeader(ex, 'upload-offset');
  const length = requestHeader(ex, 'upload-length');
  const index = [...CHUNK_INDEX_KEYS].map((k) => values.get(k)).find((v) => v !== undefined && /^\d{1,9}$/.test(v));
  const id = fromKeys ?? fromHeader ?? tus ?? null;
  return {
    id: id === null ? null : id.slice(0, MAX_UPLOAD_ID_CHARS),
    chunkIndex: index !== undefined ? Number(index) : null,
    chunkStart: range ? Number(range[1]) : offset && /^\d+$/.test(offset) ? Number(offset) : null,
    totalBytes: range && range[2] !== '*' ? Number(range[2]) : length && /^\d+$/.test(length) ? Number(length) : null,
  };
}

/** Declared or sniffed content type of a view; the raw body falls back to the exchange's Content-Type. */
function viewMime(view: View, ctx: ExchangeContext): string | null {
  const own = view.mimeType ?? null;
  if (own !== null && own !== 'application/octet-stream') return own.toLowerCase();
  return view.path === 'request.body' ? ctx.exchange.request.mimeType ?? own : own;
}

/** Request body views, plus the raw body when decode produced no view for it. */
/** The raw request body as a view, when it is not empty and decode produced no body view at all. */
function rawBodyView(ctx: ExchangeContext): ScanView | null {
  const body = ctx.exchange.request.body;
  if (!body || body.length === 0 || hasRequestBodyView(ctx)) return null;
  const view: View = { path: 'request.body', bytes: body, key: null, layers: [], side: 'request', covered: false };
  return { view, text: null, normKey: null, leaf: true, scanWhole: false };
}

function isUploadUnit(view: View): boolean {
  return view.path === 'request.body' || /\|multipart:[^|]*$/.test(view.path);
}

/** Whether a request body view is an upload unit (the only views detectMedia ties to an upload). */
function hasUploadUnit(ctx: ExchangeContext): boolean {
  return ctx.request.some((sv) => sv.view.path.startsWith('request.body') && isUploadUnit(sv.view));
}

function printableHead(b: Uint8Array): string {
  return [...b.subarray(0, 32)].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
}

interface Recognised {
  sniff: Pick<MediaSniff, 'format' | 'dataType'> & { signature: string };
  confidence: 'likely' | 'possible';
}

function recognise(sv: ScanView, mime: string | null): Recognised | null {
  const sniff = sniffMedia(sv.view.bytes, mime);
  if (sniff) return { sniff, confidence: 'likely' };
  const byMime = mediaTypeOfMime(mime);
  if (byMime && sv.leaf && isUploadUnit(sv.view) && sv.view.bytes.length >= MIN_CONTENT_TYPE_ONLY_BYTES) {
    return { sniff: { format: 'content-type', dataType: byMime, signature: mime! }, confidence: 'possible' };
  }
  return null;
}

function signal(ctx: ExchangeContext, view: View, details: Signal['details']): Signal {
  return { kind: 'media-upload', source: ctx.exchange.source, time: ctx.exchange.time, host: ctx.host, path: view.path, details };
}

function uploadDetails(up: UploadInfo): Record<string, string | number | boolean> {
  return {
    ...(up.id !== null ? { uploadId: up.id } : {}),
    ...(up.chunkIndex !== null ? { chunkIndex: up.chunkIndex } : {}),
    ...(up.chunkStart !== null ? { chunkStart: up.chunkStart } : {}),
    ...(up.id !== null || up.chunkStart !== null ? { chunked: true } : {}),
  };
}

/** Uploads remembered per run are bounded; the oldest is forgotten first (Map keeps insertion order). */
const MAX_REMEMBERED_UPLOADS = 10_000;

function rememberUpload(ctx: ExchangeContext, key: string, record: UploadRecord): void {
  if (ctx.session.uploads.size >= MAX_REMEMBERED_UPLOADS) {
    ctx.session.uploads.delete(ctx.session.uploads.keys().next().value!);
  }
  ctx.session.uploads.set(key, record);
}

/** Whether this exchange continues an upload seen earlier in the run (its upload id is remembered). */
function continuesKnownUpload(ctx: ExchangeContext): boolean {
  if (ctx.session.uploads.size === 0) return false;
  const up = uploadInfo(ctx);
  return up.id !== null && ctx.session.uploads.has(`${ctx.host} ${up.id}`);
}

function detectMedia(ctx: ExchangeContext): { hits: Hit[]; signals: Signal[]; runState?: true } {
  const hits: Hit[] = [];
  const signals: Signal[] = [];
  const raw = rawBodyView(ctx);
  const recognised = new Map<ScanView, Recognised>();
  for (const sv of raw ? [raw] : requestBodyViews(ctx, MIN_SNIFF_BYTES)) {
    const found = recognise(sv, viewMime(sv.view, ctx));
    if (found) recognised.set(sv, found);
  }
  // The run's upload records are read or written only for an exchange with media or an upload unit that carries an
  // upload id: such an exchange says so, from its own content, before any record is read (Detection.runState).
  let up: UploadInfo | null = null;
  const tied = ctx.session.markRunState && (recognised.size > 0 || raw !== null || hasUploadUnit(ctx))
    && (up = uploadInfo(ctx)).id !== null;
  const result = tied ? { hits, signals, runState: true as const } : { hits, signals };
  // Without media here or an upload to continue nothing is reported; otherwise views are read in path order, since
  // the first media view of an upload starts the record that later ones continue.
  if (recognised.size === 0 && !continuesKnownUpload(ctx)) return result;
  for (const sv of raw ? [raw] : inPathOrder(requestBodyViews(ctx))) {
    const mime = viewMime(sv.view, ctx);
    const found = recognised.get(sv) ?? null;
    if (!found && ctx.session.uploads.size === 0) continue;
    // Upload fields are read once, and only when needed: a recognised media view, or a run with uploads to continue.
    const info = (up ??= uploadInfo(ctx));
    const uploadKey = info.id !== null ? `${ctx.host} ${info.id}` : null;
    const bytes = sv.view.bytes.length;
    const known = uploadKey !== null ? ctx.session.uploads.get(uploadKey) : undefined;
    if (!found) {
      if (!known || !isUploadUnit(sv.view)) continue;
      known.chunks += 1;
      known.bytes += bytes;
      ctx.media.set(sv.view.path, { dataType: known.dataType, view: sv.view });
      const duration = chunkDurationSeconds(sv.view.bytes);
      signals.push(signal(ctx, sv.view, { mediaType: known.mediaType, dataType: known.dataType, bytes, continuation: true,
        ...uploadDetails(info), ...(duration !== null ? { durationSeconds: duration } : {}) }));
      continue;
    }
    const { sniff } = found;
    ctx.media.set(sv.view.path, { dataType: sniff.dataType, view: sv.view });
    const duration = mediaDurationSeconds(sniff.format, sv.view.bytes);
    const mediaBytes = info.totalBytes ?? bytes;
    const filename = sv.view.filename ?? null;
    const facts = { mediaType: sniff.format, mediaBytes, ...(duration !== null ? { durationSeconds: duration } : {}),
      ...uploadDetails(info), ...(mime ? { contentType: mime } : {}), ...(filename ? { filename } : {}) };
    hits.push({ view: sv.view, dataType: sniff.dataType, match: 'media', confidence: found.confidence,
      detector: `media:${sniff.format}`, matched: sniff.signature, index: 0,
      excerpt: `${sniff.format}, ${bytes} bytes: ${printableHead(sv.view.bytes)}`, details: facts });
    const { mediaBytes: total, ...rest } = facts;
    signals.push(signal(ctx, sv.view, { ...rest, dataType: sniff.dataType, bytes: total }));
    if (uploadKey !== null && !known && isUploadUnit(sv.view)) {
      rememberUpload(ctx, uploadKey, { mediaType: sniff.format, dataType: sniff.dataType, chunks: 1, bytes });
    }
  }
  return result;
}

export const mediaFamily: DetectorFamily = { name: 'media', detect: detectMedia };
