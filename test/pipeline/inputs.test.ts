/**
 * Many inputs at once (a directory, a glob) recognised by content, one report with every input's hash; and
 * analyzeStream(), the same analysis over exchanges another program hands in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, analyzeStream, isInputError, renderJson, type Exchange } from '../../src/index.js';
import { openInput } from '../../src/ingest/index.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { isOneLineError, runCli } from '../helpers/cli.js';

testNeeding('a directory: every capture in it, sorted, formats by content, one report with per-input hashes', {
  corpus: ['mitm/websocket.mitm', 'har/mitmproxy'],
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-dir-'));
  mkdirSync(join(dir, 'phone-b'));
  // Names that lie about the format: content decides.
  copyFileSync(join(CORPUS_DIR, 'mitm/websocket.mitm'), join(dir, 'phone-b', 'capture.json'));
  const hars = readdirSync(join(CORPUS_DIR, 'har/mitmproxy')).filter((f) => f.endsWith('.har')).sort().slice(0, 2);
  for (const [i, f] of hars.entries()) copyFileSync(join(CORPUS_DIR, 'har/mitmproxy', f), join(dir, `${i}.dump`));
  writeFileSync(join(dir, '.DS_Store'), 'ignored: hidden');
  const report = await analyze([dir]);
  assert.deepEqual(report.inputs.map((i) => [i.path, i.format]), [
    [join(dir, '0.dump'), 'har'], [join(dir, '1.dump'), 'har'], [join(dir, 'phone-b', 'capture.json'), 'mitmproxy'],
  ]);
  assert.ok(report.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256) && i.bytes > 0));
  // The same folder, twice: byte-identical reports.
  assert.equal(renderJson(await analyze([dir])), renderJson(report));
  // A quoted glob gives the same inputs.
  const globbed = await analyze([join(dir, '**', '*')]);
  assert.deepEqual(globbed.inputs.map((i) => i.path), report.inputs.map((i) => i.path));
});

test('a file in a directory that is no capture is an error naming it; a key log is told apart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-dir-'));
  writeFileSync(join(dir, 'a.har'), JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } }));
  writeFileSync(join(dir, 'b-notes.txt'), 'call with the lawyer at 3pm\n');
  await assert.rejects(analyze([dir]), (e: unknown) => isInputError(e) && e.message.includes('b-notes.txt')
    && /not a capture telltale reads/.test(e.message));
  const keys = mkdtempSync(join(tmpdir(), 'telltale-dir-'));
  writeFileSync(join(keys, 'sslkeys.log'), `CLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\n`);
  const cli = await runCli(['analyze', keys, '--format', 'json', '--out', '-']);
  assert.equal(cli.code, 2);
  assert.ok(isOneLineError(cli.stderr), cli.stderr);
  assert.match(cli.stderr, /sslkeys\.log: a TLS key log \(SSLKEYLOGFILE\), not a capture: pass it with --keylog/);
  await assert.rejects(analyze([join(dir, 'nothing-*.pcap')]), (e: unknown) => isInputError(e) && /no file matches this pattern/.test(e.message));
});

testNeeding('analyzeStream: exchanges from another program give the same findings as the file they came from', {
  corpus: ['har/pagexray/www.nytimes.com.har'],
}, async () => {
  const file = join(CORPUS_DIR, 'har/pagexray/www.nytimes.com.har');
  const fromFile = await analyze([file]);
  const opened = await openInput(file, { input: 5 });
  const fromStream = await analyzeStream(opened.exchanges, { name: 'nytimes-feed' });
  assert.deepEqual(fromStream.findings, fromFile.findings);
  assert.deepEqual(fromStream.destinations, fromFile.destinations);
  assert.equal(fromStream.inputs[0]!.path, 'nytimes-feed');
  assert.equal(fromStream.inputs[0]!.format, 'stream');
  // The stream's hash identifies its content: the same exchanges hash the same, another set differently.
  const again = await analyzeStream((await openInput(file, { input: 0 })).exchanges, { name: 'nytimes-feed' });
  assert.equal(again.inputs[0]!.sha256, fromStream.inputs[0]!.sha256);
});

test('analyzeStream: a planted value in a generated exchange is found; a malformed exchange names its position', async () => {
  const body = new TextEncoder().encode('{"imei":"356938035643809"}');
  async function* feed(): AsyncGenerator<Exchange> {
    await Promise.resolve(); // as a real producer would, between exchanges
    yield {
      source: { input: 0, index: 41 }, time: '2024-05-01T10:00:00.000Z', timeMs: 0, method: 'POST',
      url: 'https://log.tracker.test/v1', httpVersion: 'HTTP/1.1', serverIp: null, notes: [],
      request: { headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [], body, mimeType: 'application/json', bodyTruncated: false },
      response: null,
    };
  }
  const report = await analyzeStream(feed(), { profile: { device: { imei: '356938035643809' } } });
  const imei = report.findings.filter((f) => f.dataType === 'device.imei');
  assert.equal(imei.length, 1);
  assert.deepEqual(imei[0]!.source, { input: 0, index: 41 });
  assert.equal(imei[0]!.time, '2024-05-01T10:00:00.000Z');
  const broken = [{ method: 'GET', url: 'https://x.test/', time: 'yesterday' }] as unknown as Exchange[];
  await assert.rejects(analyzeStream(broken), (e: unknown) => isInputError(e) && /stream \(exchange 0\): time must be an ISO-8601/.test(e.message));
});
