/**
 * IP → country and IP → autonomous system, from databases shipped in npm packages (see docs/ip-database.md):
 *   country: @ip-location-db/geo-whois-asn-country-mmdb (GeoFeed > RIR whois > ASN country; NRO data, CC BY 4.0)
 *   ASN:     @ip-location-db/asn (RouteViews + RIR + DB-IP ASN Lite; CC BY 4.0)
 * Both load lazily, on the first lookup that needs them. A user may point at fresher MMDB files instead
 * (GeoIP2/GeoLite2 Country or ASN layouts, or ip-location-db's own).
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Reader } from 'mmdb-lib';
import { InputError } from '../errors.js';
import { embeddedIpv4, ipv4Text, type ParsedIp } from './ip.js';
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
      countryReader ??= openMmdb(options.countryMmdb ?? bundledCountryFile());
      return countryOfRecord(countryReader.get(textForMmdb(ip)));
    },
    asn(ip) {
      if (!asnLookup) {
        if (options.asnMmdb) {
          const reader = openMmdb(options.asnMmdb);
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
  rows: number;
}

let bundledAsn: AsnTable | null = null;

function loadBundledAsnTable(): AsnTable {
  if (bundledAsn) return bundledAsn;
  const v4File = require.resolve('@ip-location-db/asn/asn-ipv4-num.csv');
  const v6File = require.resolve('@ip-location-db/asn/asn-ipv6-num.csv');
  const orgs = new Interner();
  const v4 = parseV4Csv(v4File, orgs);
  const v6 = parseV6Csv(v6File, orgs);
  orgs.seal();
  bundledAsn = {
    rows: v4.starts.length + v6.starts.length,
    lookup(ip) {
      const mapped = ip.version === 4 ? ip.value : embeddedIpv4(ip);
      const hit = mapped !== null ? findRange(v4.starts, v4.ends, mapped) : findRange(v6.starts, v6.ends, ip.value as bigint);
      if (hit < 0) return null;
      const table = mapped !== null ? v4 : v6;
      return { number: table.asns[hit]!, org: orgs.get(table.orgs[hit]!) };
    },
  };
  return bundledAsn;
}

class Interner {
  private readonly index = new Map<string, number>();
  private readonly values: string[] = [];
  add(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
  get(i: number): string | null {
    return this.values[i] || null;
  }
  /** Drops the lookup map once loading is done; the values stay. */
  seal(): void {
    this.index.clear();
  }
}

/**
 * Parses "start,end,asn,org" rows (org may be double-quoted with "" escapes) straight from the text, without a
 * per-row generator or split: the IPv4 file has ~400k rows and this runs on the first ASN lookup.
 */
function parseAsnCsv<T>(file: string, orgs: Interner, toNumber: (text: string) => T) {
  const text = readBounded(file).toString('utf8');
  const starts: T[] = [];
  const ends: T[] = [];
  const asns: number[] = [];
  const orgIds: number[] = [];
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    line++;
    if (nl > pos) {
      const c1 = text.indexOf(',', pos);
      const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
      const c3 = c2 < 0 ? -1 : text.indexOf(',', c2 + 1);
      if (c3 < 0 || c3 > nl) throw new InputError(file, `line ${line}`, 'expected start,end,asn,organization');
      starts.push(toNumber(text.slice(pos, c1)));
      ends.push(toNumber(text.slice(c1 + 1, c2)));
      asns.push(Number(text.slice(c2 + 1, c3)));
      orgIds.push(orgs.add(unquote(text.slice(c3 + 1, nl))));
    }
    pos = nl + 1;
  }
  return { starts, ends, asns: Uint32Array.from(asns), orgs: Uint32Array.from(orgIds) };
}

function unquote(field: string): string {
  const trimmed = field.endsWith('\r') ? field.slice(0, -1) : field;
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replaceAll('""', '"') : trimmed;
}

function parseV4Csv(file: string, orgs: Interner) {
  const rows = parseAsnCsv(file, orgs, Number);
  return { ...rows, starts: Float64Array.from(rows.starts), ends: Float64Array.from(rows.ends) };
}

function parseV6Csv(file: string, orgs: Interner) {
  return parseAsnCsv(file, orgs, BigInt);
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
