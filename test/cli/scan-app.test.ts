/** End to end: `telltale scan` on real packages, and `analyze --app` joining the scan with traffic. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenario } from '../../src/scenarios/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { isOneLineError, runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-scan-'));

testNeeding('scan: JSON and HTML for a real APK', { corpus: ['apk/bugly-upgrade-demo.apk'] }, async () => {
  const apk = corpusFile('apk/bugly-upgrade-demo.apk')!;
  const json = await runCli(['scan', apk]);
  assert.equal(json.code, 0, json.stderr);
  const scan = JSON.parse(json.stdout);
  assert.equal(scan.schema, 'telltale.appscan/1');
  assert.equal(scan.app.platform, 'android');
  assert.ok(scan.sdks.some((s: { id: string }) => s.id === 'tencent-bugly'));
  const htmlPath = join(work, 'scan.html');
  const html = await runCli(['scan', apk, '--format', 'html', '--out', htmlPath]);
  assert.equal(html.code, 0, html.stderr);
  const page = readFileSync(htmlPath, 'utf8');
  assert.match(page, /Content-Security-Policy/);
  assert.match(page, /Bugly/);
});

test('scan: a file that is not a package is a one-line error', async () => {
  const r = await runCli(['scan', join(import.meta.dirname, 'scan-app.test.ts')]);
  assert.equal(r.code, 2);
  assert.ok(isOneLineError(r.stderr) && r.stderr.includes('scan-app.test.ts'), r.stderr);
});

testNeeding('analyze --app: SDKs present and sending, and sending without being in the code', { corpus: ['apk/bugly-upgrade-demo.apk'] }, async () => {
  const files = await writeScenario('lawsuit', join(work, 'lawsuit'));
  const out = join(work, 'joined.json');
  const r = await runCli(['analyze', files.har, '--profile', files.profile, '--events', files.events,
    '--app', corpusFile('apk/bugly-upgrade-demo.apk')!, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const status = Object.fromEntries(report.app.sdks.map((s: { id: string; status: string }) => [s.id, s.status]));
  assert.equal(status['tencent-bugly'], 'present-sending');
  assert.equal(status['umeng-analytics'], 'sending-not-found-in-code');
  assert.ok(report.app.permissionGaps.some((g: { dataType: string }) => g.dataType === 'location.precise'));
});
