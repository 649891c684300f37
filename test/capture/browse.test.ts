/**
 * Web audits without hands: real headless Chromium (Debian) through `telltale capture --browse`, to a local HTTPS page
 * whose consent banner follows the markup of autoconsent's HubSpot rule (rules/autoconsent/hubspot.json in
 * https://github.com/duckduckgo/autoconsent: #hs-eu-cookie-confirmation, #hs-eu-confirmation-button,
 * #hs-eu-decline-button). Once with accept, once with decline: the consent event is marked at the click, and the
 * page's beacons land in the right phases.
 */
import assert from 'node:assert/strict';
import { createSecureServer } from 'node:http2';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { testNeeding } from '../helpers/needs.js';
import { runCli } from '../helpers/cli.js';
import type { Report, TesterEvent } from '../../src/index.js';
import { makeUpstreamPki, readHarIndependently, type Pki } from './fixtures.js';

const EMAIL = 'alice.tester@example.com';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Test shop</title></head><body>
<h1>Test shop</h1>
<div id="hs-eu-cookie-confirmation" style="position:fixed;bottom:0;left:0;right:0;height:120px;background:#eee">
  <p>We use cookies.</p>
  <a id="hs-eu-confirmation-button" href="#" role="button">Accept</a>
  <a id="hs-eu-decline-button" href="#" role="button">Decline</a>
</div>
<script src="/app.js"></script>
</body></html>`;

// The site's own script: a beacon at load (before any answer) and one right when the visitor answers.
const APP_JS = `
const beacon = (stage) => fetch('/collect?stage=' + stage, { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ stage: stage, email: ${JSON.stringify(EMAIL)} }) });
beacon('load');
const answer = (stage) => (e) => { e.preventDefault(); document.getElementById('hs-eu-cookie-confirmation').remove(); beacon(stage); };
document.getElementById('hs-eu-confirmation-button').addEventListener('click', answer('accepted'));
document.getElementById('hs-eu-decline-button').addEventListener('click', answer('declined'));
`;

let dir: string;
let close: (() => Promise<void>) | null = null;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telltale-browse-'));
});
after(async () => {
  await close?.();
  await rm(dir, { recursive: true, force: true });
});

async function startSite(pki: Pki): Promise<number> {
  const server = createSecureServer({ key: await readFile(pki.leafKey), cert: await readFile(pki.leafCert), allowHTTP1: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
      else if (path === '/app.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(APP_JS);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => new Promise((r) => server.close(() => r()));
  return (server.address() as AddressInfo).port;
}

async function audit(consent: 'accept' | 'decline', site: string, pki: Pki, profile: string) {
  const out = join(dir, consent);
  const run = await runCli(['capture', '--port', '0', '--ui-port', '0', '--config-dir', join(dir, 'cfg'), '--store', join(dir, 'telltale.db'),
    '--out', out, '--upstream-ca', pki.caCert, '--profile', profile, '--browse', site, '--consent', consent, '--dwell', '2'], { timeoutMs: 180_000 });
  assert.equal(run.code, 0, run.stderr);
  const events = JSON.parse(await readFile(join(out, 'events.json'), 'utf8')) as TesterEvent[];
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  const entries = await readHarIndependently(join(out, 'capture.har'));
  /** Phases of the confirmed email findings, per beacon stage. */
  const phases: Record<string, string[]> = {};
  for (const f of report.findings.filter((x) => x.dataType === 'account.email' && x.confidence === 'confirmed')) {
    const stage = new URL(entries[f.source.index]!.url).searchParams.get('stage') ?? '?';
    phases[stage] = [...new Set([...(phases[stage] ?? []), f.phase])];
  }
  return { run, events, phases, entries };
}

testNeeding('browse: Chromium through the proxy answers the banner (accept, then decline); consent at the click, phases right', { files: ['/usr/bin/chromium'], tools: ['openssl', 'python3'] }, async () => {
  const pki = await makeUpstreamPki(dir);
  const port = await startSite(pki);
  const profile = join(dir, 'profile.json');
  await writeFile(profile, JSON.stringify({ account: { email: EMAIL } }));
  const site = `https://localhost:${port}/`;

  const accepted = await audit('accept', site, pki, profile);
  assert.match(accepted.run.stderr, /consent banner found \(hubspot\)/);
  assert.deepEqual(accepted.events.map((e) => [e.kind, e.value]), [['note', `browse ${site} consent=accept`], ['consent', 'accepted']]);
  // mockttp reports a connection that finished its TLS handshake and closed without a request as "tls-failed: closed"
  // (its guess at a silent rejection): Chromium's unused preconnected sockets, closed when it quits, look the same on a
  // loaded machine. A real distrust of our CA shows as an alert (cert-rejected) or a reset, and no page or beacon.
  // Chromium's own calls to other hosts (accounts.google.com, offline here) are not the site's requests.
  const unanswered = accepted.entries.filter((e) => new URL(e.url).host === new URL(site).host && !(e.status > 0)
    && !/^tls-failed: closed\b/.test(e.error ?? ''));
  assert.deepEqual(unanswered, [], 'every request went through the proxy and was answered (Chromium trusted our CA)');
  assert.ok(accepted.entries.filter((e) => e.status > 0).length >= 4, 'the page, its script and both beacons were answered');
  assert.deepEqual(accepted.phases, { load: ['pre-consent'], accepted: ['post-consent'] });

  const declined = await audit('decline', site, pki, profile);
  assert.deepEqual(declined.events.map((e) => [e.kind, e.value]), [['note', `browse ${site} consent=decline`], ['consent', 'declined']]);
  assert.deepEqual(declined.phases, { load: ['pre-consent'], declined: ['after-decline'] });
  // The consent moment is the click: after the load beacon left, no later than the answer's beacon.
  const consentAt = Date.parse(declined.events[1]!.at);
  const timeOf = (stage: string) => Date.parse(declined.entries.find((e) => e.url.includes(`stage=${stage}`))!.started);
  assert.ok(timeOf('load') < consentAt && consentAt <= timeOf('declined'));
}, { timeout: 400_000 });
