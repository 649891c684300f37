/**
 * Hostile packages: zip-slip names, zip bombs (ratio, lying sizes, total budget), truncated DEX, broken AXML pools.
 * The damaged files start from a generated app (test/helpers/android-writers.ts, vouched for by dexdump and aapt in
 * writers.test.ts), so these run without the corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { SEED_CLASSES, seedApp } from '../helpers/android-writers.js';
import { parseAxml, readDex, scanApp } from '../../src/appscan/index.js';
import { isInputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-hostile-'));
let counter = 0;
function writeZip(files: Zippable, level: 0 | 9 = 9): string {
  const path = join(dir, `case-${counter++}.apk`);
  writeFileSync(path, zipSync(files, { level }));
  return path;
}

const LIMITS = { maxPoolStrings: 1000, maxXmlElements: 1000 };

test('zip-slip entry name is a clear InputError naming the entry', async () => {
  const path = writeZip({ 'classes.dex': new Uint8Array(8), '../../etc/evil.dex': new Uint8Array(8) });
  await assert.rejects(scanApp(path, { displayName: 'slip.apk' }),
    (e: unknown) => isInputError(e) && /^slip\.apk \(entry 1\): unsafe entry name \(zip-slip\)/.test((e as Error).message));
});

test('absolute entry names are refused too', async () => {
  const path = writeZip({ '/abs/classes.dex': new Uint8Array(8) });
  await assert.rejects(scanApp(path), (e: unknown) => isInputError(e) && /zip-slip/.test((e as Error).message));
});

test('zip bomb by ratio: entry skipped before inflating, result marked partial', async () => {
  const dex = seedApp().dex;
  const path = writeZip({ 'classes.dex': dex, 'classes2.dex': new Uint8Array(24 * 1024 * 1024) });
  const scan = await scanApp(path);
  assert.equal(scan.partial, true);
  assert.ok(scan.warnings.some((w) => /^classes2\.dex: skipped, compression ratio \d+:1 exceeds 200:1/.test(w)), scan.warnings.join('\n'));
  assert.equal(scan.classCount, SEED_CLASSES.length, 'the good DEX is still read');
});

test('zip bomb with a lying header: inflation stops at the declared size', async () => {
  const dex = seedApp().dex;
  const zip = Buffer.from(zipSync({ 'classes.dex': dex, 'classes2.dex': new Uint8Array(4 * 1024 * 1024) }, { level: 9 }));
  // Rewrite classes2.dex's uncompressed size to 1000 bytes in both the local header and the central directory.
  const name = Buffer.from('classes2.dex');
  for (let at = zip.indexOf(name); at >= 0; at = zip.indexOf(name, at + 1)) {
    if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(1000, at - 30 + 22);
    if (zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(1000, at - 46 + 24);
  }
  const path = join(dir, 'lying.apk');
  writeFileSync(path, zip);
  const scan = await scanApp(path);
  assert.equal(scan.partial, true);
  assert.ok(scan.warnings.some((w) => w.startsWith('classes2.dex: skipped')), scan.warnings.join('\n'));
  assert.equal(scan.classCount, SEED_CLASSES.length);
});

test('total inflation budget across entries (overlapping-entry bombs)', async () => {
  const dex = seedApp().dex;
  const path = writeZip({ 'classes.dex': dex, 'classes2.dex': dex, 'classes3.dex': dex }, 0);
  const scan = await scanApp(path, { maxTotalBytes: dex.length * 2 });
  assert.equal(scan.partial, true);
  assert.ok(scan.warnings.some((w) => /^classes3\.dex: skipped, total inflated bytes would exceed/.test(w)));
});

test('truncated DEX: header cut → clear error; tables cut → bounded partial list', async () => {
  const dex = seedApp().dex;
  assert.throws(() => readDex(dex.subarray(0, 50), 'cut.dex'), (e: unknown) => isInputError(e) && /cut\.dex \(byte 50\): truncated DEX header/.test((e as Error).message));
  // Cut inside the string data (after the class table): some names resolve, the rest are reported missing.
  const half = readDex(dex.subarray(0, Math.floor(dex.length * 0.8)), 'half.dex');
  assert.ok(half.warnings.length > 0);
  assert.ok(half.classNames.length > 0 && half.classNames.length < SEED_CLASSES.length, `${half.classNames.length}`);
  const path = writeZip({ 'classes.dex': dex.subarray(0, Math.floor(dex.length * 0.8)) });
  const scan = await scanApp(path);
  assert.equal(scan.partial, true);
  assert.ok(scan.warnings.some((w) => w.startsWith('classes.dex: ')), scan.warnings.join('\n'));
  const cutFile = join(dir, 'cut.dex');
  writeFileSync(cutFile, dex.subarray(0, 60));
  await assert.rejects(scanApp(cutFile), (e: unknown) => isInputError(e) && /truncated DEX header/.test((e as Error).message));
});

function realManifest(): Buffer {
  return Buffer.from(seedApp().manifest);
}

test('AXML with an oversized string pool count: bounded, partial, still parsed', () => {
  const axml = realManifest();
  assert.equal(parseAxml(axml, 'm.xml', LIMITS).warnings.length, 0);
  axml.writeUInt32LE(0x7fffffff, 8 + 8); // stringCount of the first chunk (the pool)
  const parsed = parseAxml(axml, 'm.xml', LIMITS);
  assert.ok(parsed.warnings.some((w) => /declares 2147483647 strings/.test(w)), parsed.warnings.join('\n'));
  assert.equal(parsed.root?.name, 'manifest');
});

test('AXML with a zero-size (cyclic) chunk: walking stops, the scan gives a clear error', async () => {
  const axml = realManifest();
  const poolSize = axml.readUInt32LE(8 + 4);
  axml.writeUInt32LE(0, 8 + poolSize + 4); // the chunk after the pool claims size 0: would never advance
  const parsed = parseAxml(axml, 'm.xml', LIMITS);
  assert.ok(parsed.warnings.some((w) => /invalid size \(0\)/.test(w)));
  assert.equal(parsed.root, null);
  const path = writeZip({ 'AndroidManifest.xml': axml, 'classes.dex': new Uint8Array(0) });
  await assert.rejects(scanApp(path, { displayName: 'cyclic.apk' }),
    (e: unknown) => isInputError(e) && /^cyclic\.apk \(AndroidManifest\.xml\): AndroidManifest\.xml has no <manifest> root/.test((e as Error).message));
});

test('AXML element limit is enforced', () => {
  const parsed = parseAxml(realManifest(), 'm.xml', { maxPoolStrings: 1000, maxXmlElements: 2 });
  assert.ok(parsed.warnings.some((w) => /more than 2 elements/.test(w)));
  assert.equal(parsed.root?.children.length, 1);
});

test('nested archives are followed to the depth limit and no further', async () => {
  const cls = new Uint8Array([0xca, 0xfe, 0xba, 0xbe]);
  const level3 = zipSync({ 'com/igexin/deep/Hidden.class': cls });
  const level2 = zipSync({ 'com/igexin/sdk/PushManager.class': cls, 'inner.jar': level3 });
  const level1 = zipSync({ 'com/example/App.class': cls, 'assets/plugin.jar': level2 });
  const path = writeZip({ 'classes.jar': level1 });
  const scan = await scanApp(path);
  assert.deepEqual(scan.sdks.map((s) => [s.id, s.classCount]), [['getui-push', 1]]);
  assert.ok(scan.warnings.some((w) => /classes\.jar!\/assets\/plugin\.jar!\/inner\.jar: nested archive not opened \(depth limit 2\)/.test(w)), scan.warnings.join('\n'));
});

test('not a package at all: clear error', async () => {
  const path = join(dir, 'notes.apk');
  writeFileSync(path, 'just some text, not a zip');
  await assert.rejects(scanApp(path), (e: unknown) => isInputError(e) && /notes\.apk \(byte 0\): unsupported package/.test((e as Error).message));
  await assert.rejects(scanApp(join(dir, 'missing.apk')), (e: unknown) => isInputError(e) && /file not found/.test((e as Error).message));
  const emptyZip = writeZip({ 'readme.txt': new Uint8Array([0x61]) });
  await assert.rejects(scanApp(emptyZip), (e: unknown) => isInputError(e) && /no app content found/.test((e as Error).message));
});
