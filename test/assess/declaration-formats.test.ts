/**
 * The declaration formats, told apart by content; the store mapping table against the stores' own lists; bad files
 * as one-line errors naming the file and the field; unknown names reported, never dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declarationKindOf, loadDeclaration, loadStoreTypes } from '../../src/assess/index.js';
import { DATA_TYPES } from '../../src/detect/index.js';
import { isInputError } from '../../src/errors.js';
import { analyze } from '../../src/index.js';
import { writeScenario } from '../../src/scenarios/index.js';
import { isOneLineError, runCli } from '../helpers/cli.js';

/**
 * Google Play Console Help, "Provide information for Google Play's Data safety section", data types by category
 * (https://support.google.com/googleplay/android-developer/answer/10787469), written out here from the page, not
 * from telltale's table, so that the test can catch a type the table misses.
 */
const PLAY_TYPES: Record<string, string[]> = {
  Location: ['Approximate location', 'Precise location'],
  'Personal info': ['Name', 'Email address', 'User IDs', 'Address', 'Phone number', 'Race and ethnicity', 'Political or religious beliefs',
    'Sexual orientation', 'Other info'],
  'Financial info': ['User payment info', 'Purchase history', 'Credit score', 'Other financial info'],
  'Health and fitness': ['Health info', 'Fitness info'],
  Messages: ['Emails', 'SMS or MMS', 'Other in-app messages'],
  'Photos and videos': ['Photos', 'Videos'],
  Audio: ['Voice or sound recordings', 'Music files', 'Other audio files'],
  'Files and docs': ['Files and docs'],
  Calendar: ['Calendar events'],
  Contacts: ['Contacts'],
  'App activity': ['App interactions', 'In-app search history', 'Installed apps', 'Other user-generated content', 'Other actions'],
  'Web browsing': ['Web browsing history'],
  'App info and performance': ['Crash logs', 'Diagnostics', 'Other app performance data'],
  'Device or other IDs': ['Device or other IDs'],
};

/** Apple, "App privacy details on the App Store", data types (https://developer.apple.com/app-store/app-privacy-details/). */
const APPLE_TYPES: Record<string, string[]> = {
  CONTACT_INFO: ['Name', 'Email Address', 'Phone Number', 'Physical Address', 'Other User Contact Info'],
  HEALTH_AND_FITNESS: ['Health', 'Fitness'],
  FINANCIAL_INFO: ['Payment Info', 'Credit Info', 'Other Financial Info'],
  LOCATION: ['Precise Location', 'Coarse Location'],
  SENSITIVE_INFO: ['Sensitive Info'],
  CONTACTS: ['Contacts'],
  USER_CONTENT: ['Emails or Text Messages', 'Photos or Videos', 'Audio Data', 'Gameplay Content', 'Customer Support', 'Other User Content'],
  BROWSING_HISTORY: ['Browsing History'],
  SEARCH_HISTORY: ['Search History'],
  IDENTIFIERS: ['User ID', 'Device ID'],
  PURCHASES: ['Purchase History'],
  USAGE_DATA: ['Product Interaction', 'Advertising Data', 'Other Usage Data'],
  DIAGNOSTICS: ['Crash Data', 'Performance Data', 'Other Diagnostic Data'],
  SURROUNDINGS: ['Environment Scanning'],
  BODY: ['Hands', 'Head'],
  OTHER: ['Other Data Types'],
};

test('the mapping table covers every data type both stores define, in the stores\' own categories, each with a source', () => {
  const table = loadStoreTypes();
  const play = table.file.stores.find((s) => s.id === 'play')!;
  assert.deepEqual(Object.fromEntries(play.categories.map((c) => [c.name, c.dataTypes.map((t) => t.name)])), PLAY_TYPES);
  const apple = table.file.stores.find((s) => s.id === 'apple')!;
  assert.deepEqual(Object.fromEntries(apple.categories.map((c) => [c.identifier, c.dataTypes.map((t) => t.name)])), APPLE_TYPES);
  for (const store of table.file.stores) {
    for (const c of store.categories) for (const t of c.dataTypes) assert.match(t.source, /^https:\/\//, `${store.id}/${t.name}`);
  }
  for (const rule of table.file.rules) assert.ok(rule.sources.every((s) => s.startsWith('https://')), rule.id);
});

test('every telltale data type has a store type or a stated reason it has none, in each store', () => {
  const table = loadStoreTypes();
  for (const store of table.file.stores) {
    const reasons = new Set(store.notMapped.map((n) => n.telltale));
    for (const type of DATA_TYPES) {
      const mapped = table.ofTelltale(store.id, type);
      assert.ok(mapped !== undefined || reasons.has(type), `${store.id}: ${type} is neither mapped nor explained`);
      assert.ok(!(mapped && reasons.has(type)), `${store.id}: ${type} is both mapped and listed as not mapped`);
    }
  }
  assert.equal(table.ofTelltale('play', 'device.imei')?.name, 'Device or other IDs');
  assert.equal(table.ofTelltale('apple', 'location.precise')?.categoryId, 'LOCATION');
});

test('the kind is told by content, not by file name', () => {
  assert.equal(declarationKindOf({ schema: 'telltale.declaration/1' }), 'telltale-declaration');
  assert.equal(declarationKindOf({ sharedData: [], collectedData: [] }), 'play-data-safety');
  assert.equal(declarationKindOf({ managePrivacyChoicesUrl: null, privacyTypes: [] }), 'app-store-privacy');
  assert.equal(declarationKindOf([]), null);
  assert.equal(declarationKindOf({ name: 'a policy', rules: [] }), null);
});

const work = mkdtemp(join(tmpdir(), 'telltale-decl-files-'));

async function file(name: string, content: string): Promise<string> {
  const path = join(await work, name);
  await writeFile(path, content);
  return path;
}

/** Each bad file: [name, content, the "where" the error must name, what the message says]. */
const BAD: [string, string, string, RegExp][] = [
  ['bad-entry.json', JSON.stringify({ sharedData: [], collectedData: [{ data: 42, optional: false, purpose: '', type: 'x' }] }), '$.collectedData[0].data', /string/],
  ['no-shared.json', JSON.stringify({ collectedData: [] }), '$.sharedData', /array/],
  ['apple-type.json', JSON.stringify({ privacyTypes: [{ identifier: 'DATA_SOLD_TO_YOU', dataCategories: [] }] }), '$.privacyTypes[0].identifier', /DATA_USED_TO_TRACK_YOU/],
  ['schema.yaml', 'schema: telltale.declaration/2\nsource: x\nstatements: []\n', '$.schema', /unknown schema "telltale\.declaration\/2"/],
  ['kind.yaml', 'schema: telltale.declaration/1\nsource: x\nstatements:\n  - { id: a, text: t, kind: never-sold }\n', '$.statements[0].kind', /./],
  ['country.yaml', 'schema: telltale.declaration/1\nsource: x\nstatements:\n  - { id: a, text: t, kind: storage-countries, countries: [Virginia] }\n', '$.statements[0].countries[0]', /alpha-2/],
  ['type.yaml', 'schema: telltale.declaration/1\nsource: x\nstatements:\n  - { id: a, text: t, kind: not-collected, dataTypes: [device.shoe_size] }\n', '$.statements[0].dataTypes[0]', /data-type id/],
  ['dup.yaml', 'schema: telltale.declaration/1\nsource: x\nstatements:\n  - { id: a, text: t, kind: no-collection-before-consent }\n  - { id: a, text: u, kind: no-collection-before-consent }\n', '$.statements[1].id', /duplicate statement id "a"/],
  ['set.yaml', 'schema: telltale.declaration/1\nsource: x\nstatements:\n  - { id: a, text: t, kind: no-transfer-to, countrySets: [axis-of-evil] }\n', '$.statements[0].countrySets[0]', /unknown country set/],
  ['neither.json', JSON.stringify({ app: 'x', labels: [] }), '$', /not a declaration/],
];

test('a bad declaration file is an InputError naming the file and the field', async () => {
  for (const [name, content, where, problem] of BAD) {
    const path = await file(name, content);
    await assert.rejects(loadDeclaration(path), (e: unknown) => {
      assert.ok(isInputError(e), name);
      assert.equal(e.file, path, name);
      assert.equal(e.where, where, `${name}: ${e.message}`);
      assert.match(e.message, problem, name);
      return true;
    });
  }
  const yaml = await file('broken.yaml', 'schema: telltale.declaration/1\nstatements: [\n');
  await assert.rejects(loadDeclaration(yaml), /broken\.yaml.*line \d+ column \d+.*not valid YAML/);
});

test('CLI: a malformed declaration exits 2 with one line naming the file and the field', async () => {
  const scenario = await writeScenario('clean', join(await work, 'clean'));
  const path = await file('cli-bad.json', JSON.stringify({ sharedData: [], collectedData: [{ data: 'Email address', optional: 'yes' }] }));
  const r = await runCli(['analyze', scenario.har, '--declared', path, '--out', join(await work, 'out.json')]);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(isOneLineError(r.stderr), r.stderr);
  assert.match(r.stderr, /cli-bad\.json.*\$\.collectedData\[0\]\.optional/);
  const unknown = await runCli(['analyze', scenario.har, '--declared', join(await work, 'missing.json')]);
  assert.equal(unknown.code, 2);
  assert.ok(isOneLineError(unknown.stderr), unknown.stderr);
  assert.match(unknown.stderr, /missing\.json/);
});

test('names the table does not know are reported as unverifiable statements and listed, never dropped', async () => {
  const scenario = await writeScenario('clean', join(await work, 'clean-unknown'));
  const play = await file('fr.play.json', JSON.stringify({
    sharedData: [], collectedData: [{ data: 'Adresse e-mail', optional: false, purpose: 'Gestion du compte', type: 'Informations personnelles' }],
  }));
  const apple = await file('odd.apple.json', JSON.stringify({ privacyTypes: [{ identifier: 'DATA_LINKED_TO_YOU', purposes: [{ identifier: 'ANALYTICS', dataCategories: [
    { identifier: 'IDENTIFIERS', dataTypes: ['Identifiant de l\u2019appareil'] }, { identifier: 'TELEPATHY', dataTypes: ['Thoughts'] }] }] }] }));
  const r = await analyze([scenario.har], { events: scenario.events, firstParty: scenario.firstParty, declared: [play, apple] });
  const fr = r.declarations!.find((d) => d.id === 'play.collected.adresse-e-mail')!;
  assert.equal(fr.verdict, 'unverifiable');
  assert.match(fr.why, /"Adresse e-mail" \(category "Informations personnelles"\) is not a Data safety type in telltale's table/);
  assert.deepEqual(r.declarationSources!.map((s) => s.unknownNames), [['Adresse e-mail'], ['Identifiant de l\u2019appareil', 'category TELEPATHY']]);
  assert.ok(r.warnings.some((w) => /fr\.play\.json names 1 data type/.test(w)));
  // The unknown Apple type name still declares its category: the advertising id to Firebase counts as declared.
  assert.equal(r.declarations!.find((d) => d.id === 'apple.linked.identifiers')?.verdict, 'consistent');
  assert.ok(!r.declarations!.some((d) => d.id?.startsWith('apple.not-collected.device-id')));
});
