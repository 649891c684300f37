/** Owners as of the capture: dated ownership in the catalog (Krux → Salesforce 2016, Tapad → Telenor → Experian). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAttributor } from '../../src/attribute/index.js';
import { catalogProblems, loadCatalog } from '../../src/catalog/index.js';

test('an entity shows the owner of the capture\'s date, with the date it was acquired', async () => {
  const today = await createAttributor();
  const in2015 = today.asOf('2015-08-29T14:43:42.037Z');
  const in2018 = today.asOf('2018-06-01T00:00:00.000Z');
  assert.equal(today.entityOfHost('beacon.krxd.net')?.parent, 'Salesforce');
  assert.equal(today.entityOfHost('beacon.krxd.net')?.ownedSince, '2016');
  assert.equal(in2015.entityOfHost('beacon.krxd.net')?.parent, null, 'Krux was independent in 2015');
  assert.equal(in2015.companyOfHost('beacon.krxd.net'), 'krux');
  assert.equal(today.companyOfHost('beacon.krxd.net'), 'salesforce');

  assert.equal(in2015.entityOfHost('pixel.tapad.com')?.parent, null);
  assert.equal(in2018.entityOfHost('pixel.tapad.com')?.parent, 'Telenor');
  assert.equal(in2018.entityOfHost('pixel.tapad.com')?.parentCountry, 'NO', 'the parent\'s country apart from the entity\'s');
  assert.equal(in2018.entityOfHost('pixel.tapad.com')?.country, 'US');
  assert.equal(today.entityOfHost('pixel.tapad.com')?.parent, 'Experian');

  assert.equal(in2015.entityOfHost('tags.w55c.net')?.name, 'DataXu');
  assert.equal(in2015.entityOfHost('tags.w55c.net')?.parent, null);
  assert.equal(today.entityOfHost('tags.w55c.net')?.parent, 'Roku');
  // No dated ownership: the same parent at any date.
  assert.equal(in2015.entityOfHost('3951336.fls.doubleclick.net')?.parent, 'Google LLC');
});

test('ownership periods are checked: dates in order, parents that exist, ending with the current parent', () => {
  const base = { aliases: [], categories: [], sources: ['https://example.com/'], country: 'US', domains: [] };
  const problems = catalogProblems({
    entities: [
      { ...base, id: 'a', name: 'A', parent: 'b', ownership: [{ parent: null, since: '2016', sources: ['https://example.com/'] },
        { parent: 'c', since: '2010', sources: ['https://example.com/'] }] },
      { ...base, id: 'b', name: 'B', parent: null },
    ],
    sdks: [],
  });
  assert.ok(problems.some((p) => p.includes('out of date order')), problems.join('; '));
  assert.ok(problems.some((p) => p.includes('parent "c" does not exist')), problems.join('; '));
  assert.ok(problems.some((p) => p.includes('the last ownership period names "c", the parent is "b"')), problems.join('; '));
  assert.deepEqual(catalogProblems(loadCatalog()), []);
});
