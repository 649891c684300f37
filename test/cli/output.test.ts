/**
 * How the CLI chooses what to write: a human summary on a terminal (run under a real pty with util-linux `script`),
 * JSON in a pipe, the format named by --out's extension, mismatches refused, PDF through Chromium, hosts and scan
 * with --format and --out.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenario, type ScenarioFiles } from '../../src/scenarios/index.js';
import { CHROMIUM } from '../helpers/browser.js';
import { isOneLineError, runCli } from '../helpers/cli.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-output-'));
let lawsuit: ScenarioFiles;

before(async () => {
  lawsuit = await writeScenario('lawsuit', work);
});

const analyzeArgs = () => ['analyze', lawsuit.har, '--profile', lawsuit.profile, '--events', lawsuit.events];

/** Runs the CLI with stdout on a pseudo-terminal, as a person at a shell would. */
function onTerminal(args: string[]): { code: number | null; output: string } {
  const command = [process.execPath, join(REPO_ROOT, 'bin', 'telltale.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, output: r.stdout.replace(/\r/g, '') };
}

testNeeding('on a terminal, analyze prints a human summary, not JSON', { tools: ['script'] }, () => {
  const r = onTerminal(analyzeArgs());
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /8 exchanges, 6 destinations, 22 findings \(16 confirmed\), 1 blind spot/);
  assert.match(r.output, /SUPPORTED {6}Personal data sent before consent/);
  assert.match(r.output, /Full report: add --format html\|pdf\|json\|csv\|sarif --out FILE/);
  assert.doesNotMatch(r.output, /"schema": "telltale\.report\/1"/);
  const json = onTerminal([...analyzeArgs(), '--format', 'json']);
  assert.match(json.output, /"schema": "telltale\.report\/1"/, '--format json keeps JSON on a terminal');
  const pdf = onTerminal([...analyzeArgs(), '--format', 'pdf']);
  assert.equal(pdf.code, 2);
  assert.match(pdf.output, /telltale: --format pdf writes a binary file: give --out FILE\.pdf/);
});

test('in a pipe, analyze keeps writing JSON; --format text writes the summary', async () => {
  const r = await runCli(analyzeArgs());
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).schema, 'telltale.report/1');
  const text = await runCli([...analyzeArgs(), '--format', 'text']);
  assert.match(text.stdout, /^telltale .*: .*lawsuit\.har/);
  assert.match(text.stdout, /Findings by phase\n {2}before consent: 16 · after consent: 2 · in the background: 4/);
});

test('--out names the format by its extension; a mismatch with --format is refused in one line', async () => {
  const html = join(work, 'r.html');
  const r = await runCli([...analyzeArgs(), '--out', html]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(html, 'utf8'), /^<!DOCTYPE html>/);
  assert.match(r.stderr, /wrote .*r\.html/);
  const refused = await runCli([...analyzeArgs(), '--format', 'html', '--out', join(work, 'r.json')]);
  assert.equal(refused.code, 2);
  assert.ok(isOneLineError(refused.stderr), refused.stderr);
  assert.match(refused.stderr, /--format html does not match --out .*r\.json \(a \.json file\): use --out .*r\.html or --format json/);
  const txt = join(work, 'summary.txt');
  assert.equal((await runCli([...analyzeArgs(), '--out', txt])).code, 0);
  assert.match(readFileSync(txt, 'utf8'), /Personal data sent before consent/);
});

testNeeding('--format pdf writes a PDF through Chromium', { files: [CHROMIUM] }, async () => {
  const pdf = join(work, 'r.pdf');
  const r = await runCli([...analyzeArgs(), '--out', pdf]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
});

test('hosts accepts --format json|html and --out; the table stays the default', async () => {
  const table = await runCli(['hosts', lawsuit.har]);
  assert.match(table.stdout, /^HOST\s+OWNER/);
  const json = await runCli(['hosts', lawsuit.har, '--format', 'json']);
  assert.equal(JSON.parse(json.stdout).destinations.length, 6);
  const page = join(work, 'hosts.html');
  const html = await runCli(['hosts', lawsuit.har, '--out', page]);
  assert.equal(html.code, 0, html.stderr);
  assert.match(readFileSync(page, 'utf8'), /id="destinations-table"/);
});

testNeeding('scan: a summary with --format text, the page with sensitive permissions marked', { corpus: ['apk/bugly-upgrade-demo.apk'] }, async () => {
  const apk = join(CORPUS_DIR, 'apk', 'bugly-upgrade-demo.apk');
  const text = await runCli(['scan', apk, '--format', 'text']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /SDKs? found in the code:\n {2}.*Bugly/);
  assert.match(text.stdout, /permissions?, \d+ sensitive ones?/);
  const page = join(work, 'scan.html');
  assert.equal((await runCli(['scan', apk, '--out', page])).code, 0);
  const html = readFileSync(page, 'utf8');
  assert.match(html, /<code class="danger">android\.permission\.READ_PHONE_STATE<\/code>/);
  assert.match(html, /developer\.android\.com/);
});
