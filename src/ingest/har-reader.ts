/**
 * Streams the entries of a HAR file: walks the outer structure (root object → "log" object → "entries" array) with a
 * small pull parser, skips every other value with the byte scanner, and hands each entry's exact bytes to JSON.parse.
 * Only the current chunk and the current entry are held in memory. Entries may come before or after other log keys.
 */
import { InputError } from '../errors.js';
import { JsonValueScanner, ScanError } from './json-scan.js';
import type { ByteSource } from './source.js';
import type { EntryBytes as PublicEntryBytes } from './types.js';

export interface RawEntry {
  index: number;
  /** Absolute file offset of the entry's '{'. */
  byte: number;
  value: unknown;
}

/**
 * One entry as bytes, for a caller that parses it elsewhere (a detection thread): `parseEntryBytes` turns it into
 * what `entries()` would have yielded, or says the layout's guess was wrong. `certain`: the byte scanner found the
 * entry's end, so `bytes` is the entry (or the file is invalid there); else the layout placed the end without
 * parsing, and only a successful parse proves `bytes` is the entry.
 */
export interface EntryBytes extends PublicEntryBytes {
  bytes: Buffer;
}

export interface HarReaderLimits {
  maxEntryBytes: number;
  maxDepth: number;
}

/** Keys longer than this are not "log"/"entries" and are not kept. */
const MAX_KEY_BYTES = 256;
const MAX_LITERAL_BYTES = 64;
const NUMBER_OR_LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const END_OF_FILE = -1;
const OBJECT_END = Symbol('object end');

export class HarReader {
  private readonly scanner: JsonValueScanner;
  private sawEntries = false;
  /** Whether an entry past the chunk is still looked for by layout (see acrossChunks). */
  private extendAcrossChunks = true;

  constructor(
    private readonly src: ByteSource,
    private readonly file: string,
    private readonly limits: HarReaderLimits,
  ) {
    this.scanner = new JsonValueScanner(limits.maxDepth);
  }

  /**
   * The entries, parsed. Entries before `from` are only placed, as entryBytes() places them, and not yielded: for a
   * caller whose threads parsed them from entryBytes() already, which proved their ends, and who needs the rest read
   * here because a later entry's end was misplaced (see OpenedInput.entries).
   */
  entries(from = 0): AsyncGenerator<RawEntry> {
    return this.walk(async (index, byte) => {
      if (index < from) {
        await this.placeEntry(index, byte);
        return SKIPPED;
      }
      const fast = await this.acrossChunks(() => this.entryByLayout());
      const value = fast !== NOT_FOUND && fast !== NEEDS_MORE ? fast : parseCertainEntry(await this.captureEntry(index), this.file, index, byte);
      return { index, byte, value };
    });
  }

  /**
   * The entries as bytes, unparsed: what the file's layout calls an entry (see entryByLayout), else what the byte
   * scanner finds. Everything outside the entries is checked as `entries()` checks it, with the same errors.
   */
  entryBytes(): AsyncGenerator<EntryBytes> {
    return this.walk((index, byte) => this.placeEntry(index, byte));
  }

  private async placeEntry(index: number, byte: number): Promise<EntryBytes> {
    const end = await this.acrossChunks(() => this.endByLayout());
    if (end !== NOT_FOUND && end !== NEEDS_MORE) {
      const bytes = this.src.buf.subarray(this.src.pos, end);
      this.src.pos = end;
      return { index, byte, bytes, certain: false };
    }
    return { index, byte, bytes: await this.captureEntry(index), certain: true };
  }

  private async *walk<T>(take: TakeEntry<T>): AsyncGenerator<T> {
    await this.src.fill();
    this.skipByteOrderMark();
    const first = await this.peek();
    if (first === END_OF_FILE) this.fail('empty file');
    if (first !== OPEN_BRACE) this.fail(`not a HAR file: expected a JSON object, found ${describe(first)}`);
    this.src.pos++;
    let sawLog = false;
    for (let firstMember = true; ; firstMember = false) {
      const key = await this.nextKey(firstMember);
      if (key === OBJECT_END) break;
      if (key === 'log') {
        if (sawLog) this.fail('duplicate "log" key');
        sawLog = true;
        yield* this.readLog(take);
      } else {
        await this.skipValue();
      }
    }
    if (await this.peek() !== END_OF_FILE) this.fail('unexpected data after the end of the JSON object');
    if (!sawLog) this.fail('not a HAR file: no "log" object');
    if (!this.sawEntries) this.fail('not a HAR file: no log.entries array');
  }

  private async *readLog<T>(take: TakeEntry<T>): AsyncGenerator<T> {
    const c = await this.peek();
    if (c !== OPEN_BRACE) this.fail(`not a HAR file: "log" is ${describe(c)}, not an object`);
    this.src.pos++;
    for (let firstMember = true; ; firstMember = false) {
      const key = await this.nextKey(firstMember);
      if (key === OBJECT_END) return;
      if (key === 'entries') {
        if (this.sawEntries) this.fail('duplicate "entries" key in "log"');
        this.sawEntries = true;
        yield* this.readEntries(take);
      } else {
        await this.skipValue();
      }
    }
  }

  private async *readEntries<T>(take: TakeEntry<T>): AsyncGenerator<T> {
    const open = await this.peek();
    if (open !== OPEN_BRACKET) this.fail(`not a HAR file: log.entries is ${describe(open)}, not an array`);
    this.src.pos++;
    if (await this.peek() === CLOSE_BRACKET) {
      this.src.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      const c = await this.peek();
      if (c !== OPEN_BRACE) this.fail(`expected an entry object, found ${describe(c)}`, this.src.offset(), index);
      const taken = await take(index, this.src.offset());
      if (taken !== SKIPPED) yield taken;
      const next = await this.peek();
      if (next === COMMA) {
        this.src.pos++;
        continue;
      }
      if (next === CLOSE_BRACKET) {
        this.src.pos++;
        return;
      }
      this.fail(`expected ',' or ']' after the entry, found ${describe(next)}`, this.src.offset(), index);
    }
  }

  /**
   * The layout fast path, for an entry that runs past the chunk too: more of the file is brought in and the layout
   * looked at again, rather than leaving the entry to the byte scanner (several times slower than a native search).
   * Up to a bound: once an entry was not found that way (a file without line breaks, a giant entry), later entries
   * that cross a chunk go straight to the scanner, so no file is copied over and over.
   */
  private async acrossChunks<T>(attempt: () => T): Promise<T> {
    let fast = attempt();
    while (fast === NEEDS_MORE && this.extendAcrossChunks) {
      if (this.src.buf.length - this.src.pos >= FAST_ENTRY_MAX_BYTES || !(await this.src.extend(LOOK_BACK_BYTES))) {
        this.extendAcrossChunks = false;
        break;
      }
      fast = attempt();
    }
    return fast;
  }

  /**
   * Fast path for the usual layouts, where the entry's end can be found with a native search instead of the byte
   * scanner: one entry per line (`{...},\n`), or pretty-printed with the closing brace at the entry's own indentation
   * (`\n    }`). A raw newline cannot occur inside a JSON string, so the candidate is the entry itself when JSON.parse
   * accepts it (a JSON object ends exactly at its matching brace). Anything else — no candidate in this chunk, a parse
   * failure, nesting deeper than maxDepth — returns NOT_FOUND and the scanner takes over from the same position, so
   * errors and their offsets stay exactly the scanner's.
   */
  private entryByLayout(): unknown {
    const { buf, pos: start } = this.src;
    const end = this.endByLayout();
    if (end === NEEDS_MORE || end === NOT_FOUND) return end;
    const value = parseByLayout(buf.toString('utf8', start, end), this.limits.maxDepth);
    if (value === NOT_FOUND) return NOT_FOUND;
    this.src.pos = end;
    return value;
  }

  /** Where the layout places the current entry's end (see candidateEnd), not yet confirmed by parsing. */
  private endByLayout(): number | typeof NOT_FOUND | typeof NEEDS_MORE {
    const end = candidateEnd(this.src.buf, this.src.pos);
    if (end === END_NOT_IN_CHUNK) return NEEDS_MORE;
    return end < 0 ? NOT_FOUND : end;
  }

  /** Collects the bytes of one entry object (which may span chunks). */
  private async captureEntry(index: number): Promise<Buffer> {
    const src = this.src;
    const startByte = src.offset();
    const parts: Buffer[] = [];
    let size = 0;
    this.scanner.reset();
    for (;;) {
      const start = src.pos;
      const end = this.scanOrFail(start, index);
      if (end >= 0) {
        src.pos = end;
        if (parts.length === 0) return src.buf.subarray(start, end);
        parts.push(src.buf.subarray(start, end));
        return Buffer.concat(parts, size + end - start);
      }
      parts.push(src.buf.subarray(start));
      size += src.buf.length - start;
      if (size > this.limits.maxEntryBytes) {
        this.fail(`entry is larger than ${this.limits.maxEntryBytes} bytes (maxEntryBytes)`, startByte, index);
      }
      if (!(await src.fill())) {
        this.fail('unexpected end of file inside the entry (truncated HAR?)', startByte, index);
      }
    }
  }

  /** Runs the scanner over the current chunk, turning its errors into InputErrors at the right file offset. */
  private scanOrFail(start: number, entry?: number): number {
    try {
      return this.scanner.scan(this.src.buf, start);
    } catch (e) {
      if (e instanceof ScanError) this.fail(e.problem, this.src.base + e.at, entry);
      throw e;
    }
  }

  /** Skips any JSON value outside the entries. */
  private async skipValue(): Promise<void> {
    const c = await this.peek();
    if (c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE) {
      const startByte = this.src.offset();
      this.scanner.reset();
      for (;;) {
        const end = this.scanOrFail(this.src.pos);
        if (end >= 0) {
          this.src.pos = end;
          return;
        }
        if (!(await this.src.fill())) this.fail('unexpected end of file (truncated HAR?)', startByte);
      }
    }
    await this.skipLiteral();
  }

  /** Numbers, true, false, null: short tokens ended by a delimiter. */
  private async skipLiteral(): Promise<void> {
    const startByte = this.src.offset();
    let text = '';
    for (;;) {
      const { buf } = this.src;
      let p = this.src.pos;
      while (p < buf.length && !isDelimiter(buf[p]!)) p++;
      text += buf.toString('latin1', this.src.pos, Math.min(p, this.src.pos + MAX_LITERAL_BYTES));
      this.src.pos = p;
      if (text.length > MAX_LITERAL_BYTES) this.fail('invalid JSON value', startByte);
      if (p < buf.length || !(await this.src.fill())) break;
    }
    if (!NUMBER_OR_LITERAL.test(text)) {
      this.fail(text === '' ? `unexpected ${describe(await this.peek())}` : 'invalid JSON value', startByte);
    }
  }

  /**
   * Moves to the next member of the object being walked: returns its key (null for keys too long to matter) with the
   * ':' consumed, or OBJECT_END after consuming '}'.
   */
  private async nextKey(firstMember: boolean): Promise<string | null | typeof OBJECT_END> {
    let c = await this.peek();
    if (c === CLOSE_BRACE) {
      this.src.pos++;
      return OBJECT_END;
    }
    if (!firstMember) {
      if (c !== COMMA) this.fail(`expected ',' or '}', found ${describe(c)}`);
      this.src.pos++;
      c = await this.peek();
    }
    if (c !== QUOTE) this.fail(`expected a property name, found ${describe(c)}`);
    const key = await this.readKey();
    if (await this.peek() !== COLON) this.fail(`expected ':' after property name, found ${describe(await this.peek())}`);
    this.src.pos++;
    return key;
  }

  /** Reads a string token; returns it decoded when short, null when longer than any key we look for. */
  private async readKey(): Promise<string | null> {
    const startByte = this.src.offset();
    const kept: number[] = [];
    let escaped = false;
    this.src.pos++;
    for (;;) {
      const { buf } = this.src;
      let p = this.src.pos;
      for (; p < buf.length; p++) {
        const c = buf[p]!;
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) break;
        if (kept.length <= MAX_KEY_BYTES) kept.push(c);
      }
      if (p < buf.length) {
        this.src.pos = p + 1;
        break;
      }
      this.src.pos = p;
      if (!(await this.src.fill())) this.fail('unexpected end of file inside a string', startByte);
    }
    if (kept.length > MAX_KEY_BYTES) return null;
    try {
      return JSON.parse(`"${Buffer.from(kept).toString('utf8')}"`) as string;
    } catch {
      return this.fail('invalid property name', startByte);
    }
  }

  /** Next non-whitespace byte without consuming it; END_OF_FILE at the end. */
  private async peek(): Promise<number> {
    const src = this.src;
    for (;;) {
      const buf = src.buf;
      let p = src.pos;
      while (p < buf.length) {
        const c = buf[p]!;
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
          src.pos = p;
          return c;
        }
        p++;
      }
      src.pos = p;
      if (!(await src.fill())) return END_OF_FILE;
    }
  }

  private skipByteOrderMark(): void {
    const { buf } = this.src;
    if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) this.src.pos = 3;
    else if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
      this.fail('UTF-16 encoded file: HAR must be UTF-8 (convert it first, e.g. with iconv)');
    }
  }

  /** Every error names the byte offset, and the entry index when inside an entry: "(entry 17, byte 123456)". */
  private fail(problem: string, byte: number = this.src.offset(), entry?: number): never {
    throw new InputError(this.file, placeOf(byte, entry), problem);
  }
}

type TakeEntry<T> = (index: number, byte: number) => Promise<T | typeof SKIPPED>;
/** Returned by a TakeEntry for an entry that is passed over. */
const SKIPPED = Symbol('skipped');

/**
 * The entry `entryBytes()` gave, parsed as `entries()` parses it: its value, or null when the layout's guess of its
 * end was wrong (or the entry is too deep, or invalid there) — then only reading the file again with `entries()`
 * says what the entry is and which error, if any, applies. Throws an InputError for an invalid entry the byte scanner
 * delimited (its end is certain, so the error is the one `entries()` gives).
 */
export function parseEntryBytes(entry: PublicEntryBytes, file: string, maxDepth: number): unknown {
  const bytes = Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength);
  if (entry.certain) return parseCertainEntry(bytes, file, entry.index, entry.byte);
  const value = parseByLayout(bytes.toString('utf8'), maxDepth);
  return value === NOT_FOUND ? null : value;
}

/** A layout candidate's value, or NOT_FOUND when it does not parse or nests deeper than maxDepth. */
function parseByLayout(text: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_FOUND;
  }
  return deeperThan(value, maxDepth, 1) ? NOT_FOUND : value;
}

/** An entry whose end the byte scanner found: its value, or an InputError at the byte where JSON.parse gave up. */
function parseCertainEntry(bytes: Buffer, file: string, index: number, byte: number): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    const at = position ? byte + Buffer.byteLength(text.slice(0, Number(position[1]))) : byte;
    const problem = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new InputError(file, placeOf(at, index), `invalid JSON: ${problem}`);
  }
}

/** Where an error is: "byte 123456", or "entry 17, byte 123456" inside an entry. */
function placeOf(byte: number, entry?: number): string {
  return entry === undefined ? `byte ${byte}` : `entry ${entry}, byte ${byte}`;
}

/** Returned by the layout fast path when it cannot vouch for the entry's end. */
const NOT_FOUND = Symbol('not found');
/** Returned by the layout fast path when the entry's end, as the layout places it, is past the current chunk. */
const NEEDS_MORE = Symbol('needs more');
/** candidateEnd: the closing line the layout calls for is not in the bytes at hand. */
const END_NOT_IN_CHUNK = -2;
/** Entries up to this size are found by the layout fast path even across chunks; larger ones by the byte scanner. */
const FAST_ENTRY_MAX_BYTES = 4 * (1 << 20);
/** Bytes kept before an entry when more of the file is brought in: its line's indentation, for candidateEnd. */
const LOOK_BACK_BYTES = 256;

const closingPatterns = new Map<string, Buffer>();

/**
 * Where the entry opening at `start` likely ends (index after its '}'), judged from the layout; END_NOT_IN_CHUNK
 * when the line that would close it is not in `buf`, -1 when unsure.
 */
function candidateEnd(buf: Buffer, start: number): number {
  let lineStart = start;
  while (lineStart > 0 && (buf[lineStart - 1] === 0x20 || buf[lineStart - 1] === 0x09)) lineStart--;
  if (lineStart > 0 && buf[lineStart - 1] === 0x0a && lineStart < start) {
    // Pretty-printed: the closing brace sits on its own line at the opening brace's indentation.
    const indent = buf.toString('latin1', lineStart, start);
    let pattern = closingPatterns.get(indent);
    if (!pattern) {
      pattern = Buffer.from(`\n${indent}}`, 'latin1');
      if (closingPatterns.size < 16) closingPatterns.set(indent, pattern);
    }
    const at = buf.indexOf(pattern, start);
    return at < 0 ? END_NOT_IN_CHUNK : at + pattern.length;
  }
  // One entry per line: the last '}' before the end of the line.
  const newline = buf.indexOf(0x0a, start);
  if (newline < 0) return END_NOT_IN_CHUNK;
  let end = newline;
  while (end > start && buf[end - 1] !== CLOSE_BRACE) end--;
  return end > start ? end : -1;
}

/** True when `value` nests containers more than `limit` levels deep (`depth` is the level of `value` itself). */
function deeperThan(value: unknown, limit: number, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > limit) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && deeperThan(item, limit, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && deeperThan(item, limit, depth + 1)) return true;
  }
  return false;
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function describe(c: number): string {
  if (c === END_OF_FILE) return 'end of file (truncated?)';
  if (c === QUOTE) return 'a string';
  if (c === OPEN_BRACKET) return 'an array';
  if (c === OPEN_BRACE) return 'an object';
  if (c >= 0x21 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
