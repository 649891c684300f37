/**
 * Declared versus observed (#15 "Done when"): hand-written declarations in both store shapes and telltale's own format
 * (test/fixtures/declarations), checked against the lawsuit and clean scenarios through the whole pipeline. False
 * statements are contradicted with citations, true ones are consistent, storage is unverifiable with the reason, and
 * a clean app's honest declarations yield no contradiction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, type DeclarationResult, type Report, type ReportFinding } from '../../src/index.js';
import { writeScenario, type ScenarioName } from '../../src/scenarios/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'declarations');
const declared = (name: ScenarioName) => ['play.json', 'apple.json', 'declaration.yaml'].map((f) => join(FIXTURES, `${name}.${f}`));

const reports = new Map<ScenarioName, Promise<Report>>();
function reportOf(name: ScenarioName): Promise<Report> {
  let r = reports.get(name);
  if (!r) {
    r = (async () => {
      const files = await writeScenario(name, await mkdtemp(join(tmpdir(), `telltale-decl-${name}-`)));
      return analyze([files.har], { profile: files.profile, events: files.events, firstParty: files.firstParty, declared: declared(name) });
    })();
    reports.set(name, r);
  }
  return r;
}

const verdicts = (r: Report) => Object.fromEntries((r.declarations ?? []).map((d) => [`${d.source}:${d.id}`, d.verdict]));

function declaration(r: Report, key: string) {
  const d = (r.declarations ?? []).find((x) => `${x.source}:${x.id}` === key);
  assert.ok(d, `no declaration ${key}`);
  return d;
}

function cited(r: Report, key: string): ReportFinding[] {
  const byId = new Map(r.findings.map((f) => [f.id, f]));
  return declaration(r, key).findings.map((id) => {
    const f = byId.get(id);
    assert.ok(f, `${key} cites ${id}, which is not a finding of the report`);
    return f;
  });
}

test('lawsuit: every statement gets the verdict the evidence gives', async () => {
  assert.deepEqual(verdicts(await reportOf('lawsuit')), {
    // Google Play Data safety: types the label leaves out are contradicted; sharing to analytics SDKs stays open.
    '0:play.collected.app-interactions': 'unverifiable',
    '0:play.collected.crash-logs': 'unverifiable',
    '0:play.not-collected.device-or-other-ids': 'contradicted',
    '0:play.not-collected.precise-location': 'contradicted',
    '0:play.not-collected.videos': 'contradicted',
    '0:play.no-data-shared': 'unverifiable',
    '0:play.practice.data-is-encrypted-in-transit': 'consistent',
    '0:play.practice.you-can-request-that-data-be-deleted': 'unverifiable',
    // App Store: "not linked" data travelled beside device identifiers; the video is in no section.
    '1:apple.not-linked.diagnostics': 'unverifiable',
    '1:apple.not-linked.identifiers': 'contradicted',
    '1:apple.not-linked.location': 'contradicted',
    '1:apple.not-linked.usage-data': 'unverifiable',
    // The Android id and the MAC went to both ByteDance and Umeng (identifier syncs): a device id shared between
    // companies is what Apple's "tracking" links on.
    '1:apple.no-tracking': 'contradicted',
    '1:apple.not-collected.photos-or-videos': 'contradicted',
    // The vendor's words.
    '2:storage': 'unverifiable',
    '2:nothing-to-china': 'contradicted',
    '2:nothing-to-russia': 'consistent',
    '2:consent-first': 'contradicted',
    '2:no-sharing': 'contradicted',
    '2:no-gps': 'contradicted',
    '2:imei-stays': 'contradicted',
  });
});

test('lawsuit: contradictions cite the findings that contradict them, and only those; the same inputs give the same bytes', async () => {
  const r = await reportOf('lawsuit');
  const files = await writeScenario('lawsuit', await mkdtemp(join(tmpdir(), 'telltale-decl-again-')));
  const again = await analyze([files.har], { profile: files.profile, events: files.events, firstParty: files.firstParty, declared: declared('lawsuit') });
  assert.equal(JSON.stringify([again.declarations, again.declarationSources]), JSON.stringify([r.declarations, r.declarationSources]));
  const destination = new Map(r.destinations.map((d) => [d.host, d]));
  assert.deepEqual(cited(r, '2:no-gps').map((f) => `${f.dataType}@${f.host}`), ['location.precise@hmma.baidu.com']);
  assert.ok(cited(r, '2:nothing-to-china').every((f) => destination.get(f.host)?.serverCountry === 'CN'));
  assert.ok(!cited(r, '2:nothing-to-china').some((f) => f.host === 'upload.snssdk.com'), 'a ByteDance server in Virginia is not a transfer to China');
  assert.match(declaration(r, '2:nothing-to-china').why, /upload\.snssdk\.com .* went to servers elsewhere run by companies based in or owned from CN: a fact about control, not transfer/);
  assert.ok(cited(r, '2:imei-stays').every((f) => f.dataType === 'device.imei' && destination.get(f.host)?.party === 'third'));
  assert.ok(cited(r, '2:no-sharing').every((f) => destination.get(f.host)?.party === 'third'), 'the app\'s own API is not a third party');
  assert.ok(cited(r, '2:consent-first').every((f) => f.phase === 'pre-consent'));
  assert.ok(cited(r, '0:play.not-collected.device-or-other-ids').every((f) => f.dataType.startsWith('device.')));
  assert.deepEqual(declaration(r, '0:play.not-collected.device-or-other-ids').rules?.map((x) => x.id), ['play-sdk-collection']);
  const linked = cited(r, '1:apple.not-linked.location');
  assert.deepEqual(linked.map((f) => f.dataType).sort(), ['device.mac', 'location.precise']);
  assert.equal(new Set(linked.map((f) => `${f.source.input}:${f.source.index}`)).size, 1, 'the location and the MAC travelled in one request');
});

test('storage statements are unverifiable: server countries are reported as where data went, never as storage', async () => {
  for (const name of ['lawsuit', 'clean'] as const) {
    const d = declaration(await reportOf(name), '2:storage');
    assert.equal(d.verdict, 'unverifiable');
    assert.match(d.why, /^Where data is stored is not visible in traffic\. What traffic does show is where the receiving servers stand: personal data went to servers in /);
    assert.doesNotMatch(d.why, /stored in (CN|US)/);
    assert.deepEqual(d.wouldSettle, ['the operator\'s records of where the data is stored and backed up, or an audit of its data centres']);
  }
  const lawsuit = declaration(await reportOf('lawsuit'), '2:storage');
  assert.match(lawsuit.why, /servers in CN \(hmma\.baidu\.com, log\.snssdk\.com and ulogs\.umeng\.com\); US \(api\.shortclip\.example and upload\.snssdk\.com\)/);
  assert.match(lawsuit.why, /19 findings went to servers outside SG and US/);
});

test('clean: honest declarations in all three formats yield no contradiction', async () => {
  const r = await reportOf('clean');
  assert.deepEqual(verdicts(r), {
    '0:play.collected.email-address': 'consistent',
    '0:play.collected.phone-number': 'consistent',
    '0:play.collected.videos': 'consistent',
    '0:play.collected.device-or-other-ids': 'consistent',
    // The advertising id went to Firebase: a transfer Play does not call sharing when Firebase acts as a service provider.
    '0:play.no-data-shared': 'unverifiable',
    '0:play.practice.data-is-encrypted-in-transit': 'consistent',
    '1:apple.linked.contact-info': 'consistent',
    '1:apple.linked.user-content': 'consistent',
    '1:apple.not-linked.identifiers': 'consistent',
    '1:apple.no-tracking': 'consistent',
    '2:storage': 'unverifiable',
    '2:consent-first': 'consistent',
    '2:no-countries-of-concern': 'consistent',
    '2:only-firebase': 'consistent',
    '2:contact-stays': 'consistent',
  });
  const shared = declaration(r, '0:play.no-data-shared');
  assert.deepEqual(shared.rules?.map((x) => [x.id, x.source]), [
    ['play-service-provider', 'https://support.google.com/googleplay/android-developer/answer/10787469'],
    ['play-legal-user-initiated-anonymous', 'https://support.google.com/googleplay/android-developer/answer/10787469'],
  ]);
  assert.deepEqual(shared.wouldSettle, ['the developer\'s contracts with Firebase (Google), or their published Data safety guidance']);
  assert.deepEqual(r.declarationSources?.map((s) => [s.kind, s.origin, s.sha256.length]), [
    ['play-data-safety', 'https://calmclip.example/privacy', 64], ['app-store-privacy', undefined, 64], ['telltale-declaration', 'https://calmclip.example/privacy', 64],
  ]);
});

test('the same statement flips when the evidence does: the check can fail', async () => {
  const files = await writeScenario('clean', await mkdtemp(join(tmpdir(), 'telltale-decl-flip-')));
  const { writeFile } = await import('node:fs/promises');
  const dishonest = join(tmpdir(), `telltale-dishonest-${process.pid}.json`);
  // CalmClip's label leaving out its advertising id: the Firebase SDK collects it, so the omission is contradicted.
  await writeFile(dishonest, JSON.stringify({ sharedData: [], collectedData: [{ data: 'Email address', optional: false, purpose: 'Account management', type: 'Personal info' }] }));
  // An App Store label that lists only the device id (not linked): e-mail, phone and video, sent to the app's own servers, are left out.
  const appleOmits = join(tmpdir(), `telltale-apple-omits-${process.pid}.json`);
  await writeFile(appleOmits, JSON.stringify({ privacyTypes: [{ identifier: 'DATA_NOT_LINKED_TO_YOU', purposes: [{ identifier: 'ANALYTICS',
    dataCategories: [{ identifier: 'IDENTIFIERS', dataTypes: ['Device ID'] }] }] }] }));
  const r = await analyze([files.har], { profile: files.profile, events: files.events, firstParty: files.firstParty, declared: [dishonest, appleOmits] });
  const byId: Record<string, DeclarationResult | undefined> = Object.fromEntries((r.declarations ?? []).map((d) => [d.id, d]));
  const email = byId['apple.not-collected.email-address'];
  assert.equal(email?.verdict, 'unverifiable', 'sent only to its own servers: Apple\'s real-time and optional-disclosure rules may exempt it');
  assert.deepEqual(email.rules?.map((x) => x.id), ['apple-collect', 'apple-optional-disclosure']);
  assert.equal(byId['apple.not-linked.identifiers']?.verdict, 'consistent');
  assert.equal(byId['play.not-collected.device-or-other-ids']?.verdict, 'contradicted');
  // Phone and video went only to the app's own servers: Play may hide data processed ephemerally, so it stays open.
  assert.equal(byId['play.not-collected.phone-number']?.verdict, 'unverifiable');
  assert.match(byId['play.not-collected.phone-number']!.why, /sent only to the app's own servers\. Google Play does not show data that is processed ephemerally/);
  assert.deepEqual(byId['play.not-collected.phone-number']!.rules?.map((x) => x.id), ['play-ephemeral']);
});
