/**
 * The generated seed app (test/helpers/android-writers.ts) is what the hostile-input and fuzz tests start from when
 * no corpus is at hand: here tools we did not write — dexdump and aapt — vouch for it, and the scanner reads it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { readDex, scanApp } from '../../src/appscan/index.js';
import { SEED_CLASSES, seedApp } from '../helpers/android-writers.js';
import { testNeeding } from '../helpers/needs.js';
import { dexdumpClassNames, workDir } from './build-fixtures.js';

const dir = workDir('writers');
const seed = seedApp();
const dexPath = join(dir, 'classes.dex');
writeFileSync(dexPath, seed.dex);
const apkPath = join(dir, 'seed.apk');
writeFileSync(apkPath, zipSync({ 'AndroidManifest.xml': seed.manifest, 'classes.dex': seed.dex, 'resources.arsc': seed.arsc }));

testNeeding('generated DEX: dexdump lists the classes we wrote, and so does readDex', { tools: ['dexdump'] }, () => {
  const expected = [...SEED_CLASSES].sort();
  assert.deepEqual(dexdumpClassNames(dexPath), expected);
  assert.deepEqual(readDex(seed.dex, 'classes.dex').classNames, expected);
});

testNeeding('generated manifest and resources.arsc: aapt reads package, version, permissions and the label reference', { tools: ['aapt'] }, () => {
  const badging = execFileSync('aapt', ['dump', 'badging', apkPath], { encoding: 'utf8' });
  assert.match(badging, /^package: name='org\.example\.seed' versionCode='7' versionName='1\.2\.3'/m);
  assert.match(badging, /^application-label:'Seed App'$/m);
  assert.match(badging, /^uses-permission: name='android\.permission\.READ_PHONE_STATE'$/m);
  assert.match(badging, /^targetSdkVersion:'29'$/m);
});

test('the scanner reads the generated app like aapt and dexdump do', async () => {
  const scan = await scanApp(apkPath);
  assert.deepEqual([scan.app.id, scan.app.version, scan.app.label, scan.app.targetSdk], ['org.example.seed', '1.2.3', 'Seed App', '29']);
  assert.deepEqual(scan.permissions, ['android.permission.INTERNET', 'android.permission.READ_PHONE_STATE']);
  assert.equal(scan.classCount, SEED_CLASSES.length);
  assert.deepEqual(scan.sdks.map((s) => s.id), ['umeng-analytics']);
  assert.deepEqual(scan.hosts, ['ulogs.umeng.com']);
});
