/** The benchmark HAR generator: deterministic, valid HAR, and its plants are where planted.json says they are. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateBenchHar, type PlantRecord } from '../../bench/gen-har.js';
import { profileFields, scorePlants } from '../../bench/score-plants.js';
import { analyze } from '../../src/index.js';

const dirs: string[] = [];
async function generate(exchanges: number, knownValues?: number) {
  const out = await mkdtemp(join(tmpdir(), 'telltale-bench-'));
  dirs.push(out);
  return generateBenchHar({ out, exchanges, seed: 3, knownValues, plantEvery: 20 });
}
test.after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const sha256 = async (p: string) => createHash('sha256').update(await readFile(p)).digest('hex');

test('same seed, same bytes; the HAR parses as HAR 1.2 with the requested number of entries', async () => {
  const a = await generate(600);
  const b = await generate(600);
  assert.equal(await sha256(a.harPath), await sha256(b.harPath));
  assert.equal(await sha256(a.variantsPath), await sha256(b.variantsPath));
  const text = await readFile(a.harPath, 'utf8');
  assert.equal(Buffer.byteLength(text), a.bytes);
  const har = JSON.parse(text);
  assert.equal(har.log.version, '1.2');
  assert.equal(har.log.entries.length, 600);
  for (const e of har.log.entries) {
    assert.ok(!Number.isNaN(Date.parse(e.startedDateTime)));
    assert.ok(new URL(e.request.url).hostname.length > 0);
    assert.equal(typeof e.response.status, 'number');
  }
  assert.equal(a.planted, 30);
  assert.ok(a.hidden > 0 && a.hidden < a.planted);
  assert.ok(a.bytes / 600 > 4000, `exchanges average ${a.bytes / 600} bytes, too small for a 1 GB / 200k benchmark`);
});

test('every plant sits in its entry: visible literals in the raw line, hidden ones after base64 + gunzip', async () => {
  const r = await generate(400);
  const lines = (await readFile(r.harPath, 'utf8')).split('\n').slice(1, -2);
  assert.equal(lines.length, 400);
  const planted = JSON.parse(await readFile(r.plantedPath, 'utf8')) as { planted: number; plants: PlantRecord[] };
  const profile = JSON.parse(await readFile(r.profilePath, 'utf8'));
  const variants = new Set((await readFile(r.variantsPath, 'utf8')).trim().split('\n'));
  assert.equal(planted.plants.length, r.planted);
  for (const plant of planted.plants) {
    const section = plant.field.split('.');
    const value: string = section[0] === 'custom' ? profile.custom[Number(/\d+/.exec(plant.field)![0])].value : profile[section[0]!][section[1]!];
    // Recompute the form from the profile value and the transform word.
    const form = plant.transform.length === 0 ? value
      : plant.transform[0] === 'base64' ? Buffer.from(value).toString('base64')
        : plant.transform[0] === 'uppercase' ? value.toUpperCase()
          : createHash(plant.transform[0]!).update(value).digest('hex');
    const entry = JSON.parse(lines[plant.entry]!.replace(/,$/, ''));
    if (plant.literal === null) {
      const inner = gunzipSync(Buffer.from(entry.request.postData.text, 'base64')).toString('utf8');
      assert.ok(inner.includes(`"${form}"`), `hidden plant of ${plant.field} not in entry ${plant.entry}`);
      assert.ok(!lines[plant.entry]!.includes(form), 'a hidden plant must not be visible to a raw scanner');
    } else {
      assert.ok(lines[plant.entry]!.includes(plant.literal), `literal of ${plant.field} not in entry ${plant.entry}`);
      assert.ok(variants.has(plant.literal));
      const decoded = plant.spot === 'query' ? decodeURIComponent(plant.literal)
        : plant.spot === 'form' ? new URLSearchParams(`x=${plant.literal}`).get('x') : plant.literal;
      assert.equal(decoded, form);
    }
  }
  // Lines without a plant contain no variant: the raw-scanner reference count is exact.
  const plantedEntries = new Set(planted.plants.map((p) => p.entry));
  lines.forEach((line, i) => {
    if (!plantedEntries.has(i)) for (const v of variants) assert.ok(!line.includes(v), `entry ${i} contains ${v} unplanted`);
  });
});

test('a profile with 1,000 known values for the matching-cost benchmark', async () => {
  const r = await generate(300, 1000);
  const profile = JSON.parse(await readFile(r.profilePath, 'utf8'));
  const standard = Object.keys(profile.device).length + Object.keys(profile.account).length + Object.keys(profile.network).length;
  assert.equal(standard + profile.custom.length, 1000);
  assert.equal(new Set(profile.custom.map((c: { value: string }) => c.value)).size, profile.custom.length);
});

test('the benchmark scores a report against the plants it generated: all found, nothing unplanted; a miss or a misplaced finding shows', async () => {
  const r = await generate(400);
  const report = await analyze([r.harPath], { profile: r.profilePath });
  const { plants } = JSON.parse(await readFile(r.plantedPath, 'utf8')) as { plants: PlantRecord[] };
  const score = scorePlants(report.findings, plants);
  assert.deepEqual(score, { planted: 20, found: 20, missed: [], unplanted: 0 });

  // The score can fail: a finding missing, or at the wrong exchange, is seen (not "any confirmed finding").
  const first = plants[0]!;
  const matchesFirst = (f: (typeof report.findings)[number]) => f.source.index === first.entry && f.field === first.field;
  const without = report.findings.filter((f) => !matchesFirst(f));
  assert.deepEqual(scorePlants(without, plants).missed, [`${first.entry} ${first.field} (${first.transform.join('+') || 'plain'})`]);
  const moved = report.findings.map((f) => (matchesFirst(f) ? { ...f, source: { ...f.source, index: f.source.index + 1 } } : f));
  const movedScore = scorePlants(moved, plants);
  assert.equal(movedScore.found, 19);
  assert.ok(movedScore.unplanted >= 1);
});

test('plant scoring: an encoding decode opened counts through the path, a digest not planted does not, custom values by type', () => {
  const plant = (entry: number, field: string, transform: string[]): PlantRecord => ({ entry, field, transform, spot: 'json', literal: null });
  const finding = (index: number, field: string, transform: string[], path: string) => ({ source: { index }, confidence: 'confirmed', field, transform, path });
  const plants = [plant(3, 'device.imei', ['base64']), plant(5, 'device.mac', ['md5']), plant(7, 'custom[0]', [])];
  const fields = profileFields({ custom: [{ type: 'custom.bench' }] });
  const right = [
    finding(3, 'device.imei', [], 'request.url|query:d|base64'),
    finding(5, 'device.mac', ['md5'], 'request.body|json:$.m'),
    finding(7, 'custom.bench', [], 'request.body|json:$.c'),
  ];
  assert.deepEqual(scorePlants(right, plants, fields), { planted: 3, found: 3, missed: [], unplanted: 0 });
  const wrong = [
    finding(3, 'device.imei', [], 'request.url|query:d'), // the base64 form is not what was found
    finding(5, 'device.mac', ['sha1'], 'request.body|json:$.m'), // claims another digest
    finding(7, 'custom[0]', [], 'request.body|json:$.c'), // custom values are reported by type
  ];
  assert.deepEqual(scorePlants(wrong, plants, fields), {
    planted: 3, found: 0, missed: ['3 device.imei (base64)', '5 device.mac (md5)', '7 custom[0] (plain)'], unplanted: 3,
  });
});
