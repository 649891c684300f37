/** Small helpers shared by the format readers: bodies from capture text, MIME types, cookies, form encoding. */
import type { NameValue } from './types.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * (1 << 20);

export interface CutBytes {
  bytes: Uint8Array;
  /** Size before the maxBodyBytes cut. */
  fullBytes: number;
  cut: boolean;
}

const utf8Encoder = new TextEncoder();
const BASE64_CHARS_PER_3_BYTES = 4;

/**
 * Bytes of a capture text field: base64-decoded when `encoding` says so, UTF-8 otherwise, cut at `maxBytes`.
 * Results never share memory with Node's Buffer pool, so consumers may use `.buffer` safely.
 */
export function bytesFromText(text: string, encoding: unknown, maxBytes: number): CutBytes {
  if (typeof encoding === 'string' && encoding.toLowerCase() === 'base64') return base64Bytes(text, maxBytes);
  // Every UTF-16 code unit encodes to at least one byte, so a text longer than maxBytes units is cut for sure and
  // only its head needs encoding.
  if (text.length <= maxBytes) {
    const bytes = utf8Encoder.encode(text);
    if (bytes.length <= maxBytes) return { bytes, fullBytes: bytes.length, cut: false };
    return { bytes: bytes.subarray(0, maxBytes), fullBytes: bytes.length, cut: true };
  }
  const head = utf8Encoder.encode(text.slice(0, maxBytes));
  return { bytes: head.subarray(0, maxBytes), fullBytes: Buffer.byteLength(text, 'utf8'), cut: true };
}

function base64Bytes(text: string, maxBytes: number): CutBytes {
  const fullBytes = Buffer.byteLength(text, 'base64');
  const neededChars = Math.ceil(maxBytes / 3) * BASE64_CHARS_PER_3_BYTES;
  const source = text.length > neededChars + BASE64_CHARS_PER_3_BYTES ? text.slice(0, neededChars) : text;
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(source, 'base64'));
  const written = out.write(source, 'base64');
  const kept = Math.min(written, maxBytes);
  const cut = source !== text || written > maxBytes;
  return {
    bytes: new Uint8Array(out.buffer, out.byteOffset, kept),
    // Uncut: the exact decoded size. Cut: estimated from the text length (whitespace would make it a little high).
    fullBytes: cut ? Math.max(fullBytes, written) : written,
    cut,
  };
}

/** "Application/JSON; charset=utf-8" → "application/json"; null when empty or not a string. */
export function normalizeMimeType(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const semicolon = value.indexOf(';');
  const bare = (semicolon >= 0 ? value.slice(0, semicolon) : value).trim().toLowerCase();
  return bare === '' ? null : bare;
}

/** Value of the first header with this name (case-insensitive), or null. */
export function headerValue(headers: NameValue[], name: string): string | null {
  const wanted = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === wanted) return h.value;
  return null;
}

/** Cookies from every `Cookie` request header ("a=1; b=2"). */
export function cookiesFromCookieHeaders(headers: NameValue[]): NameValue[] {
  const cookies: NameValue[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'cookie') continue;
    for (const part of h.value.split(';')) addCookiePair(cookies, part);
  }
  return cookies;
}

/** Cookies set by every `Set-Cookie` response header (attributes after the first ';' dropped). */
export function cookiesFromSetCookieHeaders(headers: NameValue[]): NameValue[] {
  const cookies: NameValue[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'set-cookie') continue;
    // Some exporters join several Set-Cookie headers with newlines into one value.
    for (const line of h.value.split('\n')) addCookiePair(cookies, line.split(';', 1)[0] ?? '');
  }
  return cookies;
}

function addCookiePair(out: NameValue[], pair: string): void {
  const equals = pair.indexOf('=');
  const name = (equals >= 0 ? pair.slice(0, equals) : pair).trim();
  if (name === '') return;
  out.push({ name, value: equals >= 0 ? pair.slice(equals + 1).trim() : '' });
}

/** application/x-www-form-urlencoded serialization (WHATWG URL standard: only *-._ and alphanumerics stay bare). */
export function formUrlEncode(params: NameValue[]): string {
  return params.map((p) => `${formEncodeComponent(p.name)}=${formEncodeComponent(p.value)}`).join('&');
}

function formEncodeComponent(text: string): string {
  // Buffer encoding turns lone surrogates into U+FFFD instead of throwing like encodeURIComponent.
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (const b of bytes) {
    if (isFormSafe(b)) out += String.fromCharCode(b);
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function isFormSafe(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
    b === 0x2a || b === 0x2d || b === 0x2e || b === 0x5f
  );
}

/** Server address without IPv6 brackets; null when absent or empty. */
export function normalizeServerIp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let ip = value.trim();
  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    ip = close > 0 ? ip.slice(1, close) : ip.slice(1);
  }
  return ip === '' || ip.length > 64 ? null : ip;
}
