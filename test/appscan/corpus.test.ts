/** Real packages from ../shared/corpus: SDKs, manifest facts, and DEX class lists checked against Debian's dexdump. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { readDex, scanApp, type AppScan } from '../../src/appscan/index.js';
import { isInputError } from '../../src/errors.js';
import { dexdumpClassNames } from './build-fixtures.js';

const sdkIds = (scan: AppScan): string[] => scan.sdks.map((s) => s.id);

testNeeding('instapaper: Facebook SDK parts, Crashlytics/Fabric, Firebase; the ad-id client is not AdMob', { corpus: ['apk/instapaper.apk'] }, async () => {
  const scan = await scanApp(corpusFile('apk/instapaper.apk')!);
  assert.equal(scan.app.id, 'com.olivierpayen.leaninstapaper');
  assert.equal(scan.app.label, 'Lean for Instapaper'); // resolved through resources.arsc
  assert.deepEqual(sdkIds(scan), [
    'fabric-answers', 'facebook-analytics', 'facebook-login', 'facebook-places', 'facebook-share', 'firebase-analytics',
    'firebase-crashlytics', 'firebase-messaging', 'google-ad-id',
  ]);
  // Exodus reports "Google AdMob" here because its signature com.google.android.gms.ads. also covers the
  // play-services-ads-identifier library; the package holds only AdvertisingIdClient (5 classes), no ads SDK.
  const adId = scan.sdks.find((s) => s.id === 'google-ad-id')!;
  assert.equal(adId.classCount, 5);
  assert.ok(adId.evidence.includes('com.google.android.gms.ads.identifier.AdvertisingIdClient'));
  const crashlytics = scan.sdks.find((s) => s.id === 'firebase-crashlytics')!;
  assert.ok(crashlytics.evidence.every((c) => c.startsWith('com.crashlytics.android.') || c.startsWith('io.fabric.sdk.android.')));
  assert.ok(crashlytics.evidence.length <= 5 && crashlytics.classCount > 100);
  assert.ok(scan.hosts.includes('settings.crashlytics.com'));
  assert.ok(scan.hosts.includes('app-measurement.com'));
  assert.ok(scan.hosts.includes('pagead2.googlesyndication.com'));
  assert.ok(!scan.hosts.includes('schemas.android.com'), 'XML namespace URIs are not hosts');
  assert.ok(scan.permissions.includes('android.permission.INTERNET'));
  assert.equal(scan.partial, false);
});

testNeeding('Bugly demo: Tencent Bugly from classes and libBugly.so, endpoints in code', { corpus: ['apk/bugly-upgrade-demo.apk'] }, async () => {
  const scan = await scanApp(corpusFile('apk/bugly-upgrade-demo.apk')!);
  assert.deepEqual(sdkIds(scan), ['tencent-bugly']);
  const bugly = scan.sdks[0]!;
  assert.equal(bugly.entity.country, 'CN');
  assert.deepEqual(bugly.nativeLibs, ['libBugly.so']);
  assert.ok(bugly.evidence.includes('libBugly.so'));
  assert.deepEqual(scan.nativeLibs, ['libBugly.so']);
  assert.ok(scan.hosts.includes('android.bugly.qq.com') && scan.hosts.includes('rqd.uu.qq.com'));
});

testNeeding('Getui AAR: Igexin/Getui from classes.jar, text manifest read', { corpus: ['aar/getui-gtsdk-3.2.15.0.aar'] }, async () => {
  const scan = await scanApp(corpusFile('aar/getui-gtsdk-3.2.15.0.aar')!);
  assert.equal(scan.input.kind, 'aar');
  assert.equal(scan.app.id, 'com.igexin.push');
  assert.equal(scan.app.version, '3.2.15.0');
  assert.deepEqual(sdkIds(scan), ['getui-push']);
  assert.equal(scan.sdks[0]!.classCount, 448);
  assert.ok(scan.sdks[0]!.evidence.every((c) => c.startsWith('com.igexin.') || c.startsWith('com.getui.')));
  assert.ok(scan.permissions.includes('android.permission.READ_PHONE_STATE'));
  assert.ok(scan.permissions.includes('android.permission.QUERY_ALL_PACKAGES'));
  const gactivity = scan.components.find((c) => c.name === 'com.igexin.sdk.GActivity')!;
  assert.deepEqual([gactivity.exported, gactivity.exportedExplicit], [true, true]);
  const receiver = scan.components.find((c) => c.name === 'com.igexin.sdk.PushReceiver')!;
  assert.equal(receiver.exported, false, 'explicit exported=false wins over its intent filter');
  assert.ok(scan.hosts.some((h) => h.endsWith('.getui.com')));
});

for (const name of ['hello-world.apk', 'a2dp.Vol_137.apk', 'TestActivity.apk', 'duplicate.permisssions_9999999.apk']) {
  testNeeding(`negative: ${name} has no tracker SDK`, { corpus: [`apk/${name}`] }, async () => {
    const scan = await scanApp(corpusFile(`apk/${name}`)!);
    assert.deepEqual(scan.sdks, []);
    assert.ok(scan.classCount > 0);
  });
}

testNeeding('duplicate permissions are reported once, sorted', { corpus: ['apk/duplicate.permisssions_9999999.apk'] }, async () => {
  const scan = await scanApp(corpusFile('apk/duplicate.permisssions_9999999.apk')!);
  assert.deepEqual(scan.permissions, [...new Set(scan.permissions)].sort());
  assert.equal(scan.app.build, '9999999');
});

testNeeding('Invalid.apk is a well-formed package (aapt, apksigner and dexdump accept it); a truncated copy is a clear error', { corpus: ['apk/Invalid.apk'] }, async () => {
  const path = corpusFile('apk/Invalid.apk')!;
  const scan = await scanApp(path);
  assert.equal(scan.app.id, 're.androguard.android.invalid');
  assert.equal(scan.app.targetSdk, '15'); // androguard's own test expects 15 for this file
  const bytes = readFileSync(path);
  const cut = join(mkdtempSync(join(tmpdir(), 'telltale-cut-')), 'Invalid-truncated.apk');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(scanApp(cut), (e: unknown) => isInputError(e) && /Invalid-truncated\.apk.*(truncated|not a zip)/.test((e as Error).message));
});

testNeeding('bare DEX file: the class list equals dexdump', { corpus: ['dex/classes.dex'], tools: ['dexdump'] }, async () => {
  const path = corpusFile('dex/classes.dex')!;
  const scan = await scanApp(path);
  assert.equal(scan.input.kind, 'dex');
  const ours = readDex(readFileSync(path), path).classNames;
  assert.deepEqual(ours, dexdumpClassNames(path));
  assert.equal(scan.classCount, ours.length);
});

const CORPUS_APKS = ['instapaper.apk', 'bugly-upgrade-demo.apk', 'hello-world.apk', 'a2dp.Vol_137.apk', 'TestActivity.apk', 'Invalid.apk',
  'duplicate.permisssions_9999999.apk'];
testNeeding('every corpus package: DEX class counts equal dexdump', { corpus: CORPUS_APKS.map((n) => `apk/${n}`), tools: ['dexdump'] }, async () => {
  for (const name of CORPUS_APKS) {
    const path = corpusFile(`apk/${name}`)!;
    const scan = await scanApp(path);
    const dexClasses = scan.codeFiles.filter((f) => f.kind === 'dex').reduce((n, f) => n + f.classes, 0);
    assert.equal(dexClasses, dexdumpClassNames(path).length, name);
  }
});
