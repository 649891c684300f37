/**
 * Done-when of issue #14, end to end: `telltale capture` as a child process; curl (Debian) sends HTTP/1.1, HTTP/2 and
 * a multipart upload through it to local HTTPS and HTTP servers; consent is marked through POST /api/events; SIGINT
 * stops it. The client must get the upstream's exact bytes, the HAR (read by an independent Python reader) must hold
 * every exchange with its body, the report's findings must carry the right phases, and a client without the CA must
 * show up as a tls-failed blind spot.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { testNeeding } from '../helpers/needs.js';
import { runCli } from '../helpers/cli.js';
import type { Report, TesterEvent } from '../../src/index.js';
import {
  BINARY_BODY, GZIP_BODY, GZIP_TEXT, curl, makeUpstreamPki, postEvent, pseudoRandomBytes, readHarIndependently, sha256,
  sessionsJson, startCaptureCli, startUpstreams, waitFor, type HarSummaryEntry, type Upstreams,
} from './fixtures.js';

const EMAIL = 'alice.tester@example.com';

let dir: string;
let upstreams: Upstreams | null = null;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telltale-capture-e2e-'));
});
after(async () => {
  await upstreams?.close();
  await rm(dir, { recursive: true, force: true });
});

testNeeding('capture: h1 + h2 + multipart through the proxy, consent, SIGINT → exact bodies, HAR, phased report, tls-failed', { tools: ['curl', 'openssl', 'python3'] }, async () => {
  const pki = await makeUpstreamPki(dir);
  upstreams = await startUpstreams(pki);
  const cfg = join(dir, 'cfg');
  const db = join(dir, 'store', 'telltale.db');
  const out = join(dir, 'out');
  const profile = join(dir, 'profile.json');
  await writeFile(profile, JSON.stringify({ account: { email: EMAIL } }));
  const capture = await startCaptureCli(['--port', '0', '--ui-port', '0', '--config-dir', cfg, '--store', db, '--out', out,
    '--upstream-ca', pki.caCert, '--profile', profile, '--label', 'e2e']);
  assert.match(capture.proxy, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(capture.stderr(), /Android:/);
  assert.match(capture.stderr(), /iOS:/);
  const https = `https://localhost:${upstreams.httpsPort}`;
  const http = `http://127.0.0.1:${upstreams.httpPort}`;
  const via = ['--proxy', capture.proxy, '--cacert', join(cfg, 'ca.pem')];

  // Before consent: HTTP/1.1 with the email in the query, HTTP/2 binary download, multipart upload over plain HTTP.
  const h1 = await curl([...via, '--http1.1', '-w', '%{http_version}', '-o', join(dir, 'h1.txt'), `${https}/track?email=${EMAIL}`]);
  assert.equal(h1.code, 0, h1.stderr);
  assert.equal(h1.stdout.toString(), '1.1');
  const h2 = await curl([...via, '--http2', '-w', '%{http_version}', '-D', join(dir, 'h2.headers'), '-o', join(dir, 'h2.bin'), `${https}/binary`]);
  assert.equal(h2.code, 0, h2.stderr);
  assert.equal(h2.stdout.toString(), '2', 'curl spoke HTTP/2 to the proxy');
  const upload = pseudoRandomBytes(300 * 1024, 42);
  await writeFile(join(dir, 'video.mp4'), upload);
  const multipart = await curl(['--proxy', capture.proxy, '-F', `email=${EMAIL}`, '-F', `file=@${join(dir, 'video.mp4')};type=video/mp4`, `${http}/upload`]);
  assert.equal(multipart.code, 0, multipart.stderr);
  const gzip = await curl([...via, '--http2', '-o', join(dir, 'gzip.raw'), `${https}/gzip`]);
  assert.equal(gzip.code, 0, gzip.stderr);

  const consent = await postEvent(capture.page, { kind: 'consent', value: 'accepted' });
  assert.equal(consent.status, 201);
  assert.equal(consent.json.kind, 'consent');
  assert.equal(consent.json.value, 'accepted');
  assert.match(consent.json.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

  // After consent: the email again over HTTP/2, a JSON POST body.
  const after = await curl([...via, '--http2', '-H', 'Content-Type: application/json', '--data-binary', JSON.stringify({ user: EMAIL }), `${https}/after`]);
  assert.equal(after.code, 0, after.stderr);
  // A client that does not trust our CA (as a pinned app would not): the handshake fails.
  const refused = await curl(['--proxy', capture.proxy, `${https}/pinned`]);
  assert.notEqual(refused.code, 0, 'curl without the CA must refuse the proxy certificate');

  // Exact bytes: the client got what the upstream sent, content-encoding and header case included.
  assert.equal(sha256(await readFile(join(dir, 'h2.bin'))), sha256(BINARY_BODY));
  assert.equal(sha256(await readFile(join(dir, 'gzip.raw'))), sha256(GZIP_BODY), 'gzip body passed through undecoded');
  const h2Headers = await readFile(join(dir, 'h2.headers'), 'utf8');
  assert.match(h2Headers, /^HTTP\/2 201/m);
  assert.match(h2Headers, /^x-telltale-test: Exact Case Value\r?$/m);
  const uploadSeen = upstreams.received.find((r) => r.path === '/upload')!;
  assert.ok(uploadSeen.bodyLength > upload.length, 'the upstream got the whole multipart body');
  assert.deepEqual(JSON.parse(multipart.stdout.toString()), { received: uploadSeen.bodyLength, sha256: uploadSeen.bodySha256 });
  assert.ok(upstreams.received.some((r) => r.path === '/binary' && r.httpVersion === '2.0'), 'h2 end to end');

  // Wait until the proxy has stored the five exchanges and the refused handshake, then SIGINT.
  let stored = -1;
  await waitFor(async () => (stored = (await sessionsJson(db))[0]?.exchanges) === 6, () => `${stored} exchanges stored, 6 expected`);
  capture.child.kill('SIGINT');
  assert.equal(await capture.exited, 0, capture.stderr());

  // The HAR, read by Python: every exchange, with bodies as the client and the upstream saw them.
  const entries = await readHarIndependently(join(out, 'capture.har'));
  assert.equal(entries.length, 6);
  const byPath = (p: string): HarSummaryEntry => entries.find((e) => new URL(e.url).pathname === p)!;
  assert.equal(byPath('/binary').response.sha256, sha256(BINARY_BODY));
  assert.equal(byPath('/binary').status, 201);
  assert.equal(byPath('/binary').httpVersion, 'HTTP/2.0');
  assert.equal(byPath('/track').httpVersion, 'HTTP/1.1');
  assert.equal(byPath('/gzip').response.sha256, sha256(GZIP_TEXT), 'HAR content.text is the decoded body, as the spec asks');
  assert.equal(byPath('/upload').request.sha256, uploadSeen.bodySha256, 'multipart request body kept byte for byte');
  assert.equal(byPath('/after').request.sha256, sha256(JSON.stringify({ user: EMAIL })));
  const failed = entries.find((e) => e.method === 'CONNECT')!;
  assert.match(failed.error ?? '', /^tls-failed/);
  assert.equal(new URL(failed.url).hostname, 'localhost');

  // events.json and the report: phases from the marked consent.
  const events = JSON.parse(await readFile(join(out, 'events.json'), 'utf8')) as TesterEvent[];
  assert.deepEqual(events.map((e) => [e.kind, e.value]), [['consent', 'accepted']]);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  const emails = report.findings.filter((f) => f.dataType === 'account.email' && f.confidence === 'confirmed');
  const phaseAt = (p: string) => emails.filter((f) => f.source.index === entries.indexOf(byPath(p))).map((f) => f.phase);
  assert.deepEqual([...new Set(phaseAt('/track'))], ['pre-consent']);
  assert.deepEqual([...new Set(phaseAt('/upload'))], ['pre-consent']);
  assert.deepEqual([...new Set(phaseAt('/after'))], ['post-consent']);
  assert.ok(report.findings.some((f) => f.dataType === 'media.video' && f.phase === 'pre-consent'), 'the upload is seen as video');
  assert.deepEqual(report.blindSpots.filter((b) => b.kind === 'tls-failed').map((b) => [b.host, b.count]), [['localhost', 1]]);
  assert.equal(report.inputs[0]!.path, 'session:1');

  // The stored session: listed, analysed again byte for byte, exported again entry for entry.
  const listed = await sessionsJson(db);
  assert.equal(listed.length, 1);
  assert.equal(listed[0].label, 'e2e');
  assert.ok(listed[0].endedAt);
  const again = await runCli(['analyze', 'session:1', '--store', db, '--profile', profile, '--format', 'json', '--out', '-']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, await readFile(join(out, 'report.json'), 'utf8'), 'analyze session:1 = the report written at stop');
  const exported = join(dir, 'export.har');
  const exportRun = await runCli(['export', 'session:1', '--store', db, '--format', 'har', '--out', exported]);
  assert.equal(exportRun.code, 0, exportRun.stderr);
  const reread = await readHarIndependently(exported);
  assert.deepEqual(reread.map((e) => e.response.sha256), entries.map((e) => e.response.sha256));

  // The CA key is the owner's alone.
  assert.equal((await stat(join(cfg, 'ca.key'))).mode & 0o777, 0o600);
}, { timeout: 240_000 });
