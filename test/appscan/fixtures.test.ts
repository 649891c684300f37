/**
 * Umeng and Baidu APKs (no real ones could be found) built here with Debian's smali/aapt/zipalign/apksigner and
 * validated with dexdump / aapt before the scanner reads them; an App Bundle with aapt2's proto manifest; an IPA with
 * a binary Info.plist written by Python's plistlib and a Mach-O assembled by llvm-mc.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { scanApp } from '../../src/appscan/index.js';
import {
  aaptBadging, assembleDex, buildApk, dexdumpClassNames, FRAMEWORK_RES, workDir, type SmaliClass,
} from './build-fixtures.js';
import { testNeeding } from '../helpers/needs.js';

const ANDROID_TOOLS = { tools: ['smali', 'aapt', 'zipalign', 'apksigner', 'keytool', 'dexdump'], files: [FRAMEWORK_RES] };

const UMENG_CLASSES: SmaliClass[] = [
  { name: 'com.umeng.analytics.MobclickAgent' },
  { name: 'com.umeng.analytics.pro.a' },
  { name: 'com.umeng.commonsdk.UMConfigure' },
  { name: 'com.umeng.commonsdk.statistics.UMServerURL', strings: ['https://ulogs.umeng.com', 'https://ulogs.umengcloud.com', 'alogus.umeng.com'] },
  { name: 'com.umeng.message.PushAgent' },
  { name: 'org.example.umengdemo.MainActivity', strings: ['https://api.example.org/v1/feed'] },
  // Decoys: same leading characters, different packages — anchored matching must ignore them.
  { name: 'com.umengx.Fake' },
  { name: 'com.google.adsense.Widget' },
];

const UMENG_MANIFEST = `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="org.example.umengdemo"
    android:versionCode="7" android:versionName="1.2.3">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="29"/>
  <uses-permission android:name="android.permission.INTERNET"/>
  <uses-permission android:name="android.permission.READ_PHONE_STATE"/>
  <uses-permission android:name="android.permission.ACCESS_WIFI_STATE"/>
  <uses-permission android:name="android.permission.READ_PHONE_STATE"/>
  <application android:label="@string/app_name" android:usesCleartextTraffic="true">
    <activity android:name=".MainActivity">
      <intent-filter><action android:name="android.intent.action.MAIN"/><category android:name="android.intent.category.LAUNCHER"/></intent-filter>
    </activity>
    <service android:name="com.umeng.message.UmengIntentService" android:exported="true"/>
    <receiver android:name="com.umeng.message.NotificationProxyBroadcastReceiver" android:exported="false"/>
  </application>
</manifest>
`;

testNeeding('Umeng APK built with smali + aapt: dexdump and aapt agree, scanner finds Umeng and its endpoints', ANDROID_TOOLS, async () => {
  const apk = buildApk({ manifest: UMENG_MANIFEST, classes: UMENG_CLASSES, strings: { app_name: 'Umeng Demo' } });
  const dexdump = dexdumpClassNames(apk);
  assert.equal(dexdump.length, UMENG_CLASSES.length);
  const badging = aaptBadging(apk);
  assert.match(badging, /package: name='org\.example\.umengdemo' versionCode='7' versionName='1\.2\.3'/);

  const scan = await scanApp(apk);
  assert.deepEqual(scan.app, { platform: 'android', id: 'org.example.umengdemo', version: '1.2.3', build: '7', minSdk: '21', targetSdk: '29', label: 'Umeng Demo' });
  assert.deepEqual(scan.sdks.map((s) => s.id), ['umeng-analytics', 'umeng-push']);
  const analytics = scan.sdks[0]!;
  assert.equal(analytics.classCount, 4);
  assert.deepEqual(analytics.evidence, ['com.umeng.analytics.MobclickAgent', 'com.umeng.analytics.pro.a', 'com.umeng.commonsdk.UMConfigure', 'com.umeng.commonsdk.statistics.UMServerURL']);
  assert.equal(analytics.entity.id, 'umeng');
  assert.equal(scan.classCount, dexdump.length);
  assert.deepEqual(scan.permissions, ['android.permission.ACCESS_WIFI_STATE', 'android.permission.INTERNET', 'android.permission.READ_PHONE_STATE']);
  assert.deepEqual(scan.components.map((c) => [c.kind, c.name, c.exported, c.exportedExplicit]), [
    ['activity', 'org.example.umengdemo.MainActivity', true, false],
    ['receiver', 'com.umeng.message.NotificationProxyBroadcastReceiver', false, true],
    ['service', 'com.umeng.message.UmengIntentService', true, true],
  ]);
  assert.equal(scan.usesCleartextTraffic, true);
  assert.deepEqual(scan.hosts, ['alogus.umeng.com', 'api.example.org', 'ulogs.umeng.com', 'ulogs.umengcloud.com']);
  assert.equal(scan.hostsInCode.find((h) => h.host === 'alogus.umeng.com')!.via, 'string');
  assert.equal(scan.partial, false);
  // Same bytes in, same JSON out.
  assert.equal(JSON.stringify(await scanApp(apk)), JSON.stringify(scan));
});

testNeeding('Baidu APK: mobstat, location (class + native lib), ads; location permission read', ANDROID_TOOLS, async () => {
  const nativeLib = Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(64), Buffer.from('http://loc.map.baidu.com/sdk.php\0'), Buffer.alloc(32)]);
  const apk = buildApk({
    manifest: `<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="org.example.baidudemo" android:versionCode="3" android:versionName="0.3">
  <uses-sdk android:minSdkVersion="19" android:targetSdkVersion="30"/>
  <uses-permission android:name="android.permission.ACCESS_FINE_LOCATION"/>
  <application android:label="Baidu Demo"><service android:name="com.baidu.location.f" android:process=":remote"/></application>
</manifest>
`,
    classes: [
      { name: 'com.baidu.mobstat.StatService', strings: ['https://hmma.baidu.com/app.gif'] },
      { name: 'com.baidu.location.LocationClient' },
      { name: 'com.baidu.location.f' },
      { name: 'com.baidu.mobads.AdView', strings: ['https://mobads.baidu.com/cpro/ui/mads.php'] },
      { name: 'com.baidumap.NotBaidu' },
    ],
    files: { 'lib/armeabi-v7a/liblocSDK8a.so': nativeLib },
  });
  assert.equal(dexdumpClassNames(apk).length, 5);
  assert.match(aaptBadging(apk), /uses-permission: name='android\.permission\.ACCESS_FINE_LOCATION'/);
  const scan = await scanApp(apk);
  assert.deepEqual(scan.sdks.map((s) => [s.id, s.classCount]), [['baidu-location', 2], ['baidu-mobads', 1], ['baidu-mobstat', 1]]);
  assert.deepEqual(scan.sdks[0]!.nativeLibs, ['liblocSDK8a.so']);
  assert.ok(scan.sdks.every((s) => s.entity.id === 'baidu' && s.entity.country === 'CN'));
  assert.deepEqual(scan.hosts, ['hmma.baidu.com', 'loc.map.baidu.com', 'mobads.baidu.com']);
  assert.deepEqual(scan.hostsInCode.find((h) => h.host === 'loc.map.baidu.com')!.files, ['lib/armeabi-v7a/liblocSDK8a.so']);
  assert.deepEqual(scan.components, [{ kind: 'service', name: 'com.baidu.location.f', exported: false, exportedExplicit: false }]);
});

testNeeding('App Bundle: proto manifest (aapt2) and base/dex are read', { tools: ['smali', 'aapt2', 'dexdump'], files: [FRAMEWORK_RES] }, async () => {
  const dir = workDir('aab');
  writeFileSync(join(dir, 'AndroidManifest.xml'), UMENG_MANIFEST.replace('@string/app_name', 'Bundle Demo'));
  execFileSync('aapt2', ['link', '--proto-format', '--manifest', join(dir, 'AndroidManifest.xml'), '-I', FRAMEWORK_RES, '-o', join(dir, 'proto.apk')], { stdio: 'pipe' });
  const dump = execFileSync('aapt2', ['dump', 'xmltree', '--file', 'AndroidManifest.xml', join(dir, 'proto.apk')], { encoding: 'utf8' });
  assert.match(dump, /org\.example\.umengdemo/);
  assembleDex(UMENG_CLASSES, join(dir, 'classes.dex'));
  const protoManifest = unzipSync(readFileSync(join(dir, 'proto.apk')))['AndroidManifest.xml']!;
  const aab = join(dir, 'app.aab');
  writeFileSync(aab, zipSync({
    'base/manifest/AndroidManifest.xml': protoManifest,
    'base/dex/classes.dex': readFileSync(join(dir, 'classes.dex')),
    'BundleConfig.pb': new Uint8Array([0]),
  }));
  const scan = await scanApp(aab);
  assert.equal(scan.input.kind, 'aab');
  assert.deepEqual([scan.app.id, scan.app.version, scan.app.build, scan.app.targetSdk], ['org.example.umengdemo', '1.2.3', '7', '29']);
  assert.deepEqual(scan.sdks.map((s) => s.id), ['umeng-analytics', 'umeng-push']);
  assert.equal(scan.permissions.length, 3);
  assert.equal(scan.components.length, 3);
});

testNeeding('IPA: binary Info.plist (plistlib), Mach-O classes (llvm-mc), frameworks, ATS, hosts', { tools: ['python3', 'llvm-mc', 'llvm-objdump'] }, async () => {
  const dir = workDir('ipa');
  const asm = (classes: string[], strings: string[]): string => [
    '\t.section __TEXT,__objc_classname,cstring_literals', ...classes.map((c) => `\t.asciz "${c}"`),
    '\t.section __TEXT,__cstring,cstring_literals', ...strings.map((s) => `\t.asciz "${s}"`), '',
  ].join('\n');
  const assemble = (name: string, source: string): Buffer => {
    writeFileSync(join(dir, `${name}.s`), source);
    execFileSync('llvm-mc', ['-triple=arm64-apple-ios14.0', '-filetype=obj', '-o', join(dir, `${name}.o`), join(dir, `${name}.s`)]);
    return readFileSync(join(dir, `${name}.o`));
  };
  const main = assemble('main', asm(['AppDelegate', 'FIRAnalytics', 'GADBannerView', '_TtC7DemoApp14ViewController', 'GADGETSView'], ['https://api.demo-app.com/v2/login', 'https://app-measurement.com/config/app']));
  const fb = assemble('fb', asm(['FBSDKAppEvents', 'FBSDKApplicationDelegate'], ['https://graph.facebook.com/v16.0']));
  const classes = execFileSync('llvm-objdump', ['--macho', '--section=__TEXT,__objc_classname', join(dir, 'main.o')], { encoding: 'utf8' });
  assert.match(classes, /GADBannerView/);
  const plistPy = `import plistlib,sys
plistlib.dump({'CFBundleIdentifier':'com.example.demo','CFBundleShortVersionString':'2.1','CFBundleVersion':'210',
 'CFBundleExecutable':'DemoApp','MinimumOSVersion':'14.0','CFBundleDisplayName':'Demo',
 'NSLocationWhenInUseUsageDescription':'Find stores near you','NSCameraUsageDescription':'Scan codes',
 'NSAppTransportSecurity':{'NSAllowsArbitraryLoads':False,'NSExceptionDomains':{'legacy.example.com':{'NSExceptionAllowsInsecureHTTPLoads':True,'NSIncludesSubdomains':True}}}},
 open(sys.argv[1],'wb'), fmt=plistlib.FMT_BINARY)`;
  execFileSync('python3', ['-c', plistPy, join(dir, 'Info.plist')]);
  mkdirSync(join(dir, 'out'), { recursive: true });
  const ipa = join(dir, 'out', 'Demo.ipa');
  writeFileSync(ipa, zipSync({
    'Payload/DemoApp.app/Info.plist': readFileSync(join(dir, 'Info.plist')),
    'Payload/DemoApp.app/DemoApp': main,
    'Payload/DemoApp.app/Frameworks/FBSDKCoreKit.framework/FBSDKCoreKit': fb,
    'Payload/DemoApp.app/Frameworks/FBSDKCoreKit.framework/Info.plist': new Uint8Array([0x3c]),
    'Payload/DemoApp.app/Assets.car': new Uint8Array(64),
  }));
  const scan = await scanApp(ipa);
  assert.equal(scan.input.kind, 'ipa');
  assert.deepEqual(scan.app, { platform: 'ios', id: 'com.example.demo', version: '2.1', build: '210', minSdk: '14.0', targetSdk: null, label: 'Demo' });
  assert.deepEqual(scan.permissions, ['NSCameraUsageDescription', 'NSLocationWhenInUseUsageDescription']);
  assert.deepEqual(scan.ats, { allowsArbitraryLoads: false, exceptions: [{ domain: 'legacy.example.com', allowsInsecureHttp: true, includesSubdomains: true }] });
  assert.deepEqual(scan.frameworks, ['FBSDKCoreKit.framework']);
  const byId = new Map(scan.sdks.map((s) => [s.id, s]));
  assert.deepEqual([...byId.keys()], ['facebook-analytics', 'firebase-analytics', 'google-admob']);
  assert.deepEqual(byId.get('facebook-analytics')!.evidence, ['FBSDKAppEvents', 'FBSDKCoreKit.framework']);
  assert.deepEqual(byId.get('google-admob')!.evidence, ['GADBannerView'], 'GADGETSView continues an all-caps word: not a GAD class');
  assert.deepEqual(scan.hosts, ['api.demo-app.com', 'app-measurement.com', 'graph.facebook.com']);
  assert.ok(scan.codeFiles.some((f) => f.kind === 'macho' && f.classes === 5));
});
