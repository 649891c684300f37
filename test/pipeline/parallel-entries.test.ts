/**
 * A large HAR is read on the detection threads (src/pipeline/collect.ts, collectEntriesInParallel): the calling thread
 * only places each entry, by the file's layout or with the byte scanner, and a thread parses it. These tests take the
 * cases where that placing can be wrong or the file is bad, and check that three threads still give the report, or
 * the one-line error, of one thread:
 * - a pretty-printed entry whose nested object closes at the entry's own indentation (the layout misplaces its end,
 *   the thread cannot parse what it got, and the input is read again from that entry on);
 * - an entry that is not an exchange (no startedDateTime) before a truncated end: the entry's error must win;
 * - a one-line HAR, whose entries the byte scanner delimits, with invalid JSON inside an entry.
 * Each case is first checked at the ingest door, so the test is known to reach the path it is about.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, type CollectProgress } from '../../src/index.js';
import { entryExchange, openInput, type EntryBytes } from '../../src/ingest/index.js';
import { renderJson } from '../../src/report/index.js';

const dir = mkdtempSync(join(tmpdir(), 'telltale-entries-'));

interface EntryText {
  /** The entry as it appears in the file, starting with '{'. */
  text: string;
}

/** An ordinary entry: a GET carrying an e-mail address and an IMEI-like value, so each one is a finding. */
function entry(i: number, second = 0): string {
  const time = `2026-01-01T10:00:${String(second % 60).padStart(2, '0')}.000Z`;
  const url = `https://t${i % 3}.tracker-example.com/collect?email=user${i}%40gmail.com&n=${i}`;
  return JSON.stringify({
    startedDateTime: time, time: 1,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [{ name: 'Accept', value: '*/*' }], cookies: [], queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/plain', text: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { send: 0, wait: 1, receive: 0 },
  }, null, 2).replace(/\n/g, '\n    ');
}

/**
 * The same entry, pretty-printed so that its "response" object closes on a line of its own at the entry's
 * indentation: the layout takes that line for the entry's end.
 */
function misleadingEntry(i: number): string {
  const e = JSON.parse(entry(i, i)) as Record<string, unknown>;
  const json = (key: string) => JSON.stringify(e[key]);
  return `{"startedDateTime": ${json('startedDateTime')}, "time": 1,\n      "request": ${json('request')},\n      ` +
    `"response": ${json('response').slice(0, -1)}\n    },\n      "cache": {}, "timings": ${json('timings')}\n    }`;
}

function har(entries: EntryText[], end = '\n  ]\n}}\n'): string {
  return `{"log": {\n  "version": "1.2",\n  "creator": {"name": "test", "version": "1"},\n  "entries": [\n    ${entries.map((e) => e.text).join(',\n    ')}${end}`;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function reportOn(threads: number, path: string): Promise<{ json: string; threadsSeen: number[] }> {
  const threadsSeen = new Set<number>();
  const report = await analyze([path], { threads, parallelMinBytes: 0, onProgress: (p: CollectProgress) => threadsSeen.add(p.threads) });
  return { json: renderJson(report), threadsSeen: [...threadsSeen].sort() };
}

async function failureOn(threads: number, path: string): Promise<string> {
  try {
    await analyze([path], { threads, parallelMinBytes: 0 });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return 'no error';
}

const ordinary = (from: number, to: number): EntryText[] => Array.from({ length: to - from }, (_, k) => ({ text: entry(from + k, from + k) }));

test('an entry whose end the layout misplaces: read again from there, the report of one thread', async () => {
  const path = write('misleading.har', har([...ordinary(0, 30), { text: misleadingEntry(30) }, ...ordinary(31, 60)]));
  // At the door: entry 30 is cut at its "response" object, which no thread can parse, and the reader then stumbles
  // on what follows — an error that must not win, since the entry before it was misplaced.
  const opened = await openInput(path, { input: 0 });
  const seen: EntryBytes[] = [];
  await assert.rejects(async () => {
    for await (const e of opened.entries!.stream) seen.push({ ...e, bytes: Uint8Array.from(e.bytes) });
  }, /misleading\.har \(entry 31, byte \d+\): expected an entry object, found a string/);
  assert.deepEqual(seen.map((e) => e.index), Array.from({ length: 31 }, (_, i) => i));
  assert.equal(seen[30]!.certain, false);
  assert.equal(entryExchange(seen[30]!, opened.entries!.reading), null, 'the thread cannot make an exchange of it');
  assert.ok(seen.slice(0, 30).every((e) => entryExchange(e, opened.entries!.reading) !== null));
  // Read again from entry 30: the entries before it are only placed, and what follows is what `exchanges` yields.
  const again: string[] = [];
  for await (const e of opened.entries!.exchangesFrom(30)) again.push(JSON.stringify(e));
  const all: string[] = [];
  for await (const e of opened.exchanges) all.push(JSON.stringify(e));
  assert.equal(all.length, 60);
  assert.deepEqual(again, all.slice(30));

  const one = await reportOn(1, path);
  const three = await reportOn(3, path);
  assert.deepEqual(three.threadsSeen, [3], 'the input went to the thread pool');
  assert.equal(three.json, one.json);
  const report = JSON.parse(one.json) as { summary: { exchanges: number; findings: number } };
  assert.equal(report.summary.exchanges, 60, 'every entry, the misplaced one included, was read once');
  assert.ok(report.summary.findings > 0);
});

test('an entry that is no exchange before a truncated end: the entry\'s error, as on one thread', async () => {
  const bad = entry(12, 12).replace(/"startedDateTime": "[^"]*",/, '');
  const path = write('no-time-then-truncated.har', har([...ordinary(0, 12), { text: bad }, ...ordinary(13, 40)], ',\n    {"startedDateTime": "2026'));
  const opened = await openInput(path, { input: 0 });
  let reached = 0;
  await assert.rejects(async () => {
    for await (const e of opened.entries!.stream) {
      reached = e.index;
      if (e.index === 12) assert.throws(() => entryExchange(e, opened.entries!.reading), /entry 12, byte \d+\): startedDateTime is missing/);
    }
  }, /unexpected end of file/, 'the reader itself fails further on');
  assert.ok(reached >= 39);

  const one = await failureOn(1, path);
  assert.match(one, /no-time-then-truncated\.har \(entry 12, byte \d+\): startedDateTime is missing/);
  assert.equal(await failureOn(3, path), one);
});

test('a one-line HAR with invalid JSON in an entry: the byte scanner delimits it, and the error is one thread\'s', async () => {
  const compact = (i: number) => JSON.stringify(JSON.parse(entry(i, i)));
  const entries = Array.from({ length: 40 }, (_, i) => (i === 25 ? compact(i).replace('"time":1', '"time":1.') : compact(i)));
  const path = write('one-line.har', `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[${entries.join(',')}]}}`);
  const opened = await openInput(path, { input: 0 });
  const certain: boolean[] = [];
  for await (const e of opened.entries!.stream) {
    certain.push(e.certain);
    if (e.index === 25) assert.throws(() => entryExchange(e, opened.entries!.reading), /entry 25, byte \d+\): invalid JSON/);
  }
  assert.ok(certain.length === 40 && certain.every(Boolean), 'every entry was delimited by the byte scanner');

  const one = await failureOn(1, path);
  assert.match(one, /one-line\.har \(entry 25, byte \d+\): invalid JSON/);
  assert.equal(await failureOn(3, path), one);
  const good = write('one-line-good.har', `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[${entries.map((e, i) => (i === 25 ? compact(i) : e)).join(',')}]}}`);
  assert.equal((await reportOn(3, good)).json, (await reportOn(1, good)).json);
});
