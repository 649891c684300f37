/** Anchored SDK matching and the scan × traffic join. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/catalog/index.js';
import { joinScanWithTraffic, matchSdks, type AppScan } from '../../src/appscan/index.js';

const ids = (classes: string[], libs: string[] = []): string[] => matchSdks(classes, libs).map((m) => m.id);

test('package prefixes match only at package boundaries', () => {
  assert.deepEqual(ids(['com.google.ads.AdView']), ['google-admob']);
  assert.deepEqual(ids(['com.google.ads.mediation.MediationAdapter']), ['google-admob']);
  assert.deepEqual(ids(['com.google.adsense.Widget', 'com.google.adsmanager.X', 'com.google.AdsHelper']), []);
  assert.deepEqual(ids(['com.umengx.Fake', 'com.umeng.analyticsplus.A', 'com.baidumap.X']), []);
  assert.deepEqual(ids(['com.umeng.analytics']), [], 'a class named like the package itself is not inside it');
});

test('the most specific signature wins: the ad-id client is not AdMob, Answers is not Crashlytics', () => {
  assert.deepEqual(ids(['com.google.android.gms.ads.identifier.AdvertisingIdClient']), ['google-ad-id']);
  assert.deepEqual(ids(['com.google.android.gms.ads.AdView']), ['google-admob']);
  assert.deepEqual(ids(['com.crashlytics.android.answers.Answers']), ['fabric-answers']);
  assert.deepEqual(ids(['com.crashlytics.android.core.CrashlyticsCore']), ['firebase-crashlytics']);
  assert.deepEqual(ids(['com.huawei.hms.push.HmsMessaging', 'com.huawei.hms.maps.MapView']), ['huawei-hms-core', 'huawei-hms-push']);
});

test('class-name signatures match the class and its inner classes only', () => {
  assert.deepEqual(ids(['com.facebook.FacebookSdk']), ['facebook-analytics']);
  assert.deepEqual(ids(['com.facebook.FacebookSdk$InitializeCallback']), ['facebook-analytics']);
  assert.deepEqual(ids(['com.facebook.FacebookSdkVersion', 'com.facebook.FacebookSdk.sub.X']), []);
});

test('evidence: a few sorted names and the full count; native libraries by exact name', () => {
  const classes = Array.from({ length: 40 }, (_, i) => `com.tencent.bugly.crashreport.C${String(i).padStart(2, '0')}`).reverse();
  const [bugly] = matchSdks(classes, ['libBugly.so', 'libbugly.so.bak']);
  assert.equal(bugly!.classCount, 40);
  assert.deepEqual(bugly!.evidence, [
    'com.tencent.bugly.crashreport.C00', 'com.tencent.bugly.crashreport.C01', 'com.tencent.bugly.crashreport.C02',
    'com.tencent.bugly.crashreport.C03', 'com.tencent.bugly.crashreport.C04', 'libBugly.so',
  ]);
  assert.deepEqual(bugly!.signatures, ['com.tencent.bugly.', 'libBugly.so']);
  assert.deepEqual(ids([], ['libgetuiext3.so']), ['getui-push']);
});

test('iOS: ObjC prefixes at word boundaries, frameworks, Swift module names', () => {
  const ios = (classes: string[], frameworks: string[] = []): string[] =>
    matchSdks(classes, [], { platform: 'ios', frameworks }).map((m) => m.id);
  assert.deepEqual(ios(['GADBannerView']), ['google-admob']);
  assert.deepEqual(ios(['GADGETSView', 'GADget']), []);
  assert.deepEqual(ios([], ['FBSDKLoginKit.framework']), ['facebook-login']);
  assert.deepEqual(ios(['FirebaseAnalytics.Logger']), ['firebase-analytics']);
});

test('catalog: at least 60 SDKs, every lawsuit SDK, ids of known entities, anchored Android signatures', () => {
  const { sdks, entities } = loadCatalog();
  assert.ok(sdks.length >= 60, `${sdks.length} SDKs`);
  const entityIds = new Set(entities.map((e) => e.id));
  for (const sdk of sdks) {
    if (entityIds.size > 0) assert.ok(entityIds.has(sdk.entity), `${sdk.id}: unknown entity ${sdk.entity}`);
    for (const sig of sdk.code.android) {
      assert.match(sig, /^[a-z][a-z0-9_]*(\.[A-Za-z0-9_$]+)+\.?$/, `${sdk.id}: ${sig}`);
    }
    for (const sig of sdk.code.ios) assert.ok(sig.length >= 3, `${sdk.id}: iOS prefix "${sig}" is too short to be safe`);
  }
  for (const need of ['umeng-analytics', 'tencent-bugly', 'baidu-mobstat', 'baidu-mobads', 'baidu-location', 'getui-push', 'bytedance-applog', 'pangle', 'jpush', 'mintegral']) {
    assert.ok(sdks.some((s) => s.id === need), need);
  }
});

function scanWith(sdks: string[], permissions: string[], platform: 'android' | 'ios' = 'android'): AppScan {
  return {
    schema: 'telltale.appscan/1', app: { platform, id: 'x', version: null },
    sdks: sdks.map((id) => ({ id, name: id, category: 'analytics', entity: { id, name: id, country: null }, evidence: [], classCount: 1, nativeLibs: [], signatures: [] })),
    permissions, hosts: [], input: { path: 'x', sha256: '', bytes: 0, kind: 'apk' }, partial: false, warnings: [],
    declaredPermissions: [], components: [], nativeLibs: [], frameworks: [], hostsInCode: [], codeFiles: [], classCount: 0,
  };
}

test('join: present-sending, present-silent, sending-not-found-in-code', () => {
  const joined = joinScanWithTraffic(scanWith(['umeng-analytics', 'tencent-bugly'], []), [
    { host: 'ulogs.umeng.com', sdks: ['umeng-analytics'], dataTypes: [] },
    { host: 'alogus.umeng.com', sdks: ['umeng-analytics'], dataTypes: [] },
    { host: 'sdk.open.phone.igexin.com', sdks: ['getui-push'], dataTypes: [] },
  ]);
  assert.deepEqual(joined.sdks, [
    { id: 'getui-push', status: 'sending-not-found-in-code', hosts: ['sdk.open.phone.igexin.com'] },
    { id: 'tencent-bugly', status: 'present-silent', hosts: [] },
    { id: 'umeng-analytics', status: 'present-sending', hosts: ['alogus.umeng.com', 'ulogs.umeng.com'] },
  ]);
});

test('join: data sent without the permission to read it is flagged; granted ones are not', () => {
  const scan = scanWith([], ['android.permission.READ_PHONE_STATE', 'android.permission.ACCESS_COARSE_LOCATION']);
  const { permissionGaps } = joinScanWithTraffic(scan, [
    { host: 'hmma.baidu.com', sdks: [], dataTypes: ['location.precise', 'device.imei', 'location.coarse'] },
    { host: 'api.example.org', sdks: [], dataTypes: ['contacts', 'account.email', 'network.public_ip'] },
  ]);
  assert.deepEqual(permissionGaps.map((g) => [g.dataType, g.permission, g.hosts]), [
    ['account.email', 'android.permission.GET_ACCOUNTS', ['api.example.org']],
    ['contacts', 'android.permission.READ_CONTACTS', ['api.example.org']],
    ['location.precise', 'android.permission.ACCESS_FINE_LOCATION', ['hmma.baidu.com']],
  ]);
  assert.match(permissionGaps[2]!.note, /location was sent but the app requests no android\.permission\.ACCESS_FINE_LOCATION: the value came from elsewhere/);
  const ios = joinScanWithTraffic(scanWith([], ['NSLocationWhenInUseUsageDescription'], 'ios'), [
    { host: 'a.example', sdks: [], dataTypes: ['location.precise', 'device.ad_id'] },
  ]);
  assert.deepEqual(ios.permissionGaps.map((g) => g.permission), ['NSUserTrackingUsageDescription']);
});
