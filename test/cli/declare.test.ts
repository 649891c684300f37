/**
 * `telltale declare --from CAPTURE`: the draft holds only what the capture supports — checked back against the same
 * capture with --declared, neither the drafted statements nor the Data safety answer sheet is contradicted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { writeScenario, type ScenarioFiles } from '../../src/scenarios/index.js';
import { analyze, draftFromCapture, type DraftDeclaration, type Report } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-declare-'));
const common = (f: ScenarioFiles) => ['--profile', f.profile, '--events', f.events, '--first-party', ...f.firstParty];

/**
 * Drafts from a scenario (through the command line for the clean app, so the command and its YAML are tested; through
 * the library for the lawsuit), then checks the draft and its Data safety sheet back against the same capture.
 */
async function draftAndCheck(name: 'clean' | 'lawsuit', via: 'cli' | 'library'): Promise<{ draft: DraftDeclaration; report: Report }> {
  const files = await writeScenario(name, join(work, name));
  const options = { profile: files.profile, events: files.events, firstParty: files.firstParty };
  let draft: DraftDeclaration;
  const out = join(work, `${name}.draft.yaml`);
  if (via === 'cli') {
    const drafted = await runCli(['declare', '--from', files.har, ...common(files), '--out', out]);
    assert.equal(drafted.code, 0, drafted.stderr);
    assert.match(drafted.stderr, /statement\(s\) drafted, \d+ Data safety type\(s\) collected, \d+ shared; \d+ note\(s\) on what was left out; wrote /);
    draft = parseYaml(readFileSync(out, 'utf8')) as DraftDeclaration;
  } else {
    draft = (await draftFromCapture([files.har], options)).draft;
    writeFileSync(out, JSON.stringify(draft));
  }
  const sheet = join(work, `${name}.datasafety.json`);
  writeFileSync(sheet, JSON.stringify(draft.dataSafety));
  return { draft, report: await analyze([files.har], { ...options, declared: [out, sheet] }) };
}

test('clean app: the draft states consent first, Firebase as the one third party, nothing to countries of concern', async () => {
  const { draft, report } = await draftAndCheck('clean', 'cli');
  assert.equal(draft.schema, 'telltale.declaration/1');
  assert.deepEqual(draft.statements.map((s) => s.kind), ['no-collection-before-consent', 'no-third-party-sharing', 'no-transfer-to', 'not-collected', 'not-shared']);
  assert.deepEqual(draft.statements.find((s) => s.kind === 'no-third-party-sharing'), {
    id: 'third-parties', kind: 'no-third-party-sharing', except: ['firebase'], text: 'Personal data goes to no third party other than firebase.',
  });
  assert.deepEqual(draft.dataSafety.collectedData.map((e) => e.data), ['Device or other IDs', 'Email address', 'Phone number', 'Videos']);
  assert.deepEqual(draft.dataSafety.sharedData.map((e) => e.data), ['Device or other IDs']);
  assert.ok(draft.notes.some((n) => /where data is stored — storage is not visible in traffic/.test(n)));
  const verdicts = report.declarations!.map((d) => d.verdict);
  assert.ok(!verdicts.includes('contradicted'), JSON.stringify(report.declarations, null, 1));
  assert.ok(verdicts.filter((v) => v === 'consistent').length >= 10);
});

test('lawsuit app: the draft leaves out what the capture contradicts, says why, and declares what was sent', async () => {
  const { draft, report } = await draftAndCheck('lawsuit', 'library');
  assert.ok(!draft.statements.some((s) => s.kind === 'no-collection-before-consent' || s.kind === 'no-transfer-to'));
  assert.match(draft.notes.join('\n'), /Not drafted: no collection before consent — the capture contradicts it: 16 findings/);
  const third = draft.statements.find((s) => s.kind === 'no-third-party-sharing');
  assert.deepEqual(third && 'except' in third ? third.except : null, ['baidu', 'bytedance', 'tencent', 'umeng']);
  assert.match(draft.notes.join('\n'), /tencent received unreadable traffic and is named among the third parties for that reason/);
  assert.deepEqual(draft.dataSafety.collectedData.map((e) => e.data), ['Device or other IDs', 'Precise location', 'Videos']);
  assert.ok(!report.declarations!.some((d) => d.verdict === 'contradicted'), JSON.stringify(report.declarations, null, 1));
});
