/** Hostile and broken inputs: each must end within seconds with exchanges or one clear InputError. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import type { Exchange, IngestOptions } from '../../src/ingest/index.js';
import { isInputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-ingest-hostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const SECONDS = 10;

const ENTRY = JSON.stringify({
  startedDateTime: '2019-04-01T10:00:00.000Z',
  request: { method: 'GET', url: 'https://log.umeng.com/', headers: [{ name: 'Host', value: 'log.umeng.com' }], cookies: [] },
  response: { status: 200, headers: [], cookies: [], content: { size: 2, mimeType: 'text/plain', text: 'ok' } },
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, options: Partial<IngestOptions> = {}): Promise<Exchange[]> {
  const opened = await openInput(path, { input: 0, ...options });
  const out: Exchange[] = [];
  for await (const exchange of opened.exchanges) out.push(exchange);
  return out;
}

/** Asserts a one-line InputError naming the file, the place and the problem, reached within SECONDS. */
async function rejectsClearly(path: string, where: RegExp, problem: RegExp, options: Partial<IngestOptions> = {}): Promise<void> {
  const started = Date.now();
  await assert.rejects(readAll(path, options), (e: unknown) => {
    assert.ok(isInputError(e), `not an InputError: ${String(e)}`);
    assert.ok(e.message.startsWith(`${path}`), e.message);
    assert.match(e.where ?? '', where, e.message);
    assert.match(e.message, problem);
    assert.ok(!e.message.includes('\n'), e.message);
    return true;
  });
  assert.ok(Date.now() - started < SECONDS * 1000, `took ${Date.now() - started} ms`);
}

test('empty and whitespace-only files', async () => {
  await rejectsClearly(file('empty.har', ''), /^byte 0$/, /empty file/);
  await rejectsClearly(file('blank.har', ' \n\t\n'), /^byte 4$/, /empty file/);
});

test('not JSON at all, and JSON that is not a HAR', async () => {
  await rejectsClearly(file('text.har', 'GET / HTTP/1.1\r\nHost: x\r\n'), /^byte 0$/, /not a HAR file: expected a JSON object, found 'G'/);
  await rejectsClearly(file('array.har', '[{"log":{}}]'), /^byte 0$/, /found an array/);
  await rejectsClearly(file('other.json', '{"name":"pkg","log":"x"}'), /^byte 20$/, /"log" is a string, not an object/);
  await rejectsClearly(file('nolog.json', '{"version":"1.2","entries":[]}'), /^byte 30$/, /no "log" object/);
  await rejectsClearly(file('noentries.har', '{"log":{"version":"1.2","pages":[]}}'), /^byte 36$/, /no log\.entries array/);
  await rejectsClearly(file('entries-object.har', '{"log":{"entries":{}}}'), /^byte 18$/, /log\.entries is an object, not an array/);
  await rejectsClearly(file('utf16.har', Buffer.from('\ufeff{"log":{}}', 'utf16le')), /^byte 0$/, /UTF-16/);
});

test('truncated JSON: inside an entry, between entries, and after the array', async () => {
  const whole = `{"log":{"version":"1.2","entries":[${ENTRY},${ENTRY},${ENTRY}]}}`;
  const secondEntryStart = whole.indexOf(ENTRY, whole.indexOf(ENTRY) + 1);
  await rejectsClearly(file('cut-in-entry.har', whole.slice(0, secondEntryStart + 100)), new RegExp(`^entry 1, byte ${secondEntryStart}$`), /unexpected end of file inside the entry/);
  await rejectsClearly(file('cut-between.har', whole.slice(0, secondEntryStart - 1)), /^entry 0, byte \d+$/, /expected ',' or '\]' after the entry, found end of file/);
  await rejectsClearly(file('cut-after.har', whole.slice(0, -1)), /^byte \d+$/, /expected ',' or '}', found end of file/);
});

test('the exchanges before a defect are yielded, then the error ends the stream', async () => {
  const path = file('late-defect.har', `{"log":{"entries":[${ENTRY},${ENTRY}]} trailing`);
  const seen: Exchange[] = [];
  await assert.rejects(async () => {
    for await (const exchange of (await openInput(path, { input: 0 })).exchanges) seen.push(exchange);
  }, /expected ',' or '}', found 't'/);
  assert.equal(seen.length, 2);
});

test('syntax errors inside an entry name the entry and the byte', async () => {
  const broken = ENTRY.replace('"method":"GET"', '"method" "GET"');
  const whole = `{"log":{"entries":[${ENTRY},${broken}]}}`;
  const at = whole.indexOf('"method" "GET"', whole.indexOf(broken)) + '"method" '.length;
  await rejectsClearly(file('syntax.har', whole), new RegExp(`^entry 1, byte ${at}$`), /invalid JSON: Expected ':'/);
  await rejectsClearly(file('scalar-entry.har', `{"log":{"entries":[${ENTRY},42]}}`), /^entry 1, byte \d+$/, /expected an entry object, found '4'/);
  await rejectsClearly(file('trailing.har', `{"log":{"entries":[]}}{}`), /^byte 22$/, /unexpected data after the end/);
  await rejectsClearly(file('dup.har', `{"log":{"entries":[],"entries":[]}}`), /^byte \d+$/, /duplicate "entries"/);
  await rejectsClearly(file('mismatch.har', `{"log":{"pages":[{]}],"entries":[]}}`), /^byte 18$/, /unexpected '\]'/);
});

test('entries without the required fields', async () => {
  const noDate = JSON.stringify({ request: { method: 'GET', url: 'https://x/' } });
  const badDate = JSON.stringify({ startedDateTime: 'yesterday', request: { method: 'GET', url: 'https://x/' } });
  const noUrl = JSON.stringify({ startedDateTime: '2019-04-01T10:00:00Z', request: { method: 'GET' } });
  await rejectsClearly(file('nodate.har', `{"log":{"entries":[${ENTRY},${noDate}]}}`), /^entry 1, byte \d+$/, /startedDateTime is missing/);
  await rejectsClearly(file('baddate.har', `{"log":{"entries":[${badDate}]}}`), /^entry 0, byte 19$/, /startedDateTime is not a date: "yesterday"/);
  await rejectsClearly(file('nourl.har', `{"log":{"entries":[${noUrl}]}}`), /^entry 0, byte 19$/, /request\.url is missing/);
});

test('10,000-deep nesting: inside an entry, in another log key, at the top', async () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const inEntry = ENTRY.replace('"request"', `"_deep":${deep},"request"`);
  await rejectsClearly(file('deep-entry.har', `{"log":{"entries":[${inEntry}]}}`), /^entry 0, byte \d+$/, /nesting deeper than 512 levels/);
  await rejectsClearly(file('deep-pages.har', `{"log":{"pages":${deep},"entries":[${ENTRY}]}}`), /^byte \d+$/, /nesting deeper than 512 levels/);
  await rejectsClearly(file('deep-top.har', deep), /^byte 0$/, /found an array/);
});

test('a 100 MB single string: as a body it is cut at maxBodyBytes and flagged; elsewhere it is skipped', async () => {
  const hundredMb = 100 * 1024 * 1024;
  const path = join(dir, 'huge-string.har');
  const fd = openSync(path, 'w');
  const head = ENTRY.replace('"text":"ok"', '"text":"');
  writeSync(fd, `{"log":{"comment":"`);
  const block = Buffer.alloc(1 << 20, 'A');
  for (let written = 0; written < hundredMb; written += block.length) writeSync(fd, block);
  writeSync(fd, `","entries":[${head}`);
  for (let written = 0; written < hundredMb; written += block.length) writeSync(fd, block);
  writeSync(fd, '"}}}]}}');
  closeSync(fd);
  const started = Date.now();
  const [exchange] = await readAll(path);
  const body = exchange!.response!.body!;
  assert.equal(body.length, 64 * 1024 * 1024);
  assert.equal(exchange!.response!.bodyTruncated, true);
  assert.equal(body[body.length - 1], 0x41);
  assert.ok(Date.now() - started < SECONDS * 1000, `took ${Date.now() - started} ms`);
  // A smaller entry limit turns the same file into a clear error instead.
  await rejectsClearly(path, /^entry 0, byte \d+$/, /larger than 10485760 bytes \(maxEntryBytes\)/, { maxEntryBytes: 10 * 1024 * 1024 });
});

test('random binary garbage and a gzip-compressed HAR', async () => {
  const garbage = Buffer.alloc(4096);
  let state = 7;
  for (let i = 0; i < garbage.length; i++) garbage[i] = (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
  garbage[0] = 0xc8;
  await rejectsClearly(file('garbage.har', garbage), /^byte 0$/, /not a HAR file: expected a JSON object, found byte 0xc8/);
  const gz = file('capture.har.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]));
  await assert.rejects(openInput(gz, { input: 0 }), /capture\.har\.gz \(byte 0\): gzip-compressed file/);
});

test('a missing file or a directory is a clear error at open', async () => {
  await assert.rejects(openInput(join(dir, 'nope.har'), { input: 0 }), /nope\.har: cannot open: ENOENT/);
  await assert.rejects(openInput(dir, { input: 0 }), /: not a regular file/);
});
