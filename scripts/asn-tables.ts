/**
 * Build step (run by `npm run build`): the bundled ASN CSV files of @ip-location-db/asn parsed once and written in
 * binary form to dist/ip-asn/ (src/attribute/packed-asn.ts), so every process and batch thread maps them in ~10 ms
 * instead of parsing 32 MB of CSV. Each file names the CSV it came from; a stale one is ignored at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { bundledAsnCsv, bundledAsnRanges, csvIdentity, PACKED_ASN_DIR, packedAsnFile } from '../src/attribute/ipdb.js';
import { packAsn } from '../src/attribute/packed-asn.js';

mkdirSync(PACKED_ASN_DIR, { recursive: true });
for (const version of [4, 6] as const) {
  const ranges = bundledAsnRanges(version, 'csv');
  const identity = csvIdentity(bundledAsnCsv(version));
  const packed = packAsn(ranges, identity, version);
  writeFileSync(packedAsnFile(version), packed);
  console.log(`asn-tables: ${packedAsnFile(version)} (${ranges.asns.length} ranges, ${(packed.length / 1e6).toFixed(1)} MB)`);
}
