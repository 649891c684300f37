import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCsv, csvCell } from '../../src/report/csv.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderJson } from '../../src/report/json.js';
import { renderHostsTable, renderSummary } from '../../src/report/text.js';
import { sampleReport } from '../helpers/report-fixture.js';

test('CSV quotes cells and defuses spreadsheet formulas', () => {
  assert.equal(csvCell('=1+2'), "'=1+2");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  const lines = renderCsv(sampleReport()).trimEnd().split('\r\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^id,dataType,confidence,/);
  assert.ok(lines[2]!.includes(`"'=HYPERLINK(""x""),<script>"`), lines[2]);
});

test('SARIF lists findings as results with hashed artifacts, and violations as errors', () => {
  const report = sampleReport();
  const plain = JSON.parse(renderSarif(report));
  assert.equal(plain.version, '2.1.0');
  assert.equal(plain.runs[0].results.length, 2);
  assert.equal(plain.runs[0].results[0].level, 'warning');
  assert.equal(plain.runs[0].artifacts[0].hashes['sha-256'], report.inputs[0]!.sha256);
  report.violations = [{ rule: 'no-imei', finding: 'f1', message: 'IMEI to a third party' }];
  const gated = JSON.parse(renderSarif(report));
  assert.deepEqual(gated.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]), [['no-imei', 'error']]);
  assert.deepEqual(gated.runs[0].tool.driver.rules.map((r: { id: string }) => r.id), ['no-imei']);
});

test('JSON rendering is stable and keeps the contract fields', () => {
  const a = renderJson(sampleReport());
  assert.equal(a, renderJson(sampleReport()));
  const parsed = JSON.parse(a);
  for (const key of ['schema', 'tool', 'inputs', 'summary', 'destinations', 'findings', 'blindSpots', 'claims']) {
    assert.ok(key in parsed, key);
  }
});

test('human summary and hosts table name owner and both countries', () => {
  const summary = renderSummary(sampleReport());
  assert.match(summary, /2 exchanges, 1 destination, 2 findings \(1 confirmed\), 0 blind spots/);
  assert.match(summary, /ulogs\.umeng\.com\s+Umeng \(Alibaba Group\)\s+server CN · company CN\s+2 findings: account\.email, device\.imei/);
  const table = renderHostsTable(sampleReport()).split('\n');
  assert.match(table[0]!, /^HOST\s+OWNER\s+PARENT\s+HQ\s+SERVER/);
  assert.match(table[1]!, /^ulogs\.umeng\.com\s+Umeng\s+Alibaba Group\s+CN\s+CN\s+third\s+umeng\s+2\s+2$/);
});
