/** `telltale diff`: what changed between two reports, as data, sentences, and through the CLI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffReports, renderDiff } from '../../src/report/index.js';
import { renderJson } from '../../src/report/json.js';
import type { Report } from '../../src/model.js';
import { isOneLineError, runCli } from '../helpers/cli.js';
import { richReport } from '../helpers/report-fixture.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-diff-'));

/** v9.1 → v9.2: v9.2 starts sending contacts to ByteDance (servers in CN), a claim and a declaration flip. */
function versions(): { before: Report; after: Report } {
  const before = richReport();
  before.app!.scan.app.version = '9.1';
  before.declarations![0]!.verdict = 'consistent';
  const after = richReport();
  after.app!.scan.app.version = '9.2';
  after.destinations.push({
    host: 'log.snssdk.com', domain: 'snssdk.com', entity: { id: 'bytedance', name: 'ByteDance', parent: null, country: 'CN', categories: [] },
    serverIps: ['1.2.3.4'], serverCountry: 'HK', asn: null, party: 'third', sdks: [], exchanges: 1, findings: 1,
  });
  after.findings.push({ ...after.findings[2]!, id: 'f6', host: 'log.snssdk.com', dataType: 'contacts' });
  after.claims[2]!.verdict = 'supported';
  return { before, after };
}

test('diff: flows, destinations, companies, countries, claims and declarations; headlines in one line each', () => {
  const { before, after } = versions();
  const d = diffReports(before, after);
  assert.equal(d.schema, 'telltale.diff/1');
  assert.equal(d.old.label, 'v9.1');
  assert.equal(d.new.label, 'v9.2');
  assert.deepEqual(d.flows.added, [{ dataType: 'contacts', company: 'ByteDance' }]);
  assert.deepEqual(d.flows.removed, []);
  assert.deepEqual(d.destinations, { added: ['log.snssdk.com'], removed: [] });
  assert.deepEqual(d.companies, { added: ['ByteDance'], removed: [] });
  assert.deepEqual(d.serverCountries, { added: ['HK'], removed: [] });
  assert.deepEqual(d.companyCountries, { added: [], removed: [] });
  assert.deepEqual(d.claims, [{ id: 'background-collection', title: 'Collection while the app was in the background', before: 'not-supported', after: 'supported' }]);
  assert.deepEqual(d.declarations, [{ statement: 'We do not share your contacts with third parties.', before: 'consistent', after: 'contradicted' }]);
  assert.ok(d.headlines.includes('v9.2 started sending contacts to ByteDance.'), d.headlines.join('\n'));
  assert.ok(d.headlines.includes('Claim “Collection while the app was in the background”: not supported in v9.1, supported in v9.2.'));
  assert.ok(d.headlines.includes('Declaration “We do not share your contacts with third parties.”: consistent in v9.1, contradicted in v9.2.'));
  assert.ok(d.headlines.includes('v9.2 reached servers in Hong Kong (HK), which v9.1 did not.'));
  // The other way round, the flow was stopped.
  const back = diffReports(after, before);
  assert.ok(back.headlines.includes('v9.1 stopped sending contacts to ByteDance.'));
});

test('diff: identical reports say there is no change; possible-only findings are no flow', () => {
  const a = richReport();
  assert.deepEqual(diffReports(a, richReport()).headlines, ['No change in destinations, companies, countries, flows or verdicts between v9.2 (old) and v9.2 (new).']);
  const b = richReport();
  b.findings.push({ ...b.findings[0]!, id: 'f9', dataType: 'account.phone', confidence: 'possible' });
  assert.deepEqual(diffReports(a, b).flows.added, []);
});

test('diff renderings: text lists, canonical JSON, a self-contained page', () => {
  const { before, after } = versions();
  const d = diffReports(before, after);
  const text = renderDiff(d, 'text');
  assert.match(text, /^v9\.1 → v9\.2\n\n• /);
  assert.match(text, /Flows \(data type → company\):\n {2}\+ contacts → ByteDance/);
  assert.deepEqual(JSON.parse(renderDiff(d, 'json')), d);
  const html = renderDiff(d, 'html');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src/);
  assert.doesNotMatch(html, /<script/);
  assert.ok(html.includes('v9.2 started sending contacts to ByteDance.'));
});

test('CLI diff: text by default, json and html by --format or --out, bad input is one line', async () => {
  const { before, after } = versions();
  const oldPath = join(work, 'v91.json');
  const newPath = join(work, 'v92.json');
  writeFileSync(oldPath, renderJson(before));
  writeFileSync(newPath, renderJson(after));
  const text = await runCli(['diff', oldPath, newPath]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /v9\.2 started sending contacts to ByteDance\./);
  const json = await runCli(['diff', oldPath, newPath, '--format', 'json']);
  assert.equal(JSON.parse(json.stdout).flows.added[0].company, 'ByteDance');
  const htmlPath = join(work, 'diff.html');
  const html = await runCli(['diff', oldPath, newPath, '--out', htmlPath, '--old-label', 'accept', '--new-label', 'decline']);
  assert.equal(html.code, 0, html.stderr);
  assert.match(readFileSync(htmlPath, 'utf8'), /What changed: accept → decline/);
  const refused = await runCli(['diff', oldPath, newPath, '--format', 'html', '--out', join(work, 'd.json')]);
  assert.equal(refused.code, 2);
  assert.ok(isOneLineError(refused.stderr) && /--format html does not match --out .*d\.json/.test(refused.stderr), refused.stderr);
  const notReport = join(work, 'scan.json');
  writeFileSync(notReport, JSON.stringify({ schema: 'telltale.appscan/1' }));
  const bad = await runCli(['diff', notReport, newPath]);
  assert.equal(bad.code, 2);
  assert.ok(isOneLineError(bad.stderr) && bad.stderr.includes('scan.json ($.schema): expected "telltale.report/1"'), bad.stderr);
  const broken = join(work, 'broken.json');
  const damaged = JSON.parse(renderJson(after));
  damaged.findings[3].host = 42;
  writeFileSync(broken, JSON.stringify(damaged));
  const r = await runCli(['diff', oldPath, broken]);
  assert.equal(r.code, 2);
  assert.ok(isOneLineError(r.stderr) && r.stderr.includes('broken.json ($.findings[3].host): not a telltale report'), r.stderr);
});
