/** Byte and text helpers shared by the decoders: zero-copy Buffer views, cached UTF-8 text, magic-byte sniffing. */

/** The same memory as a Buffer (no copy), for Buffer's native indexOf/toString. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/**
 * Text facts about the few buffers being looked at right now. All decoders probe the same view one after another,
 * so a tiny identity cache answers almost every lookup; it is cheaper for the GC than a WeakMap over every view.
 * Why this memo may be shared by every decode call of a thread (it is the one piece of module state left in decode/):
 * each fact is a pure function of bytes that nobody mutates, looked up by identity, and the ring is emptied at the end
 * of every decodeExchange/decodeBytes call — so calls in turn, nested, or from concurrent streams see only correct
 * facts (test/decode/reentrant.test.ts), and worker threads each have their own copy.
 */
interface TextFacts {
  bytes: Uint8Array | null;
  text: string | undefined;
  clean: boolean | undefined;
  headClean: boolean | undefined;
  mask: number | undefined;
}

const RECENT_SIZE = 4;

class RecentTextFacts {
  private readonly slots: TextFacts[] = Array.from({ length: RECENT_SIZE }, () => ({
    bytes: null, text: undefined, clean: undefined, headClean: undefined, mask: undefined,
  }));
  private nextSlot = 0;

  of(bytes: Uint8Array): TextFacts {
    for (const facts of this.slots) if (facts.bytes === bytes) return facts;
    const facts = this.slots[this.nextSlot];
    this.nextSlot = (this.nextSlot + 1) % RECENT_SIZE;
    facts.bytes = bytes;
    facts.text = undefined;
    facts.clean = undefined;
    facts.headClean = undefined;
    facts.mask = undefined;
    return facts;
  }

  forget(): void {
    for (const facts of this.slots) {
      facts.bytes = null;
      facts.text = undefined;
    }
  }
}

const recent = new RecentTextFacts();

function factsOf(bytes: Uint8Array): TextFacts {
  return recent.of(bytes);
}

/** Drops the references the cache holds (called when an exchange is done, so big bodies can be freed). */
export function forgetTextFacts(): void {
  recent.forget();
}

/** The bytes as UTF-8 text, decoded once while several decoders look at the same view. */
export function textOf(bytes: Uint8Array): string {
  const facts = factsOf(bytes);
  if (facts.text === undefined) facts.text = asBuffer(bytes).toString('utf8');
  return facts.text;
}

/** Seeds the text cache when the caller already holds the bytes' text (a slice of a longer text it decoded). */
export function rememberText(bytes: Uint8Array, text: string): void {
  factsOf(bytes).text = text;
}

/**
 * Seeds the cache for a run of blob characters (ASCII letters, digits, + / = _ - $) cut from a longer text: its text,
 * its character mask as charMask would compute it (the caller OR-ed classOfByte over every byte), and that it is clean.
 */
export function rememberBlobRun(bytes: Uint8Array, text: string, mask: number): void {
  const facts = factsOf(bytes);
  facts.text = text;
  facts.clean = true;
  // Past 2·MASK_EDGE bytes charMask looks at the edges only; let it compute that itself.
  if (bytes.length <= 2 * MASK_EDGE) facts.mask = mask;
}

// C0 controls other than tab/newline/carriage return, DEL and C1 controls: absent from real text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function cleanString(text: string): boolean {
  return !text.includes('\uFFFD') && !CONTROL.test(text);
}

/** True when the bytes are valid UTF-8 without control characters: text a person or a program would write. */
export function isCleanText(bytes: Uint8Array): boolean {
  const facts = factsOf(bytes);
  if (facts.clean === undefined) {
    if (bytes.length <= 2 * MASK_EDGE) {
      // The character mask covers small views whole: pure ASCII needs no decoding at all.
      const mask = charMask(bytes);
      facts.clean = (mask & CH.HIGH) === 0 ? (mask & CH.CONTROL) === 0 : cleanUtf8(bytes);
    } else {
      facts.clean = cleanString(textOf(bytes));
    }
  }
  return facts.clean;
}

/** isCleanText without the cache: for throwaway buffers (decoded blob candidates) that must not evict live views. */
export function isCleanBytes(bytes: Uint8Array): boolean {
  return cleanUtf8(bytes);
}

/** Bytes of a multi-byte UTF-8 sequence after the lead byte, or -1 for a byte that cannot lead (RFC 3629 §4). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

/** Allowed range of the second byte after a lead byte (RFC 3629 §4: no overlongs, surrogates or > U+10FFFF). */
function secondByteOk(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return second >= 0x80 && second <= 0xbf;
}

/**
 * cleanString(bytes as UTF-8) without building the string: false on any byte sequence the decoder would replace
 * with U+FFFD, on an encoded U+FFFD itself (EF BF BD), on C0 controls other than tab/LF/CR, DEL and C1 controls.
 */
function cleanUtf8(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      if (CLASS_OF[c] === CH.CONTROL) return false;
      i++;
      continue;
    }
    const extra = sequenceLength(c);
    if (extra < 0 || i + extra >= n) return false;
    if (!secondByteOk(c, b[i + 1])) return false;
    for (let k = 2; k <= extra; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    if (c === 0xc2 && b[i + 1] <= 0x9f) return false; // U+0080–U+009F, the C1 controls
    if (c === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd) return false; // U+FFFD written out
    i += extra + 1;
  }
  return true;
}

const SMALL_VIEW = 4096;

/**
 * Like isCleanText but, for big views, only over the first bytes: a cheap fit check shared by the text decoders.
 * Small views (most leaves) are checked whole, once.
 */
export function startsAsText(bytes: Uint8Array): boolean {
  if (bytes.length <= SMALL_VIEW) return isCleanText(bytes);
  const facts = factsOf(bytes);
  if (facts.headClean === undefined) {
    // A multi-byte character cut at the end of the prefix is not an error.
    facts.headClean = cleanString(asBuffer(bytes).toString('utf8', 0, 64).replace(/\uFFFD{1,3}$/, ''));
  }
  return facts.headClean;
}

/** Character classes, as bits of a mask: which kinds of bytes a view contains (see charMask). */
export const CH = {
  DIGIT: 1 << 0, HEX_LOWER: 1 << 1, LOWER_REST: 1 << 2, HEX_UPPER: 1 << 3, UPPER_REST: 1 << 4,
  PLUS: 1 << 5, SLASH: 1 << 6, EQUALS: 1 << 7, MINUS: 1 << 8, UNDERSCORE: 1 << 9, DOT: 1 << 10, DOLLAR: 1 << 11,
  PERCENT: 1 << 12, AMP: 1 << 13, SPACE: 1 << 14, NEWLINE: 1 << 15, OTHER: 1 << 16, HIGH: 1 << 17, CONTROL: 1 << 18,
} as const;

export const CH_LOWER = CH.HEX_LOWER | CH.LOWER_REST;
export const CH_UPPER = CH.HEX_UPPER | CH.UPPER_REST;
export const CH_ALNUM = CH.DIGIT | CH_LOWER | CH_UPPER;

const CLASS_OF = (() => {
  const table = new Int32Array(256);
  for (let c = 0; c < 256; c++) {
    const ch = String.fromCharCode(c);
    table[c] =
      c >= 0x80 ? CH.HIGH
      : /[0-9]/.test(ch) ? CH.DIGIT
      : /[a-f]/.test(ch) ? CH.HEX_LOWER
      : /[g-z]/.test(ch) ? CH.LOWER_REST
      : /[A-F]/.test(ch) ? CH.HEX_UPPER
      : /[G-Z]/.test(ch) ? CH.UPPER_REST
      : ({ '+': CH.PLUS, '/': CH.SLASH, '=': CH.EQUALS, '-': CH.MINUS, '_': CH.UNDERSCORE, '.': CH.DOT, $: CH.DOLLAR,
        '%': CH.PERCENT, '&': CH.AMP, ' ': CH.SPACE, '\t': CH.SPACE, '\r': CH.NEWLINE, '\n': CH.NEWLINE } as Record<string, number>)[ch]
        ?? (c < 0x20 || c === 0x7f ? CH.CONTROL : CH.OTHER);
  }
  return table;
})();

/** The CH class of one byte. */
export function classOfByte(byte: number): number {
  return CLASS_OF[byte];
}

/** Bytes looked at by charMask on a big view: its start and its end (decoders verify the whole when decoding). */
const MASK_EDGE = 2048;

/** Which character classes (CH bits) occur in the view; one pass, cached while decoders probe the view. */
export function charMask(bytes: Uint8Array): number {
  const facts = factsOf(bytes);
  if (facts.mask === undefined) {
    let mask = 0;
    const n = bytes.length;
    if (n <= 2 * MASK_EDGE) {
      for (let i = 0; i < n; i++) mask |= CLASS_OF[bytes[i]];
    } else {
      for (let i = 0; i < MASK_EDGE; i++) mask |= CLASS_OF[bytes[i]];
      for (let i = n - MASK_EDGE; i < n; i++) mask |= CLASS_OF[bytes[i]];
    }
    facts.mask = mask;
  }
  return facts.mask;
}

/**
 * True when every byte of the view is of the `allowed` classes, known from the mask alone (views the mask covers
 * whole); false also means "not known". Lets decoders skip a regex their fit already implied.
 */
export function surelyOnly(bytes: Uint8Array, allowed: number): boolean {
  if (bytes.length > 2 * MASK_EDGE) return false;
  const mask = charMask(bytes);
  return mask !== 0 && (mask & ~allowed) === 0;
}

/** True when the view holds only characters of the `allowed` classes (at least one character). */
export function onlyChars(bytes: Uint8Array, allowed: number): boolean {
  const mask = charMask(bytes);
  return mask !== 0 && (mask & ~allowed) === 0;
}

/** Whether the byte occurs: from the cached mask for views the mask covers whole, else with indexOf. */
export function hasByte(bytes: Uint8Array, byte: number, maskBit: number): boolean {
  if (bytes.length <= 2 * MASK_EDGE) return (charMask(bytes) & maskBit) !== 0;
  return asBuffer(bytes).indexOf(byte) >= 0;
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
  return bytes.length > 1 && mayStartUrl(bytes[0]);
}

export function mayStartUrl(first: number): boolean {
  return isAsciiLetter(first) || first === 0x2f;
}

/** True when a charMask shows at least one character and only characters of the `allowed` classes. */
export function maskOnly(mask: number, allowed: number): boolean {
  return mask !== 0 && (mask & ~allowed) === 0;
}

/** Lengths passed to Decoder.mayFit are capped here: above it only "long" matters, and shapes stay few. */
export const SHORT_LENGTH_CAP = 32;

/** True when charMask looked at every byte of the view (it samples the edges of bigger views). */
export function maskCoversAll(bytes: Uint8Array): boolean {
  return bytes.length <= 2 * MASK_EDGE;
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

/** First bytes of the signatures sniffMagic knows (JPEG FF, PNG 89, GIF, RIFF, WebM 1A, Ogg, ID3, fLaC, #!AMR, %PDF, PK). */
const MAGIC_FIRST_BYTE = (() => {
  const table = new Uint8Array(256);
  for (const c of [0xff, 0x89, 0x1a, ...Buffer.from('GROIf#%P', 'latin1')]) table[c] = 1;
  return table;
})();

/**
 * False when sniffMagic will find nothing whatever follows the first bytes: almost every view is text, and one table
 * lookup rules out all signatures except `ftyp` at offset 4.
 */
export function mayHaveMagic(b: Uint8Array): boolean {
  return MAGIC_FIRST_BYTE[b[0]] === 1 || b[4] === 0x66;
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
  if (!mayHaveMagic(b)) return null;
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
