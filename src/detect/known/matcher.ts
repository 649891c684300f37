/**
 * All variants of all known values, compiled once per profile, searched in one pass per view.
 *
 * Two mechanisms, both linear in the view size whatever the number of values:
 * - literal spellings (the value, its case/separator/phone/date rewrites, URL encodings) go into one case-folding
 *   Aho–Corasick DFA; each hit is then checked for exact case and for boundaries;
 * - derived tokens (digests, truncated digests, base64, hex, CRC-32) are found by cutting the view into maximal runs
 *   of their alphabet and looking each run up in a hash map — a digest is only accepted as a whole run, which is
 *   exactly the "not inside a longer hex run" boundary. Runs whose length no key has are skipped without allocating.
 */
import type { Confidence } from '../types.js';
import { FoldedAutomaton, foldByte } from './automaton.js';
import { boundaryOk, boundaryRuleFor, type BoundaryRule } from './boundary.js';
import {
  base64Unpadded, base64UrlUnpadded, crc32, DIGESTS, digestBytes, digestHex,
} from './digest.js';
import { binaryForms, normalizedForms, textVariants, type BinaryForm, type Form } from './variants.js';
import type { KindedValue } from './values.js';

/** Shortest literal searched (shorter strings occur everywhere); digit-only literals need more. */
const MIN_LITERAL_CHARS = 4;
const MIN_DIGIT_LITERAL_CHARS = 6;
const MIN_HASHED_CHARS = 3;
const MIN_ENCODED_TOKEN_CHARS = 8;
const MIN_HEX_ENCODED_SOURCE_CHARS = 6;
/** CRC-32 as decimal below this is too often an ordinary number. */
const MIN_CRC_DECIMAL = 1_000_000;
/** Hashable spellings per value used for salted digests (bounds per-exchange work). */
const SALT_FORMS_PER_VALUE = 2;
/**
 * Salted digests are tried for the single-valued device, account and network identifiers only: they are what SDKs
 * salt, and there are at most ~20 of them, so the per-exchange cost does not grow with a long contact list.
 */
const SALTED_SECTIONS = /^(device|account|network)\./;

export interface Hit {
  value: number;
  chain: string[];
  confidence: Confidence;
  start: number;
  end: number;
}

interface LiteralEntry {
  value: number;
  chain: string[];
  exact: Uint8Array;
  rule: BoundaryRule;
  confidence: Confidence;
  /** Exactly this many digits must follow (IMEISV's software version); they are part of the hit. */
  suffixDigits: number;
}

/** Raw bytes inside binary data have no word boundaries to respect. */
const NO_BOUNDARY: BoundaryRule = { hex: false, alnumLeft: false, alnumRight: false, email: false, dotted: false };
/** Raw byte forms shorter than this (a 4-byte IPv4 address) occur by chance in binary data. */
const MIN_BINARY_LITERAL_BYTES = 6;

interface TokenEntry {
  value: number;
  chain: string[];
  confidence: Confidence;
}

/** A spelling of a value that salted digests are computed from. */
export interface SaltBase {
  value: number;
  text: string;
  chain: string[];
}

/** ASCII upper case → lower case, every other byte unchanged (keys of folded tables are stored lower-case). */
const FOLD = new Uint8Array(256);
for (let b = 0; b < 256; b++) FOLD[b] = b >= 65 && b <= 90 ? b + 32 : b;

/** FNV-1a over bytes, through FOLD when `fold`. */
function tokenHash(bytes: Uint8Array, start: number, end: number, fold: boolean): number {
  let h = 0x811c9dc5;
  if (fold) for (let i = start; i < end; i++) h = Math.imul(h ^ FOLD[bytes[i]!]!, 0x01000193);
  else for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Keys of one token alphabet, looked up straight from the view's bytes: no string is made for a run that is not a
 * key. Two filters run first: the run's length must be the length of some key (one byte load), then its 32-bit hash
 * must be in an open-addressing table; only then are the bytes compared with the key's.
 */
class TokenTable {
  readonly entries = new Map<string, TokenEntry[]>();
  lengths = new Uint8Array(0);
  private keyBytes = new Uint8Array(0);
  private keyStart = new Int32Array(0);
  private keyHash = new Uint32Array(0);
  private keyEntries: TokenEntry[][] = [];
  /** Slot → key index + 1 (0 = empty); size a power of two, at most half full. */
  private slots = new Int32Array(0);

  /** Length of the shortest key (Infinity while there is none). */
  shortest = Infinity;

  /** `alphabet`: what every key must look like (the scan skips runs outside it without a lookup). */
  constructor(private readonly alphabet?: RegExp) {}

  add(key: string, entry: TokenEntry): void {
    if (this.alphabet && !this.alphabet.test(key)) throw new Error(`token key outside its table's alphabet: ${key}`);
    const list = this.entries.get(key);
    if (!list) {
      this.entries.set(key, [entry]);
      return;
    }
    const same = list.findIndex((e) => e.value === entry.value);
    if (same < 0) list.push(entry);
    else if (preferChain(entry.chain, list[same]!.chain)) list[same] = entry;
  }

  seal(): void {
    const keys = [...this.entries.keys()];
    let max = 0;
    for (const k of keys) max = Math.max(max, k.length);
    this.lengths = new Uint8Array(max + 1);
    const encoded = keys.map((k) => Buffer.from(k, 'latin1'));
    this.keyBytes = new Uint8Array(encoded.reduce((n, b) => n + b.length, 0));
    this.keyStart = new Int32Array(keys.length + 1);
    this.keyHash = new Uint32Array(keys.length);
    this.keyEntries = keys.map((k) => this.entries.get(k)!);
    let size = 16;
    while (size < keys.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    let offset = 0;
    encoded.forEach((bytes, index) => {
      this.lengths[bytes.length] = 1;
      this.shortest = Math.min(this.shortest, bytes.length);
      this.keyStart[index] = offset;
      this.keyBytes.set(bytes, offset);
      offset += bytes.length;
      const h = tokenHash(bytes, 0, bytes.length, false);
      this.keyHash[index] = h;
      let slot = h & (size - 1);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.slots[slot] = index + 1;
    });
    this.keyStart[keys.length] = offset;
  }

  /** The entries of the key spelled by bytes[start, end) (ASCII case-folded when `fold`), or null. */
  find(bytes: Uint8Array, start: number, end: number, fold: boolean): TokenEntry[] | null {
    const length = end - start;
    if (length >= this.lengths.length || this.lengths[length] !== 1) return null;
    const h = tokenHash(bytes, start, end, fold);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot]! - 1;
      if (index < 0) return null;
      if (this.keyHash[index] === h && this.sameKey(index, bytes, start, length, fold)) return this.keyEntries[index]!;
    }
  }

  private sameKey(index: number, bytes: Uint8Array, start: number, length: number, fold: boolean): boolean {
    const from = this.keyStart[index]!;
    if (this.keyStart[index + 1]! - from !== length) return false;
    for (let k = 0; k < length; k++) {
      const b = bytes[start + k]!;
      if ((fold ? FOLD[b]! : b) !== this.keyBytes[from + k]) return false;
    }
    return true;
  }
}

/** Shorter chain first (fewest assumptions), then byte order, so the choice is deterministic. */
export function compareChains(a: string[], b: string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  const x = a.join(',');
  const y = b.join(',');
  return x < y ? -1 : x > y ? 1 : 0;
}

export function preferChain(a: string[], b: string[]): boolean {
  return compareChains(a, b) < 0;
}

// Byte classes for the token runs: bit 1 alphanumeric, 2 standard base64 extra (+ /), 4 URL-safe extra (- _);
// letters and digits are 7 (in all three alphabets), plus 8 for hex digits.
const ALNUM = 1;
const HEX_BIT = 8;
const TOKEN_CLASS = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const ch = String.fromCharCode(b);
  if (/[0-9A-Fa-f]/.test(ch)) TOKEN_CLASS[b] = 7 | HEX_BIT;
  else if (/[0-9A-Za-z]/.test(ch)) TOKEN_CLASS[b] = 7;
  else if (ch === '+' || ch === '/') TOKEN_CLASS[b] = 2;
  else if (ch === '-' || ch === '_') TOKEN_CLASS[b] = 4;
}
const HEX_LENGTHS = new Set([32, 40, 64, 128]);

/** A digest-shaped hex run that matched nothing: a candidate for salted digests. */
export interface HexToken {
  start: number;
  end: number;
  hex: string;
}

export class KnownValueMatcher {
  private readonly literalEntries: LiteralEntry[][] = [];
  private readonly literalLengths: number[] = [];
  private readonly automaton: FoldedAutomaton;
  /** Case-folded hex/decimal keys, matched against whole alphanumeric runs (only hex digits: scanTokens relies on it). */
  private readonly alnum = new TokenTable(/^[0-9a-f]+$/);
  /** Standard base64 (unpadded), matched against whole [A-Za-z0-9+/] runs. */
  private readonly std = new TokenTable();
  /** URL-safe base64 containing - or _, matched against whole [A-Za-z0-9_-] runs. */
  private readonly url = new TokenTable();
  readonly saltBases: SaltBase[] = [];
  /** Hex run lengths worth a call to endHexRun: a key's length, or a digest's (an unmatched digest is kept). */
  private readonly hexRunLengths: Uint8Array;

  constructor(readonly values: readonly KindedValue[]) {
    const literals = new Map<string, LiteralEntry[]>();
    values.forEach((value, index) => {
      const forms = normalizedForms(value);
      this.addLiterals(index, forms, literals);
      this.addTokens(index, forms);
      this.addBinary(index, binaryForms(value), literals, new Set(forms.map((f) => f.text.toLowerCase())));
      if (SALTED_SECTIONS.test(value.field)) this.addSaltBases(index, forms);
    });
    // Keys are the folded bytes read as latin1: one character per byte, so binary patterns survive the round trip.
    const keys = [...literals.keys()].sort();
    const patterns = keys.map((k) => Buffer.from(k, 'latin1'));
    for (const k of keys) this.literalEntries.push(literals.get(k)!);
    for (const p of patterns) this.literalLengths.push(p.length);
    this.automaton = FoldedAutomaton.build(patterns);
    this.alnum.seal();
    this.std.seal();
    this.url.seal();
    const hexLengths = new Uint8Array(Math.max(this.alnum.lengths.length, Math.max(...HEX_LENGTHS) + 1));
    hexLengths.set(this.alnum.lengths);
    for (const length of HEX_LENGTHS) hexLengths[length] = 1;
    this.hexRunLengths = hexLengths;
    this.shortestKey = Math.min(...this.literalLengths, this.alnum.shortest, this.std.shortest, this.url.shortest);
  }

  /**
   * Bytes of the shortest literal or token key: no hit fits in fewer. The unmatched hex tokens a skipped view could
   * have given (32+ characters) are not lost: any salt base adds 16-character truncated digests, so views of 32 bytes
   * are always scanned when salted digests can be found at all.
   */
  readonly shortestKey: number;

  /**
   * Every string this matcher searches for, as text a raw scanner can be given (one per line): the exact spelling of
   * each literal (binary forms that are not UTF-8 text left out) and each token key, hex keys in both cases as they
   * are matched case-blind. What `rg -F -f` needs to look for everything telltale looks for, for the benchmark.
   */
  searchedStrings(): string[] {
    const out = new Set<string>();
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    for (const entries of this.literalEntries) {
      for (const e of entries) {
        try {
          const text = utf8.decode(e.exact);
          if (!/[\n\r]/.test(text)) out.add(text);
        } catch {
          // Raw bytes (a UUID's 16 bytes): no line of a pattern file can hold them.
        }
      }
    }
    for (const key of this.alnum.entries.keys()) {
      out.add(key);
      out.add(key.toUpperCase());
    }
    for (const key of [...this.std.entries.keys(), ...this.url.entries.keys()]) out.add(key);
    return [...out].sort();
  }

  get automatonStates(): number {
    return this.automaton.states;
  }

  get tokenKeys(): number {
    return this.alnum.entries.size + this.std.entries.size + this.url.entries.size;
  }

  private addSaltBases(value: number, forms: Form[]): void {
    forms.filter((f) => f.hashable && f.text.length >= MIN_HASHED_CHARS)
      .sort((a, b) => compareChains(a.chain, b.chain))
      .slice(0, SALT_FORMS_PER_VALUE)
      .forEach((f) => this.saltBases.push({ value, text: f.text, chain: f.chain }));
  }

  private addLiterals(value: number, forms: Form[], literals: Map<string, LiteralEntry[]>): void {
    for (const variant of textVariants(forms)) {
      const { text } = variant;
      if (text.length < MIN_LITERAL_CHARS) continue;
      if (/^\d+$/.test(text) && text.length < MIN_DIGIT_LITERAL_CHARS) continue;
      addLiteral(literals, {
        value, chain: variant.chain, exact: Buffer.from(text, 'utf8'), rule: boundaryRuleFor(text),
        confidence: variant.confidence ?? 'confirmed', suffixDigits: variant.suffixDigits ?? 0,
      });
    }
  }

  /**
   * A value's own bytes (UUID, MAC, TBCD digits...): raw in binary views (protobuf bytes fields, decoded base64), and
   * as base64/base64url and hex text. Random-looking bytes this long do not occur by chance: confirmed.
   */
  private addBinary(value: number, forms: BinaryForm[], literals: Map<string, LiteralEntry[]>, texts: Set<string>): void {
    for (const form of forms) {
      // Bytes that all read as ASCII text (a MAC 61:62:63:31:32:33 is "abc123") would match ordinary words.
      if (form.bytes.length >= MIN_BINARY_LITERAL_BYTES && !isPrintableAscii(form.bytes)) {
        addLiteral(literals, { value, chain: form.chain, exact: Buffer.from(form.bytes), rule: NO_BOUNDARY, confidence: 'confirmed', suffixDigits: 0 });
      }
      this.addBase64(value, form.bytes, form.chain);
      // A MAC's or UUID's bytes in hex are its own spelling without separators, already a literal with its case.
      const hex = Buffer.from(form.bytes).toString('hex');
      if (!texts.has(hex)) this.alnum.add(hex, { value, chain: [...form.chain, 'hex'], confidence: 'confirmed' });
    }
  }

  private addTokens(value: number, forms: Form[]): void {
    for (const form of forms) {
      // Forms with their own matching rule (a 32-bit integer, a varying suffix) are searched as literals only.
      if (form.confidence !== undefined || form.suffixDigits !== undefined) continue;
      const bytes = Buffer.from(form.text, 'utf8');
      this.addBase64(value, bytes, form.chain);
      if (form.text.length >= MIN_HEX_ENCODED_SOURCE_CHARS) {
        this.alnum.add(bytes.toString('hex'), { value, chain: [...form.chain, 'hex'], confidence: 'confirmed' });
      }
      if (form.hashable && form.text.length >= MIN_HASHED_CHARS) this.addDigests(value, form);
    }
  }

  /** Base64 of a known value is as strong as the value itself: confirmed. */
  private addBase64(value: number, bytes: Uint8Array, chain: string[]): void {
    const std = base64Unpadded(bytes);
    if (std.length < MIN_ENCODED_TOKEN_CHARS) return;
    this.std.add(std, { value, chain: [...chain, 'base64'], confidence: 'confirmed' });
    const url = base64UrlUnpadded(bytes);
    if (url !== std) this.url.add(url, { value, chain: [...chain, 'base64url'], confidence: 'confirmed' });
  }

  private addDigests(value: number, form: Form): void {
    const { text, chain } = form;
    for (const algorithm of DIGESTS) {
      const raw = digestBytes(algorithm, text);
      const hex = raw.toString('hex');
      this.alnum.add(hex, { value, chain: [...chain, algorithm], confidence: 'confirmed' });
      this.alnum.add(hex.slice(0, 16), { value, chain: [...chain, algorithm, 'truncated-16'], confidence: 'confirmed' });
      const std = base64Unpadded(raw);
      this.std.add(std, { value, chain: [...chain, algorithm, 'base64'], confidence: 'confirmed' });
      const url = base64UrlUnpadded(raw);
      if (url !== std) this.url.add(url, { value, chain: [...chain, algorithm, 'base64url'], confidence: 'confirmed' });
      // Two layers: an outer digest over the inner digest's hex text (lower, then upper case).
      for (const outer of DIGESTS) {
        this.alnum.add(digestHex(outer, hex), { value, chain: [...chain, algorithm, outer], confidence: 'confirmed' });
        this.alnum.add(digestHex(outer, hex.toUpperCase()),
          { value, chain: [...chain, algorithm, 'uppercase', outer], confidence: 'confirmed' });
      }
    }
    this.addCrc32(value, form);
  }

  /**
   * CRC-32 of a device id is a real SDK practice: com.dsky.baas.gameinvite.util.DeviceIdUtil.getCRC32(deviceId)
   * (https://github.com/jooyu/invitation-code/blob/master/DeviceIdUtil.java) returns java.util.zip.CRC32's value.
   * 32 bits collide by chance in large captures, so these hits are "likely" (hex) or "possible" (decimal), never
   * "confirmed". No real SDK hashing personal data with murmur3 could be cited, so murmur3 is not searched.
   */
  private addCrc32(value: number, form: Form): void {
    if (form.text.length < MIN_HEX_ENCODED_SOURCE_CHARS) return;
    const crc = crc32(form.text);
    this.alnum.add(crc.toString(16).padStart(8, '0'), { value, chain: [...form.chain, 'crc32'], confidence: 'likely' });
    if (crc >= MIN_CRC_DECIMAL) {
      this.alnum.add(String(crc), { value, chain: [...form.chain, 'crc32'], confidence: 'possible' });
    }
  }

  /**
   * Every hit of every variant in one view (before per-field overlap resolution), appended to `hits` when given.
   * A view shorter than every literal and every token key cannot hold a hit and is not scanned.
   */
  scan(bytes: Uint8Array, unmatchedHex?: HexToken[], hits: Hit[] = []): Hit[] {
    if (bytes.length < this.shortestKey) return hits;
    this.scanLiterals(bytes, hits);
    this.scanTokens(bytes, hits, unmatchedHex);
    return hits;
  }

  /** Whether a scan of these bytes would give no hit and no digest-shaped hex token. */
  findsNothing(bytes: Uint8Array): boolean {
    if (bytes.length < this.shortestKey) return true;
    const hits = this.scratchHits;
    const hex = this.scratchHex;
    this.scan(bytes, hex, hits);
    const nothing = hits.length === 0 && hex.length === 0;
    hits.length = 0;
    hex.length = 0;
    return nothing;
  }

  private readonly scratchHits: Hit[] = [];
  private readonly scratchHex: HexToken[] = [];

  /** Literal spellings only (exposed for the benchmark). */
  scanLiterals(bytes: Uint8Array, hits: Hit[]): void {
    // One callback for all views (no closure per view): it reads the view being scanned from these fields.
    this.literalBytes = bytes;
    this.literalHits = hits;
    this.automaton.scan(bytes, this.onLiteral);
    this.literalBytes = EMPTY;
    this.literalHits = [];
  }

  private literalBytes: Uint8Array = EMPTY;
  private literalHits: Hit[] = [];
  private readonly onLiteral = (pattern: number, end: number): void => {
    const bytes = this.literalBytes;
    const start = end - this.literalLengths[pattern]!;
    for (const entry of this.literalEntries[pattern]!) {
      if (!sameBytes(bytes, start, entry.exact)) continue;
      const stop = end + entry.suffixDigits;
      if (entry.suffixDigits > 0 && !digitsAt(bytes, end, stop)) continue;
      if (!boundaryOk(bytes, start, stop, entry.rule)) continue;
      this.literalHits.push({ value: entry.value, chain: entry.chain, confidence: entry.confidence, start, end: stop });
    }
  };

  /**
   * One pass over the view: alphanumeric runs are skipped in a tight loop and looked up as hex/decimal tokens; the
   * standard-base64 run ([A-Za-z0-9+/]) and URL-safe run ([A-Za-z0-9_-]) around them are tracked and looked up when
   * they end.
   */
  scanTokens(bytes: Uint8Array, hits: Hit[], unmatchedHex?: HexToken[]): void {
    const text = bytes;
    const n = text.length;
    // Most runs have a length no key has: judged here from one byte, without a call (a log line has a dozen runs).
    const hexLengths = this.hexRunLengths;
    const stdLengths = this.std.lengths;
    // Current standard-base64 and URL-safe runs (-1: none); no closures here, this is the hot loop.
    let stdStart = -1;
    let stdSlash = false;
    let urlStart = -1;
    let urlSpecial = false;
    let i = 0;
    while (i < n) {
      let c = TOKEN_CLASS[text[i]!]!;
      if (c & ALNUM) {
        const start = i++;
        // AND of the classes: keeps HEX_BIT only when every byte of the run is a hex digit.
        let all = c;
        while (i < n && (c = TOKEN_CLASS[text[i]!]!) & ALNUM) {
          all &= c;
          i++;
        }
        if (all & HEX_BIT) {
          if (i - start < hexLengths.length && hexLengths[i - start] === 1) this.endHexRun(text, start, i, hits, unmatchedHex);
        } else if (i - start > 2 && text[start] === 0x30 && (text[start + 1] === 0x78 || text[start + 1] === 0x58)) {
          // "0x" + hex is still a whole hex token.
          this.lookup(this.alnum, text, start + 2, i, true, hits);
        }
        if (stdStart < 0) stdStart = start;
        if (urlStart < 0) urlStart = start;
        continue;
      }
      if (c !== 2 && stdStart >= 0) {
        if (stdSlash || (i - stdStart < stdLengths.length && stdLengths[i - stdStart] === 1)) {
          this.endStdRun(text, stdStart, i, stdSlash, hits);
        }
        stdStart = -1;
        stdSlash = false;
      }
      if (c !== 4 && urlStart >= 0) {
        if (urlSpecial) this.lookup(this.url, text, urlStart, i, false, hits);
        urlStart = -1;
        urlSpecial = false;
      }
      if (c === 2) {
        if (stdStart < 0) stdStart = i;
        if (text[i] === 0x2f) stdSlash = true;
      } else if (c === 4) {
        if (urlStart < 0) urlStart = i;
        urlSpecial = true;
      }
      i++;
    }
    if (stdStart >= 0 && (stdSlash || (n - stdStart < stdLengths.length && stdLengths[n - stdStart] === 1))) {
      this.endStdRun(text, stdStart, n, stdSlash, hits);
    }
    if (urlStart >= 0 && urlSpecial) this.lookup(this.url, text, urlStart, n, false, hits);
  }

  /** Every key of the alnum table is hex or decimal digits, so only all-hex runs are looked up there. */
  private endHexRun(text: Uint8Array, start: number, end: number, hits: Hit[], unmatchedHex?: HexToken[]): void {
    const before = hits.length;
    this.lookup(this.alnum, text, start, end, true, hits);
    if (unmatchedHex && hits.length === before && HEX_LENGTHS.has(end - start) && unmatchedHex.length < 64) {
      unmatchedHex.push({ start, end, hex: Buffer.from(text.buffer, text.byteOffset + start, end - start).toString('latin1').toLowerCase() });
    }
  }

  private endStdRun(text: Uint8Array, start: number, end: number, hasSlash: boolean, hits: Hit[]): void {
    this.lookup(this.std, text, start, end, false, hits);
    if (!hasSlash) return;
    // A URL path or a "/"-joined list: each segment may be a token of its own.
    let segment = start;
    for (let i = start; i <= end; i++) {
      if (i === end || text[i] === 0x2f) {
        this.lookup(this.std, text, segment, i, false, hits);
        segment = i + 1;
      }
    }
  }

  private lookup(table: TokenTable, text: Uint8Array, start: number, end: number, fold: boolean, hits: Hit[]): void {
    const entries = table.find(text, start, end, fold);
    if (!entries) return;
    // Base64 keys are stored unpadded; the evidence includes the padding that was sent.
    let stop = end;
    if (!fold) while (stop < text.length && stop - end < 2 && text[stop] === 0x3d) stop++;
    for (const e of entries) hits.push({ value: e.value, chain: e.chain, confidence: e.confidence, start, end: stop });
  }
}

const EMPTY = new Uint8Array(0);

function addLiteral(literals: Map<string, LiteralEntry[]>, entry: LiteralEntry): void {
  const key = Buffer.from(entry.exact.map(foldByte)).toString('latin1');
  const list = literals.get(key);
  if (list) list.push(entry);
  else literals.set(key, [entry]);
}

function isPrintableAscii(bytes: Uint8Array): boolean {
  return bytes.every((b) => b >= 0x20 && b < 0x7f);
}

function digitsAt(bytes: Uint8Array, from: number, to: number): boolean {
  if (to > bytes.length) return false;
  for (let i = from; i < to; i++) if (bytes[i]! < 0x30 || bytes[i]! > 0x39) return false;
  return true;
}

function sameBytes(bytes: Uint8Array, start: number, exact: Uint8Array): boolean {
  for (let k = 0; k < exact.length; k++) if (bytes[start + k] !== exact[k]) return false;
  return true;
}
