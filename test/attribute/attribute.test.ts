import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAttributor, isTracker, jurisdictionOf, summarizeDestinations, type Destination } from '../../src/attribute/index.js';
import { openIpDatabases } from '../../src/attribute/ipdb.js';
import { parseIp } from '../../src/attribute/ip.js';

const attributor = await createAttributor();

test('hosts named in the lawsuit and sdks.md resolve to the right entity, parent and country', () => {
  const umeng = attributor.entityOfHost('ulogs.umeng.com');
  assert.equal(umeng?.id, 'umeng');
  assert.equal(umeng?.parent, 'Alibaba Group');
  assert.equal(umeng?.country, 'CN');
  const bugly = attributor.entityOfHost('android.bugly.qq.com');
  assert.equal(bugly?.id, 'tencent');
  assert.equal(bugly?.country, 'CN');
  const getui = attributor.entityOfHost('sdk.open.phone.igexin.com');
  assert.equal(getui?.id, 'getui');
  assert.equal(getui?.country, 'CN');
  const cases: Array<[string, string, string]> = [
    ['ulogs.umengcloud.com', 'umeng', 'CN'], ['alogus.umeng.com', 'umeng', 'CN'], ['rqd.uu.qq.com', 'tencent', 'CN'],
    ['hmma.baidu.com', 'baidu', 'CN'], ['mobads-logs.baidu.com', 'baidu', 'CN'], ['loc.map.baidu.com', 'baidu', 'CN'],
    ['sdk.open.talk.igexin.com', 'getui', 'CN'], ['log.snssdk.com', 'bytedance', 'CN'], ['log.zijieapi.com', 'bytedance', 'CN'],
    ['api.jpush.cn', 'jiguang', 'CN'], ['apilocate.amap.com', 'autonavi', 'CN'], ['data.mistat.xiaomi.com', 'xiaomi', 'CN'],
    ['metrics.data.hicloud.com', 'huawei', 'CN'], ['analytics.rayjump.com', 'mintegral', 'CN'],
    ['api-access.pangolin-sdk-toutiao.com', 'pangle', 'SG'], ['beacon.qq.com', 'tencent', 'CN'],
  ];
  for (const [host, id, country] of cases) {
    const ref = attributor.entityOfHost(host);
    assert.equal(ref?.id, id, host);
    assert.equal(ref?.country, country, host);
  }
});

test('longest suffix wins: a sub-brand beats its parent company', () => {
  assert.equal(attributor.entityOfHost('pangolin.snssdk.com')?.id, 'pangle');
  assert.equal(attributor.entityOfHost('i.snssdk.com')?.id, 'bytedance');
  assert.equal(attributor.entityOfHost('app-measurement.com')?.id, 'firebase');
  assert.equal(attributor.entityOfHost('googleads.g.doubleclick.net')?.id, 'doubleclick');
  assert.equal(attributor.entityOfHost('www.google.com')?.id, 'google');
});

test('controller jurisdiction is reported apart from the entity country', () => {
  const tiktokUs = attributor.entityOfHost('api16-normal-useast5.tiktokv.us');
  assert.equal(tiktokUs?.country, 'US');
  assert.equal(tiktokUs?.parent, 'TikTok');
  assert.equal(tiktokUs?.parentCountry, 'CN');
  assert.equal(tiktokUs?.ultimateParent, 'ByteDance');
  assert.equal(jurisdictionOf(tiktokUs ?? null), 'CN');
  const adjust = attributor.entityOfHost('app.adjust.com');
  assert.equal(adjust?.country, 'DE');
  assert.equal(adjust?.parentCountry, 'US');
  const doubleclick = attributor.entityOfHost('stats.g.doubleclick.net');
  assert.equal(doubleclick?.parent, 'Google LLC');
  assert.equal(doubleclick?.ultimateParent, 'Alphabet Inc.');
  assert.equal(doubleclick?.parentCountry, undefined, 'same country as the parent: no separate jurisdiction');
  assert.equal(jurisdictionOf(doubleclick ?? null), 'US');
});

test('host spelling: case, trailing dot and port do not change the answer; unknown hosts get no entity', () => {
  assert.equal(attributor.entityOfHost('ULOGS.UMENG.COM.')?.id, 'umeng');
  assert.equal(attributor.entityOfHost('ulogs.umeng.com:443')?.id, 'umeng');
  assert.equal(attributor.entityOfHost('notumeng.com'), null, 'suffix matching is label-wise');
  assert.equal(attributor.entityOfHost('umeng.com.evil.example'), null);
  assert.equal(attributor.entityOfHost(''), null);
});

test('the bundled country database maps a private address to a country; attribution does not', () => {
  const raw = openIpDatabases().country(parseIp('192.168.1.5')!);
  assert.equal(raw, 'AU', 'the trap described in blocks.md is still in the data');
  assert.deepEqual(attributor.lookupIp('192.168.1.5'), { country: null, asn: null });
  assert.deepEqual(attributor.lookupIp('203.0.113.77'), { country: null, asn: null });
  assert.deepEqual(attributor.lookupIp('not an ip'), { country: null, asn: null });
});

test('public IPs get a country and an autonomous system (IPv4, IPv6, IPv4-mapped)', () => {
  assert.deepEqual(attributor.lookupIp('8.8.8.8'), { country: 'US', asn: { number: 15169, org: 'Google LLC' } });
  const facebook = attributor.lookupIp('2a03:2880:f10c:83:face:b00c:0:25de');
  assert.equal(facebook.asn?.number, 32934);
  assert.match(facebook.country ?? '', /^[A-Z]{2}$/);
  assert.deepEqual(attributor.lookupIp('::ffff:8.8.8.8'), attributor.lookupIp('8.8.8.8'));
  const alibabaCloud = attributor.lookupIp('47.246.1.1');
  assert.equal(alibabaCloud.asn?.number, 24429);
});

test('attribute() builds a destination: domain, entity, sorted IPs, majority server country, ASN', () => {
  const d = attributor.attribute({ host: 'ulogs.umeng.com', serverIps: ['8.8.4.4', '8.8.8.8', '8.8.8.8', '10.0.0.1', 'junk'] });
  assert.equal(d.host, 'ulogs.umeng.com');
  assert.equal(d.domain, 'umeng.com');
  assert.equal(d.entity?.id, 'umeng');
  assert.deepEqual(d.serverIps, ['10.0.0.1', '8.8.4.4', '8.8.8.8']);
  assert.equal(d.serverCountry, 'US');
  assert.deepEqual(d.serverCountries, ['US']);
  assert.equal(d.asn?.number, 15169);
  assert.equal(d.party, 'third');
  const literal = attributor.attribute({ host: '8.8.8.8', serverIps: [] });
  assert.equal(literal.domain, '8.8.8.8');
  assert.equal(literal.entity, null);
  assert.equal(literal.serverCountry, 'US');
  const bucket = attributor.attribute({ host: 'load.s3.amazonaws.com', serverIps: [] });
  assert.equal(bucket.domain, 'load.s3.amazonaws.com', 'private PSL suffixes make a customer bucket its own site');
  assert.equal(bucket.entity?.id, 'aws');
});

test('first party: listed domains and their subdomains, and other domains of the same entity', async () => {
  const app = await createAttributor({ firstParty: ['nytimes.com'] });
  assert.equal(app.attribute({ host: 'static01.nyt.com', serverIps: [] }).party, 'first', 'same entity as nytimes.com');
  assert.equal(app.attribute({ host: 'et.nytimes.com', serverIps: [] }).party, 'first');
  assert.equal(app.attribute({ host: 'cdn.krxd.net', serverIps: [] }).party, 'third');
  const unknownApp = await createAttributor({ firstParty: ['myapp.example'] });
  assert.equal(unknownApp.attribute({ host: 'api.myapp.example', serverIps: [] }).party, 'first');
  assert.equal(unknownApp.attribute({ host: 'myapp.example.evil.test', serverIps: [] }).party, 'third');
  const google = await createAttributor({ firstParty: ['google.com'] });
  assert.equal(google.attribute({ host: 'stats.g.doubleclick.net', serverIps: [] }).party, 'third',
    'a sister company is not the same party');
});

test('SDK network signatures from catalog/sdks.json are reported per host (sorted, unique)', () => {
  const d = attributor.attribute({ host: 'ulogs.umeng.com', serverIps: [] });
  assert.deepEqual(d.sdks, [...d.sdks].sort());
  assert.equal(new Set(d.sdks).size, d.sdks.length);
  assert.deepEqual(attributor.attribute({ host: 'unknown.invalid', serverIps: [] }).sdks, []);
});

test('summaries count by server country, controller jurisdiction and entity, with sorted keys', () => {
  const dests: Destination[] = [
    attributor.attribute({ host: 'ulogs.umeng.com', serverIps: ['8.8.8.8'] }),
    attributor.attribute({ host: 'api16-normal-useast5.tiktokv.us', serverIps: ['8.8.4.4'] }),
    attributor.attribute({ host: 'unknown.invalid', serverIps: ['192.168.1.1'] }),
  ];
  const summary = summarizeDestinations(dests);
  assert.deepEqual(summary.byCountry, { US: 2, unknown: 1 });
  assert.deepEqual(summary.byJurisdiction, { CN: 2, unknown: 1 });
  assert.deepEqual(Object.keys(summary.byEntity), ['TikTok U.S. Data Security', 'Umeng (Umeng+)', 'unattributed']);
  const weighted = summarizeDestinations(dests, (d) => d.serverIps.length * 10);
  assert.equal(weighted.byCountry['US'], 20);
});

test('isTracker separates trackers from platforms and CDNs', () => {
  assert.equal(isTracker(attributor.entityOfHost('cdn.krxd.net')), true);
  assert.equal(isTracker(attributor.entityOfHost('upload.wikimedia.org')), false);
  assert.equal(isTracker(attributor.entityOfHost('d1.cloudfront.net')), false);
  assert.equal(isTracker(null), false);
});

test('a user-supplied MMDB replaces the bundled one; a file that is not MMDB is a clear input error', async () => {
  const { createRequire } = await import('node:module');
  const bundled = createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country-ipv4.mmdb');
  const v4only = await createAttributor({ ipCountryDb: bundled });
  assert.equal(v4only.lookupIp('8.8.8.8').country, 'US');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path'); // eslint-disable-line @typescript-eslint/unbound-method
  const { tmpdir } = await import('node:os');
  const junk = join(mkdtempSync(join(tmpdir(), 'telltale-mmdb-')), 'junk.mmdb');
  writeFileSync(junk, 'this is not a MaxMind database');
  const broken = await createAttributor({ ipCountryDb: junk });
  assert.throws(() => broken.lookupIp('8.8.8.8'), (e: Error) => e.name === 'InputError' && e.message.startsWith(junk));
  assert.deepEqual(broken.lookupIp('10.0.0.1'), { country: null, asn: null }, 'private addresses never open the database');
});

test('attributors of different analyses and dates share their methods (callers stay optimised across a batch)', async () => {
  // A batch thread makes attributors for every input: fresh closures per attributor were new call targets, and V8
  // threw away and re-optimised every caller (findSyncs, collect) on each input. Methods of one class are one function.
  const other = await createAttributor({ firstParty: ['example.com'] });
  const dated = attributor.asOf('2019-04-01T00:00:00Z');
  for (const method of ['attribute', 'lookupIp', 'entityOfHost', 'companyOfHost', 'asOf'] as const) {
    assert.equal(Reflect.get(other, method), Reflect.get(attributor, method), method);
    assert.equal(Reflect.get(dated, method), Reflect.get(attributor, method), `${method} as of a date`);
  }
  assert.notEqual(other.attribute({ host: 'www.example.com', serverIps: [] }).party, attributor.attribute({ host: 'www.example.com', serverIps: [] }).party,
    'while each keeps its own first party');
});
