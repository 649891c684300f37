import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePolicy, loadPolicy, parsePolicy, type Policy } from '../../src/assess/index.js';
import { InputError } from '../../src/errors.js';
import { REPORT_SCHEMA, type Report, type ReportFinding } from '../../src/model.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { BYTEDANCE_US, destination, finding, FIREBASE, OWN_API, SNSSDK, UMENG } from './fixtures.js';

const POLICIES = join(REPO_ROOT, 'policies');

function report(findings: ReportFinding[]): Report {
  const ads = destination('ads.example-ads.com', { entity: { id: 'adco', name: 'AdCo', country: 'US', categories: ['advertising'] } });
  return {
    schema: REPORT_SCHEMA, tool: { name: 'telltale', version: '0.0.0' }, inputs: [],
    summary: { exchanges: findings.length, findings: findings.length, destinations: 6, byDataType: {}, byCountry: {}, byEntity: {}, byJurisdiction: {} },
    destinations: [UMENG, SNSSDK, BYTEDANCE_US, FIREBASE, OWN_API, ads], findings, blindSpots: [], signals: [], events: [], claims: [], warnings: [],
  };
}

const FINDINGS = [
  finding('f10', 'device.ad_id', 'app-measurement.com', 50, { phase: 'post-consent' }),
  finding('f1', 'device.imei', 'ulogs.umeng.com', 2, { phase: 'pre-consent' }),
  finding('f2', 'device.mac', 'ulogs.umeng.com', 2, { phase: 'pre-consent', confidence: 'possible', match: 'key' }),
  finding('f3', 'media.video', 'upload.snssdk.com', 77, { phase: 'post-consent', match: 'media', confidence: 'likely' }),
  finding('f4', 'account.email', 'api.app.example', 61, { phase: 'post-consent' }),
  finding('f5', 'location.precise', 'ads.example-ads.com', 30, { phase: 'pre-consent' }),
];

test('the example policies load', async () => {
  for (const name of ['no-pre-consent-third-party', 'no-countries-of-concern', 'coppa-child-app']) {
    const policy = await loadPolicy(join(POLICIES, `${name}.yaml`));
    assert.equal(policy.name, name);
    assert.ok(policy.rules.length >= 2);
  }
});

test('no-pre-consent-third-party: pre-consent third-party findings of at least "likely" confidence', async () => {
  const v = evaluatePolicy(await loadPolicy(join(POLICIES, 'no-pre-consent-third-party.yaml')), report(FINDINGS));
  assert.deepEqual(v.map((x) => `${x.rule}/${x.finding}`), ['third-party-before-consent/f1', 'third-party-before-consent/f5']);
  assert.equal(v[0]!.message,
    'device.imei sent to ulogs.umeng.com (Umeng, part of Alibaba Group) [server in CN, third party], ' +
    'pre-consent, confirmed (f1 at 2019-11-01T17:00:02.000Z, request.body|json:$.x)');
  assert.equal(v[0]!.description, 'Personal data sent to a third party before the user accepted or declined.');
  assert.deepEqual(v[0]!.source, FINDINGS[1]!.source);
});

test('no-countries-of-concern: server rule and controller rule see different facts', async () => {
  const v = evaluatePolicy(await loadPolicy(join(POLICIES, 'no-countries-of-concern.yaml')), report(FINDINGS));
  assert.deepEqual(v.map((x) => `${x.rule}/${x.finding}`), [
    'server-in-country-of-concern/f1',
    'controller-in-country-of-concern/f1', 'controller-in-country-of-concern/f3',
  ]);
});

test('coppa-child-app: third-party identifiers and media, location to anyone, advertising companies', async () => {
  const v = evaluatePolicy(await loadPolicy(join(POLICIES, 'coppa-child-app.yaml')), report(FINDINGS));
  assert.deepEqual(v.map((x) => `${x.rule}/${x.finding}`), [
    'child-identifiers-to-third-party/f1', 'child-identifiers-to-third-party/f10',
    'child-media-to-third-party/f3', 'child-precise-location/f5', 'advertising-company/f5',
  ]);
});

test('minConfidence, entities (parent names too), hosts and countries', () => {
  const policy: Policy = parsePolicy({
    name: 't', rules: [
      { id: 'all-umeng', deny: { hosts: ['umeng.com'], minConfidence: 'possible' } },
      { id: 'alibaba', deny: { entities: ['ALIBABA GROUP'] } },
      { id: 'us-servers', deny: { countries: ['US'], countryOf: 'server', dataTypes: ['device.*'] } },
    ],
  }, 'inline');
  const v = evaluatePolicy(policy, report(FINDINGS));
  assert.deepEqual(v.map((x) => `${x.rule}/${x.finding}`), ['all-umeng/f1', 'all-umeng/f2', 'alibaba/f1', 'us-servers/f10']);
});

test('a clean report has no violations', async () => {
  const clean = [finding('f1', 'device.ad_id', 'app-measurement.com', 50, { phase: 'post-consent' }), finding('f2', 'account.email', 'api.app.example', 61, { phase: 'post-consent' })];
  for (const name of ['no-pre-consent-third-party', 'no-countries-of-concern']) {
    assert.deepEqual(evaluatePolicy(await loadPolicy(join(POLICIES, `${name}.yaml`)), report(clean)), [], name);
  }
});

async function policyFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-policy-'));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function loadError(name: string, text: string): Promise<InputError> {
  const file = await policyFile(name, text);
  try {
    await loadPolicy(file);
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    assert.ok(!e.message.includes('\n'), 'one line');
    assert.ok(e.message.startsWith(file), 'names the file');
    return e;
  }
  assert.fail('expected loadPolicy to fail');
}

test('bad policies fail with the place of the problem', async () => {
  assert.equal((await loadError('p.yaml', 'name: x\nrules:\n  - id: a\n    deny: {party: third\n')).where?.startsWith('line '), true);
  assert.equal((await loadError('p.yaml', 'name: x\nrules:\n  - id: a\n    deny: {colour: red, party: third}\n')).where, '$.rules[0].deny');
  assert.equal((await loadError('p.yaml', 'name: x\nrules:\n  - id: a\n    deny: {dataTypes: [device.imeii]}\n')).where, '$.rules[0].deny.dataTypes[0]');
  assert.equal((await loadError('p.yaml', 'name: x\nrules:\n  - id: a\n    deny: {phases: [before-consent]}\n')).where, '$.rules[0].deny.phases[0]');
  assert.match((await loadError('p.yaml', 'name: x\nrules:\n  - id: a\n    deny: {minConfidence: likely}\n')).message, /at least one condition/);
  const set = await loadError('p.yaml', 'name: x\nrules:\n  - id: a\n    deny: {countrySets: [axis-of-evil]}\n');
  assert.equal(set.where, '$.rules[0].deny.countrySets[0]');
  assert.equal((await loadError('p.yaml', 'name: x\nrules:\n  - {id: a, deny: {party: third}}\n  - {id: a, deny: {party: first}}\n')).where, '$.rules[1].id');
  assert.equal((await loadError('p.yaml', 'name: x\nrules: []\n')).where, '$.rules');
  assert.match((await loadError('p.json', '{"name": "x", "rules": [}')).message, /not valid JSON/);
});

test('JSON policies and YAML aliases work; alias bombs are refused', async () => {
  const json = await policyFile('p.json', JSON.stringify({ name: 'j', rules: [{ id: 'a', deny: { party: 'third' } }] }));
  assert.equal((await loadPolicy(json)).rules[0]!.deny.party, 'third');
  const aliases = await policyFile('p.yaml', 'name: y\nrules:\n  - id: a\n    deny: &d {party: third, phases: [pre-consent]}\n  - id: b\n    deny: *d\n');
  assert.deepEqual((await loadPolicy(aliases)).rules[1]!.deny, { party: 'third', phases: ['pre-consent'] });
  const lines = ['a: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  const bomb = await policyFile('bomb.yaml', `${lines.join('\n').replace(/^a/gm, 'x')}\nname: b\nrules: []\n`);
  await assert.rejects(loadPolicy(bomb), InputError);
});
