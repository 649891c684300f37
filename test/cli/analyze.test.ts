/** End to end: the built CLI on real captures from ../shared/corpus, as a user would run it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { isOneLineError, runCli } from '../helpers/cli.js';

const HAR_DIRS = ['har/mitmproxy', 'har/pagexray'];
const work = mkdtempSync(join(tmpdir(), 'telltale-cli-'));

function corpusHars(): string[] {
  return HAR_DIRS.flatMap((d) =>
    readdirSync(join(CORPUS_DIR, d)).filter((f) => f.endsWith('.har')).map((f) => join(CORPUS_DIR, d, f)));
}

function entryCount(path: string): number {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries.length;
}

testNeeding('analyze: every real HAR in the corpus gives a report with the contract fields', { corpus: ['har/mitmproxy', 'har/pagexray'] }, async () => {
  const hars = corpusHars();
  assert.ok(hars.length >= 10, `expected the corpus HARs, found ${hars.length}`);
  for (const har of hars) {
    const r = await runCli(['analyze', har, '--profile', join(REPO_ROOT, 'examples', 'profile.json'), '--out', '-']);
    assert.equal(r.code, 0, `${har}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    assert.equal(report.schema, 'telltale.report/1');
    assert.equal(report.tool.name, 'telltale');
    assert.equal(report.inputs[0].sha256, createHash('sha256').update(readFileSync(har)).digest('hex'), har);
    assert.equal(report.inputs[0].bytes, readFileSync(har).length);
    assert.equal(report.inputs[0].format, 'har');
    assert.equal(report.summary.exchanges, entryCount(har), har);
    assert.equal(report.summary.findings, report.findings.length);
    assert.equal(report.summary.destinations, report.destinations.length);
    // No value of the test profile is in these third-party captures: nothing may be "confirmed".
    assert.deepEqual(report.findings.filter((f: { confidence: string }) => f.confidence === 'confirmed'), [], har);
  }
});

testNeeding('analyze: the same inputs give byte-identical JSON', { corpus: ['har/pagexray/www.nytimes.com.har'] }, async () => {
  const har = join(CORPUS_DIR, 'har/pagexray/www.nytimes.com.har');
  const outs = [join(work, 'a.json'), join(work, 'b.json')];
  for (const out of outs) {
    const r = await runCli(['analyze', har, '--profile', join(REPO_ROOT, 'examples/profile.json'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
  }
  const [a, b] = outs.map((o) => readFileSync(o));
  assert.ok(a!.length > 1000);
  assert.ok(a!.equals(b!), 'two runs differ');
});

testNeeding('analyze: broken HAR files give one line naming the file, exit 2', { corpus: ['har/bad'] }, async () => {
  for (const name of readdirSync(join(CORPUS_DIR, 'har/bad'))) {
    const file = join(CORPUS_DIR, 'har/bad', name);
    const r = await runCli(['analyze', file, '--out', join(work, 'bad.json')]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.ok(isOneLineError(r.stderr), `${name}: not one line: ${r.stderr}`);
    assert.ok(r.stderr.includes(name), `${name}: message does not name the file: ${r.stderr}`);
  }
});

test('analyze: usage and input errors are one line with exit 2', async () => {
  const missing = await runCli(['analyze', join(work, 'nope.har')]);
  assert.equal(missing.code, 2);
  assert.ok(isOneLineError(missing.stderr) && missing.stderr.includes('nope.har'), missing.stderr);

  const badProfile = join(work, 'profile.json');
  writeFileSync(badProfile, JSON.stringify({ device: { imeii: '1' } }));
  const har = join(work, 'tiny.har');
  writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } }));
  const r = await runCli(['analyze', har, '--profile', badProfile]);
  assert.equal(r.code, 2);
  assert.ok(isOneLineError(r.stderr) && r.stderr.includes('imeii'), r.stderr);

  const noCommand = await runCli(['analyse', har]);
  assert.equal(noCommand.code, 2);
});

testNeeding('analyze: several formats at once, HTML escaped and offline', { corpus: ['har/mitmproxy/chrome.har'] }, async () => {
  const har = join(CORPUS_DIR, 'har/mitmproxy/chrome.har');
  const base = join(work, 'multi');
  const r = await runCli(['analyze', har, '--format', 'json', 'html', 'csv', 'sarif', '--out', base]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(`${base}.html`, 'utf8');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  assert.doesNotMatch(html, /unsafe-inline|<script[^>]+src=/i, 'one inline script allowed by its hash, nothing loaded');
  const csv = readFileSync(`${base}.csv`, 'utf8');
  assert.match(csv, /^id,dataType,/);
  const sarif = JSON.parse(readFileSync(`${base}.sarif`, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const json = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
  assert.equal(json.summary.exchanges, entryCount(har));
});

testNeeding('analyze: mitmproxy dumps give the same exchanges as the HAR mitmproxy exported from them', { corpus: ['mitm/successful_log.mitm', 'mitm/successful_log.har', 'mitm/dumpfile-010.mitm'] }, async () => {
  const mitm = join(CORPUS_DIR, 'mitm/successful_log.mitm');
  const har = join(CORPUS_DIR, 'mitm/successful_log.har');
  const a = await runCli(['analyze', mitm, '--out', '-']);
  const b = await runCli(['analyze', har, '--out', '-']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const [ra, rb] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
  assert.equal(ra.inputs[0].format, 'mitmproxy');
  assert.equal(ra.summary.exchanges, rb.summary.exchanges);
  assert.deepEqual(ra.destinations.map((d: { host: string }) => d.host), rb.destinations.map((d: { host: string }) => d.host));

  const old = await runCli(['analyze', join(CORPUS_DIR, 'mitm/dumpfile-010.mitm')]);
  assert.equal(old.code, 2);
  assert.ok(isOneLineError(old.stderr) && old.stderr.includes('dumpfile-010.mitm'), old.stderr);
});
