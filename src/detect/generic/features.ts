/**
 * Text features: one pass over a view's bytes that tells each detector family, without running its regex, whether the
 * view can hold what it looks for at all. Every feature is a necessary condition for some family's pattern (a MAC
 * has ':' or '-' between hex pairs, an IMEI is a 15-digit token, a delimited URL starts "http:" or "https:"), so a
 * family that skips a view on a feature misses nothing. Most views are short JSON leaves ("4g", "13951") and a few are
 * long logs; one pass over either replaces a dozen regex scans that could not match.
 *
 * Counted on bytes rather than on the decoded text: ASCII characters are their own bytes, and every byte of a
 * multi-byte UTF-8 character (or of a byte TextDecoder replaces with U+FFFD) is ≥ 0x80, so counts, runs and tokens
 * of ASCII characters are the same as in the text. Such bytes count as a possible separator (a Unicode space).
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

const C_DIGIT = 1;
const C_HEX = 2;
const C_SEPARATOR = 4;
const C_LETTER = 8;
/** Characters written between phone digit groups: [ ()-]. */
const C_PHONE_GAP = 16;

/** Character classes of ASCII codes (bit flags above). */
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[0-9]/.test(ch)) CHAR_CLASS[c]! |= C_DIGIT;
  if (/[0-9A-Fa-f]/.test(ch)) CHAR_CLASS[c]! |= C_HEX;
  if (/[\s,;|]/.test(ch)) CHAR_CLASS[c]! |= C_SEPARATOR;
  if (/[A-Za-z]/.test(ch)) CHAR_CLASS[c]! |= C_LETTER;
  if (/[ ()-]/.test(ch)) CHAR_CLASS[c]! |= C_PHONE_GAP;
}

export function isBinaryByte(b: number): boolean {
  return b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

// Boolean features as bits of one integer while counting.
const F_AT = 1;
const F_EQUALS = 2;
const F_SEPARATOR = 4;
const F_PHONE_PUNCT = 8;
const F_NON_HEX_LETTER = 16;
const F_NON_ASCII = 32;
const F_FIFTEEN_DIGITS = 64;
const F_SIXTEEN_HEX = 128;
const F_COLON_HEX_COLON = 256;
const F_DASH_QUAD_DASH = 512;
const F_HEX_PAIR = 1024;
const F_DIGIT_DOT_DIGIT = 2048;
const F_PLUS_DIGIT = 4096;
const F_DIGIT_GAP_DIGIT = 8192;
const F_HTTP_COLON = 16384;

/** "http" as character codes. */
const HTTP = Uint8Array.of(0x68, 0x74, 0x74, 0x70);

function looksBinary(bytes: Uint8Array): boolean {
  const sniffed = Math.min(bytes.length, TEXT_SNIFF_BYTES);
  let binary = 0;
  for (let i = 0; i < sniffed; i++) {
    const c = bytes[i]!;
    if (c < 0x20 && isBinaryByte(c)) binary++;
  }
  return binary / sniffed > MAX_BINARY_SHARE;
}

/**
 * Features of a view's bytes, or null when they do not look like text (more than MAX_BINARY_SHARE control bytes in
 * the first TEXT_SNIFF_BYTES, the rule textOf applies). One loop with local state: it runs over every byte of
 * every text view, so it avoids calls and property writes per byte.
 */
export function featuresOfBytes(bytes: Uint8Array): TextFeatures | null {
  const n = bytes.length;
  if (n === 0 || looksBinary(bytes)) return null;
  let flags = 0;
  let digits = 0;
  let colons = 0;
  let dashes = 0;
  let dots = 0;
  // Current token of [0-9A-Za-z.] (is it all digits?) and of [0-9A-Za-z] (is it all hex?).
  let tokenLength = 0;
  let tokenDigits = true;
  let alnumLength = 0;
  let alnumHex = true;
  // Hex digits since the last ':' / '-' (-1: none, or broken by another character).
  let hexSinceColon = -1;
  let hexSinceDash = -1;
  // Phone gap characters since the last digit (-1: no digit before, or broken).
  let gapSinceDigit = -1;
  let previous = -1;
  let dotAfterDigit = false;
  // Characters of "http" matched so far; 5 after "https".
  let http = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    const cls = c < 128 ? CHAR_CLASS[c]! : C_SEPARATOR;
    if (cls & (C_LETTER | C_DIGIT)) {
      tokenLength++;
      alnumLength++;
      if (!(cls & C_DIGIT)) tokenDigits = false;
      if (!(cls & C_HEX)) alnumHex = false;
    } else {
      if (alnumLength === 16 && alnumHex) flags |= F_SIXTEEN_HEX;
      alnumLength = 0;
      alnumHex = true;
      if (c === 0x2e) {
        tokenLength++;
        tokenDigits = false;
      } else {
        if (tokenLength === 15 && tokenDigits) flags |= F_FIFTEEN_DIGITS;
        tokenLength = 0;
        tokenDigits = true;
      }
    }
    if (cls & C_DIGIT) {
      digits++;
      if (gapSinceDigit >= 1 && gapSinceDigit <= 3) flags |= F_DIGIT_GAP_DIGIT;
      if (previous === 0x2b) flags |= F_PLUS_DIGIT;
      if (dotAfterDigit) flags |= F_DIGIT_DOT_DIGIT;
      gapSinceDigit = 0;
    } else if (cls & C_PHONE_GAP) {
      if (gapSinceDigit >= 0) gapSinceDigit++;
    } else {
      gapSinceDigit = -1;
    }
    dotAfterDigit = c === 0x2e && previous >= 0x30 && previous <= 0x39;
    if (cls & C_HEX) {
      if (hexSinceColon >= 0) hexSinceColon++;
      if (hexSinceDash >= 0) hexSinceDash++;
    } else {
      if (c === 0x3a) {
        colons++;
        if (hexSinceColon >= 0 && hexSinceColon <= 37) flags |= F_COLON_HEX_COLON;
        if (hexSinceColon === 2) flags |= F_HEX_PAIR;
        hexSinceColon = 0;
        hexSinceDash = -1;
      } else if (c === 0x2d) {
        dashes++;
        if (hexSinceDash === 4) flags |= F_DASH_QUAD_DASH;
        if (hexSinceDash === 2) flags |= F_HEX_PAIR;
        hexSinceDash = 0;
        hexSinceColon = -1;
      } else {
        hexSinceColon = -1;
        hexSinceDash = -1;
        if (cls & C_LETTER) flags |= F_NON_HEX_LETTER;
        else if (cls & C_SEPARATOR) flags |= c >= 128 ? F_SEPARATOR | F_NON_ASCII : F_SEPARATOR;
        else if (c === 0x2e) dots++;
        else if (c === 0x40) flags |= F_AT;
        else if (c === 0x3d) flags |= F_EQUALS;
        else if (c === 0x2b || c === 0x28 || c === 0x29) flags |= F_PHONE_PUNCT;
      }
    }
    const lower = cls & C_LETTER ? c | 0x20 : c;
    if (http < 4) http = lower === HTTP[http] ? http + 1 : lower === 0x68 ? 1 : 0;
    else if (http === 4 && lower === 0x73) http = 5;
    else {
      if (c === 0x3a) flags |= F_HTTP_COLON;
      http = lower === 0x68 ? 1 : 0;
    }
    previous = c;
  }
  if (alnumLength === 16 && alnumHex) flags |= F_SIXTEEN_HEX;
  if (tokenLength === 15 && tokenDigits) flags |= F_FIFTEEN_DIGITS;
  return new CountedFeatures(n, digits, colons, dashes, dots, flags);
}

/** Boolean features as bits of one number: a small object per view (there are millions of views). */
class FlagFeatures {
  constructor(protected flags: number) {}
  get at(): boolean { return (this.flags & F_AT) !== 0; }
  get equals(): boolean { return (this.flags & F_EQUALS) !== 0; }
  get separator(): boolean { return (this.flags & F_SEPARATOR) !== 0; }
  get phonePunct(): boolean { return (this.flags & F_PHONE_PUNCT) !== 0; }
  get nonHexLetter(): boolean { return (this.flags & F_NON_HEX_LETTER) !== 0; }
  get ascii(): boolean { return (this.flags & F_NON_ASCII) === 0; }
  get fifteenDigitToken(): boolean { return (this.flags & F_FIFTEEN_DIGITS) !== 0; }
  get sixteenHexToken(): boolean { return (this.flags & F_SIXTEEN_HEX) !== 0; }
  get colonHexColon(): boolean { return (this.flags & F_COLON_HEX_COLON) !== 0; }
  get dashQuadDash(): boolean { return (this.flags & F_DASH_QUAD_DASH) !== 0; }
  get hexPairBetweenSeparators(): boolean { return (this.flags & F_HEX_PAIR) !== 0; }
  get digitDotDigit(): boolean { return (this.flags & F_DIGIT_DOT_DIGIT) !== 0; }
  get plusDigit(): boolean { return (this.flags & F_PLUS_DIGIT) !== 0; }
  get digitSeparatorDigit(): boolean { return (this.flags & F_DIGIT_GAP_DIGIT) !== 0; }
  get httpColon(): boolean { return (this.flags & F_HTTP_COLON) !== 0; }
}

class CountedFeatures extends FlagFeatures implements TextFeatures {
  constructor(readonly bytes: number, readonly digits: number, readonly colons: number, readonly dashes: number,
    readonly dots: number, flags: number) {
    super(flags);
  }
}

/** The regex each flag of a long text is read with (same definitions as the byte loop above). */
const LONG_TEXT_FLAGS: readonly [number, RegExp][] = [
  [F_AT, /@/],
  [F_EQUALS, /=/],
  [F_SEPARATOR, /[\s,;|\u0080-\uffff]/],
  [F_PHONE_PUNCT, /[+()]/],
  [F_NON_HEX_LETTER, /[G-Zg-z]/],
  [F_SIXTEEN_HEX, /(?<![0-9A-Za-z])[0-9A-Fa-f]{16}(?![0-9A-Za-z])/],
  [F_COLON_HEX_COLON, /:[0-9A-Fa-f]{0,37}:/],
  [F_DASH_QUAD_DASH, /-[0-9A-Fa-f]{4}-/],
  [F_HEX_PAIR, /:[0-9A-Fa-f]{2}:|-[0-9A-Fa-f]{2}-/],
  [F_DIGIT_DOT_DIGIT, /\d\.\d/],
  [F_PLUS_DIGIT, /\+\d/],
  [F_DIGIT_GAP_DIGIT, /\d[ ()-]{1,3}\d/],
  [F_HTTP_COLON, /https?:/i],
];

/**
 * A token of [0-9A-Za-z.] that is exactly 15 digits. Fifteen digits with a token end after them are found first
 * (no look-behind, so the regex engine can skip ahead), then the character before is checked.
 */
const FIFTEEN_DIGITS_THEN_END = /\d{15}(?![0-9A-Za-z.])/g;

function hasFifteenDigitToken(text: string): boolean {
  FIFTEEN_DIGITS_THEN_END.lastIndex = 0;
  for (let m = FIFTEEN_DIGITS_THEN_END.exec(text); m !== null; m = FIFTEEN_DIGITS_THEN_END.exec(text)) {
    const before = m.index === 0 ? 0 : text.charCodeAt(m.index - 1);
    const tokenChar = (before >= 0x30 && before <= 0x39) || (before >= 0x41 && before <= 0x5a)
      || (before >= 0x61 && before <= 0x7a) || before === 0x2e;
    if (!tokenChar) return true;
  }
  return false;
}

function countUpTo(text: string, char: string, cap: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0 && n < cap; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function digitsUpTo(text: string, cap: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < cap; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) n++;
  }
  return n;
}

/**
 * Features of a long text, read with native string searches when first asked for: a JavaScript loop over every
 * byte of a 50 KB log costs more than the handful of anchored regex tests the families need.
 */
class LongTextFeatures extends FlagFeatures implements TextFeatures {
  private known = 0;
  private counts: number[] = [];

  constructor(private readonly text: string, readonly bytes: number) {
    super(0);
  }

  private read(bit: number): void {
    if (this.known & bit) return;
    this.known |= bit;
    const found = bit === F_FIFTEEN_DIGITS ? hasFifteenDigitToken(this.text)
      : LONG_TEXT_FLAGS.find(([b]) => b === bit)![1].test(this.text);
    if (found) this.flags |= bit;
  }

  private count(slot: number, char: string | null): number {
    this.counts[slot] ??= char === null ? digitsUpTo(this.text, COUNT_CAP) : countUpTo(this.text, char, COUNT_CAP);
    return this.counts[slot]!;
  }

  get digits(): number { return this.count(0, null); }
  get colons(): number { return this.count(1, ':'); }
  get dashes(): number { return this.count(2, '-'); }
  get dots(): number { return this.count(3, '.'); }
  override get at(): boolean { this.read(F_AT); return super.at; }
  override get equals(): boolean { this.read(F_EQUALS); return super.equals; }
  override get separator(): boolean { this.read(F_SEPARATOR); return super.separator; }
  override get phonePunct(): boolean { this.read(F_PHONE_PUNCT); return super.phonePunct; }
  override get nonHexLetter(): boolean { this.read(F_NON_HEX_LETTER); return super.nonHexLetter; }
  override get ascii(): boolean { return false; }
  override get fifteenDigitToken(): boolean { this.read(F_FIFTEEN_DIGITS); return super.fifteenDigitToken; }
  override get sixteenHexToken(): boolean { this.read(F_SIXTEEN_HEX); return super.sixteenHexToken; }
  override get colonHexColon(): boolean { this.read(F_COLON_HEX_COLON); return super.colonHexColon; }
  override get dashQuadDash(): boolean { this.read(F_DASH_QUAD_DASH); return super.dashQuadDash; }
  override get hexPairBetweenSeparators(): boolean { this.read(F_HEX_PAIR); return super.hexPairBetweenSeparators; }
  override get digitDotDigit(): boolean { this.read(F_DIGIT_DOT_DIGIT); return super.digitDotDigit; }
  override get plusDigit(): boolean { this.read(F_PLUS_DIGIT); return super.plusDigit; }
  override get digitSeparatorDigit(): boolean { this.read(F_DIGIT_GAP_DIGIT); return super.digitSeparatorDigit; }
  override get httpColon(): boolean { this.read(F_HTTP_COLON); return super.httpColon; }
}

/** Features of a long text view (its text already known to be text). */
export function featuresOfLongText(text: string, bytes: number): TextFeatures {
  return new LongTextFeatures(text, bytes);
}
