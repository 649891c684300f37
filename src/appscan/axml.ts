/**
 * Android binary XML (AXML, the compiled AndroidManifest.xml) → element tree.
 * Format: ResChunk_header {u16 type, u16 headerSize, u32 size} chunks; a string pool (UTF-8 or UTF-16), a resource-id
 * map (attribute name index → android attribute id), then namespace/element start/end nodes
 * (https://android.googlesource.com/platform/frameworks/base/+/refs/heads/main/libs/androidfw/include/androidfw/ResourceTypes.h).
 *
 * Hostile input: every offset and count is checked against its chunk, chunk walking must always move forward, strings
 * are decoded lazily (only those referenced) and the pool size, element count and depth are bounded.
 */
import { InputError } from '../errors.js';
import { newElement, type XmlElement, type XmlValue } from './xmltree.js';

const RES_STRING_POOL_TYPE = 0x0001;
const RES_XML_TYPE = 0x0003;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const RES_XML_END_ELEMENT_TYPE = 0x0103;
const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
const UTF8_FLAG = 0x100;
const NO_INDEX = 0xffffffff;
const MAX_DEPTH = 64;
const MAX_STRING_BYTES = 1 << 16;

/** Android framework attribute ids (public.xml) used when a manifest's attribute name strings are stripped. */
const ANDROID_ATTR_IDS: Record<number, string> = {
  0x01010001: 'label', 0x01010003: 'name', 0x01010010: 'exported', 0x0101020c: 'minSdkVersion',
  0x0101021b: 'versionCode', 0x0101021c: 'versionName', 0x01010270: 'targetSdkVersion', 0x010104ec: 'usesCleartextTraffic',
};

export interface AxmlLimits {
  maxPoolStrings: number;
  maxXmlElements: number;
}

export interface AxmlResult {
  root: XmlElement | null;
  /** Non-fatal problems (limits hit, unreadable strings): the tree is partial when this is non-empty. */
  warnings: string[];
}

export function isAxml(head: Buffer): boolean {
  return head.length >= 8 && head.readUInt16LE(0) === RES_XML_TYPE && head.readUInt16LE(2) === 8;
}

/** A string pool that decodes entries on demand and never reads outside its chunk. */
export class StringPool {
  private readonly cache = new Map<number, string | null>();
  readonly count: number;
  private readonly utf8: boolean;

  constructor(private readonly buf: Buffer, private readonly start: number, private readonly end: number,
    private readonly stringsStart: number, count: number, flags: number, private readonly offsetsStart: number) {
    this.count = count;
    this.utf8 = (flags & UTF8_FLAG) !== 0;
  }

  static read(buf: Buffer, start: number, end: number, headerSize: number, maxStrings: number, file: string,
    warnings: string[]): StringPool {
    if (end - start < 28) throw new InputError(file, `byte ${start}`, 'string pool header truncated');
    const declared = buf.readUInt32LE(start + 8);
    const flags = buf.readUInt32LE(start + 16);
    const stringsStart = start + buf.readUInt32LE(start + 20);
    const offsetsStart = start + headerSize;
    const fit = Math.floor((end - offsetsStart) / 4);
    let count = Math.min(declared, Math.max(0, fit));
    if (count < declared) warnings.push(`string pool declares ${declared} strings, only ${count} offsets fit in its chunk`);
    if (count > maxStrings) {
      warnings.push(`string pool has ${count} strings, only the first ${maxStrings} are read`);
      count = maxStrings;
    }
    return new StringPool(buf, start, end, stringsStart, count, flags, offsetsStart);
  }

  get(index: number): string | null {
    if (index === NO_INDEX || index >= this.count) return null;
    const hit = this.cache.get(index);
    if (hit !== undefined) return hit;
    const value = this.decode(this.stringsStart + this.buf.readUInt32LE(this.offsetsStart + index * 4));
    this.cache.set(index, value);
    return value;
  }

  private decode(pos: number): string | null {
    if (pos < this.start || pos >= this.end) return null;
    return this.utf8 ? this.decodeUtf8(pos) : this.decodeUtf16(pos);
  }

  /** UTF-8 entries: utf16 length (1–2 bytes), byte length (1–2 bytes), bytes, NUL. */
  private decodeUtf8(pos: number): string | null {
    const skip = this.length8(pos);
    if (!skip) return null;
    const bytes = this.length8(skip.next);
    if (!bytes) return null;
    const end = bytes.next + bytes.value;
    if (bytes.value > MAX_STRING_BYTES || end > this.end) return null;
    return this.buf.toString('utf8', bytes.next, end);
  }

  /** UTF-16 entries: u16 length (high bit → 2 units), UTF-16LE code units, NUL. */
  private decodeUtf16(pos: number): string | null {
    if (pos + 2 > this.end) return null;
    let units = this.buf.readUInt16LE(pos);
    let next = pos + 2;
    if (units & 0x8000) {
      if (pos + 4 > this.end) return null;
      units = ((units & 0x7fff) << 16) | this.buf.readUInt16LE(pos + 2);
      next = pos + 4;
    }
    const end = next + units * 2;
    if (units * 2 > MAX_STRING_BYTES || end > this.end) return null;
    return this.buf.toString('utf16le', next, end);
  }

  private length8(pos: number): { value: number; next: number } | null {
    if (pos >= this.end) return null;
    const first = this.buf[pos]!;
    if ((first & 0x80) === 0) return { value: first, next: pos + 1 };
    if (pos + 1 >= this.end) return null;
    return { value: ((first & 0x7f) << 8) | this.buf[pos + 1]!, next: pos + 2 };
  }
}

interface Chunk { type: number; headerSize: number; start: number; end: number }

/** Iterates chunks in [start, end); stops (with a warning) on a chunk that would not move forward or overflows. */
export function* chunks(buf: Buffer, start: number, end: number, warnings: string[]): Generator<Chunk> {
  let pos = start;
  while (pos + 8 <= end) {
    const type = buf.readUInt16LE(pos);
    const headerSize = buf.readUInt16LE(pos + 2);
    const size = buf.readUInt32LE(pos + 4);
    if (headerSize < 8 || size < headerSize || pos + size > end) {
      warnings.push(`chunk 0x${type.toString(16)} at byte ${pos} has an invalid size (${size}); rest ignored`);
      return;
    }
    yield { type, headerSize, start: pos, end: pos + size };
    pos += size;
  }
}

function typedValue(buf: Buffer, at: number, pool: StringPool, rawIndex: number): XmlValue | null {
  const dataType = buf[at + 3]!;
  const data = buf.readUInt32LE(at + 4);
  switch (dataType) {
    case 0x01: return { ref: data };
    case 0x03: return pool.get(data);
    case 0x10: return data | 0;
    case 0x11: return data >>> 0;
    case 0x12: return data !== 0;
    default: return pool.get(rawIndex);
  }
}

interface ParseState {
  buf: Buffer;
  pool: StringPool | null;
  resourceIds: number[];
  stack: XmlElement[];
  root: XmlElement | null;
  elements: number;
  warnings: string[];
}

function attributeName(state: ParseState, nameIndex: number): string | null {
  // The resource id wins: obfuscators rewrite attribute name strings, but the platform resolves attributes by id.
  const id = state.resourceIds[nameIndex];
  const known = id !== undefined ? ANDROID_ATTR_IDS[id] : undefined;
  return known ?? state.pool?.get(nameIndex) ?? null;
}

function startElement(state: ParseState, c: Chunk): void {
  const { buf } = state;
  const ext = c.start + c.headerSize;
  if (ext + 20 > c.end || !state.pool) return;
  const name = state.pool.get(buf.readUInt32LE(ext + 4)) ?? '?';
  const attrStart = buf.readUInt16LE(ext + 8);
  const attrSize = buf.readUInt16LE(ext + 10);
  const attrCount = buf.readUInt16LE(ext + 12);
  const el = newElement(name);
  if (attrSize >= 20) {
    for (let i = 0; i < attrCount; i++) {
      const at = ext + attrStart + i * attrSize;
      if (at + 20 > c.end) { state.warnings.push(`element <${name}> attributes run past their chunk`); break; }
      const attrName = attributeName(state, buf.readUInt32LE(at + 4));
      const value = typedValue(buf, at + 12, state.pool, buf.readUInt32LE(at + 8));
      if (attrName && value !== null) el.attrs.set(attrName, value);
    }
  }
  const parent = state.stack[state.stack.length - 1];
  if (parent) parent.children.push(el);
  else if (!state.root) state.root = el;
  state.stack.push(el);
}

/** Parses a binary XML document. Throws InputError when it is not AXML at all; returns warnings when partial. */
export function parseAxml(buf: Buffer, file: string, limits: AxmlLimits): AxmlResult {
  if (!isAxml(buf)) throw new InputError(file, 'byte 0', 'not an Android binary XML document');
  const declared = buf.readUInt32LE(4);
  const warnings: string[] = [];
  if (declared > buf.length) warnings.push(`document declares ${declared} bytes but has ${buf.length} (truncated)`);
  const state: ParseState = { buf, pool: null, resourceIds: [], stack: [], root: null, elements: 0, warnings };
  for (const c of chunks(buf, 8, Math.min(declared, buf.length), warnings)) {
    if (c.type === RES_STRING_POOL_TYPE && !state.pool) {
      state.pool = StringPool.read(buf, c.start, c.end, c.headerSize, limits.maxPoolStrings, file, warnings);
    } else if (c.type === RES_XML_RESOURCE_MAP_TYPE) {
      const n = Math.min(Math.floor((c.end - c.start - c.headerSize) / 4), limits.maxPoolStrings);
      for (let i = 0; i < n; i++) state.resourceIds.push(buf.readUInt32LE(c.start + c.headerSize + i * 4));
    } else if (c.type === RES_XML_START_ELEMENT_TYPE) {
      if (++state.elements > limits.maxXmlElements) { warnings.push(`more than ${limits.maxXmlElements} elements; rest ignored`); break; }
      if (state.stack.length >= MAX_DEPTH) { warnings.push(`elements nested deeper than ${MAX_DEPTH}; rest ignored`); break; }
      startElement(state, c);
    } else if (c.type === RES_XML_END_ELEMENT_TYPE) {
      state.stack.pop();
    }
  }
  if (!state.pool) throw new InputError(file, 'byte 8', 'binary XML has no string pool');
  return { root: state.root, warnings };
}
