/** End to end: `telltale demo` and `telltale check` exit codes with the shipped example policies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenario, type ScenarioFiles } from '../../src/scenarios/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-check-'));
const policy = (name: string) => join(REPO_ROOT, 'policies', `${name}.yaml`);

function checkArgs(files: ScenarioFiles, policyName: string): string[] {
  return ['check', files.har, '--profile', files.profile, '--events', files.events, '--policy', policy(policyName),
    '--first-party', ...files.firstParty];
}

test('demo re-enacts the lawsuit and prints the claims table', async () => {
  const out = join(work, 'demo.json');
  const r = await runCli(['demo', '--out', out], { cwd: work });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /SUPPORTED\s+Personal data sent before consent/);
  assert.match(r.stdout, /wrote .*demo\.json, .*demo\.html/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const verdict = (id: string) => report.claims.find((c: { id: string }) => c.id === id)?.verdict;
  for (const id of ['pre-consent-collection', 'identifier-assigned-before-signup', 'unposted-media-upload',
    'transfer-to-country-of-concern', 'controller-in-country-of-concern']) {
    assert.equal(verdict(id), 'supported', id);
  }
  assert.equal(report.inputs[0].path, 'lawsuit.har');
  const again = join(work, 'demo2.json');
  await runCli(['demo', '--out', again], { cwd: work });
  assert.ok(readFileSync(out).equals(readFileSync(again)), 'the demo report is reproducible byte for byte');
  assert.ok(readFileSync(join(work, 'demo.html')).equals(readFileSync(join(work, 'demo2.html'))), 'and so is its page');
});

test('check exits 1 on the lawsuit scenario for every example policy, with SARIF', async () => {
  const files = await writeScenario('lawsuit', join(work, 'lawsuit'));
  for (const name of ['no-pre-consent-third-party', 'no-countries-of-concern', 'coppa-child-app']) {
    const sarifPath = join(work, `${name}.sarif`);
    const r = await runCli([...checkArgs(files, name), '--format', 'sarif', '--out', sarifPath]);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /violation \[/);
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    assert.ok(sarif.runs[0].results.length > 0, name);
    assert.ok(sarif.runs[0].results.every((x: { level: string }) => x.level === 'error'));
  }
});

test('check exits 0 on the clean scenario for the consent and country policies', async () => {
  const files = await writeScenario('clean', join(work, 'clean'));
  for (const name of ['no-pre-consent-third-party', 'no-countries-of-concern']) {
    const r = await runCli(checkArgs(files, name));
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /^0 violation\(s\)/m);
  }
  // The clean app still hands its advertising id to Firebase after consent: a child-directed app may not.
  const coppa = await runCli(checkArgs(files, 'coppa-child-app'));
  assert.equal(coppa.code, 1, coppa.stderr);
});

test('check without --policy is a usage error', async () => {
  const files = await writeScenario('clean', join(work, 'clean2'));
  const r = await runCli(['check', files.har]);
  assert.equal(r.code, 2);
});
