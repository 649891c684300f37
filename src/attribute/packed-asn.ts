/**
 * The bundled ASN tables in binary form, written by `npm run build` (scripts/asn-tables.ts) from the CSV files of
 * @ip-location-db/asn, so a process maps them in ~10 ms instead of parsing 32 MB of CSV (~0.4 s). The file names the
 * CSV it was made from (package version, file name, size); one that does not match the installed CSV, or is
 * damaged, is not used — the CSV is parsed instead, with the same result.
 *
 * Layout (little-endian): "TTASN\x01\n\0", a uint32 header length, the header (JSON: identity, version, rows, names),
 * zero padding to a multiple of 8, then the columns. IPv4: starts, ends, asns, orgs as uint32 each. IPv6: the high
 * and low 64 bits of starts and of ends as uint64, then asns and orgs as uint32.
 */
import { readFileSync } from 'node:fs';

/** Sorted, non-overlapping address ranges with their AS number and organisation (an index into names). */
export interface AsnRanges<T extends number | bigint> {
  starts: ArrayLike<T>;
  ends: ArrayLike<T>;
  asns: Uint32Array;
  orgs: Uint32Array;
  names: readonly string[];
}

interface PackedHeader {
  identity: string;
  version: 4 | 6;
  rows: number;
  names: string[];
}

const MAGIC = Buffer.from('TTASN\x01\n\0', 'latin1');
const LOW_64 = (1n << 64n) - 1n;

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function columnBytes(version: 4 | 6, rows: number): number {
  return version === 4 ? rows * 16 : rows * 40;
}

export function packAsn(ranges: AsnRanges<number> | AsnRanges<bigint>, identity: string, version: 4 | 6): Buffer {
  const rows = ranges.asns.length;
  const header: PackedHeader = { identity, version, rows, names: [...ranges.names] };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const columnsAt = align8(MAGIC.length + 4 + headerBytes.length);
  const out = Buffer.alloc(columnsAt + columnBytes(version, rows));
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  let at = columnsAt;
  const u32 = (values: ArrayLike<number>) => {
    for (let i = 0; i < rows; i++) out.writeUInt32LE(values[i]!, at + i * 4);
    at += rows * 4;
  };
  const u64 = (values: ArrayLike<bigint>, high: boolean) => {
    for (let i = 0; i < rows; i++) out.writeBigUInt64LE(high ? values[i]! >> 64n : values[i]! & LOW_64, at + i * 8);
    at += rows * 8;
  };
  if (version === 4) {
    u32(ranges.starts as ArrayLike<number>);
    u32(ranges.ends as ArrayLike<number>);
  } else {
    u64(ranges.starts as ArrayLike<bigint>, true);
    u64(ranges.starts as ArrayLike<bigint>, false);
    u64(ranges.ends as ArrayLike<bigint>, true);
    u64(ranges.ends as ArrayLike<bigint>, false);
  }
  u32(ranges.asns);
  u32(ranges.orgs);
  return out;
}

/** The table in `file` when it exists, is whole, and was made from the CSV named by `identity`; otherwise null. */
export function readPackedAsn(file: string, identity: string, version: 4): AsnRanges<number> | null;
export function readPackedAsn(file: string, identity: string, version: 6): AsnRanges<bigint> | null;
export function readPackedAsn(file: string, identity: string, version: 4 | 6): AsnRanges<number> | AsnRanges<bigint> | null;
export function readPackedAsn(file: string, identity: string, version: 4 | 6): AsnRanges<number> | AsnRanges<bigint> | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const header = headerOf(bytes);
  if (header === null || header.identity !== identity || header.version !== version) return null;
  const columnsAt = align8(MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length));
  if (bytes.length !== columnsAt + columnBytes(version, header.rows)) return null;
  // Typed-array views need aligned offsets; a file read whole has its own buffer, but do not rely on it.
  const data = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const rows = header.rows;
  let at = data.byteOffset + columnsAt;
  const u32 = () => {
    const column = new Uint32Array(data.buffer, at, rows);
    at += rows * 4;
    return column;
  };
  const u64 = () => {
    const column = new BigUint64Array(data.buffer, at, rows);
    at += rows * 8;
    return column;
  };
  if (version === 4) {
    const starts = u32();
    const ends = u32();
    return { starts, ends, asns: u32(), orgs: checkedOrgs(u32(), header.names.length), names: header.names };
  }
  const starts = joined(u64(), u64());
  const ends = joined(u64(), u64());
  return { starts, ends, asns: u32(), orgs: checkedOrgs(u32(), header.names.length), names: header.names };
}

function headerOf(bytes: Buffer): PackedHeader | null {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const length = bytes.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + length > bytes.length) return null;
  try {
    const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as Partial<PackedHeader>;
    const valid = typeof header.identity === 'string' && (header.version === 4 || header.version === 6) &&
      Number.isSafeInteger(header.rows) && header.rows! >= 0 && Array.isArray(header.names) &&
      header.names.every((name) => typeof name === 'string');
    return valid ? header as PackedHeader : null;
  } catch {
    return null;
  }
}

function joined(high: BigUint64Array, low: BigUint64Array): bigint[] {
  const values = new Array<bigint>(high.length);
  for (let i = 0; i < high.length; i++) values[i] = (high[i]! << 64n) | low[i]!;
  return values;
}

/** A damaged file must not index past the names: such an org id reads as no name. */
function checkedOrgs(orgs: Uint32Array, names: number): Uint32Array {
  for (let i = 0; i < orgs.length; i++) if (orgs[i]! >= names) orgs[i] = names;
  return orgs;
}
