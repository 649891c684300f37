import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assessClaims, evaluatePolicy, lawsForDestinations, loadPolicy, type Claim } from '../../src/assess/index.js';
import { SCENARIOS, writeScenario, type ScenarioName } from '../../src/scenarios/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { analyze } from '../../src/pipeline/index.js';
import { truthInput, truthReport } from './truth-report.js';

/** The verdicts each scenario must produce (issue #5: "Done when"). */
const EXPECTED: Record<ScenarioName, Record<string, Claim['verdict']>> = {
  lawsuit: {
    'pre-consent-collection': 'supported',
    'identifier-assigned-before-signup': 'supported',
    'unposted-media-upload': 'supported',
    // Video left the device, and Bugly's payload is opaque: whether faces were scanned cannot be seen in traffic.
    'biometric-collection': 'inconclusive',
    'transfer-to-country-of-concern': 'supported',
    'controller-in-country-of-concern': 'supported',
    'third-party-sdk-collection': 'supported',
    'background-collection': 'supported',
    'data-after-decline': 'inconclusive',
  },
  clean: {
    'pre-consent-collection': 'not-supported',
    'identifier-assigned-before-signup': 'not-supported',
    'unposted-media-upload': 'not-supported',
    // The posted video went up; face extraction on the server is out of sight.
    'biometric-collection': 'inconclusive',
    'transfer-to-country-of-concern': 'not-supported',
    'controller-in-country-of-concern': 'not-supported',
    // Firebase got the advertising id, after consent.
    'third-party-sdk-collection': 'supported',
    'background-collection': 'not-supported',
    'data-after-decline': 'inconclusive',
  },
};

const verdicts = (claims: Claim[]) => Object.fromEntries(claims.map((c) => [c.id, c.verdict]));

for (const name of ['lawsuit', 'clean'] as const) {
  test(`${name} scenario, from its ground truth: the expected verdict for every claim`, async () => {
    const claims = assessClaims(await truthInput(name));
    assert.deepEqual(verdicts(claims), EXPECTED[name]);
  });
}

test('lawsuit summaries name the evidence the complaint pointed at', async () => {
  const claims = assessClaims(await truthInput('lawsuit'));
  const summary = (id: string) => claims.find((c) => c.id === id)!.summary;
  assert.match(summary('pre-consent-collection'), /before the first consent decision \(accepted at 2019-11-01T17:00:45\.000Z\)/);
  assert.match(summary('pre-consent-collection'), /The first was device\.android_id to ulogs\.umeng\.com \(Umeng \(Umeng\+\), part of Alibaba Group\) at 2019-11-01T17:00:01\.500Z, 1\.5 s after install/);
  assert.match(summary('identifier-assigned-before-signup'), /log\.snssdk\.com \(ByteDance\) handed the device identifiers and no signup or login was recorded/);
  assert.match(summary('unposted-media-upload'), /media\.video went to upload\.snssdk\.com \(ByteDance\) at 2019-11-01T17:01:17\.500Z, 2\.5 s after 'next' and before any 'post' \(no post event followed in the session\)/);
  assert.match(summary('transfer-to-country-of-concern'), /hmma\.baidu\.com \(Baidu\): server 180\.76\.8\.21 in CN/);
  assert.match(summary('controller-in-country-of-concern'), /upload\.snssdk\.com \(ByteDance\): ByteDance based in CN/);
  assert.doesNotMatch(summary('transfer-to-country-of-concern'), /upload\.snssdk\.com/, 'the Virginia upload server is not a transfer to China');
});

test('lawsuit destinations touch 28 CFR 202 (linked identifiers) and GDPR Chapter V; clean ones touch neither', async () => {
  const lawsuit = lawsForDestinations(await truthInput('lawsuit'));
  assert.deepEqual(lawsuit.get('ulogs.umeng.com')!.map((r) => r.rule), ['202.601-country-of-concern', '202.212-covered-personal-identifiers', 'chapter-v-transfer']);
  assert.equal(lawsForDestinations(await truthInput('clean')).size, 0);
});

test('the example policies fail the lawsuit and pass the clean app', async () => {
  const policies = join(REPO_ROOT, 'policies');
  const lawsuit = truthReport(await truthInput('lawsuit'));
  const clean = truthReport(await truthInput('clean'));
  const preConsent = await loadPolicy(join(policies, 'no-pre-consent-third-party.yaml'));
  const countries = await loadPolicy(join(policies, 'no-countries-of-concern.yaml'));
  const lawsuitPre = evaluatePolicy(preConsent, lawsuit);
  assert.equal(lawsuitPre.length, 12, lawsuitPre.map((v) => v.message).join('\n'));
  assert.ok(lawsuitPre.every((v) => v.rule === 'third-party-before-consent'));
  assert.deepEqual([...new Set(evaluatePolicy(countries, lawsuit).map((v) => v.host))].sort(),
    ['hmma.baidu.com', 'log.snssdk.com', 'ulogs.umeng.com', 'upload.snssdk.com']);
  assert.deepEqual(evaluatePolicy(preConsent, clean), []);
  assert.deepEqual(evaluatePolicy(countries, clean), []);
  // The clean app is not a children's app: the advertising id to Firebase would fail the COPPA policy.
  assert.deepEqual(evaluatePolicy(await loadPolicy(join(policies, 'coppa-child-app.yaml')), clean).map((v) => `${v.rule}/${v.dataType}`),
    ['child-identifiers-to-third-party/device.ad_id']);
});

/** The whole chain (ingest → decode → detect → attribute → timeline → assess) on the written scenario files. */
test('end to end through analyze(): the scenarios give the expected verdicts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-scn-e2e-'));
  for (const info of SCENARIOS) {
    const files = await writeScenario(info.name, dir);
    const report = await analyze([files.har], { profile: files.profile, events: files.events, firstParty: files.firstParty });
    assert.deepEqual(verdicts(report.claims), EXPECTED[info.name], `${info.name}: ${JSON.stringify(report.claims, null, 1)}`);
  }
});

/**
 * #10 "Done when": the clean capture has real blind spots (a picture cut short before consent, 640 bytes of encrypted
 * telemetry after signup), yet the claims whose windows they miss, or which they cannot bear on, still clear.
 */
test('clean scenario end to end: blind spots outside the windows are set aside, and the lawsuit claims it covers are cleared', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-scn-clear-'));
  const files = await writeScenario('clean', dir);
  const report = await analyze([files.har], { profile: files.profile, events: files.events, firstParty: files.firstParty });
  assert.deepEqual(report.blindSpots.map((b) => `${b.kind}/${b.side}/${b.bytes}/${JSON.stringify(b.phases)}`),
    ['opaque-payload/request/640/{"post-consent":1}', 'truncated-body/response/16384/{"pre-consent":1}']);
  const byId = new Map(report.claims.map((c) => [c.id, c]));
  for (const id of ['pre-consent-collection', 'identifier-assigned-before-signup', 'unposted-media-upload', 'transfer-to-country-of-concern',
    'controller-in-country-of-concern', 'background-collection'] as const) {
    const c = byId.get(id)!;
    assert.equal(c.verdict, 'not-supported', `${id}: ${c.summary}`);
    assert.equal(c.observed?.setAside, 2, `${id} set both blind spots aside: ${c.summary}`);
    assert.equal(c.observed?.covered, true);
  }
  assert.match(byId.get('pre-consent-collection')!.summary,
    /In that window the capture holds 2 exchanges, to 1 host \(api\.calmclip\.example\)\..*640 bytes; outside the window.*response side: it cannot hide what the device sent/);
  assert.match(byId.get('unposted-media-upload')!.summary, /640 bytes; too small to hold a photo, video or audio recording/);
  // The 640 opaque bytes could hold a face template: the biometric claim stays open, and says why.
  assert.match(byId.get('biometric-collection')!.missing!.join(), /opaque-payload in the request, 640 bytes/);
});
