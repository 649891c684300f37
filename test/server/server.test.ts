/**
 * The HTTP faces: the capture page (strict CSP, JSON-only event API, Host check against DNS rebinding, SSE feed) and
 * the `serve` dashboard (sessions, a session's report, two sessions side by side, token beyond loopback). The proxy
 * binds only the address it is given.
 */
import assert from 'node:assert/strict';
import { test, after, before } from 'node:test';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCapture } from '../../src/index.js';
import { startCapturePage } from '../../src/server/capture-page.js';
import { startDashboard } from '../../src/server/dashboard.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telltale-server-'));
});
after(() => rm(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so the Host header can be anything (fetch does not let a caller set it). */
function http(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; firstChunkOnly?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (options.firstChunkOnly && body.includes('"type":"event"')) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function refused(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

test('capture page and proxy: loopback only, CSP, JSON events, Host check, live feed; dashboard with and without token', async () => {
  const store = join(dir, 'telltale.db');
  const session = await startCapture({ port: 0, configDir: join(dir, 'cfg'), store, liveDetection: false });
  const page = await startCapturePage(session, { port: 0, listen: '127.0.0.1' });
  try {
    // Bound to 127.0.0.1 only: the same port on another loopback address refuses (mockttp alone would take them all).
    assert.equal(await refused(session.port, '127.0.0.2'), true, 'proxy must not listen on 127.0.0.2');
    assert.equal(await refused(page.port, '127.0.0.2'), true, 'page must not listen on 127.0.0.2');
    assert.equal(page.token, null);

    const home = await http(page.url);
    assert.equal(home.status, 200);
    const csp = String(home.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(home.body, /<script>|<script [^>]*>[^<]/, 'no inline script');
    for (const label of ['Consent accepted', 'Consent declined', 'Sign up', 'Record', 'Next', 'Save', 'Post', 'Background', 'Foreground', 'Add note']) {
      assert.ok(home.body.includes(label), label);
    }
    const json = { 'Content-Type': 'application/json' };
    const events = new URL('/api/events', page.url).href;
    assert.equal((await http(events, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"kind":"next"}' })).status, 415);
    assert.equal((await http(events, { method: 'POST', headers: { ...json, Host: 'evil.example:80' }, body: '{"kind":"next"}' })).status, 403);
    assert.equal((await http(events, { method: 'POST', headers: json, body: '{"kind":"dance"}' })).status, 400);
    const noValue = await http(events, { method: 'POST', headers: json, body: '{"kind":"consent"}' });
    assert.equal(noValue.status, 400);
    assert.match(noValue.body, /accepted/);
    const marked = await http(events, { method: 'POST', headers: json, body: '{"kind":"note","value":"<img src=x onerror=alert(1)>"}' });
    assert.equal(marked.status, 201);
    assert.equal(JSON.parse(marked.body).value, '<img src=x onerror=alert(1)>', 'stored as given; the page renders it as text');

    const stream = await http(new URL('/api/stream', page.url).href, { firstChunkOnly: true });
    assert.equal(stream.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.match(stream.body, /^data: \{"type":"event","event":\{"at":"[^"]+","kind":"note","value":"<img src=x onerror=alert\(1\)>"\}\}$/m);
  } finally {
    await page.close();
    await session.stop();
  }

  // A second, empty session, then the dashboard over both.
  const second = await startCapture({ port: 0, configDir: join(dir, 'cfg'), store, liveDetection: false });
  second.mark('consent', 'declined');
  await second.stop();
  const dashboard = await startDashboard({ store, port: 0, listen: '127.0.0.1' });
  try {
    const list = await http(dashboard.url);
    assert.equal(list.status, 200);
    assert.match(list.body, /session:1/);
    assert.match(list.body, /session:2/);
    const report = await http(new URL('/sessions/2', dashboard.url).href);
    assert.equal(report.status, 200);
    assert.match(report.body, /Content-Security-Policy/);
    assert.match(String(report.headers['content-security-policy']), /frame-ancestors 'none'/);
    const reportJson = await http(new URL('/sessions/2.json', dashboard.url).href);
    assert.deepEqual(JSON.parse(reportJson.body).events.map((e: { kind: string }) => e.kind), ['consent']);
    const diff = await http(new URL('/diff?a=1&b=2', dashboard.url).href);
    assert.equal(diff.status, 200);
    assert.equal((diff.body.match(/<pre>/g) ?? []).length, 2);
    assert.equal((await http(new URL('/sessions/9', dashboard.url).href)).status, 404);
    assert.equal((await http(dashboard.url, { headers: { Host: 'rebound.example' } })).status, 403);
  } finally {
    await dashboard.close();
  }

  // Beyond loopback, a token is required (traffic still only over loopback here).
  const open = await startDashboard({ store, port: 0, listen: '0.0.0.0' });
  try {
    assert.match(open.token ?? '', /^[A-Za-z0-9_-]{32}$/);
    const base = `http://127.0.0.1:${open.port}/`;
    assert.equal((await http(base)).status, 401);
    assert.equal((await http(`${base}?token=wrong`)).status, 401);
    const withToken = await http(`${base}?token=${open.token}`);
    assert.equal(withToken.status, 200);
    const cookie = String(withToken.headers['set-cookie']).split(';')[0]!;
    assert.equal((await http(base, { headers: { Cookie: cookie } })).status, 200);
  } finally {
    await open.close();
  }
});
