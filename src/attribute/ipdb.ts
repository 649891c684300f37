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

/** The bundled ASN tables (IPv4 and IPv6 ranges, each loaded on its first lookup). */
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
 * read when it matches the installed CSV (~20 ms); otherwise the CSV is parsed (~0.4 s for IPv4), with the same result.
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
export function bundledAsnRanges(version: 4 | 6, from: 'packed-or-csv' | 'csv'): AsnRanges<number> | AsnRanges<bigint>;
export function bundledAsnRanges(version: 4 | 6, from: 'packed-or-csv' | 'csv'): AsnRanges<number> | AsnRanges<bigint> {
  const csv = bundledAsnCsv(version);
  if (from === 'packed-or-csv') {
    const packed = readPackedAsn(packedAsnFile(version), csvIdentity(csv), version);
    if (packed !== null) return packed;
  }
  return version === 4 ? parseV4Csv(csv) : parseV6Csv(csv);
}

function rangeInfo(table: AsnRanges<number | bigint>, hit: number): AsnInfo | null {
  return hit < 0 ? null : { number: table.asns[hit]!, org: table.names[table.orgs[hit]!] || null };
}

export function bundledAsnCsv(version: 4 | 6): string {
  return require.resolve(version === 4 ? BUNDLED_ASN.v4 : BUNDLED_ASN.v6);
}

export function packedAsnFile(version: 4 | 6): string {
  return join(PACKED_ASN_DIR, `asn-ipv${version}.bin`);
}

/** What names the CSV a packed table was made from: its package's version and its size. */
export function csvIdentity(csv: string): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${BUNDLED_ASN.package}/package.json`), 'utf8')) as { version?: unknown };
  return `${BUNDLED_ASN.package}@${String(pkg.version)}/${basename(csv)}/${statSync(csv).size}`;
}

/** Organisation names, interned while a CSV is read (84k names over 515k rows). */
class OrgNames {
  private readonly byText = new Map<string, number>();
  readonly names: string[] = [];

  idOf(name: string): number {
    let id = this.byText.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.byText.set(name, id);
    }
    return id;
  }
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const CR = 0x0d;
const MAX_UINT32 = 0xffffffff;

/**
 * Parses "start,end,asn,org" rows (org may be double-quoted with "" escapes) from the file's bytes, one pass per row.
 * Only for the build (scripts/asn-tables.ts) and when the packed table does not match the installed CSV.
 */
function parseAsnCsv<T extends number | bigint>(file: string, address: (text: string) => T | null): AsnRanges<T> {
  const bytes = readBounded(file);
  const orgs = new OrgNames();
  const starts: T[] = [];
  const ends: T[] = [];
  const asns: number[] = [];
  const orgIds: number[] = [];
  const field = <V>(line: number, from: number, to: number, parse: (text: string) => V | null): V => {
    const text = bytes.toString('latin1', from, to);
    const value = parse(text);
    if (value === null) throw new InputError(file, `line ${line}`, `expected a decimal number, not "${text.slice(0, 40)}"`);
    return value;
  };
  let line = 0;
  for (let pos = 0; pos < bytes.length;) {
    line++;
    let end = bytes.indexOf(NEWLINE, pos);
    if (end < 0) end = bytes.length;
    if (end > pos) {
      const c1 = bytes.indexOf(COMMA, pos);
      const c2 = c1 < 0 || c1 > end ? -1 : bytes.indexOf(COMMA, c1 + 1);
      const c3 = c2 < 0 || c2 > end ? -1 : bytes.indexOf(COMMA, c2 + 1);
      if (c3 < 0 || c3 > end) throw new InputError(file, `line ${line}`, 'expected start,end,asn,organization');
      const nameEnd = end > c3 + 1 && bytes[end - 1] === CR ? end - 1 : end;
      starts.push(field(line, pos, c1, address));
      ends.push(field(line, c1 + 1, c2, address));
      asns.push(field(line, c2 + 1, c3, uint32));
      orgIds.push(orgs.idOf(unquote(bytes.toString('utf8', c3 + 1, nameEnd))));
    }
    pos = end + 1;
  }
  return { starts, ends, asns: Uint32Array.from(asns), orgs: Uint32Array.from(orgIds), names: orgs.names };
}

const UINT32_DECIMAL = /^[0-9]{1,10}$/;
const UINT128_DECIMAL = /^[0-9]{1,39}$/;

/** An IPv4 address or an AS number in decimal; null when the text is not one. */
function uint32(text: string): number | null {
  return UINT32_DECIMAL.test(text) && Number(text) <= MAX_UINT32 ? Number(text) : null;
}

function parseV4Csv(file: string): AsnRanges<number> {
  const rows = parseAsnCsv(file, uint32);
  return { ...rows, starts: Uint32Array.from(rows.starts), ends: Uint32Array.from(rows.ends) };
}

function parseV6Csv(file: string): AsnRanges<bigint> {
  return parseAsnCsv(file, (text) => (UINT128_DECIMAL.test(text) ? BigInt(text) : null));
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
