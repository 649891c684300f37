/**
 * IP → country and IP → autonomous system, from databases shipped in npm packages (see docs/ip-database.md):
 *   country: @ip-location-db/geo-whois-asn-country-mmdb (GeoFeed > RIR whois > ASN country; NRO data, CC BY 4.0)
 *   ASN:     @ip-location-db/asn (RouteViews + RIR + DB-IP ASN Lite; CC BY 4.0)
 * Both load lazily, on the first lookup that needs them. A user may point at fresher MMDB files instead
 * (GeoIP2/GeoLite2 Country or ASN layouts, or ip-location-db's own).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Reader } from 'mmdb-lib';
import { InputError } from '../errors.js';
import { embeddedIpv4, ipv4Text, type ParsedIp } from './ip.js';
import { readPackedAsn, type AsnRanges } from './packed-asn.js';
import type { AsnInfo } from './types.js';

const require = createRequire(import.meta.url);

/** Larger files are refused: the bundled ones are 8–25 MB, a full GeoIP2 City is ~70 MB. */
const MAX_DB_BYTES = 256 * 1024 * 1024;

export interface IpDatabases {
  country(ip: ParsedIp): string | null;
  asn(ip: ParsedIp): AsnInfo | null;
}

export interface IpDatabaseOptions {
  countryMmdb?: string;
  asnMmdb?: string;
}

export function openIpDatabases(options: IpDatabaseOptions = {}): IpDatabases {
  let countryReader: Reader<Record<string, unknown>> | null = null;
  let asnLookup: ((ip: ParsedIp) => AsnInfo | null) | null = null;
  return {
    country(ip) {
      countryReader ??= sharedMmdb(options.countryMmdb ?? bundledCountryFile());
      return countryOfRecord(countryReader.get(textForMmdb(ip)));
    },
    asn(ip) {
      if (!asnLookup) {
        if (options.asnMmdb) {
          const reader = sharedMmdb(options.asnMmdb);
          asnLookup = (addr) => asnOfRecord(reader.get(textForMmdb(addr)));
        } else {
          const table = loadBundledAsnTable();
          asnLookup = (addr) => table.lookup(addr);
        }
      }
      return asnLookup(ip);
    },
  };
}

function bundledCountryFile(): string {
  return require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
}

function readBounded(file: string): Buffer {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(file, null, 'IP database file not found');
  }
  if (size > MAX_DB_BYTES) throw new InputError(file, null, `IP database too large (${size} bytes)`);
  return readFileSync(file);
}

/**
 * Readers opened in this thread, by file: a batch thread analyses many inputs and must read each database once, not
 * once per input (the bundled country file is 7.8 MB). A file replaced on disk (other size or time) is read again.
 */
const openedMmdbs = new Map<string, { size: number; mtimeMs: number; reader: Reader<Record<string, unknown>> }>();
const MAX_OPEN_MMDBS = 8;

function sharedMmdb(file: string): Reader<Record<string, unknown>> {
  const stats = statSync(file, { throwIfNoEntry: false });
  const opened = openedMmdbs.get(file);
  if (stats && opened && opened.size === stats.size && opened.mtimeMs === stats.mtimeMs) return opened.reader;
  const reader = openMmdb(file);
  if (stats) {
    if (openedMmdbs.size >= MAX_OPEN_MMDBS) openedMmdbs.clear();
    openedMmdbs.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, reader });
  }
  return reader;
}

function openMmdb(file: string): Reader<Record<string, unknown>> {
  try {
    return new Reader<Record<string, unknown>>(readBounded(file));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, null, `not a readable MMDB file (${(e as Error).message})`);
  }
}

/** MMDB trees index IPv4 inside IPv6 at ::a.b.c.d; mapped addresses are looked up as plain IPv4. */
function textForMmdb(ip: ParsedIp): string {
  const v4 = ip.version === 4 ? ip.value : embeddedIpv4(ip);
  if (v4 !== null) return ipv4Text(v4);
  const hex = (ip.value as bigint).toString(16).padStart(32, '0');
  return hex.match(/.{4}/g)!.join(':');
}

function countryOfRecord(record: Record<string, unknown> | null): string | null {
  if (!record) return null;
  const direct = record['country_code'];
  if (typeof direct === 'string') return normalizeCountry(direct);
  const nested = (record['country'] ?? record['registered_country']) as { iso_code?: unknown } | undefined;
  return typeof nested?.iso_code === 'string' ? normalizeCountry(nested.iso_code) : null;
}

function normalizeCountry(code: string): string | null {
  const upper = code.toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && upper !== 'ZZ' ? upper : null;
}

function asnOfRecord(record: Record<string, unknown> | null): AsnInfo | null {
  const number = record?.['autonomous_system_number'];
  if (typeof number !== 'number') return null;
  const org = record?.['autonomous_system_organization'];
  return { number, org: typeof org === 'string' ? org : null };
}

/** Sorted, non-overlapping ranges held in typed arrays; organisation names interned. */
interface AsnTable {
  lookup(ip: ParsedIp): AsnInfo | null;
}

/** The bundled CSV files and the package (and version) they come from: what a packed table must match. */
export const BUNDLED_ASN = {
  package: '@ip-location-db/asn',
  v4: '@ip-location-db/asn/asn-ipv4-num.csv',
  v6: '@ip-location-db/asn/asn-ipv6-num.csv',
} as const;

/**
 * Where `npm run build` writes the bundled ASN tables in binary form (scripts/asn-tables.ts): <package root>/dist/ip-asn,
 * the same place from src/attribute (tsx) and dist/attribute (built).
 */
export const PACKED_ASN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'ip-asn');

let bundledAsn: AsnTable | null = null;

/**
 * The IPv4 table loads on the first ASN lookup, the IPv6 one on the first IPv6 lookup: most captures hold IPv4
 * server addresses only, and every process (each batch thread) pays the load once. The packed form the build made is
 * read when it matches the installed CSV (~10 ms); otherwise the CSV is parsed (~0.2 s for IPv4), with the same result.
 */
function loadBundledAsnTable(): AsnTable {
  if (bundledAsn) return bundledAsn;
  let v4: AsnRanges<number> | null = null;
  let v6: AsnRanges<bigint> | null = null;
  bundledAsn = {
    lookup(ip) {
      const mapped = ip.version === 4 ? ip.value : embeddedIpv4(ip);
      if (mapped !== null) {
        v4 ??= bundledAsnRanges(4, 'packed-or-csv');
        return rangeInfo(v4, findRange(v4.starts, v4.ends, mapped));
      }
      v6 ??= bundledAsnRanges(6, 'packed-or-csv');
      return rangeInfo(v6, findRange(v6.starts, v6.ends, ip.value as bigint));
    },
  };
  return bundledAsn;
}

/** One bundled table: from its packed form when that matches the CSV (or only from the CSV, for the build and tests). */
export function bundledAsnRanges(version: 4, from: 'packed-or-csv' | 'csv'): AsnRanges<number>;
export function bundledAsnRanges(version: 6, from: 'packed-or-csv' | 'csv'): AsnRanges<bigint>;
export function bundledAsnRanges(version: 4 | 6, from: 'packed-or-csv' | 'csv'): AsnRanges<number> | AsnRanges<bigint> {
  const csv = require.resolve(version === 4 ? BUNDLED_ASN.v4 : BUNDLED_ASN.v6);
  if (from === 'packed-or-csv') {
    const packed = readPackedAsn(packedAsnFile(version), csvIdentity(csv), version);
    if (packed !== null) return packed;
  }
  return version === 4 ? parseV4Csv(csv, new OrgNames()) : parseV6Csv(csv, new OrgNames());
}

function rangeInfo(table: AsnRanges<number | bigint>, hit: number): AsnInfo | null {
  return hit < 0 ? null : { number: table.asns[hit]!, org: table.names[table.orgs[hit]!] || null };
}

export function packedAsnFile(version: 4 | 6): string {
  return join(PACKED_ASN_DIR, `asn-ipv${version}.bin`);
}

/** What names the CSV a packed table was made from: its package's version and its size. */
export function csvIdentity(csv: string): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${BUNDLED_ASN.package}/package.json`), 'utf8')) as { version?: unknown };
  return `${BUNDLED_ASN.package}@${String(pkg.version)}/${basename(csv)}/${statSync(csv).size}`;
}

/**
 * Organisation names, interned while the CSV is read. In the bundled files an AS number always comes with the same
 * name (84k numbers over 515k rows), so a row whose number was seen is checked byte for byte against that name's
 * first row and only read as text when it differs: most rows make no string at all.
 */
class OrgNames {
  private readonly byText = new Map<string, number>();
  private readonly values: string[] = [];
  /** Per AS number seen in the file being read: the id given and where that name's bytes are (parallel arrays). */
  private readonly slotOfAsn = new Map<number, number>();
  private slotIds: number[] = [];
  private slotStarts: number[] = [];
  private slotEnds: number[] = [];

  idOf(asn: number, bytes: Buffer, start: number, end: number): number {
    const slot = this.slotOfAsn.get(asn);
    if (slot !== undefined && sameBytes(bytes, start, end, this.slotStarts[slot]!, this.slotEnds[slot]!)) return this.slotIds[slot]!;
    const text = unquote(bytes.toString('utf8', start, end));
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(text);
      this.byText.set(text, id);
    }
    const at = slot ?? this.slotIds.length;
    if (slot === undefined) this.slotOfAsn.set(asn, at);
    this.slotIds[at] = id;
    this.slotStarts[at] = start;
    this.slotEnds[at] = end;
    return id;
  }

  /** The offsets belong to one file's bytes, which are not kept once it is read. */
  endFile(): void {
    this.slotOfAsn.clear();
    this.slotIds = [];
    this.slotStarts = [];
    this.slotEnds = [];
  }

  /** Every name so far, by id. */
  get names(): readonly string[] {
    return this.values;
  }
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const CR = 0x0d;

/** Rows of "start,end,asn,org" (org may be double-quoted with "" escapes); numbers are decimal digits. */
interface CsvRow {
  line: number;
  /** Byte offsets of the four fields' starts and the row's end (before any \r). */
  fields: [number, number, number, number];
  end: number;
}

/**
 * Reads the rows straight from the file's bytes: no string per row, numbers read digit by digit. The IPv4 file has
 * ~412k rows and this runs in every process that looks an address up.
 */
function forEachAsnRow(file: string, bytes: Buffer, onRow: (row: CsvRow) => void): void {
  const row: CsvRow = { line: 0, fields: [0, 0, 0, 0], end: 0 };
  const length = bytes.length;
  let pos = 0;
  while (pos < length) {
    row.line++;
    // One pass per row: the three commas, then the newline (the name may hold commas inside quotes).
    let i = pos;
    let commas = 0;
    row.fields[0] = pos;
    for (; i < length; i++) {
      const c = bytes[i]!;
      if (c === NEWLINE) break;
      if (c === COMMA && commas < 3) row.fields[++commas] = i + 1;
    }
    if (i > pos) {
      if (commas < 3) throw new InputError(file, `line ${row.line}`, 'expected start,end,asn,organization');
      row.end = i > row.fields[3] && bytes[i - 1] === CR ? i - 1 : i;
      onRow(row);
    }
    pos = i + 1;
  }
}

/** Names are short: a loop beats a call into Buffer.compare per row. */
function sameBytes(bytes: Buffer, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let i = start, j = otherStart; i < end; i++, j++) if (bytes[i] !== bytes[j]) return false;
  return true;
}

function lineCount(bytes: Buffer): number {
  let lines = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === NEWLINE) lines++;
  return lines;
}

/** A decimal field that fits a double exactly (IPv4 addresses, AS numbers); anything else is a broken file. */
function decimalAt(file: string, bytes: Buffer, row: CsvRow, start: number, end: number, max: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) throw new InputError(file, `line ${row.line}`, 'expected a decimal number');
    value = value * 10 + digit;
  }
  if (end === start || value > max) throw new InputError(file, `line ${row.line}`, 'number missing or out of range');
  return value;
}

function bigDecimalAt(file: string, bytes: Buffer, row: CsvRow, start: number, end: number): bigint {
  const text = bytes.toString('latin1', start, end);
  if (!/^[0-9]{1,39}$/.test(text)) throw new InputError(file, `line ${row.line}`, 'expected a decimal number');
  return BigInt(text);
}

const MAX_UINT32 = 0xffffffff;

function parseV4Csv(file: string, orgs: OrgNames): AsnRanges<number> {
  const bytes = readBounded(file);
  const rows = lineCount(bytes);
  const starts = new Float64Array(rows);
  const ends = new Float64Array(rows);
  const asns = new Uint32Array(rows);
  const orgIds = new Uint32Array(rows);
  let n = 0;
  forEachAsnRow(file, bytes, (row) => {
    const [f0, f1, f2, f3] = row.fields;
    starts[n] = decimalAt(file, bytes, row, f0, f1 - 1, MAX_UINT32);
    ends[n] = decimalAt(file, bytes, row, f1, f2 - 1, MAX_UINT32);
    asns[n] = decimalAt(file, bytes, row, f2, f3 - 1, MAX_UINT32);
    orgIds[n] = orgs.idOf(asns[n]!, bytes, f3, row.end);
    n++;
  });
  orgs.endFile();
  return {
    starts: starts.subarray(0, n), ends: ends.subarray(0, n), asns: asns.subarray(0, n), orgs: orgIds.subarray(0, n), names: orgs.names,
  };
}

function parseV6Csv(file: string, orgs: OrgNames): AsnRanges<bigint> {
  const bytes = readBounded(file);
  const rows = lineCount(bytes);
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const asns = new Uint32Array(rows);
  const orgIds = new Uint32Array(rows);
  forEachAsnRow(file, bytes, (row) => {
    const [f0, f1, f2, f3] = row.fields;
    const n = starts.length;
    starts.push(bigDecimalAt(file, bytes, row, f0, f1 - 1));
    ends.push(bigDecimalAt(file, bytes, row, f1, f2 - 1));
    asns[n] = decimalAt(file, bytes, row, f2, f3 - 1, MAX_UINT32);
    orgIds[n] = orgs.idOf(asns[n]!, bytes, f3, row.end);
  });
  orgs.endFile();
  return { starts, ends, asns: asns.subarray(0, starts.length), orgs: orgIds.subarray(0, starts.length), names: orgs.names };
}

function unquote(field: string): string {
  return field.startsWith('"') && field.endsWith('"') && field.length >= 2 ? field.slice(1, -1).replaceAll('""', '"') : field;
}

/** Index of the range containing value (ranges sorted by start, non-overlapping), or -1. */
function findRange<T extends number | bigint>(starts: ArrayLike<T>, ends: ArrayLike<T>, value: T): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= value) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && value <= ends[hi]! ? hi : -1;
}
