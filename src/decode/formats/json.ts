/**
 * JSON (RFC 8259) read straight from the bytes into leaves with JSON-path selectors. Hand-written rather than
 * JSON.parse because evidence needs the exact text: numbers such as a 19-digit ByteDance device_id must not pass
 * through a double, unescaped strings stay zero-copy slices, and nesting is bounded without recursion.
 */
import type { Decoder, DecodedPart, DecodeLimits, QuietLeaves } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { asBuffer, isJsonType, skipWhitespace } from '../bytes.js';
import { indexStep, keyStep } from '../paths.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

interface Frame {
  isObject: boolean;
  path: string;
  /** Property name the container sits under: the `key` of array elements. */
  key: string | null;
  index: number;
}

class Invalid extends Error {
  constructor(readonly at: number) {
    super(`invalid JSON at byte ${at}`);
  }
}

/** Strings up to this length are scanned in JS; longer ones with Buffer.indexOf (native call overhead pays off). */
const SHORT_SCAN = 128;
/** Set by stringEnd: whether the string just scanned contains a backslash escape. One per reader, never shared. */
interface StringScan {
  hadEscape: boolean;
}

/** Index of the closing quote of the string opening at `open`; -1 when unterminated. Sets scan.hadEscape. */
function stringEnd(buf: Buffer, open: number, scan: StringScan): number {
  scan.hadEscape = false;
  const limit = Math.min(buf.length, open + SHORT_SCAN);
  let i = open + 1;
  while (i < limit) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      scan.hadEscape = true;
      i += 2;
    } else {
      i++;
    }
  }
  return i >= buf.length ? -1 : longStringEnd(buf, open, i, scan);
}

function longStringEnd(buf: Buffer, open: number, from: number, scan: StringScan): number {
  let searchFrom = from;
  for (;;) {
    const q = buf.indexOf(QUOTE, searchFrom);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k > open && buf[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) {
      if (!scan.hadEscape) scan.hadEscape = buf.subarray(from, q).indexOf(BACKSLASH) >= 0;
      return q;
    }
    scan.hadEscape = true;
    searchFrom = q + 1;
  }
}

/** The string's content: a zero-copy slice unless it has escapes (as stringEnd found). */
function stringBytes(buf: Buffer, open: number, close: number, hadEscape: boolean): Uint8Array {
  if (!hadEscape) return buf.subarray(open + 1, close);
  return Buffer.from(unescape(buf, open, close), 'utf8');
}

/**
 * Object keys repeat all through a document (every event of a batch has the same ten keys) and across exchanges, so
 * their text and path step are kept in a small direct-mapped table keyed by a hash of the key bytes. A hit costs one
 * pass over the bytes instead of a UTF-8 decode and a path-step build; collisions simply replace the slot.
 */
interface KnownKey {
  bytes: Uint8Array;
  name: string;
  step: string;
}

const KEY_SLOTS = 4096;
const MAX_INTERNED_KEY_BYTES = 64;
const knownKeys: (KnownKey | undefined)[] = new Array<KnownKey | undefined>(KEY_SLOTS);

/** The key between `start` and `end` (no escapes) from the table, adding it when absent. */
function internedKey(buf: Buffer, start: number, end: number): KnownKey | null {
  const length = end - start;
  if (length > MAX_INTERNED_KEY_BYTES) return null;
  let hash = length;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
  const slot = (hash >>> 0) & (KEY_SLOTS - 1);
  const known = knownKeys[slot];
  if (known && known.bytes.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (known.bytes[i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return known;
  }
  const name = buf.toString('utf8', start, end);
  const entry = { bytes: Uint8Array.prototype.slice.call(buf, start, end), name, step: keyStep(name) };
  knownKeys[slot] = entry;
  return entry;
}

function stringText(buf: Buffer, open: number, close: number, hadEscape: boolean): string {
  return hadEscape ? unescape(buf, open, close) : buf.toString('utf8', open + 1, close);
}

function unescape(buf: Buffer, open: number, close: number): string {
  try {
    return JSON.parse(buf.toString('utf8', open, close + 1)) as string;
  } catch {
    throw new Invalid(open);
  }
}

/** Length of the literal true/false/null at `at`, or 0. */
function literalLength(buf: Buffer, at: number): number {
  const c = buf[at];
  if (c === 0x74 && buf[at + 1] === 0x72 && buf[at + 2] === 0x75 && buf[at + 3] === 0x65) return 4;
  if (c === 0x6e && buf[at + 1] === 0x75 && buf[at + 2] === 0x6c && buf[at + 3] === 0x6c) return 4;
  if (c === 0x66 && buf[at + 1] === 0x61 && buf[at + 2] === 0x6c && buf[at + 3] === 0x73 && buf[at + 4] === 0x65) return 5;
  return 0;
}

function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

/** Index just after the container opening at `open` (strings skipped whole); -1 when it never closes. */
function containerEnd(buf: Buffer, open: number): number {
  let depth = 0;
  const scan: StringScan = { hadEscape: false };
  for (let i = open; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      i = stringEnd(buf, i, scan);
      if (i < 0) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

interface Parsed {
  parts: DecodedPart[];
  /** Set when the parse stopped early or skipped content. */
  stop: { kind: 'depth-limit' | 'size-limit'; detail: string } | null;
}

/** Leaves of a JSON document, in document order. Throws Invalid on malformed input (with the leaves so far). */
class LeafReader {
  readonly parts: DecodedPart[] = [];
  private readonly stack: Frame[] = [];
  private pos = 0;
  private skippedDeep = false;
  /**
   * Path and key of the value at pos, set by enterChild (no tuple per value). The path is kept as its parent's path
   * and its own step, joined only for a value that needs it: a leaf left out unmade never builds its path.
   */
  private childParentPath = '$';
  private childStep = '';
  private childKey: string | null = null;
  private readonly scan: StringScan = { hadEscape: false };

  constructor(private readonly buf: Buffer, private readonly limits: DecodeLimits,
    private readonly quiet: QuietLeaves | undefined) {}

  /** Leaves read so far, made into parts or left out. */
  get leaves(): number {
    return this.parts.length + (this.quiet === undefined ? 0 : this.quiet.count);
  }

  /** Adds the leaf buf[start, end) as a part unless it is left out unmade. */
  private leaf(key: string | null, start: number, end: number): void {
    if (this.quiet !== undefined && this.quiet.skips(this.buf, start, end, key)) return;
    this.parts.push({ selector: this.childPath(), bytes: this.buf.subarray(start, end), key });
  }

  read(): Parsed {
    this.pos = skipWhitespace(this.buf, 0);
    this.childParentPath = '$';
    this.childStep = '';
    this.childKey = null;
    for (;;) {
      if (this.leaves >= this.limits.maxViews) {
        return { parts: this.parts, stop: { kind: 'size-limit', detail: `JSON has more than ${this.limits.maxViews} leaves` } };
      }
      const opened = this.value(this.childKey);
      if (opened && this.firstChild(opened)) continue;
      if (!this.nextSibling()) break;
    }
    if (skipWhitespace(this.buf, this.pos) !== this.buf.length) throw new Invalid(this.pos);
    const stop = this.skippedDeep
      ? { kind: 'depth-limit' as const, detail: `JSON nesting deeper than ${this.limits.maxNesting} not followed` }
      : null;
    return { parts: this.parts, stop };
  }

  private childPath(): string {
    return this.childStep === '' ? this.childParentPath : this.childParentPath + this.childStep;
  }

  /** Reads the value at pos: emits a leaf, or pushes a container and returns its frame. */
  private value(key: string | null): Frame | null {
    const buf = this.buf;
    const c = buf[this.pos];
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (this.stack.length >= this.limits.maxNesting) {
        const end = containerEnd(buf, this.pos);
        if (end < 0) throw new Invalid(this.pos);
        this.skippedDeep = true;
        this.pos = end;
        return null;
      }
      const frame: Frame = { isObject: c === OPEN_OBJECT, path: this.childPath(), key, index: 0 };
      this.stack.push(frame);
      this.pos++;
      return frame;
    }
    if (c === QUOTE) {
      const close = stringEnd(buf, this.pos, this.scan);
      if (close < 0) throw new Invalid(this.pos);
      if (this.scan.hadEscape) {
        const bytes = stringBytes(buf, this.pos, close, true);
        if (bytes.length > 0) this.parts.push({ selector: this.childPath(), bytes, key });
      } else if (close > this.pos + 1) {
        this.leaf(key, this.pos + 1, close);
      }
      this.pos = close + 1;
      return null;
    }
    const start = this.pos;
    if (isNumberByte(c)) {
      while (this.pos < buf.length && isNumberByte(buf[this.pos])) this.pos++;
    } else {
      this.pos += literalLength(buf, start);
    }
    if (this.pos === start) throw new Invalid(start);
    // null carries no data; numbers and booleans keep their exact source text.
    if (c !== 0x6e) this.leaf(key, start, this.pos);
    return null;
  }

  /** After opening a container: moves to its first child (false, and the container closed, when it is empty). */
  private firstChild(frame: Frame): boolean {
    this.pos = skipWhitespace(this.buf, this.pos);
    const close = frame.isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
    if (this.buf[this.pos] === close) {
      this.stack.pop();
      this.pos++;
      return false;
    }
    this.enterChild(frame);
    return true;
  }

  /** Sets childPath and childKey for the child value at pos (reading its key when the frame is an object). */
  private enterChild(frame: Frame): void {
    if (!frame.isObject) {
      this.pos = skipWhitespace(this.buf, this.pos);
      this.childParentPath = frame.path;
      this.childStep = indexStep(frame.index);
      this.childKey = frame.key;
      return;
    }
    const buf = this.buf;
    this.pos = skipWhitespace(buf, this.pos);
    if (buf[this.pos] !== QUOTE) throw new Invalid(this.pos);
    const close = stringEnd(buf, this.pos, this.scan);
    if (close < 0) throw new Invalid(this.pos);
    const known = this.scan.hadEscape ? null : internedKey(buf, this.pos + 1, close);
    const name = known ? known.name : stringText(buf, this.pos, close, this.scan.hadEscape);
    const step = known ? known.step : keyStep(name);
    this.pos = skipWhitespace(buf, close + 1);
    if (buf[this.pos] !== 0x3a) throw new Invalid(this.pos);
    this.pos = skipWhitespace(buf, this.pos + 1);
    this.childParentPath = frame.path;
    this.childStep = step;
    this.childKey = name;
  }

  /** After a value: closes finished containers and moves to the next sibling; false at the end. */
  private nextSibling(): boolean {
    const buf = this.buf;
    for (;;) {
      const frame = this.stack[this.stack.length - 1];
      if (!frame) return false;
      this.pos = skipWhitespace(buf, this.pos);
      const c = buf[this.pos];
      if (c === 0x2c) {
        this.pos++;
        frame.index++;
        this.enterChild(frame);
        return true;
      }
      if (c !== (frame.isObject ? CLOSE_OBJECT : CLOSE_ARRAY)) throw new Invalid(this.pos);
      this.stack.pop();
      this.pos++;
    }
  }
}

function looksLikeJsonContainer(bytes: Uint8Array): boolean {
  const first = bytes[skipWhitespace(bytes, 0)];
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) return false;
  let last = bytes.length - 1;
  while (last > 0 && (bytes[last] === 0x20 || bytes[last] === 0x0a || bytes[last] === 0x0d || bytes[last] === 0x09)) last--;
  return bytes[last] === (first === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY);
}

export const jsonDecoder: Decoder = {
  name: 'json',
  maxFit: 80,
  covers: true,
  fit(input) {
    const declared = isJsonType(input.mimeType);
    const first = input.bytes[skipWhitespace(input.bytes, 0)];
    if (declared && (first === OPEN_OBJECT || first === OPEN_ARRAY)) return 80;
    return looksLikeJsonContainer(input.bytes) ? 60 : 0;
  },
  mayFit(first, _mask, length) {
    // looksLikeJsonContainer: '{' or '[' after optional whitespace, and a closing bracket
    return length >= 2 && (first === OPEN_OBJECT || first === OPEN_ARRAY || first === 0x20 || first === 0x0a || first === 0x0d || first === 0x09);
  },
  decode(input, limits) {
    const reader = new LeafReader(asBuffer(input.bytes), limits, input.quietLeaves);
    let parsed: Parsed;
    try {
      parsed = reader.read();
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      // A cut or damaged body still yields the leaves before the damage when it was declared JSON.
      if (isJsonType(input.mimeType) && reader.leaves > 0) {
        throw new DecodeLimitError('corrupt-encoding', `${e.message}; ${reader.parts.length} leaves kept`,
          input.bytes.length, reader.parts);
      }
      return null;
    }
    if (parsed.stop) throw new DecodeLimitError(parsed.stop.kind, parsed.stop.detail, input.bytes.length, parsed.parts);
    return parsed.parts;
  },
};
