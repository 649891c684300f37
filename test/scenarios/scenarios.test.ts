import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildScenario, SCENARIOS, writeScenario } from '../../src/scenarios/index.js';
import { openInput, type Exchange } from '../../src/ingest/index.js';
import { loadEvents } from '../../src/timeline/index.js';
import { createAttributor } from '../../src/attribute/index.js';
import { testNeeding } from '../helpers/needs.js';

async function exchangesOf(har: string): Promise<Exchange[]> {
  const opened = await openInput(har, { input: 0 });
  const out: Exchange[] = [];
  for await (const ex of opened.exchanges) out.push(ex);
  return out;
}

const header = (ex: Exchange, name: string) => ex.request.headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;

test('SCENARIOS lists lawsuit and clean with their first-party hosts', () => {
  assert.deepEqual(SCENARIOS.map((s) => s.name), ['lawsuit', 'clean']);
  assert.deepEqual(SCENARIOS.find((s) => s.name === 'clean')!.firstParty, ['api.calmclip.example', 'upload.calmclip.example']);
});

test('writeScenario writes three files, byte-identical on every run', async () => {
  for (const name of ['lawsuit', 'clean'] as const) {
    const a = await writeScenario(name, await mkdtemp(join(tmpdir(), 'telltale-scn-a-')));
    const b = await writeScenario(name, join(await mkdtemp(join(tmpdir(), 'telltale-scn-b-')), 'nested', 'dir'));
    for (const key of ['har', 'events', 'profile'] as const) {
      assert.ok((await readFile(a[key])).equals(await readFile(b[key])), `${name} ${key} differs between runs`);
    }
    assert.deepEqual((await readdir(join(a.har, '..'))).sort(), [`${name}.events.json`, `${name}.har`, `${name}.profile.json`]);
  }
});

test('the events files pass the events validator and the profiles name the test device', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-scn-'));
  const lawsuit = await writeScenario('lawsuit', dir);
  const kinds = (await loadEvents(lawsuit.events)).map((e) => e.kind);
  assert.deepEqual(kinds, ['install', 'launch', 'consent', 'record', 'next', 'background', 'note']);
  assert.ok(!kinds.includes('post') && !kinds.includes('signup'), 'the lawsuit user neither posts nor signs up');
  const profile = JSON.parse(await readFile(lawsuit.profile, 'utf8'));
  assert.equal(profile.device.imei, '490154203237518');
  const clean = await writeScenario('clean', dir);
  assert.deepEqual((await loadEvents(clean.events)).map((e) => e.kind),
    ['install', 'launch', 'consent', 'signup', 'record', 'next', 'post', 'background', 'foreground']);
});

test('the HARs read back through ingest with server IPs, times and bodies intact', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-scn-'));
  for (const name of ['lawsuit', 'clean'] as const) {
    const files = await writeScenario(name, dir);
    const exchanges = await exchangesOf(files.har);
    const truth = buildScenario(name).truth;
    assert.equal(exchanges.length, truth.length);
    exchanges.forEach((ex, i) => {
      assert.equal(ex.source.index, truth[i]!.index);
      assert.equal(ex.time, truth[i]!.time);
      assert.equal(ex.serverIp, truth[i]!.serverIp);
      assert.equal(new URL(ex.url).hostname, truth[i]!.host);
      assert.deepEqual(ex.notes, [], `${name} entry ${i} notes`);
    });
  }
});

testNeeding('Umeng body is real gzip (checked by gzip(1)) of JSON carrying the IMEI, MAC and Android ID', { tools: ['gzip'] }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-scn-'));
  const ex = (await exchangesOf((await writeScenario('lawsuit', dir)).har)).find((e) => e.url.startsWith('https://ulogs.umeng.com/'))!;
  assert.equal(header(ex, 'content-encoding'), 'gzip');
  const body = ex.request.body!;
  assert.deepEqual([...body.subarray(0, 2)], [0x1f, 0x8b]);
  const file = join(dir, 'umeng.gz');
  await writeFile(file, body);
  execFileSync('gzip', ['-t', file]);
  const json = JSON.parse(gunzipSync(body).toString('utf8'));
  assert.deepEqual([json.header.imei, json.header.mac, json.header.android_id], ['490154203237518', 'ac:37:43:4d:b2:1f', '3f9a1c2b7d4e6a80']);
});

testNeeding('the draft upload is multipart with a real MP4 (recognised by file(1)) and device_register returns device_id/install_id', { tools: ['file'] }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-scn-'));
  const exchanges = await exchangesOf((await writeScenario('lawsuit', dir)).har);
  const upload = exchanges.find((e) => e.url.startsWith('https://upload.snssdk.com/'))!;
  const boundary = /boundary=(\S+)/.exec(header(upload, 'content-type')!)![1]!;
  const body = Buffer.from(upload.request.body!);
  const partStart = body.indexOf('\r\n\r\n', body.indexOf('filename="draft_20191101_170115.mp4"')) + 4;
  const partEnd = body.indexOf(`\r\n--${boundary}--`, partStart);
  const mp4 = body.subarray(partStart, partEnd);
  assert.equal(mp4.subarray(4, 12).toString('latin1'), 'ftypisom');
  assert.ok(mp4.length > 48 * 1024);
  const file = join(dir, 'draft.mp4');
  await writeFile(file, mp4);
  assert.match(execFileSync('file', ['-b', file]).toString(), /ISO Media, MP4 Base Media/);
  const register = exchanges.find((e) => e.url.includes('/service/2/device_register/'))!;
  const reply = Buffer.from(register.response!.body!).toString('utf8');
  assert.match(reply, /"device_id":6745312098765432101,"install_id":6745312098765438110/);
});

test('server IPs land in the intended countries and hosts in the intended companies (bundled IP database and catalog)', async () => {
  const attributor = await createAttributor({ firstParty: SCENARIOS.flatMap((s) => s.firstParty) });
  const where = (name: 'lawsuit' | 'clean') => buildScenario(name).truth.map((t) => {
    const d = attributor.attribute({ host: t.host, serverIps: [t.serverIp] });
    return `${t.host} ${d.serverCountry} ${d.entity?.id ?? '-'} ${d.party}`;
  });
  assert.deepEqual(where('lawsuit'), [
    'ulogs.umeng.com CN umeng third',
    'android.bugly.qq.com CN tencent third',
    'hmma.baidu.com CN baidu third',
    'log.snssdk.com CN bytedance third',
    'api.shortclip.example US - first',
    'log.snssdk.com CN bytedance third',
    'upload.snssdk.com US bytedance third',
    'ulogs.umeng.com CN umeng third',
  ]);
  assert.deepEqual(where('clean'), [
    'api.calmclip.example US - first',
    'api.calmclip.example US - first',
    'app-measurement.com US firebase third',
    'api.calmclip.example US - first',
    'api.calmclip.example US - first',
    'upload.calmclip.example US - first',
    'api.calmclip.example US - first',
  ]);
});
