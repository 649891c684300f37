/**
 * Stored as it happens: N requests complete, the capture is killed with SIGKILL (no flush, no goodbye), and
 * `telltale sessions` and `telltale export` still show all N. The CA survives a restart unchanged (same bytes,
 * ca.key still mode 0600), and a restart never offers a new CA.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { testNeeding } from '../helpers/needs.js';
import { runCli } from '../helpers/cli.js';
import {
  curl, makeUpstreamPki, readHarIndependently, sessionsJson, sha256, startCaptureCli, startUpstreams, waitFor, type Upstreams,
} from './fixtures.js';

const N = 5;
let dir: string;
let upstreams: Upstreams | null = null;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telltale-capture-kill-'));
});
after(async () => {
  await upstreams?.close();
  await rm(dir, { recursive: true, force: true });
});

testNeeding('capture: kill -9 loses no completed exchange; the CA survives a restart unchanged', { tools: ['curl', 'openssl', 'python3'] }, async () => {
  const pki = await makeUpstreamPki(dir);
  upstreams = await startUpstreams(pki);
  const cfg = join(dir, 'cfg');
  const db = join(dir, 'telltale.db');
  const first = await startCaptureCli(['--port', '0', '--ui-port', '0', '--config-dir', cfg, '--store', db, '--upstream-ca', pki.caCert]);
  assert.match(first.stderr(), /new: install it on the device/);
  const keyBefore = await readFile(join(cfg, 'ca.key'));
  const certBefore = await readFile(join(cfg, 'ca.pem'));
  for (let i = 0; i < N; i++) {
    const r = await curl(['--proxy', first.proxy, '--cacert', join(cfg, 'ca.pem'), `https://localhost:${upstreams.httpsPort}/n/${i}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), `ok GET /n/${i}\n`);
  }
  // The exchange is written after the response reached the client: give the last write a moment, read by another process.
  let stored = -1;
  await waitFor(async () => (stored = (await sessionsJson(db))[0]?.exchanges ?? -1) === N, () => `${stored} of ${N} stored`);
  first.child.kill('SIGKILL');
  assert.equal(await first.exited, null, 'killed, not exited');

  const sessions = await sessionsJson(db);
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0]!.exchanges, N);
  assert.equal(sessions[0]!.endedAt, null, 'a killed capture could not close its session');
  const har = join(dir, 'killed.har');
  const exported = await runCli(['export', 'session:1', '--store', db, '--format', 'har', '--out', har]);
  assert.equal(exported.code, 0, exported.stderr);
  const entries = await readHarIndependently(har);
  assert.deepEqual(entries.map((e) => new URL(e.url).pathname), Array.from({ length: N }, (_, i) => `/n/${i}`));
  assert.deepEqual(entries.map((e) => e.response.sha256), Array.from({ length: N }, (_, i) => sha256(`ok GET /n/${i}\n`)));

  // Restart on the same config dir: the same CA, not a new one; the store gets a second session.
  const second = await startCaptureCli(['--port', '0', '--ui-port', '0', '--config-dir', cfg, '--store', db]);
  assert.doesNotMatch(second.stderr(), /new: install it/);
  assert.match(second.stderr(), /session 2 in/);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.stderr());
  assert.deepEqual(await readFile(join(cfg, 'ca.key')), keyBefore);
  assert.deepEqual(await readFile(join(cfg, 'ca.pem')), certBefore);
  assert.equal((await stat(join(cfg, 'ca.key'))).mode & 0o777, 0o600);
  const after = await sessionsJson(db);
  assert.deepEqual(after.map((s) => [s.id, s.exchanges, s.endedAt !== null]), [[1, N, false], [2, 0, true]]);
}, { timeout: 240_000 });
