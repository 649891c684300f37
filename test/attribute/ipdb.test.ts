import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_ASN, bundledAsnRanges, csvIdentity, openIpDatabases, packedAsnFile } from '../../src/attribute/ipdb.js';
import { packAsn, readPackedAsn, type AsnRanges } from '../../src/attribute/packed-asn.js';
import { parseIp } from '../../src/attribute/ip.js';
import { isInputError } from '../../src/errors.js';

const require = createRequire(import.meta.url);
const V4_CSV = require.resolve('@ip-location-db/asn/asn-ipv4-num.csv');
const V6_CSV = require.resolve('@ip-location-db/asn/asn-ipv6-num.csv');
const COUNTRY_MMDB = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');

const ip = (text: string) => {
  const parsed = parseIp(text);
  assert.ok(parsed, text);
  return parsed;
};

/** An independent reading of one CSV row: split on the first three commas, then undo CSV quoting. */
function referenceRow(line: string): { start: string; end: string; asn: number; org: string } {
  const [start, end, asn] = line.split(',', 3) as [string, string, string];
  const rest = line.slice(start.length + end.length + asn.length + 3).replace(/\r$/, '');
  const org = rest.startsWith('"') && rest.endsWith('"') ? rest.slice(1, -1).split('""').join('"') : rest;
  return { start, end, asn: Number(asn), org };
}

function everyNthRow(file: string, n: number): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((line, i) => line !== '' && i % n === 0);
}

const v4Text = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const v6Text = (n: bigint) => n.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');

test('bundled ASN table: both ends of sampled IPv4 and IPv6 rows answer with the row\'s number and organisation', () => {
  const db = openIpDatabases();
  let checked = 0;
  for (const line of everyNthRow(V4_CSV, 401)) {
    const row = referenceRow(line);
    for (const at of [Number(row.start), Number(row.end)]) {
      assert.deepEqual(db.asn(ip(v4Text(at))), { number: row.asn, org: row.org || null }, `${line} at ${v4Text(at)}`);
      checked++;
    }
  }
  for (const line of everyNthRow(V6_CSV, 101)) {
    const row = referenceRow(line);
    for (const at of [BigInt(row.start), BigInt(row.end)]) {
      assert.deepEqual(db.asn(ip(v6Text(at))), { number: row.asn, org: row.org || null }, `${line} at ${v6Text(at)}`);
      checked++;
    }
  }
  assert.ok(checked > 3000, `only ${checked} addresses checked`);
});

test('bundled ASN table: quoted names with commas and doubled quotes, mapped IPv4, and unrouted space', () => {
  const db = openIpDatabases();
  assert.deepEqual(db.asn(ip('1.1.1.1')), { number: 13335, org: 'Cloudflare, Inc.' });
  assert.deepEqual(db.asn(ip('::ffff:1.1.1.1')), { number: 13335, org: 'Cloudflare, Inc.' });
  assert.deepEqual(db.asn(ip('2001:470::1')), { number: 6939, org: 'Hurricane Electric LLC' });
  const quoted = readFileSync(V4_CSV, 'utf8').split('\n').find((line) => line.includes('""'));
  assert.ok(quoted, 'the bundled IPv4 file has a name with doubled quotes');
  const row = referenceRow(quoted);
  assert.match(row.org, /"/);
  assert.deepEqual(db.asn(ip(v4Text(Number(row.start)))), { number: row.asn, org: row.org });
  assert.equal(db.asn(ip('0.0.0.1')), null);
});

test('a country database is read once per thread, and again when the file on disk is replaced', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-mmdb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'country.mmdb');
  copyFileSync(COUNTRY_MMDB, file);
  // A whole-second time, so it can be set again exactly below.
  const time = new Date('2026-01-01T00:00:00Z');
  utimesSync(file, time, time);
  assert.equal(openIpDatabases({ countryMmdb: file }).country(ip('8.8.8.8')), 'US');
  assert.equal(openIpDatabases({ countryMmdb: file }).country(ip('1.1.1.1')), 'AU');
  // Read once: bytes overwritten in place with the same size and time are not read again (a batch thread's later
  // inputs use the reader of its first); only a file that looks replaced is.
  writeFileSync(file, Buffer.alloc(statSync(file).size, 0x20));
  utimesSync(file, time, time);
  assert.equal(openIpDatabases({ countryMmdb: file }).country(ip('8.8.8.8')), 'US');
  // Replaced by a broken file (other size, other time): the next analysis must see it, not the reader kept before.
  writeFileSync(file, 'not a database');
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.throws(() => openIpDatabases({ countryMmdb: file }).country(ip('8.8.8.8')),
    (e: unknown) => isInputError(e) && /country\.mmdb.*not a readable MMDB file/.test((e as Error).message));
});

function rowsOf(ranges: AsnRanges<number> | AsnRanges<bigint>): string[] {
  return Array.from(ranges.asns, (asn, i) =>
    `${String(ranges.starts[i])}-${String(ranges.ends[i])} ${asn} ${ranges.names[ranges.orgs[i]!] ?? ''}`);
}

test('the packed ASN tables the build wrote hold exactly the rows of the CSV files', () => {
  for (const version of [4, 6] as const) {
    const csv = require.resolve(version === 4 ? BUNDLED_ASN.v4 : BUNDLED_ASN.v6);
    const packed = readPackedAsn(packedAsnFile(version), csvIdentity(csv), version);
    assert.ok(packed, `${packedAsnFile(version)} missing or stale: run npm run build`);
    const parsed = bundledAsnRanges(version as 4, 'csv') as AsnRanges<number> | AsnRanges<bigint>;
    assert.deepEqual(rowsOf(packed), rowsOf(parsed), `IPv${version}`);
  }
});

test('a packed table made from other CSV bytes, cut short, or not a table at all is not used', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-asn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ranges: AsnRanges<number> = {
    starts: [16, 300], ends: [255, 400], asns: Uint32Array.of(64500, 64501), orgs: Uint32Array.of(0, 1), names: ['A, "B"', 'C'],
  };
  const file = join(dir, 'asn-ipv4.bin');
  const bytes = packAsn(ranges, 'pkg@1/asn-ipv4-num.csv/100', 4);
  writeFileSync(file, bytes);
  assert.deepEqual(rowsOf(readPackedAsn(file, 'pkg@1/asn-ipv4-num.csv/100', 4)!), ['16-255 64500 A, "B"', '300-400 64501 C']);
  assert.equal(readPackedAsn(file, 'pkg@2/asn-ipv4-num.csv/100', 4), null, 'another package version');
  assert.equal(readPackedAsn(file, 'pkg@1/asn-ipv4-num.csv/101', 4), null, 'another CSV size');
  assert.equal(readPackedAsn(file, 'pkg@1/asn-ipv4-num.csv/100', 6), null, 'another address family');
  writeFileSync(file, bytes.subarray(0, bytes.length - 4));
  assert.equal(readPackedAsn(file, 'pkg@1/asn-ipv4-num.csv/100', 4), null, 'cut short');
  writeFileSync(file, 'start,end,asn,org\n');
  assert.equal(readPackedAsn(file, 'pkg@1/asn-ipv4-num.csv/100', 4), null, 'not a table');
  assert.equal(readPackedAsn(join(dir, 'absent.bin'), 'pkg@1/asn-ipv4-num.csv/100', 4), null, 'absent');
});
