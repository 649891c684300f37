/** Terminal renderings: grammatical counts, claims and declarations with verdicts, inferred first party, no control characters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAppScanText, renderHostsTable, renderSummary } from '../../src/report/index.js';
import { jsonChunks } from '../../src/report/stream.js';
import { renderJson } from '../../src/report/json.js';
import type { AppScan } from '../../src/model.js';
import { richReport, sampleReport } from '../helpers/report-fixture.js';

test('summary: claims with verdicts and a one-line why, declared vs observed, findings by phase, blind spots in words', () => {
  const text = renderSummary(richReport());
  assert.match(text, /^telltale 0\.0\.0-test: capture\.har \(sha256 abababababab…\), capture\.pcapng/);
  assert.match(text, /7 exchanges, 3 destinations, 5 findings \(2 confirmed\), 18 blind spots/);
  assert.match(text, /First party: videoapp\.example \(INFERRED from the traffic, not given/);
  assert.match(text, /SUPPORTED {6}Personal data sent before consent\n {17}Two findings left the device before consent\.\n/);
  assert.match(text, /NOT SUPPORTED {2}Collection while the app was in the background/);
  assert.match(text, /Declared vs observed\n {2}CONTRADICTED {3}“We do not share your contacts with third parties\.”/);
  assert.match(text, /CONSISTENT {5}“Location is not collected\.”/);
  assert.match(text, /before consent: 2 · after consent: 1 · in the background: 2/);
  assert.match(text, /1 identifier synced between companies\./);
  assert.match(text, /12 requests to ulogs\.umeng\.com carried opaque/);
  assert.match(text, /Full report: add --format html\|pdf\|json\|csv\|sarif --out FILE/);
  assert.doesNotMatch(text, /\x1b\[/, 'no colour unless asked');
  assert.match(renderSummary(richReport(), { color: true }), /\x1b\[31;1mSUPPORTED/);
});

test('summary: one of each is singular', () => {
  const r = sampleReport();
  r.findings = r.findings.slice(0, 1);
  r.summary = { ...r.summary, exchanges: 1, findings: 1 };
  r.destinations[0]!.findings = 1;
  r.blindSpots = [{ kind: 'opaque-payload', host: 'x.example', count: 1, bytes: 10 }];
  const text = renderSummary(r);
  assert.match(text, /1 exchange, 1 destination, 1 finding \(1 confirmed\), 1 blind spot\n/);
  assert.match(text, /1 finding: device\.imei/);
  assert.match(text, /1 request to x\.example carried an opaque \(encrypted or unrecognised\) payload \(10 bytes\); its content is unknown\./);
});

test('terminal output never carries control characters from the capture', () => {
  const r = sampleReport();
  r.destinations[0]!.host = 'evil.example\x1b[2J\x1b]0;pwned\x07\u202Eexe';
  const text = renderSummary(r) + renderHostsTable(r);
  assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f\u202e]/);
  assert.match(text, /evil\.example<U\+001B>\[2J/);
});

test('hosts table marks an inferred first party', () => {
  const table = renderHostsTable(richReport());
  assert.match(table, /api\.videoapp\.example\s+-\s+-\s+-\s+US\s+first \(inferred\)/);
  assert.match(table, /First party: videoapp\.example \(INFERRED/);
});

test('app scan summary marks sensitive permissions', () => {
  const scan = {
    schema: 'telltale.appscan/1', app: { platform: 'android', id: 'com.x', version: '1.0' },
    sdks: [{ id: 'umeng', name: 'Umeng Analytics', category: 'analytics', entity: { id: 'umeng', name: 'Umeng', country: 'CN' }, evidence: [], classCount: 3, nativeLibs: [], signatures: [] }],
    permissions: ['android.permission.INTERNET', 'android.permission.READ_CONTACTS', 'NSCameraUsageDescription'],
    hosts: ['ulogs.umeng.com'], input: { path: 'x.apk', sha256: 'ab'.repeat(32), bytes: 1, kind: 'apk' }, partial: false, warnings: [],
    declaredPermissions: [], components: [], nativeLibs: [], frameworks: [], hostsInCode: [], codeFiles: [], classCount: 3,
  } satisfies AppScan;
  const text = renderAppScanText(scan);
  assert.match(text, /1 SDK found in the code:\n {2}Umeng Analytics\s+Umeng \(CN\) · analytics/);
  assert.match(text, /3 permissions, 2 sensitive ones:\n {2}android\.permission\.READ_CONTACTS\n {2}NSCameraUsageDescription\n/);
  assert.doesNotMatch(text, /^ {2}android\.permission\.INTERNET$/m);
});

test('streamed JSON is byte-identical to the canonical JSON', () => {
  for (const report of [sampleReport(), richReport(), { ...sampleReport(), findings: [] }]) {
    assert.equal([...jsonChunks(report)].join(''), renderJson(report));
  }
  const big = sampleReport();
  big.findings = Array.from({ length: 1234 }, (_, i) => ({ ...big.findings[i % 2]!, id: `f${i + 1}` }));
  const chunks = [...jsonChunks(big)];
  assert.ok(chunks.length > 3, 'the findings come in several chunks');
  assert.equal(chunks.join(''), renderJson(big));
});

test('summary: blind spots name their side, the device’s own sending first, and the rest as "more blind spots"', () => {
  const r = sampleReport();
  // As the NYT capture of 2015 (WebPageTest keeps no response bodies): many unsaved responses, one opaque request.
  r.blindSpots = [
    ...Array.from({ length: 9 }, (_, i) => ({ kind: 'truncated-body' as const, host: `cdn${i}.example`, count: 40 - i, bytes: 0, side: 'response' as const })),
    { kind: 'truncated-body', host: 'up.example', count: 1, bytes: 5, side: 'request' },
    { kind: 'opaque-payload', host: 'x.example', count: 2, bytes: 10 },
  ];
  const lines = renderSummary(r).split('\n');
  const first = lines.findIndex((l) => l === 'Blind spots') + 1;
  assert.equal(lines[first], '  2 requests to x.example carried opaque (encrypted or unrecognised) payloads (10 bytes); their content is unknown.');
  assert.equal(lines[first + 1], '  1 request body to up.example was cut short or left out by the capture tool (5 bytes); the missing part was not checked.');
  assert.equal(lines[first + 2], '  40 response bodies from cdn0.example were cut short or left out by the capture tool; what the device received there was not checked.');
  assert.ok(lines.includes('  … and 3 more blind spots'), lines.slice(first).join('\n'));
  assert.ok(!lines.some((l) => / request bodies? (to|from) cdn/.test(l)), 'an unsaved response is not a request body');
});
