/**
 * Coverage of the built-in catalog against an independent list: Ghostery's TrackerDB (npm @ghostery/trackerdb,
 * CC BY-NC-SA 4.0 — a devDependency used only here and as a user-side `--catalog` import, never shipped).
 * Measures the share of TrackerDB's tracker domains our catalog attributes to a company, overall and for advertising
 * and analytics, and names the largest gaps. The floors below are the coverage measured when they were set: a change
 * that loses coverage fails here.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAttributor } from '../../src/attribute/index.js';
import { importCatalogFile } from '../../src/catalog/index.js';
import { testNeeding } from '../helpers/needs.js';

// The package exports only its code; its JSON export sits beside it in node_modules (a devDependency).
const TRACKERDB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '@ghostery', 'trackerdb', 'dist', 'trackerdb.json');

/** Measured 2026-12 with @ghostery/trackerdb 1.0.945 (5,103 domains): 16.8 % overall, 21.2 % advertising, 28.4 % analytics. */
const FLOORS = { overall: 0.165, advertising: 0.2, analytics: 0.27 };

testNeeding('catalog coverage of Ghostery TrackerDB domains stays above its floors; the largest gaps are named', { files: [TRACKERDB] }, async (t) => {
  const imported = importCatalogFile(TRACKERDB);
  assert.equal(imported.format, 'ghostery-trackerdb');
  const attributor = await createAttributor();
  const tally = new Map<string, { total: number; covered: number }>([['overall', { total: 0, covered: 0 }]]);
  const gaps = new Map<string, number>();
  for (const entity of imported.entities) {
    for (const domain of entity.domains) {
      const covered = attributor.entityOfHost(domain) !== null;
      for (const key of ['overall', ...entity.categories]) {
        const row = tally.get(key) ?? { total: 0, covered: 0 };
        row.total++;
        if (covered) row.covered++;
        tally.set(key, row);
      }
      if (!covered) gaps.set(entity.name, (gaps.get(entity.name) ?? 0) + 1);
    }
  }
  const share = (key: string) => {
    const row = tally.get(key)!;
    return row.covered / row.total;
  };
  t.diagnostic(`coverage: ${[...tally].map(([k, r]) => `${k} ${r.covered}/${r.total}`).join(', ')}`);
  t.diagnostic(`largest gaps (organization: uncovered domains): ${[...gaps].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15).map(([n, c]) => `${n} ${c}`).join(', ')}`);
  assert.ok(tally.get('overall')!.total > 4000, 'the TrackerDB export has its thousands of domains');
  assert.ok(share('overall') >= FLOORS.overall, `overall ${share('overall')}`);
  assert.ok(share('advertising') >= FLOORS.advertising, `advertising ${share('advertising')}`);
  assert.ok(share('analytics') >= FLOORS.analytics, `analytics ${share('analytics')}`);
});

testNeeding('TrackerDB as a user-side --catalog import: it extends attribution, built-in entries keep precedence', { files: [TRACKERDB] }, async () => {
  const plain = await createAttributor();
  const extended = await createAttributor({ catalogs: [TRACKERDB] });
  assert.equal(plain.entityOfHost('mmtro.com'), null, 'a domain only TrackerDB knows');
  assert.match(extended.entityOfHost('mmtro.com')?.name ?? '', /1000mercis/);
  assert.equal(extended.entityOfHost('beacon.krxd.net')?.id, 'krux', 'the built-in catalog wins');
});
