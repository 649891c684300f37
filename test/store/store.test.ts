/** The SQLite session store and `session:N` as an analysis input: round trip, order, identity, bad input. */
import assert from 'node:assert/strict';
import { test, after, before } from 'node:test';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionInput, openSqliteStore } from '../../src/store/index.js';
import { analyze, isInputError, renderJson } from '../../src/index.js';
import { loadOrCreateCa } from '../../src/capture/index.js';
import type { Exchange } from '../../src/ingest/index.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telltale-store-'));
});
after(() => rm(dir, { recursive: true, force: true }));

function exchange(timeMs: number, path: string, body: Uint8Array | null): Exchange {
  return {
    source: { input: 0, index: 0 }, time: new Date(timeMs).toISOString(), timeMs, method: body ? 'POST' : 'GET',
    url: `https://api.example.com${path}`, httpVersion: 'HTTP/2.0', serverIp: '127.0.0.1',
    request: { headers: [{ name: 'Content-Type', value: 'application/octet-stream' }], cookies: [], body, mimeType: 'application/octet-stream', bodyTruncated: false },
    response: { status: 200, headers: [{ name: 'X-Case', value: 'Kept' }], cookies: [], body: new Uint8Array([0, 255, 1]), mimeType: null, bodyTruncated: false },
    notes: [],
  };
}

test('store: exchanges come back byte for byte, in request-start order, numbered in that order', async () => {
  const path = join(dir, 'a.db');
  const store = openSqliteStore(path, { create: true });
  const s = store.createSession({ startedAt: '2026-01-01T00:00:00.000Z', label: 'unit' });
  const binary = new Uint8Array([0, 1, 2, 250, 251, 0, 13, 10]);
  // Completed in a different order than started: the later-started one finished first.
  store.addExchange(s.id, exchange(2000, '/second', null), { durationMs: 5, statusText: 'OK' });
  store.addExchange(s.id, exchange(1000, '/first', binary), { durationMs: 1500, statusText: 'OK' });
  store.addEvent(s.id, { at: '2026-01-01T00:00:01.500Z', kind: 'consent', value: 'accepted' });
  const read = [...store.exchanges(s.id)];
  assert.deepEqual(read.map((x) => [x.url, x.source.index]), [['https://api.example.com/first', 0], ['https://api.example.com/second', 1]]);
  assert.deepEqual(read[0]!.request.body, binary);
  assert.equal(read[1]!.request.body, null);
  assert.deepEqual(read[0]!.response!.headers, [{ name: 'X-Case', value: 'Kept' }]);
  assert.equal(read[0]!.durationMs, 1500);
  assert.deepEqual(store.events(s.id), [{ at: '2026-01-01T00:00:01.500Z', kind: 'consent', value: 'accepted' }]);
  assert.deepEqual(store.listSessions().map((x) => [x.id, x.exchanges, x.events, x.label, x.endedAt]), [[1, 2, 1, 'unit', null]]);
  store.close();

  // As an analysis input: the same identity on every read, and the session's own events give the phases.
  const hashOf = async () => openSessionInput('session:1', { storePath: path, input: 0 }).info();
  const [one, two] = [await hashOf(), await hashOf()];
  assert.equal(one.sha256, two.sha256);
  assert.equal(one.format, 'live');
  const report = await analyze(['session:1'], { store: path });
  assert.deepEqual(report.events, [{ at: '2026-01-01T00:00:01.500Z', kind: 'consent', value: 'accepted' }]);
  assert.equal(renderJson(report), renderJson(await analyze(['session:1'], { store: path })), 'byte-identical report');

  // One more byte in one body changes the identity: the hash covers the bodies.
  const again = openSqliteStore(path);
  again.addExchange(1, exchange(3000, '/third', new Uint8Array([1])));
  again.close();
  assert.notEqual((await hashOf()).sha256, one.sha256);
});

test('store: bad input is one InputError naming the file or the session', async () => {
  const notDb = join(dir, 'not-a-db.db');
  await writeFile(notDb, 'this is not SQLite\n'.repeat(100));
  assert.throws(() => openSqliteStore(notDb), (e) => isInputError(e) && e.message.startsWith(notDb) && /not a telltale store/.test(e.message));
  assert.throws(() => openSqliteStore(join(dir, 'missing.db')), (e) => isInputError(e) && /no telltale store here/.test(e.message));
  const path = join(dir, 'b.db');
  openSqliteStore(path, { create: true }).close();
  await assert.rejects(analyze(['session:99'], { store: path }), (e) => isInputError(e) && /^session:99: no such session/.test(e.message));
  await assert.rejects(analyze(['session:abc'], { store: path }), (e) => isInputError(e) && /session:<number>/.test(e.message));
});

test('CA: created 0600, reused unchanged, a half pair or a loose key is refused and never replaced', async () => {
  const cfg = join(dir, 'cfg');
  const first = await loadOrCreateCa(cfg);
  assert.equal(first.created, true);
  const second = await loadOrCreateCa(cfg);
  assert.equal(second.created, false);
  assert.equal(second.key, first.key);
  assert.match(second.spkiFingerprint, /^[A-Za-z0-9+/]{43}=$/);

  const half = join(dir, 'half');
  await loadOrCreateCa(half);
  await rm(join(half, 'ca.key'));
  await assert.rejects(loadOrCreateCa(half), (e) => isInputError(e) && /ca\.pem: found without .*ca\.key/.test(e.message));

  await chmod(join(cfg, 'ca.key'), 0o644);
  await assert.rejects(loadOrCreateCa(cfg), (e) => isInputError(e) && /readable by others/.test(e.message));
});
