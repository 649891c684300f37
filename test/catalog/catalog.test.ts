import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CATALOG_DIR, catalogProblems, countriesFileSchema, countrySet, entitiesFileSchema, ENTITY_CATEGORIES, loadCatalog,
} from '../../src/catalog/index.js';
import { buildEntities, parseSource } from '../../scripts/catalog/build-entities.js';

const readJson = (name: string): unknown => JSON.parse(readFileSync(join(CATALOG_DIR, name), 'utf8'));

test('entities.json and countries.json validate against their schemas', () => {
  assert.equal(entitiesFileSchema.safeParse(readJson('entities.json')).success, true);
  assert.equal(countriesFileSchema.safeParse(readJson('countries.json')).success, true);
});

test('the catalog is consistent: unique ids and domains, parents exist, no cycles, SDKs point at entities', () => {
  assert.deepEqual(catalogProblems(loadCatalog()), []);
});

test('cross-entry checks catch the mistakes they are for', () => {
  const base = { aliases: [], categories: [], sources: ['https://example.com/'], country: 'US' };
  const problems = catalogProblems({
    entities: [
      { ...base, id: 'a', name: 'A', parent: 'b', domains: ['x.com'] },
      { ...base, id: 'b', name: 'B', parent: 'a', domains: ['x.com'] },
      { ...base, id: 'c', name: 'C', parent: 'missing', domains: [] },
    ],
    sdks: [{ id: 's', name: 'S', entity: 'nobody', category: 'analytics', code: { android: [], ios: [], nativeLibs: [] }, network: [], sources: ['https://example.com/'] }],
  });
  assert.ok(problems.some((p) => p.includes('"x.com" belongs to both')));
  assert.ok(problems.some((p) => p.includes('parent "missing" does not exist')));
  assert.ok(problems.some((p) => p.includes('ownership cycle')));
  assert.ok(problems.some((p) => p.includes('sdk "s"')));
});

test('coverage: at least 400 entities and 1,500 domains, every entity sourced by URL', () => {
  const { entities } = loadCatalog();
  assert.ok(entities.length >= 400, `${entities.length} entities`);
  const domains = entities.reduce((n, e) => n + e.domains.length, 0);
  assert.ok(domains >= 1500, `${domains} domains`);
  for (const e of entities) {
    assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https:\/\/[^\s]+$/.test(s)), e.id);
    assert.ok(e.categories.every((c) => (ENTITY_CATEGORIES as readonly string[]).includes(c)), e.id);
  }
});

test('the ids other stages reference exist, with the right parent and headquarters country', () => {
  const byId = new Map(loadCatalog().entities.map((e) => [e.id, e]));
  const expected: Record<string, [string | null, string]> = {
    alibaba: [null, 'CN'], umeng: ['alibaba', 'CN'], tencent: [null, 'CN'], baidu: [null, 'CN'], getui: [null, 'CN'],
    bytedance: [null, 'CN'], jiguang: [null, 'CN'], autonavi: ['alibaba', 'CN'], xiaomi: [null, 'CN'], huawei: [null, 'CN'],
    mintegral: ['mobvista', 'CN'], sensorsdata: [null, 'CN'], google: ['alphabet', 'US'], meta: [null, 'US'],
    appsflyer: [null, 'US'], adjust: ['applovin', 'DE'], branch: [null, 'US'], amplitude: [null, 'US'], mixpanel: [null, 'US'],
    segment: ['twilio', 'US'], braze: [null, 'US'], moengage: [null, 'US'], newrelic: [null, 'US'], sentry: [null, 'US'],
    criteo: [null, 'FR'], microsoft: [null, 'US'], appnexus: ['microsoft', 'US'], adobe: [null, 'US'], oracle: [null, 'US'],
    comscore: [null, 'US'], quantcast: [null, 'US'], unity: [null, 'US'], ironsource: ['unity', 'IL'], applovin: [null, 'US'],
    chartboost: ['zynga', 'US'], vungle: ['liftoff', 'US'], inmobi: [null, 'IN'], twitter: [null, 'US'], snap: [null, 'US'],
    amazon: [null, 'US'], yandex: [null, 'RU'], optimizely: [null, 'US'], salesforce: [null, 'US'], krux: ['salesforce', 'US'],
    onesignal: [null, 'US'], flurry: ['yahoo', 'US'], yahoo: ['apollo', 'US'], tiktok: ['bytedance', 'SG'], pangle: ['bytedance', 'SG'],
    doubleclick: ['google', 'US'], admob: ['google', 'US'], firebase: ['google', 'US'], crashlytics: ['firebase', 'US'],
    bluekai: ['oracle', 'US'], scorecardresearch: ['comscore', 'US'], demdex: ['adobe', 'US'],
  };
  for (const [id, [parent, country]] of Object.entries(expected)) {
    const e = byId.get(id);
    assert.ok(e, `missing entity ${id}`);
    assert.equal(e.parent, parent, `${id} parent`);
    assert.equal(e.country, country, `${id} country`);
  }
  assert.ok(byId.get('umeng')?.aliases.includes('友盟'), 'native-script aliases');
  assert.ok(byId.get('tencent')?.aliases.includes('腾讯'));
});

test('committed entities.json is exactly what the .src files generate', () => {
  const generated = `${JSON.stringify({ entities: buildEntities() }, null, 1)}\n`;
  assert.equal(readFileSync(join(CATALOG_DIR, 'entities.json'), 'utf8'), generated);
});

test('the .src parser expands source keys and rejects malformed lines', () => {
  const [e] = parseSource('x | X Inc | - | US | analytics | Ex;エックス | xray v2fly:x exodus:7 wp:X_Inc\n    x.com X.NET\n    ! note\n', 't.src');
  assert.deepEqual(e?.domains, ['x.com', 'x.net']);
  assert.deepEqual(e?.aliases, ['Ex', 'エックス']);
  assert.equal(e?.note, 'note');
  assert.deepEqual(e?.sources, [
    'https://github.com/TrackerControl/tracker-control-android/blob/master/app/src/main/assets/xray-blacklist.json',
    'https://github.com/v2fly/domain-list-community/blob/master/data/x',
    'https://reports.exodus-privacy.eu.org/en/trackers/7/',
    'https://en.wikipedia.org/wiki/X_Inc',
  ]);
  assert.throws(() => parseSource('x | X | - | US | nonsense | - | xray', 't.src'), /unknown category/);
  assert.throws(() => parseSource('x | X | - | US', 't.src'), /expected 7/);
  assert.throws(() => parseSource('x | X | - | US | - | - | nokey:1', 't.src'), /unknown source key/);
  assert.throws(() => parseSource('    lonely.com', 't.src'), /before any entity/);
});

test('country sets: DOJ countries of concern include Hong Kong and Macau; EU/EEA has 30 members', () => {
  const concern = countrySet('countries-of-concern');
  for (const c of ['CN', 'HK', 'MO', 'RU', 'IR', 'KP', 'CU', 'VE']) assert.ok(concern.has(c), c);
  assert.equal(concern.size, 8);
  const padfa = countrySet('padfa-foreign-adversaries');
  for (const c of ['CN', 'RU', 'IR', 'KP']) assert.ok(padfa.has(c), c);
  assert.ok(!padfa.has('VE') && !padfa.has('CU'), 'PADFA names four countries, not the DOJ list');
  assert.equal(countrySet('eu-eea').size, 30);
  assert.ok(countrySet('gdpr-adequacy').has('JP'));
  assert.ok(!countrySet('gdpr-adequacy').has('CN'));
  assert.throws(() => countrySet('nope'), /unknown country set/);
});
