/**
 * resources.arsc, read only far enough to turn a manifest reference (@0x7f0c0012, e.g. versionName or the app label)
 * into its string value. Layout (ResourceTypes.h): RES_TABLE_TYPE → global string pool → package chunks, each with
 * type/key string pools and RES_TABLE_TYPE_TYPE chunks (one per type × configuration) holding entry offsets.
 * We prefer the default configuration and follow references a few steps (bounded, so cycles end).
 */
import { chunks, StringPool } from './axml.js';

const RES_TABLE_TYPE = 0x0002;
const RES_STRING_POOL_TYPE = 0x0001;
const RES_TABLE_PACKAGE_TYPE = 0x0200;
const RES_TABLE_TYPE_TYPE = 0x0201;
const FLAG_SPARSE = 0x01;
const FLAG_OFFSET16 = 0x02;
const ENTRY_FLAG_COMPLEX = 0x0001;
const ENTRY_FLAG_COMPACT = 0x0008;
const NO_ENTRY = 0xffffffff;
const MAX_REFERENCE_HOPS = 4;

interface TypeChunk {
  start: number;
  end: number;
  headerSize: number;
  flags: number;
  entryCount: number;
  entriesStart: number;
  isDefaultConfig: boolean;
}

export interface ResourceTable {
  /** The string value of a resource id, or null when it is not a (reachable) string. */
  resolveString(id: number): string | null;
}

function isDefaultConfig(buf: Buffer, configStart: number, end: number): boolean {
  if (configStart + 4 > end) return false;
  const size = Math.min(buf.readUInt32LE(configStart), end - configStart);
  for (let i = configStart + 4; i < configStart + size; i++) if (buf[i] !== 0) return false;
  return true;
}

function indexTypes(buf: Buffer, pkg: { start: number; end: number; headerSize: number }, warnings: string[],
  byKey: Map<number, TypeChunk[]>, packageId: number): void {
  for (const c of chunks(buf, pkg.start + pkg.headerSize, pkg.end, warnings)) {
    if (c.type !== RES_TABLE_TYPE_TYPE || c.end - c.start < 20) continue;
    const typeId = buf[c.start + 8]!;
    const key = (packageId << 8) | typeId;
    const list = byKey.get(key) ?? [];
    list.push({
      start: c.start, end: c.end, headerSize: c.headerSize, flags: buf[c.start + 9]!,
      entryCount: buf.readUInt32LE(c.start + 12), entriesStart: c.start + buf.readUInt32LE(c.start + 16),
      isDefaultConfig: isDefaultConfig(buf, c.start + 20, c.end),
    });
    byKey.set(key, list);
  }
}

/** Offset of entry `index` inside a type chunk, or null when the chunk has no value for it. */
function entryOffset(buf: Buffer, t: TypeChunk, index: number): number | null {
  const table = t.start + t.headerSize;
  if (t.flags & FLAG_SPARSE) {
    for (let i = 0; i < t.entryCount && table + i * 4 + 4 <= t.end; i++) {
      if (buf.readUInt16LE(table + i * 4) === index) return buf.readUInt16LE(table + i * 4 + 2) * 4;
    }
    return null;
  }
  if (index >= t.entryCount) return null;
  if (t.flags & FLAG_OFFSET16) {
    if (table + index * 2 + 2 > t.end) return null;
    const off = buf.readUInt16LE(table + index * 2);
    return off === 0xffff ? null : off * 4;
  }
  if (table + index * 4 + 4 > t.end) return null;
  const off = buf.readUInt32LE(table + index * 4);
  return off === NO_ENTRY ? null : off;
}

/** Res_value (dataType, data) of entry `index`, or null for complex (bag) entries and anything out of bounds. */
function entryValue(buf: Buffer, t: TypeChunk, index: number): { type: number; data: number } | null {
  const off = entryOffset(buf, t, index);
  if (off === null) return null;
  const at = t.entriesStart + off;
  if (at + 8 > t.end) return null;
  const flags = buf.readUInt16LE(at + 2);
  if (flags & ENTRY_FLAG_COMPACT) return { type: flags >>> 8, data: buf.readUInt32LE(at + 4) };
  if (flags & ENTRY_FLAG_COMPLEX) return null;
  const valueAt = at + buf.readUInt16LE(at);
  if (valueAt + 8 > t.end) return null;
  return { type: buf[valueAt + 3]!, data: buf.readUInt32LE(valueAt + 4) };
}

export function readResourceTable(buf: Buffer, maxPoolStrings: number, warnings: string[]): ResourceTable | null {
  if (buf.length < 12 || buf.readUInt16LE(0) !== RES_TABLE_TYPE) {
    warnings.push('resources.arsc is not a resource table; references left unresolved');
    return null;
  }
  const headerSize = buf.readUInt16LE(2);
  let pool: StringPool | null = null;
  const types = new Map<number, TypeChunk[]>();
  for (const c of chunks(buf, headerSize, Math.min(buf.length, buf.readUInt32LE(4)), warnings)) {
    if (c.type === RES_STRING_POOL_TYPE && !pool) {
      pool = StringPool.read(buf, c.start, c.end, c.headerSize, maxPoolStrings, 'resources.arsc', warnings);
    } else if (c.type === RES_TABLE_PACKAGE_TYPE && c.end - c.start >= 12) {
      indexTypes(buf, { start: c.start, end: c.end, headerSize: c.headerSize }, warnings, types, buf.readUInt32LE(c.start + 8) & 0xff);
    }
  }
  const globalPool = pool;
  if (!globalPool) return null;
  return {
    resolveString(id: number): string | null {
      let current = id;
      for (let hop = 0; hop < MAX_REFERENCE_HOPS; hop++) {
        const candidates = types.get(((current >>> 24) << 8) | ((current >>> 16) & 0xff)) ?? [];
        const ordered = [...candidates.filter((t) => t.isDefaultConfig), ...candidates.filter((t) => !t.isDefaultConfig)];
        const value = ordered.map((t) => entryValue(buf, t, current & 0xffff)).find((v) => v !== null) ?? null;
        if (!value) return null;
        if (value.type === 0x03) return globalPool.get(value.data);
        if (value.type !== 0x01) return null;
        current = value.data;
      }
      return null;
    },
  };
}
