/**
 * tnetstrings as mitmproxy writes them in its dump files: "<length>:<payload><type>", where type is ',' (bytes),
 * ';' (UTF-8 text), '#' (integer), '^' (float), '!' (boolean), '~' (null), '}' (dictionary) or ']' (list).
 * Format: https://tnetstrings.info/ (and mitmproxy/io/tnetstring.py for the ';' text type mitmproxy adds).
 * A dump is a plain sequence of top-level values, one per flow; they are read one at a time from a ByteSource.
 */
import { InputError } from '../errors.js';
import type { ByteSource } from './source.js';

export type TnetValue = Uint8Array | string | number | boolean | null | TnetValue[] | TnetDict;
/** Dictionaries have no prototype, so hostile keys such as "__proto__" stay plain data. */
export interface TnetDict {
  [key: string]: TnetValue;
}

const COLON = 0x3a;
const MAX_LENGTH_DIGITS = 12;
const utf8 = new TextDecoder('utf-8');

export interface TnetLimits {
  maxRecordBytes: number;
  maxDepth: number;
}

/** Reads the next top-level record: its bytes (payload and type) and their file offset; null at a clean end of file. */
export async function readRecord(src: ByteSource, file: string, limits: TnetLimits, index: number): Promise<{ bytes: Buffer; byte: number } | null> {
  if (src.pos >= src.buf.length && !(await src.fill())) return null;
  const byte = src.offset();
  let length = 0;
  let digits = 0;
  for (;;) {
    if (src.pos >= src.buf.length && !(await src.fill())) fail(file, index, byte, 'unexpected end of file in a record length');
    const c = src.buf[src.pos++]!;
    if (c === COLON && digits > 0) break;
    if (c < 0x30 || c > 0x39 || ++digits > MAX_LENGTH_DIGITS) fail(file, index, byte, 'not a tnetstring record (bad length prefix)');
    length = length * 10 + (c - 0x30);
  }
  if (length + 1 > limits.maxRecordBytes) fail(file, index, byte, `record is larger than ${limits.maxRecordBytes} bytes (maxEntryBytes)`);
  const wanted = length + 1;
  const parts: Buffer[] = [];
  let have = 0;
  while (have < wanted) {
    if (src.pos >= src.buf.length && !(await src.fill())) fail(file, index, byte, 'unexpected end of file inside the record (truncated dump?)');
    const take = Math.min(wanted - have, src.buf.length - src.pos);
    parts.push(src.buf.subarray(src.pos, src.pos + take));
    src.pos += take;
    have += take;
  }
  return { bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts, wanted), byte };
}

/** Parses one record (payload followed by its type byte). Byte strings are views into `record`, not copies. */
export function parseRecord(record: Buffer, maxDepth: number): TnetValue {
  return parseValue(record, 0, record.length - 1, record[record.length - 1]!, 0, maxDepth);
}

/** A problem in a record, at `at` bytes into it. */
export class TnetError extends Error {
  constructor(readonly at: number, problem: string) {
    super(problem);
  }
}

function parseValue(buf: Buffer, start: number, end: number, type: number, depth: number, maxDepth: number): TnetValue {
  switch (type) {
    case 0x2c: // ',' bytes
      return buf.subarray(start, end);
    case 0x3b: // ';' text
      return utf8.decode(buf.subarray(start, end));
    case 0x23: { // '#' integer
      const text = buf.toString('latin1', start, end);
      if (!/^-?\d{1,20}$/.test(text)) throw new TnetError(start, 'bad integer');
      return Number(text);
    }
    case 0x5e: { // '^' float
      const value = Number(buf.toString('latin1', start, end));
      if (Number.isNaN(value) && buf.toString('latin1', start, end) !== 'nan') throw new TnetError(start, 'bad float');
      return value;
    }
    case 0x21: { // '!' boolean
      const text = buf.toString('latin1', start, end);
      if (text !== 'true' && text !== 'false') throw new TnetError(start, 'bad boolean');
      return text === 'true';
    }
    case 0x7e: // '~' null
      if (end !== start) throw new TnetError(start, 'bad null');
      return null;
    case 0x5d: // ']' list
    case 0x7d: { // '}' dictionary
      if (depth >= maxDepth) throw new TnetError(start, `nesting deeper than ${maxDepth} levels`);
      const items: TnetValue[] = [];
      for (let pos = start; pos < end; ) {
        const [value, next] = parseElement(buf, pos, end, depth + 1, maxDepth);
        items.push(value);
        pos = next;
      }
      return type === 0x5d ? items : toDict(items, start);
    }
    default:
      throw new TnetError(end, `unknown type '${String.fromCharCode(type)}'`);
  }
}

function parseElement(buf: Buffer, pos: number, end: number, depth: number, maxDepth: number): [TnetValue, number] {
  const colon = buf.indexOf(COLON, pos);
  if (colon < 0 || colon >= end || colon - pos > MAX_LENGTH_DIGITS || colon === pos) throw new TnetError(pos, 'bad length prefix');
  let length = 0;
  for (let i = pos; i < colon; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x39) throw new TnetError(pos, 'bad length prefix');
    length = length * 10 + (c - 0x30);
  }
  const typeAt = colon + 1 + length;
  if (typeAt >= end) throw new TnetError(pos, 'element runs past its container');
  return [parseValue(buf, colon + 1, typeAt, buf[typeAt]!, depth, maxDepth), typeAt + 1];
}

function toDict(items: TnetValue[], at: number): TnetDict {
  if (items.length % 2 !== 0) throw new TnetError(at, 'dictionary with a key and no value');
  const dict = Object.create(null) as TnetDict;
  for (let i = 0; i < items.length; i += 2) {
    const key = items[i]!;
    // Old dumps use byte-string keys, newer ones text keys.
    if (typeof key === 'string') dict[key] = items[i + 1]!;
    else if (key instanceof Uint8Array) dict[utf8.decode(key)] = items[i + 1]!;
    else throw new TnetError(at, 'dictionary key is not a string');
  }
  return dict;
}

function fail(file: string, index: number, byte: number, problem: string): never {
  throw new InputError(file, `flow ${index}, byte ${byte}`, problem);
}
