import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lawsForDestinations, lawsForFinding, lawsForFindings, loadLaws, type LawInput } from '../../src/assess/index.js';
import { at, destination, finding, FIREBASE, OWN_API, SNSSDK, BYTEDANCE_US, UMENG } from './fixtures.js';

const rulesOf = (refs: { regime: string; rule: string }[]) => refs.map((r) => `${r.regime}:${r.rule}`);

function lawInput(parts: Partial<LawInput>): LawInput {
  return { findings: [], destinations: [UMENG, SNSSDK, BYTEDANCE_US, FIREBASE, OWN_API], profile: {}, ...parts };
}

test('the law catalog validates, cites https sources and never says "illegal"', () => {
  const laws = loadLaws();
  assert.deepEqual(laws.regimes.map((r) => r.id), ['us-28cfr202', 'us-padfa', 'il-bipa', 'us-coppa', 'ca-cpra', 'eu-gdpr']);
  for (const regime of laws.regimes) {
    for (const rule of regime.rules) {
      assert.ok(rule.sources.every((s) => s.startsWith('https://')), `${regime.id}:${rule.id}`);
      assert.doesNotMatch(rule.note, /illegal|unlawful|violat/i, `${regime.id}:${rule.id}`);
    }
  }
});

test('one listed identifier to a Chinese recipient: §202.234 only, with the recipient\'s country facts', () => {
  const imei = finding('f1', 'device.imei', 'ulogs.umeng.com', 2);
  const refs = lawsForFinding(imei, lawInput({ findings: [imei] }));
  assert.deepEqual(rulesOf(refs), ['us-28cfr202:202.234-listed-identifier']);
  assert.match(refs[0]!.note, /went to ulogs\.umeng\.com \(Umeng, part of Alibaba Group\) \(server in CN; controller Umeng in CN; parent Alibaba Group in CN\)/);
  assert.equal(refs[0]!.source, 'https://www.ecfr.gov/current/title-28/section-202.234');
});

test('linked rule: two listed identifiers to one recipient make covered personal identifiers (§202.212)', () => {
  const imei = finding('f1', 'device.imei', 'ulogs.umeng.com', 2);
  const mac = finding('f2', 'device.mac', 'ulogs.umeng.com', 2);
  const laws = lawsForFindings(lawInput({ findings: [imei, mac] }));
  assert.deepEqual(rulesOf(laws.get('f1')!), ['us-28cfr202:202.234-listed-identifier', 'us-28cfr202:202.212-covered-personal-identifiers']);
  const linked = laws.get('f1')!.find((r) => r.rule === '202.212-covered-personal-identifiers')!;
  assert.match(linked.note, /together with other listed identifiers or sensitive data \(device\.mac\)/);
  assert.match(linked.note, /more than 100,000 U\.S\. persons/);
});

test('linked rule: one company across two hosts is one recipient; a "possible" match links nothing', () => {
  const imei = finding('f1', 'device.imei', 'log.snssdk.com', 3);
  const adId = finding('f2', 'device.ad_id', 'upload.snssdk.com', 80);
  assert.ok(rulesOf(lawsForFinding(imei, lawInput({ findings: [imei, adId] }))).includes('us-28cfr202:202.212-covered-personal-identifiers'));
  const weak = { ...adId, confidence: 'possible' as const };
  assert.ok(!rulesOf(lawsForFinding(imei, lawInput({ findings: [imei, weak] }))).includes('us-28cfr202:202.212-covered-personal-identifiers'));
});

test('linked rule (b): one listed identifier with precise location to the same recipient is linked too', () => {
  const mac = finding('f1', 'device.mac', 'ulogs.umeng.com', 2);
  const gps = finding('f2', 'location.precise', 'ulogs.umeng.com', 2);
  const refs = lawsForFinding(mac, lawInput({ findings: [mac, gps] }));
  const linked = refs.find((r) => r.rule === '202.212-covered-personal-identifiers');
  assert.ok(linked, rulesOf(refs).join());
  assert.match(linked.note, /together with other listed identifiers or sensitive data \(location\.precise\)/);
  // The location finding itself is not a listed identifier: it gets §202.242, not §202.212.
  assert.ok(!rulesOf(lawsForFinding(gps, lawInput({ findings: [mac, gps] }))).includes('us-28cfr202:202.212-covered-personal-identifiers'));
  // Two sensitive data types without any listed identifier link nothing.
  const face = finding('f3', 'biometric.face', 'ulogs.umeng.com', 2);
  assert.equal(lawsForDestinations(lawInput({ findings: [gps, face] })).get('ulogs.umeng.com')!.some((r) => r.rule.startsWith('202.212')), false);
});

test('identifiers to a US company on US servers touch no country-of-concern rule', () => {
  const a = finding('f1', 'device.ad_id', 'app-measurement.com', 50);
  const b = finding('f2', 'device.imei', 'app-measurement.com', 50);
  const laws = lawsForFindings(lawInput({ findings: [a, b] }));
  assert.equal(laws.size, 0);
  assert.equal(lawsForDestinations(lawInput({ findings: [a, b] })).size, 0);
});

test('precise location: the precision decides which regimes it touches', () => {
  const near = finding('f1', 'location.precise', 'ulogs.umeng.com', 2, { details: { precisionMeters: 11 } });
  assert.deepEqual(rulesOf(lawsForFinding(near, lawInput({ findings: [near] }))), [
    'us-28cfr202:202.242-precise-geolocation', 'us-padfa:9901-precise-geolocation', 'ca-cpra:1798.140(w)-precise-geolocation',
  ]);
  const within1km = finding('f2', 'location.precise', 'ulogs.umeng.com', 2, { details: { precisionMeters: 800 } });
  assert.deepEqual(rulesOf(lawsForFinding(within1km, lawInput({ findings: [within1km] }))), ['us-28cfr202:202.242-precise-geolocation']);
});

test('face data: BIPA §15(b) only without a prior consent event; GDPR Art. 9 and CPRA always', () => {
  const face = finding('f1', 'biometric.face', 'app-measurement.com', 20);
  const events = [{ at: at(10), kind: 'consent' as const, value: 'accepted' }];
  assert.deepEqual(rulesOf(lawsForFinding(face, lawInput({ findings: [face] }))), [
    'il-bipa:15(b)-notice-and-release', 'ca-cpra:1798.140(ae)-sensitive-personal-information', 'eu-gdpr:art9-special-categories',
  ]);
  assert.deepEqual(rulesOf(lawsForFinding(face, lawInput({ findings: [face], events }))), [
    'ca-cpra:1798.140(ae)-sensitive-personal-information', 'eu-gdpr:art9-special-categories',
  ]);
  const earlier = { ...face, time: at(5) };
  assert.ok(rulesOf(lawsForFinding(earlier, lawInput({ findings: [earlier], events }))).includes('il-bipa:15(b)-notice-and-release'));
});

test('COPPA only when the profile marks a child; third-party disclosure only to third parties', () => {
  const third = finding('f1', 'device.ad_id', 'app-measurement.com', 50);
  const first = finding('f2', 'device.ad_id', OWN_API.host, 50);
  assert.equal(lawsForFindings(lawInput({ findings: [third, first] })).size, 0);
  const child = lawsForFindings(lawInput({ findings: [third, first], profile: { child: true } }));
  assert.deepEqual(rulesOf(child.get('f1')!), ['us-coppa:312.2-personal-information', 'us-coppa:312.5(a)(2)-third-party-disclosure']);
  assert.deepEqual(rulesOf(child.get('f2')!), ['us-coppa:312.2-personal-information']);
  // The whole device profile may be passed as well: its account.child is read.
  const viaProfile = lawsForFindings(lawInput({ findings: [third], profile: { account: { child: true } } }));
  assert.equal(viaProfile.get('f1')!.length, 2);
});

test('a child\'s data to a foreign-adversary company touches PADFA\'s minor rule', () => {
  const model = finding('f1', 'device.model', 'ulogs.umeng.com', 2);
  assert.deepEqual(rulesOf(lawsForFinding(model, lawInput({ findings: [model], profile: { child: true } }))), ['us-padfa:9901-minor-data']);
  assert.deepEqual(rulesOf(lawsForFinding(model, lawInput({ findings: [model] }))), []);
});

test('destinations: country of concern, linked identifiers and GDPR Chapter V per host', () => {
  const findings = [finding('f1', 'device.imei', 'ulogs.umeng.com', 2), finding('f2', 'device.mac', 'ulogs.umeng.com', 2),
    finding('f3', 'media.video', 'upload.snssdk.com', 80, { match: 'media' }), finding('f4', 'device.ad_id', 'app-measurement.com', 50)];
  const laws = lawsForDestinations(lawInput({ findings }));
  assert.deepEqual([...laws.keys()], ['ulogs.umeng.com', 'upload.snssdk.com']);
  assert.deepEqual(rulesOf(laws.get('ulogs.umeng.com')!), [
    'us-28cfr202:202.601-country-of-concern', 'us-28cfr202:202.212-covered-personal-identifiers', 'eu-gdpr:chapter-v-transfer',
  ]);
  assert.match(laws.get('ulogs.umeng.com')!.find((r) => r.rule === 'chapter-v-transfer')!.note, /on a server in CN, outside the EU\/EEA and without an adequacy decision/);
  // ByteDance's Virginia server: tied to China by its controller, but no Chapter V note (the US has an adequacy decision).
  assert.deepEqual(rulesOf(laws.get('upload.snssdk.com')!), ['us-28cfr202:202.601-country-of-concern']);
  assert.match(laws.get('upload.snssdk.com')!.find((r) => r.rule === '202.601-country-of-concern')!.note, /received media\.video; controller ByteDance in CN/);
  const silent = destination('cdn.example.cn', { serverCountry: 'CN', entity: null });
  assert.equal(lawsForDestinations(lawInput({ destinations: [silent], findings: [] })).size, 0, 'no findings, no rule touched');
});
