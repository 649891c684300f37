/** Policies can limit declaration verdicts (`declarations: { contradicted: 0 }`); check fails on a contradiction, with SARIF. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluatePolicy, parsePolicy } from '../../src/assess/index.js';
import type { DeclarationResult, Report } from '../../src/model.js';
import { writeScenario } from '../../src/scenarios/index.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';
import { isInputError } from '../../src/errors.js';
import { analyze, renderSarif } from '../../src/index.js';

function report(declarations: DeclarationResult[] | undefined): Report {
  return {
    schema: 'telltale.report/1', tool: { name: 'telltale', version: '0' }, inputs: [],
    summary: { exchanges: 0, findings: 0, destinations: 0, byDataType: {}, byCountry: {}, byEntity: {}, byJurisdiction: {} },
    destinations: [], findings: [], blindSpots: [], signals: [], events: [], claims: [], warnings: [],
    ...(declarations ? { declarations, declarationSources: [{ path: 'label.json', sha256: 'x'.repeat(64), bytes: 1, kind: 'play-data-safety' as const }] } : {}),
  };
}

const d = (verdict: DeclarationResult['verdict'], findings: string[], statement = 'No data shared'): DeclarationResult =>
  ({ source: 0, statement, verdict, findings, why: 'because' });

test('the policy schema takes declaration limits, alone or beside rules, and rejects what makes no sense', () => {
  assert.deepEqual(parsePolicy({ name: 'p', declarations: { contradicted: 0 } }, 'p.yaml'), { name: 'p', declarations: { contradicted: 0 }, rules: [] });
  const bad: [unknown, string][] = [
    [{ name: 'p' }, '$'],
    [{ name: 'p', declarations: {} }, '$.declarations'],
    [{ name: 'p', declarations: { contradicted: -1 } }, '$.declarations.contradicted'],
    [{ name: 'p', declarations: { contradicted: 0, false: 1 } }, '$.declarations'],
  ];
  for (const [policy, where] of bad) {
    assert.throws(() => parsePolicy(policy, 'p.yaml'), (e: unknown) => isInputError(e) && e.where === where, JSON.stringify(policy));
  }
});

test('past the limit every statement with that verdict is a violation; at the limit none; with no declaration checked, one', () => {
  const zero = parsePolicy({ name: 'p', declarations: { contradicted: 0 } }, 'p.yaml');
  const r = report([d('contradicted', ['f3', 'f7']), d('consistent', []), d('contradicted', [], 'Nothing before consent')]);
  const v = evaluatePolicy(zero, r);
  assert.deepEqual(v.map((x) => [x.rule, x.declaration, x.finding]), [['declarations.contradicted', 0, 'f3'], ['declarations.contradicted', 2, '']]);
  assert.match(v[0]!.message, /^"No data shared" \[label\.json\] is contradicted \(f3, f7\): because$/);
  assert.deepEqual(evaluatePolicy(parsePolicy({ name: 'p', declarations: { contradicted: 2 } }, 'p.yaml'), r), []);
  assert.deepEqual(evaluatePolicy(zero, report(undefined)).map((x) => x.rule), ['declarations']);
  assert.deepEqual(evaluatePolicy(parsePolicy({ name: 'p', declarations: { unverifiable: 0 } }, 'p.yaml'), r), []);
});

test('check --policy declarations-hold: the lawsuit\'s labels fail with SARIF results in the declaration files; the clean app\'s pass', async () => {
  const work = mkdtempSync(join(tmpdir(), 'telltale-decl-check-'));
  const policyPath = join(REPO_ROOT, 'policies', 'declarations-hold.yaml');
  const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'declarations');
  const labels = (name: string) => ['play.json', 'apple.json', 'declaration.yaml'].map((f) => join(fixtures, `${name}.${f}`));
  // The command line, end to end, where it fails (exit 1, the violation lines, SARIF).
  const files = await writeScenario('lawsuit', join(work, 'lawsuit'));
  const sarifPath = join(work, 'lawsuit.sarif');
  const r = await runCli(['check', files.har, '--profile', files.profile, '--events', files.events, '--first-party', ...files.firstParty,
    ...labels('lawsuit').flatMap((l) => ['--declared', l]), '--policy', policyPath, '--format', 'sarif', '--out', sarifPath]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /violation \[declarations\.contradicted\] declaration 15: "No user data is sent to China\." \[.*lawsuit\.declaration\.yaml\] is contradicted/);
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; artifacts: { location: { uri: string } }[] }[] };
  const results = sarif.runs[0]!.results.filter((x) => x.ruleId === 'declaration-contradicted');
  assert.equal(results.length, 12, JSON.stringify(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)));
  assert.ok(results.every((x) => labels('lawsuit').includes(x.locations[0]!.physicalLocation.artifactLocation.uri)));
  assert.deepEqual(sarif.runs[0]!.artifacts.slice(1).map((a) => a.location.uri), labels('lawsuit'));
  // The clean app's honest labels pass the same policy (the library call behind check).
  const clean = await writeScenario('clean', join(work, 'clean'));
  const report = await analyze([clean.har], { profile: clean.profile, events: clean.events, firstParty: clean.firstParty, declared: labels('clean'), policy: policyPath });
  assert.deepEqual(report.violations, []);
  assert.equal(renderSarif(report).includes('declaration-contradicted'), false);
});
