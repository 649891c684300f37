/**
 * `npm run eval` can fail (issue #11): the same run that passes with the real detectors fails when a detector is
 * broken on purpose (one data type dropped), when findings land on decoys, and when a case crashes — each failure
 * naming the row or the case. The analyzer is wrapped here, in the test; nothing in production code weakens detection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { analyze } from '../../src/index.js';
import { PENDING } from '../../eval/floors.js';
import { exitCodeOf, renderJson, renderMarkdown, runEval, withReadmeTable } from '../../eval/run.js';
import type { Analyzer } from '../../eval/sections.js';

const real = analyze as unknown as Analyzer;

/** A detector that never reports one data type. */
function dropping(dataType: string): Analyzer {
  return async (inputs, options) => {
    const report = await real(inputs, options);
    return { ...report, findings: report.findings.filter((f) => f.dataType !== dataType) };
  };
}

test('the out-of-vocabulary section passes with the real detectors, and fails when one data type is dropped', { timeout: 240_000 }, async () => {
  const good = await runEval({ sections: ['oov'], analyze: real });
  assert.deepEqual(good.failures, []);
  assert.equal(exitCodeOf(good), 0);
  const imeiRow = good.rows.find((r) => r.axis === 'dataType' && r.key === 'device.imei')!;
  assert.ok(imeiRow.n >= 5 && imeiRow.recall === 1, `device.imei row: n ${imeiRow.n}, recall ${imeiRow.recall}`);

  const broken = await runEval({ sections: ['oov'], analyze: dropping('device.imei') });
  assert.equal(exitCodeOf(broken), 1);
  assert.ok(broken.failures.some((f) => /^oov\/known device\.imei: recall 0\.0% < 95\.0%/.test(f)), broken.failures.join('\n'));
  // The families that only carry IMEIs fail too; the JSON says which rows are not ok.
  assert.ok(broken.failures.some((f) => f.startsWith('oov/known family imei-variants: recall 0.0%')), broken.failures.join('\n'));
  const json = JSON.parse(renderJson(broken)) as { passed: boolean; rows: { key: string; axis: string; ok: boolean; n: number; tp: number; fn: number }[] };
  assert.equal(json.passed, false);
  const row = json.rows.find((r) => r.axis === 'dataType' && r.key === 'device.imei')!;
  assert.deepEqual([row.ok, row.tp, row.fn], [false, 0, row.n]);
});

test('findings on decoys fail the run, whatever the recall', { timeout: 240_000 }, async () => {
  // A detector that calls every 15-digit number in the OOV capture the profile's IMEI: decoys included.
  const eager: Analyzer = async (inputs, options) => {
    const report = await real(inputs, options);
    const extra = Array.from({ length: report.summary.exchanges }, (_, index) => ({
      source: { input: 0, index }, dataType: 'device.imei', transform: [], match: 'known-value', confidence: 'confirmed',
      path: 'request.url', detector: 'eager',
    }));
    return { ...report, findings: [...report.findings, ...extra] };
  };
  const result = await runEval({ sections: ['oov'], analyze: eager });
  assert.equal(exitCodeOf(result), 1);
  assert.ok(result.failures.some((f) => /finding\(s\) on decoys/.test(f)), result.failures.join('\n'));
  assert.ok(result.rows.some((r) => r.decoyHits > 0 && r.problems.length > 0));
});

test('a crashing case fails the run and is named; the other cases are still scored', { timeout: 240_000 }, async () => {
  const marker = 'X-Device-Info';
  const crashing: Analyzer = async (inputs, options) => {
    if ((await readFile(inputs[0]!, 'utf8')).includes(marker)) throw new Error('decoder blew up');
    return real(inputs, options);
  };
  const result = await runEval({ sections: ['oov'], analyze: crashing });
  assert.equal(exitCodeOf(result), 1);
  const crashes = result.failures.filter((f) => f.startsWith('crashed: '));
  // Two cases carry that header: the k=v;k=v positive and its decoy.
  assert.equal(crashes.length, 2, crashes.join('\n'));
  assert.ok(crashes.every((c) => /oov\.har entry \d+ \((positive|decoy) device\.imei, .*k=v;k=v header.*\): decoder blew up/.test(c)), crashes.join('\n'));
  // Everything else was scored: the other IMEI cases are recalled.
  const imei = result.rows.find((r) => r.axis === 'dataType' && r.key === 'device.imei')!;
  assert.equal(imei.tp, imei.n - 1);
});

test('the markdown page, the README table and the pending list', { timeout: 240_000 }, async () => {
  const result = await runEval({ sections: ['oov'], analyze: real });
  const md = renderMarkdown(result);
  assert.match(md, /\*\*Result: pass\.\*\*/);
  assert.match(md, /\| `device\.imei` \| \d+ \| \d+ \| 0 \| 0 \| \d+ \| 0 \| 100\.0% \| 100\.0% \| ok \|/);
  assert.match(md, /\| utf-16 \| \d+ \| 100\.0% \| 100\.0% \| 0 \|/);
  const readme = 'intro\n<!-- eval:begin (npm run eval rewrites this table) -->\nold\n<!-- eval:end -->\nrest\n';
  const updated = withReadmeTable(readme, result);
  assert.ok(updated.startsWith('intro\n') && updated.endsWith('<!-- eval:end -->\nrest\n') && !updated.includes('\nold\n'));
  assert.match(updated, /\| `device\.imei` \| \d+ \| 100\.0% \| 100\.0% \|/);
  assert.equal(withReadmeTable('no markers', result), 'no markers');
  // Only detectors that are not on this branch may be pending, each with its reason.
  assert.deepEqual(Object.keys(PENDING), []);
});

test('npm run eval -- --json: the CLI prints the table as JSON and exits 0 when every floor is met', { timeout: 240_000 }, async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { REPO_ROOT } = await import('../helpers/corpus.js');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'eval/run.ts', '--sections', 'oov', '--json'],
    { cwd: REPO_ROOT, maxBuffer: 1 << 26 });
  const json = JSON.parse(stdout) as { schema: string; passed: boolean; rows: { section: string; axis: string; key: string }[] };
  assert.equal(json.schema, 'telltale.eval/1');
  assert.equal(json.passed, true);
  assert.ok(json.rows.some((r) => r.section === 'oov' && r.axis === 'family' && r.key === 'raw-bytes'));
});
