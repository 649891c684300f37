/** Byte and text helpers shared by the decoders: zero-copy Buffer views, cached UTF-8 text, magic-byte sniffing. */

/** The same memory as a Buffer (no copy), for Buffer's native indexOf/toString. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

const textCache = new WeakMap<Uint8Array, string>();
const cleanCache = new WeakMap<Uint8Array, boolean>();

/** The bytes as UTF-8 text, decoded once per buffer (several decoders look at the same view). */
export function textOf(bytes: Uint8Array): string {
  let text = textCache.get(bytes);
  if (text === undefined) {
    text = asBuffer(bytes).toString('utf8');
    textCache.set(bytes, text);
  }
  return text;
}

// C0 controls other than tab/newline/carriage return, DEL and C1 controls: absent from real text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** True when the bytes are valid UTF-8 without control characters: text a person or a program would write. */
export function isCleanText(bytes: Uint8Array): boolean {
  let clean = cleanCache.get(bytes);
  if (clean === undefined) {
    const text = textOf(bytes);
    clean = !text.includes('\uFFFD') && !CONTROL.test(text);
    cleanCache.set(bytes, clean);
  }
  return clean;
}

const SMALL_VIEW = 4096;
const prefixCache = new WeakMap<Uint8Array, boolean>();

/**
 * Like isCleanText but, for big views, only over the first bytes: a cheap fit check shared by the text decoders.
 * Small views (most leaves) are checked whole once, and the answer is cached.
 */
export function startsAsText(bytes: Uint8Array): boolean {
  if (bytes.length <= SMALL_VIEW) return isCleanText(bytes);
  let clean = prefixCache.get(bytes);
  if (clean === undefined) {
    // A multi-byte character cut at the end of the prefix is not an error.
    const text = asBuffer(bytes).toString('utf8', 0, 64).replace(/\uFFFD{1,3}$/, '');
    clean = !text.includes('\uFFFD') && !CONTROL.test(text);
    prefixCache.set(bytes, clean);
  }
  return clean;
}

/** ASCII text of the first `length` bytes (for prefix checks with a regex). */
export function asciiHead(bytes: Uint8Array, length: number): string {
  return asBuffer(bytes).toString('latin1', 0, Math.min(length, bytes.length));
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Cheap first test for URL-looking bytes: an ASCII letter (scheme) or `/` first. */
export function mayBeUrl(bytes: Uint8Array): boolean {
  return bytes.length > 1 && (isAsciiLetter(bytes[0]) || bytes[0] === 0x2f);
}

/** Index of the first byte that is not JSON/HTTP whitespace, or bytes.length. */
export function skipWhitespace(bytes: Uint8Array, from = 0): number {
  let i = from;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function startsWith(bytes: Uint8Array, at: number, ascii: string): boolean {
  if (bytes.length < at + ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * Media and container types recognised by their magic bytes (file signatures as listed by the formats' own specs,
 * e.g. https://www.w3.org/TR/png/#5PNG-file-signature, ISO/IEC 14496-12 `ftyp`, RFC 8216-era WebM EBML 1A45DFA3).
 */
export function sniffMagic(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (startsWith(b, 0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (startsWith(b, 0, 'GIF87a') || startsWith(b, 0, 'GIF89a')) return 'image/gif';
  if (startsWith(b, 0, 'RIFF') && b.length >= 12) {
    if (startsWith(b, 8, 'WEBP')) return 'image/webp';
    if (startsWith(b, 8, 'WAVE')) return 'audio/wav';
    if (startsWith(b, 8, 'AVI ')) return 'video/x-msvideo';
  }
  if (startsWith(b, 4, 'ftyp') && b.length >= 12) return ftypMime(String.fromCharCode(b[8], b[9], b[10], b[11]));
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
  if (startsWith(b, 0, 'OggS')) return 'audio/ogg';
  if (startsWith(b, 0, 'ID3')) return 'audio/mpeg';
  if (startsWith(b, 0, 'fLaC')) return 'audio/flac';
  if (startsWith(b, 0, '#!AMR')) return 'audio/amr';
  if (startsWith(b, 0, '%PDF-')) return 'application/pdf';
  if (startsWith(b, 0, 'PK\x03\x04')) return 'application/zip';
  return null;
}

function ftypMime(brand: string): string {
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  if (brand === 'avif') return 'image/avif';
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand.startsWith('3g')) return 'video/3gpp';
  return 'video/mp4';
}

/** Media whose bytes are kept as one view and never decoded further (photos, video, audio, fonts, documents). */
export function isMediaType(mimeType: string | null | undefined): boolean {
  if (!mimeType) return false;
  return /^(image|video|audio|font)\//.test(mimeType) || mimeType === 'application/pdf' || mimeType === 'application/zip';
}

/** Lower-cased media type without parameters ("application/json; charset=utf-8" → "application/json"). */
export function bareMimeType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const bare = contentType.split(';', 1)[0].trim().toLowerCase();
  return bare === '' ? null : bare;
}

export function isJsonType(mimeType: string | null): boolean {
  return mimeType !== null && (mimeType === 'application/json' || mimeType === 'text/json' || mimeType.endsWith('+json'));
}
