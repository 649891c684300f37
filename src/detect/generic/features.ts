/**
 * Text features: what a view can hold, known before any detector family runs its regex over it. Every feature is a
 * necessary condition for some family's pattern (a MAC has two hex digits between two ':' or '-', an IMEI is a
 * 15-digit token, a delimited URL starts "http:" or "https:"), so a family that skips a view on a feature misses
 * nothing. Most views are short JSON leaves ("4g", "13951"): their counts come from one cheap pass over the bytes
 * and most are ruled out by those alone. A few views are long logs: they are searched natively, each feature once.
 */

/** A view is treated as text when at most this share of its first bytes are control/binary bytes. */
export const MAX_BINARY_SHARE = 0.05;
export const TEXT_SNIFF_BYTES = 4096;

export interface TextFeatures {
  /** Length in bytes: never less than the text's length in characters. */
  readonly bytes: number;
  /** Counts of digits, ':', '-' and '.'; on long texts counting stops at COUNT_CAP (compare with smaller numbers). */
  readonly digits: number;
  readonly colons: number;
  readonly dashes: number;
  readonly dots: number;
  readonly at: boolean;
  readonly equals: boolean;
  /** A list separator (newline, ',', ';', '|') or any whitespace (a non-ASCII character counts, it may be a space). */
  readonly separator: boolean;
  /** '+', '(' or ')': how phone numbers are written. */
  readonly phonePunct: boolean;
  /** A letter other than a–f/A–F (each phone word — phone, mobile, tel, msisdn, cell — has one). */
  readonly nonHexLetter: boolean;
  /** Every character is ASCII (only known for short views; false on long ones). */
  readonly ascii: boolean;
  /** A token of [0-9A-Za-z.] that is exactly 15 digits (what the IMEI pattern matches). */
  readonly fifteenDigitToken: boolean;
  /** A token of [0-9A-Za-z] that is exactly 16 hex digits (what the Android-id pattern matches). */
  readonly sixteenHexToken: boolean;
  /** ':' then at most 37 hex digits then ':' (every IPv6 candidate of three or more groups has this). */
  readonly colonHexColon: boolean;
  /** '-' then exactly four hex digits then '-' (the middle of a UUID). */
  readonly dashQuadDash: boolean;
  /** Two hex digits between two ':' or two '-' (the middle of a separated MAC address). */
  readonly hexPairBetweenSeparators: boolean;
  /** A digit, '.', a digit (IPv4 addresses and decimal coordinates). */
  readonly digitDotDigit: boolean;
  /** '+' followed by a digit. */
  readonly plusDigit: boolean;
  /** A digit, one to three of ' ', '(', ')', '-', and a digit (digit groups as phone numbers are written). */
  readonly digitSeparatorDigit: boolean;
  /** "http:" or "https:", any case (how every URL item of a list starts). */
  readonly httpColon: boolean;
}

/** Counting stops here on long texts: detectors compare counts with small numbers only. */
export const COUNT_CAP = 64;

export function isBinaryByte(b: number): boolean {
  return b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

// Character kinds of ASCII bytes, as bits; a view's kinds are OR-ed together in one pass.
const K_AT = 1;
const K_EQUALS = 2;
const K_SEPARATOR = 4;
const K_PLUS = 8;
const K_PAREN = 16;
const K_NON_HEX_LETTER = 32;
/** ' ', '(', ')' or '-': written between phone digit groups. */
const K_PHONE_GAP = 64;
const K_H = 128;
/** Not [0-9A-Za-z]; and not [0-9A-Za-z.] (the IMEI token's characters). */
const K_NON_ALNUM = 256;
const K_NON_IMEI_TOKEN = 512;
/** A digit, ':', '-' or '.': bytes that are counted. */
const K_COUNTED = 1024;

const KIND = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (ch === '@') KIND[c]! |= K_AT;
  if (ch === '=') KIND[c]! |= K_EQUALS;
  if (/[\s,;|]/.test(ch)) KIND[c]! |= K_SEPARATOR;
  if (ch === '+') KIND[c]! |= K_PLUS;
  if (ch === '(' || ch === ')') KIND[c]! |= K_PAREN;
  if (/[G-Zg-z]/.test(ch)) KIND[c]! |= K_NON_HEX_LETTER;
  if (/[ ()-]/.test(ch)) KIND[c]! |= K_PHONE_GAP;
  if (ch === 'h' || ch === 'H') KIND[c]! |= K_H;
  if (!/[0-9A-Za-z]/.test(ch)) KIND[c]! |= K_NON_ALNUM;
  if (!/[0-9A-Za-z.]/.test(ch)) KIND[c]! |= K_NON_IMEI_TOKEN;
  if (/[0-9:.-]/.test(ch)) KIND[c]! |= K_COUNTED;
}

/**
 * The token and sequence features, each read from the text with a regex when first asked for, after a cheap
 * prerequisite on the counts (most views fail it and are never decoded). Same definitions as TextFeatures.
 */
const FIFTEEN_DIGIT_TOKEN = /(?:^|[^0-9A-Za-z.])\d{15}(?![0-9A-Za-z.])/; // start consumed, not looked behind: faster
const SIXTEEN_HEX_TOKEN = /(?<![0-9A-Za-z])[0-9A-Fa-f]{16}(?![0-9A-Za-z])/;
const COLON_HEX_COLON = /:[0-9A-Fa-f]{0,37}:/;
const DASH_QUAD_DASH = /-[0-9A-Fa-f]{4}-/;
const HEX_PAIR_BETWEEN_COLONS = /:[0-9A-Fa-f]{2}:/;
const HEX_PAIR_BETWEEN_DASHES = /-[0-9A-Fa-f]{2}-/;
const DIGIT_DOT_DIGIT = /\d\.\d/;
const PLUS_DIGIT = /\+\d/;
const DIGIT_GAP_DIGIT = /\d[ ()-]{1,3}\d/;
const HTTP_COLON = /https?:/i;
// Long texts only: the kinds a short view gets from its byte pass.
const AT = /@/;
const EQUALS = /=/;
const SEPARATOR = /[\s,;|\u0080-\uffff]/;
const PAREN = /[()]/;
const NON_HEX_LETTER = /[G-Zg-z]/;
const PLUS = /\+/;
const PHONE_GAP = /[ ()-]/;
const LETTER_H = /h/i;

/** Something that can give its text when a feature needs it (the ScanView the features belong to). */
export interface TextSource {
  readonly text: string | null;
}

/**
 * Features of one text view. Counts and character kinds come from one pass over a short view's bytes, or from
 * native searches over a long view's text; sequence features are read lazily (see above). Counted on bytes for
 * short views: ASCII characters are their own bytes and every byte of a multi-byte UTF-8 character (or of one
 * TextDecoder replaces) is ≥ 0x80, so counts and kinds are those of the text; such bytes count as a possible
 * separator (the character may be a Unicode space).
 */
class Features implements TextFeatures {
  /** Bit per lazily read feature: known, and found. */
  private known = 0;
  private found = 0;

  constructor(private readonly source: TextSource, readonly bytes: number, readonly digits: number,
    readonly colons: number, readonly dashes: number, readonly dots: number, private kinds: number,
    readonly ascii: boolean, private kindsKnown: boolean) {}

  private kind(bit: number, pattern: RegExp): boolean {
    if (!this.kindsKnown && !(this.known & bit << 16)) {
      this.known |= bit << 16;
      if (pattern.test(this.source.text!)) this.kinds |= bit;
    }
    return (this.kinds & bit) !== 0;
  }

  private read(bit: number, pattern: RegExp): boolean {
    if (!(this.known & bit)) {
      this.known |= bit;
      if (pattern.test(this.source.text!)) this.found |= bit;
    }
    return (this.found & bit) !== 0;
  }

  get at(): boolean { return this.kind(K_AT, AT); }
  get equals(): boolean { return this.kind(K_EQUALS, EQUALS); }
  get separator(): boolean { return this.kind(K_SEPARATOR, SEPARATOR); }
  get phonePunct(): boolean { return this.kind(K_PLUS, PLUS) || this.kind(K_PAREN, PAREN); }
  get nonHexLetter(): boolean { return this.kind(K_NON_HEX_LETTER, NON_HEX_LETTER); }

  // A short view that is one token (an id, a timestamp) is judged by its counts alone.
  get fifteenDigitToken(): boolean {
    if (this.digits < 15) return false;
    if (this.kindsKnown && !(this.kinds & K_NON_IMEI_TOKEN)) return this.bytes === 15 && this.digits === 15;
    return this.read(1, FIFTEEN_DIGIT_TOKEN);
  }
  get sixteenHexToken(): boolean {
    if (this.bytes < 16) return false;
    if (this.kindsKnown && !(this.kinds & K_NON_ALNUM)) return this.bytes === 16 && !(this.kinds & K_NON_HEX_LETTER);
    return this.read(2, SIXTEEN_HEX_TOKEN);
  }
  get colonHexColon(): boolean { return this.colons >= 2 && this.read(4, COLON_HEX_COLON); }
  get dashQuadDash(): boolean { return this.dashes >= 2 && this.read(8, DASH_QUAD_DASH); }
  get hexPairBetweenSeparators(): boolean {
    return (this.colons >= 2 && this.read(16, HEX_PAIR_BETWEEN_COLONS))
      || (this.dashes >= 2 && this.read(512, HEX_PAIR_BETWEEN_DASHES));
  }
  get digitDotDigit(): boolean { return this.dots > 0 && this.digits >= 2 && this.read(32, DIGIT_DOT_DIGIT); }
  get plusDigit(): boolean { return this.kind(K_PLUS, PLUS) && this.read(64, PLUS_DIGIT); }
  get digitSeparatorDigit(): boolean {
    return this.digits >= 2 && this.kind(K_PHONE_GAP, PHONE_GAP) && this.read(128, DIGIT_GAP_DIGIT);
  }
  get httpColon(): boolean {
    return this.colons > 0 && this.bytes >= 5 && this.kind(K_H, LETTER_H) && this.read(256, HTTP_COLON);
  }
}

/** Views up to this many bytes are counted byte by byte; longer ones are searched natively. */
export const MAX_COUNTED_BYTES = 1024;

/**
 * Features of a short view's bytes (≤ MAX_COUNTED_BYTES, all of them sniffed), or null when they do not look like
 * text (more than MAX_BINARY_SHARE control bytes, the rule textOf applies). The loop runs over millions of short
 * views, so it only ORs kinds and bumps counts.
 */
export function featuresOfBytes(bytes: Uint8Array, source: TextSource): TextFeatures | null {
  const n = bytes.length;
  if (n === 0 || n > MAX_COUNTED_BYTES) return null;
  let digits = 0;
  let colons = 0;
  let dashes = 0;
  let dots = 0;
  let kinds = 0;
  let binary = 0;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) {
      ascii = false;
      continue;
    }
    if (c < 0x20 && isBinaryByte(c)) binary++;
    const kind = KIND[c]!;
    kinds |= kind;
    if (kind & K_COUNTED) {
      // Counted bytes are '-' 0x2d, '.' 0x2e, '0'-'9' 0x30-0x39 and ':' 0x3a.
      if (c === 0x3a) colons++;
      else if (c >= 0x30) digits++;
      else if (c === 0x2d) dashes++;
      else dots++;
    }
  }
  if (binary / n > MAX_BINARY_SHARE) return null;
  if (!ascii) kinds |= K_SEPARATOR | K_NON_ALNUM | K_NON_IMEI_TOKEN;
  return new Features(source, n, digits, colons, dashes, dots, kinds, ascii, true);
}

function countUpTo(text: string, char: string, cap: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0 && n < cap; i = text.indexOf(char, i + 1)) n++;
  return n;
}

const DIGIT = /\d/g;

function digitsUpTo(text: string, cap: number): number {
  let n = 0;
  DIGIT.lastIndex = 0;
  while (n < cap && DIGIT.test(text)) n++;
  return n;
}

/**
 * Features of a long text view (already known to be text): counts stop at COUNT_CAP, kinds are searched for when
 * first asked for. A JavaScript loop over every byte of a 50 KB log costs more than the few native searches needed.
 */
export function featuresOfLongText(source: TextSource, bytes: number): TextFeatures {
  const text = source.text!;
  return new Features(source, bytes, digitsUpTo(text, COUNT_CAP), countUpTo(text, ':', COUNT_CAP),
    countUpTo(text, '-', COUNT_CAP), countUpTo(text, '.', COUNT_CAP), 0, false, false);
}
