/**
 * Run-time import of tracker lists a user has. Fixtures are small, hand-made copies of each list's real shape
 * (Exodus API /api/trackers, DuckDuckGo TDS, Disconnect services.json), written to a temp dir by the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat, importCatalogFile } from '../../src/catalog/index.js';
import { isInputError } from '../../src/errors.js';
import { plainDomain } from '../../src/catalog/importers.js';
import { createAttributor } from '../../src/attribute/index.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-import-'));
function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const exodus = {
  trackers: {
    '119': { id: 119, name: 'Umeng Analytics', code_signature: 'com.umeng.analytics', creation_date: '2017-09-24',
      network_signature: '\\.umeng\\.com|\\.umengcloud\\.com', website: 'https://www.umeng.com/', categories: ['Analytics'] },
    '412': { id: 412, name: 'Acme Push', code_signature: 'com.acme.push.', network_signature: 'push\\.acme-example\\.io|log[0-9]+\\.acme-example\\.io',
      website: 'https://acme-example.io', categories: ['Analytics', 'Profiling'] },
    '500': { id: 500, name: 'Code Only', code_signature: 'com.codeonly.', network_signature: '', website: '', categories: [] },
  },
};

const tds = {
  trackers: {
    'trackerco-example.net': { domain: 'trackerco-example.net', owner: { name: 'TrackerCo Ltd', displayName: 'TrackerCo' },
      categories: ['Advertising', 'Analytics'], default: 'block' },
  },
  entities: {
    'TrackerCo Ltd': { domains: ['trackerco-example.net', 'trackerco-cdn.example'], displayName: 'TrackerCo', prevalence: 1.2 },
    'Google LLC': { domains: ['google.com', 'doubleclick.net'], displayName: 'Google', prevalence: 80 },
  },
  domains: { 'trackerco-example.net': 'TrackerCo Ltd', 'google.com': 'Google LLC' },
};

const disconnect = {
  license: 'Copyright 2010-2020 Disconnect, Inc. ... GNU General Public License',
  categories: {
    Advertising: [{ 'Pixel Corp': { 'https://pixelcorp-example.com/': ['pixelcorp-example.com', 'pxl-example.net'] } }],
    Analytics: [{ 'Pixel Corp': { 'https://pixelcorp-example.com/': ['stats.pixelcorp-example.com'], session_replay: 'true' } }],
    Social: [{ 'Friendly Net': { 'https://friendly-example.org/': ['friendly-example.org', 'not a domain!'] } }],
  },
};

test('Exodus: network signatures become domains; regex parts that are not domains are counted as skipped', () => {
  const imported = importCatalogFile(write('exodus.json', exodus));
  assert.equal(imported.format, 'exodus');
  assert.deepEqual(imported.entities.map((e) => e.id), ['exodus-119', 'exodus-412'], 'code-only trackers give no entity');
  const acme = imported.entities.find((e) => e.id === 'exodus-412')!;
  assert.deepEqual(acme.domains, ['push.acme-example.io']);
  assert.deepEqual(acme.categories, ['advertising', 'analytics']);
  assert.equal(acme.country, null, 'the list does not say where a company is');
  assert.ok(acme.sources.includes('https://acme-example.io'));
  assert.ok(acme.sources.some((s) => s.startsWith('file://')));
  assert.equal(imported.skipped, 1);
});

test('DuckDuckGo TDS: entities with their domains and tracker categories', () => {
  const imported = importCatalogFile(write('tds.json', tds));
  assert.equal(imported.format, 'ddg-tds');
  const trackerco = imported.entities.find((e) => e.id === 'ddg-trackerco-ltd')!;
  assert.equal(trackerco.name, 'TrackerCo');
  assert.deepEqual(trackerco.domains, ['trackerco-cdn.example', 'trackerco-example.net']);
  assert.deepEqual(trackerco.categories, ['advertising', 'analytics']);
});

test('Disconnect: a company listed under several categories is merged; flags and junk are ignored', () => {
  const imported = importCatalogFile(write('services.json', disconnect));
  assert.equal(imported.format, 'disconnect');
  const pixel = imported.entities.find((e) => e.id === 'disconnect-pixel-corp')!;
  assert.deepEqual(pixel.domains, ['pixelcorp-example.com', 'pxl-example.net', 'stats.pixelcorp-example.com']);
  assert.deepEqual(pixel.categories, ['advertising', 'analytics']);
  assert.ok(pixel.sources.includes('https://pixelcorp-example.com/'));
  assert.equal(imported.skipped, 1);
});

test('imported lists extend attribution; the built-in catalog keeps precedence', async () => {
  const attributor = await createAttributor({ catalogs: [write('tds2.json', tds), write('exodus2.json', exodus)] });
  assert.equal(attributor.entityOfHost('a.trackerco-example.net')?.id, 'ddg-trackerco-ltd');
  assert.equal(attributor.entityOfHost('push.acme-example.io')?.name, 'Acme Push');
  assert.equal(attributor.entityOfHost('www.google.com')?.id, 'google', 'built-in facts win over an imported list');
  assert.equal(attributor.entityOfHost('ulogs.umeng.com')?.id, 'umeng');
});

test('bad files give one clear InputError naming the file', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['broken.json', '{"trackers": {', /invalid JSON/],
    ['other.json', JSON.stringify({ hello: 'world' }), /not a known tracker list/],
    ['badexodus.json', JSON.stringify({ trackers: { '1': 'nope' } }), /\$\.trackers\.1/],
    ['badtds.json', JSON.stringify({ trackers: {}, entities: { X: { domains: 'x.com' } } }), /\$\.entities\["X"\]/],
  ];
  for (const [name, content, message] of cases) {
    const file = write(name, content);
    assert.throws(() => importCatalogFile(file), (e: unknown) => isInputError(e) && e.message.startsWith(file) && message.test(e.message), name);
  }
  assert.throws(() => importCatalogFile(join(dir, 'absent.json')), /file not found/);
});

test('format detection and domain clean-up', () => {
  assert.equal(detectFormat(tds), 'ddg-tds');
  assert.equal(detectFormat(exodus), 'exodus');
  assert.equal(detectFormat(disconnect), 'disconnect');
  assert.equal(detectFormat([1, 2]), null);
  assert.equal(plainDomain('\\.umeng\\.com'), 'umeng.com');
  assert.equal(plainDomain('*.Example.COM'), 'example.com');
  assert.equal(plainDomain('https://cdn.example.com/path'), 'cdn.example.com');
  assert.equal(plainDomain('log[0-9]+\\.acme\\.io'), null);
  assert.equal(plainDomain('localhost'), null);
});
