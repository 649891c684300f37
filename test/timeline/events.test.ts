import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvents, loadEvents } from '../../src/timeline/index.js';
import { InputError } from '../../src/errors.js';

const FILE = 'events.json';

function problem(data: unknown): InputError {
  try {
    parseEvents(data, FILE);
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected parseEvents to throw');
}

test('parses, normalizes to UTC milliseconds and sorts by time (stable for ties)', () => {
  const events = parseEvents([
    { at: '2019-04-01T12:00:05+02:00', kind: 'consent', value: 'accepted' },
    { at: '2019-04-01T10:00:00Z', kind: 'install' },
    { at: '2019-04-01T10:00:05.000Z', kind: 'note', value: 'same instant as consent, listed after it' },
    { at: '2019-04-01T10:00:01.5Z', kind: 'launch' },
  ], FILE);
  assert.deepEqual(events, [
    { at: '2019-04-01T10:00:00.000Z', kind: 'install' },
    { at: '2019-04-01T10:00:01.500Z', kind: 'launch' },
    { at: '2019-04-01T10:00:05.000Z', kind: 'consent', value: 'accepted' },
    { at: '2019-04-01T10:00:05.000Z', kind: 'note', value: 'same instant as consent, listed after it' },
  ]);
});

test('rejects what is not an array of events, naming the place', () => {
  assert.match(problem({ events: [] }).message, /^events\.json: events must be a JSON array/);
  assert.equal(problem([42]).where, '$[0]');
  assert.equal(problem([{ at: '2019-04-01T10:00:00Z', kind: 'tap' }]).where, '$[0].kind');
  assert.match(problem([{ at: '2019-04-01T10:00:00Z', kind: 'tap' }]).message, /unknown event kind "tap"/);
});

test('rejects times without a zone, impossible dates and non-strings', () => {
  assert.equal(problem([{ at: '2019-04-01T10:00:00', kind: 'install' }]).where, '$[0].at');
  assert.equal(problem([{ at: '2019-02-30T10:00:00Z', kind: 'install' }]).where, '$[0].at');
  assert.equal(problem([{ at: 1554112800000, kind: 'install' }]).where, '$[0].at');
});

test('consent needs accepted or declined; unknown keys and oversized values are refused', () => {
  assert.equal(problem([{ at: '2019-04-01T10:00:00Z', kind: 'consent' }]).where, '$[0].value');
  assert.equal(problem([{ at: '2019-04-01T10:00:00Z', kind: 'consent', value: 'yes' }]).where, '$[0].value');
  const extra = problem([{ at: '2019-04-01T10:00:00Z', kind: 'install' }, { at: '2019-04-01T10:00:00Z', kind: 'post', by: 'me' }]);
  assert.equal(extra.where, '$[1].by');
  assert.equal(problem([{ at: '2019-04-01T10:00:00Z', kind: 'note', value: 'x'.repeat(5000) }]).where, '$[0].value');
});

test('loadEvents reads a file (with a BOM) and reports bad JSON and missing files as one-line input errors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-events-'));
  const good = join(dir, 'good.json');
  await writeFile(good, '\uFEFF[{"at":"2019-04-01T10:00:00.000Z","kind":"install"}]');
  assert.deepEqual(await loadEvents(good), [{ at: '2019-04-01T10:00:00.000Z', kind: 'install' }]);

  const bad = join(dir, 'bad.json');
  await writeFile(bad, '[{"at": "2019-04-01T10:00:00.000Z", "kind": "install"},]');
  await assert.rejects(loadEvents(bad), (e: unknown) => e instanceof InputError && /not valid JSON/.test(e.message) && !e.message.includes('\n'));
  await assert.rejects(loadEvents(join(dir, 'absent.json')), (e: unknown) => e instanceof InputError && /ENOENT/.test(e.message));
});
