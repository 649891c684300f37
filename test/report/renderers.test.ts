/**
 * Renderers checked against expectations that do not come from the renderers: golden files reviewed by hand
 * (test/fixtures/report/, regenerate with UPDATE_GOLDEN=1 and review the diff), a real CSV parser (csv-parse), the
 * required structure of SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) as a
 * schema, and JSON.parse for the report's contract fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { renderCsv, csvCell } from '../../src/report/csv.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderJson } from '../../src/report/json.js';
import { renderHostsTable, renderSummary } from '../../src/report/text.js';
import { sampleReport } from '../helpers/report-fixture.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const GOLDEN = join(REPO_ROOT, 'test', 'fixtures', 'report');

function matchesGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from the reviewed golden file (UPDATE_GOLDEN=1 rewrites it; review the diff)`);
}

test('CSV cells: quoted when needed, spreadsheet formulas defused', () => {
  assert.equal(csvCell('=1+2'), "'=1+2");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
});

test('CSV parses (csv-parse) into one record per finding with the finding\'s values', () => {
  const records = parseCsv(renderCsv(sampleReport()), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
  assert.equal(records.length, 2);
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const f of sampleReport().findings) {
    const row = byId.get(f.id)!;
    assert.ok(row, f.id);
    assert.equal(row.dataType, f.dataType);
    assert.equal(row.confidence, f.confidence);
    assert.equal(row.host, f.host);
    assert.equal(row.path, f.path);
  }
  // A cell that starts like a formula is kept as text, whole, with commas and quotes intact.
  assert.equal(byId.get('f2')!.excerpt, `'=HYPERLINK("x"),<script>`);
});

/** Required parts of a SARIF 2.1.0 log (sections 3.13, 3.14, 3.18, 3.19, 3.27 of the standard). */
const sarifMessage = z.object({ text: z.string().min(1) });
const sarifLog = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(z.object({
    tool: z.object({ driver: z.object({ name: z.string().min(1), rules: z.array(z.object({ id: z.string().min(1) })).optional() }) }),
    artifacts: z.array(z.object({ location: z.object({ uri: z.string() }), hashes: z.record(z.string(), z.string()).optional() })).optional(),
    results: z.array(z.object({
      ruleId: z.string().min(1),
      level: z.enum(['none', 'note', 'warning', 'error']),
      message: sarifMessage,
      locations: z.array(z.object({ physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string() }) }).optional() })).optional(),
    })),
  })).min(1),
});

test('SARIF: a valid 2.1.0 log, equal to the reviewed golden files, with and without policy violations', () => {
  const report = sampleReport();
  const plain = renderSarif(report);
  sarifLog.parse(JSON.parse(plain));
  matchesGolden('sample.sarif', plain);
  report.violations = [{ rule: 'no-imei', finding: 'f1', message: 'IMEI to a third party' }];
  const gated = renderSarif(report);
  const parsed = sarifLog.parse(JSON.parse(gated));
  assert.deepEqual(parsed.runs[0]!.results.map((r) => [r.ruleId, r.level]), [['no-imei', 'error']]);
  matchesGolden('sample-violations.sarif', gated);
});

test('JSON: equal to the reviewed golden file, with the contract fields of design.md', () => {
  const json = renderJson(sampleReport());
  matchesGolden('sample.report.json', json);
  const parsed = JSON.parse(json);
  for (const key of ['schema', 'tool', 'inputs', 'summary', 'destinations', 'findings', 'blindSpots', 'claims']) {
    assert.ok(key in parsed, key);
  }
  assert.equal(parsed.schema, 'telltale.report/1');
});

test('human summary and hosts table name owner and both countries', () => {
  const summary = renderSummary(sampleReport());
  assert.match(summary, /2 exchanges, 1 destination, 2 findings \(1 confirmed\), 0 blind spots/);
  assert.match(summary, /ulogs\.umeng\.com\s+Umeng \(Alibaba Group\)\s+server CN · company CN\s+2 findings: account\.email, device\.imei/);
  const table = renderHostsTable(sampleReport()).split('\n');
  assert.match(table[0]!, /^HOST\s+OWNER\s+PARENT\s+HQ\s+SERVER/);
  assert.match(table[1]!, /^ulogs\.umeng\.com\s+Umeng\s+Alibaba Group\s+CN\s+CN\s+third\s+umeng\s+2\s+2$/);
});
