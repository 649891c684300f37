/**
 * Reads class names and string constants from a Dalvik executable (DEX) without trusting any count or offset.
 * Layout (https://source.android.com/docs/core/runtime/dex-format): header → string_ids (u32 offsets to
 * uleb128-length-prefixed MUTF-8 data) → type_ids (u32 string index) → class_defs (32-byte items whose first u32
 * is a type index). The classes a DEX *defines* are its class_defs, which is what dexdump lists.
 */
import { InputError } from '../errors.js';

const HEADER_SIZE = 0x70;
const CLASS_DEF_SIZE = 32;
const ENDIAN_CONSTANT = 0x12345678;

export interface DexContents {
  /** Dotted names of the classes defined (class_defs), in file order ("com.umeng.analytics.MobclickAgent"). */
  classNames: string[];
  version: string;
  /** Problems that made the result partial (tables cut off by a truncated file). */
  warnings: string[];
}

interface DexHeader {
  version: string;
  stringIdsSize: number;
  stringIdsOff: number;
  typeIdsSize: number;
  typeIdsOff: number;
  classDefsSize: number;
  classDefsOff: number;
}

export function isDex(head: Buffer): boolean {
  return head.length >= 8 && head.toString('latin1', 0, 4) === 'dex\n' && head[7] === 0;
}

function readHeader(buf: Buffer, file: string): DexHeader {
  if (!isDex(buf)) throw new InputError(file, 'byte 0', 'not a DEX file (bad magic)');
  if (buf.length < HEADER_SIZE) throw new InputError(file, `byte ${buf.length}`, 'truncated DEX header');
  if (buf.readUInt32LE(40) !== ENDIAN_CONSTANT) {
    throw new InputError(file, 'byte 40', 'unsupported DEX endianness tag');
  }
  return {
    version: buf.toString('latin1', 4, 7),
    stringIdsSize: buf.readUInt32LE(56),
    stringIdsOff: buf.readUInt32LE(60),
    typeIdsSize: buf.readUInt32LE(64),
    typeIdsOff: buf.readUInt32LE(68),
    classDefsSize: buf.readUInt32LE(96),
    classDefsOff: buf.readUInt32LE(100),
  };
}

/** How many `itemSize`-byte items of a table fit in the buffer; records a warning when the table is cut off. */
function itemsInBounds(buf: Buffer, off: number, count: number, itemSize: number, table: string, warnings: string[]): number {
  if (count === 0) return 0;
  if (off >= buf.length) {
    warnings.push(`${table} at byte ${off} lies beyond the end of the file (${buf.length} bytes)`);
    return 0;
  }
  const fit = Math.floor((buf.length - off) / itemSize);
  if (fit < count) {
    warnings.push(`${table} declares ${count} items, only ${fit} fit in the file`);
    return fit;
  }
  return count;
}

interface Uleb { value: number; next: number }

function readUleb128(buf: Buffer, pos: number): Uleb | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos + i >= buf.length) return null;
    const byte = buf[pos + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return null;
}

/** Decodes MUTF-8 (CESU-style surrogates, 0xC0 0x80 for NUL); ASCII takes the fast path. */
function decodeMutf8(buf: Buffer, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) { ascii = false; break; }
  if (ascii) return buf.toString('latin1', start, end);
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const a = buf[i]!;
    if (a < 0x80) { units.push(a); i += 1; }
    else if ((a & 0xe0) === 0xc0 && i + 1 < end) { units.push(((a & 0x1f) << 6) | (buf[i + 1]! & 0x3f)); i += 2; }
    else if ((a & 0xf0) === 0xe0 && i + 2 < end) {
      units.push(((a & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f)); i += 3;
    } else { units.push(0xfffd); i += 1; }
  }
  let text = '';
  for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
  return text;
}

/** Byte range [start, end) of string `index`'s MUTF-8 data, or null when out of bounds. */
function stringRange(buf: Buffer, h: DexHeader, index: number, stringCount: number): [number, number] | null {
  if (index >= stringCount) return null;
  const dataOff = buf.readUInt32LE(h.stringIdsOff + index * 4);
  const len = readUleb128(buf, dataOff);
  if (!len) return null;
  // MUTF-8 needs at most 3 bytes per UTF-16 unit: look for the terminating NUL only that far (no O(n²) scans).
  const window = buf.subarray(len.next, Math.min(buf.length, len.next + len.value * 3 + 1));
  const nul = window.indexOf(0);
  return nul < 0 ? null : [len.next, len.next + nul];
}

/** "Lcom/foo/Bar;" → "com.foo.Bar"; null for anything that is not a class descriptor. */
export function descriptorToClassName(descriptor: string): string | null {
  if (descriptor.length < 3 || descriptor[0] !== 'L' || !descriptor.endsWith(';')) return null;
  return descriptor.slice(1, -1).replaceAll('/', '.');
}

export function readDex(buf: Buffer, file: string): DexContents {
  const h = readHeader(buf, file);
  const warnings: string[] = [];
  const strings = itemsInBounds(buf, h.stringIdsOff, h.stringIdsSize, 4, 'string_ids', warnings);
  const types = itemsInBounds(buf, h.typeIdsOff, h.typeIdsSize, 4, 'type_ids', warnings);
  const defs = itemsInBounds(buf, h.classDefsOff, h.classDefsSize, CLASS_DEF_SIZE, 'class_defs', warnings);
  const classNames: string[] = [];
  let unreadable = 0;
  for (let i = 0; i < defs; i++) {
    const typeIndex = buf.readUInt32LE(h.classDefsOff + i * CLASS_DEF_SIZE);
    const stringIndex = typeIndex < types ? buf.readUInt32LE(h.typeIdsOff + typeIndex * 4) : Number.MAX_SAFE_INTEGER;
    const range = stringRange(buf, h, stringIndex, strings);
    const name = range ? descriptorToClassName(decodeMutf8(buf, range[0], range[1])) : null;
    if (name) classNames.push(name);
    else unreadable++;
  }
  if (unreadable > 0) warnings.push(`${unreadable} class definitions point outside the file or at non-class types`);
  return { classNames, version: h.version, warnings };
}

/**
 * Calls `onString` with every string constant of the DEX that could be a host name: short, ASCII, made only of
 * host-name characters and containing a dot. Filtering on bytes first keeps this fast on millions of strings.
 */
export function forEachHostLikeDexString(buf: Buffer, file: string, onString: (s: string) => void): void {
  const h = readHeader(buf, file);
  const strings = itemsInBounds(buf, h.stringIdsOff, h.stringIdsSize, 4, 'string_ids', []);
  for (let i = 0; i < strings; i++) {
    const dataOff = buf.readUInt32LE(h.stringIdsOff + i * 4);
    const len = readUleb128(buf, dataOff);
    if (!len || len.value < 4 || len.value > 253 || len.next + len.value > buf.length) continue;
    if (isHostBytes(buf, len.next, len.next + len.value)) onString(buf.toString('latin1', len.next, len.next + len.value));
  }
}

function isHostBytes(buf: Buffer, start: number, end: number): boolean {
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x2e) dots++;
    else if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  }
  return dots > 0 && buf[start] !== 0x2e && buf[end - 1] !== 0x2e;
}
