/**
 * Real things for live-capture tests: a test PKI made by Debian's openssl, upstream HTTPS (HTTP/2 + HTTP/1.1) and HTTP
 * servers on 127.0.0.1 with random ports that remember what they received, `telltale capture` as a child process,
 * and curl. Nothing leaves the machine.
 */
import { spawn, execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from '../helpers/corpus.js';
import type { SessionInfo, TesterEvent } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

const execFileAsync = promisify(execFile);

export interface Pki {
  caCert: string;
  leafCert: string;
  leafKey: string;
}

/** An upstream CA and a leaf for localhost/127.0.0.1, made with openssl (a tool we did not write). */
export async function makeUpstreamPki(dir: string): Promise<Pki> {
  const p = (name: string) => join(dir, name);
  const run = (args: string[]) => execFileAsync('openssl', args);
  await run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('up-ca.key'), '-out', p('up-ca.pem'), '-days', '2', '-subj', '/CN=telltale test upstream CA']);
  await run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', '/CN=localhost']);
  await writeFile(p('leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await run(['x509', '-req', '-in', p('leaf.csr'), '-CA', p('up-ca.pem'), '-CAkey', p('up-ca.key'), '-CAcreateserial', '-out', p('leaf.pem'), '-days', '2', '-extfile', p('leaf.ext')]);
  return { caCert: p('up-ca.pem'), leafCert: p('leaf.pem'), leafKey: p('leaf.key') };
}

/** Deterministic bytes (not text), so a body mangled anywhere on the way shows. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export const BINARY_BODY = pseudoRandomBytes(65_536, 7);
export const GZIP_TEXT = '{"greeting":"hello from upstream","n":12345}'.repeat(40);
export const GZIP_BODY = gzipSync(GZIP_TEXT);

export interface Received {
  method: string;
  path: string;
  httpVersion: string;
  bodyLength: number;
  bodySha256: string;
}

export interface Upstreams {
  httpsPort: number;
  httpPort: number;
  received: Received[];
  close(): Promise<void>;
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

async function respond(req: AnyRequest, res: AnyResponse, received: Received[]): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  const body = Buffer.concat(chunks);
  const path = (req.url ?? '/').split('?')[0]!;
  received.push({ method: req.method ?? '', path, httpVersion: req.httpVersion, bodyLength: body.length, bodySha256: sha256(body) });
  const reply = (status: number, headers: Record<string, string>, payload: Buffer | string) => {
    (res as ServerResponse).writeHead(status, headers);
    res.end(payload);
  };
  switch (path) {
    case '/binary':
      return reply(201, { 'Content-Type': 'application/octet-stream', 'X-Telltale-Test': 'Exact Case Value' }, BINARY_BODY);
    case '/gzip':
      return reply(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, GZIP_BODY);
    case '/upload':
      return reply(200, { 'Content-Type': 'application/json' }, JSON.stringify({ received: body.length, sha256: sha256(body) }));
    default:
      return reply(200, { 'Content-Type': 'text/plain; charset=utf-8' }, `ok ${req.method} ${path}\n`);
  }
}

export async function startUpstreams(pki: Pki): Promise<Upstreams> {
  const received: Received[] = [];
  const handler = (req: AnyRequest, res: AnyResponse) => void respond(req, res, received);
  const https = createSecureServer({ key: await readFile(pki.leafKey), cert: await readFile(pki.leafCert), allowHTTP1: true }, handler);
  const http = createHttpServer(handler);
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    httpsPort: (https.address() as AddressInfo).port,
    httpPort: (http.address() as AddressInfo).port,
    received,
    close: async () => {
      await new Promise((r) => https.close(r));
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

export interface CurlResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['-sS', '--max-time', '60', ...args]);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err }));
  });
}

export interface RunningCapture {
  child: ChildProcessWithoutNullStreams;
  proxy: string;
  page: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `telltale capture ...` and waits until it prints its proxy and page addresses. */
export async function startCaptureCli(args: string[], timeoutMs = 90_000): Promise<RunningCapture> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'telltale.js'), 'capture', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, TELLTALE_DEBUG: '1' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const started = Date.now();
  while (!/^page: +\S+/m.test(stderr)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`telltale capture did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const proxy = /^proxy: +(\S+)/m.exec(stderr)![1]!;
  const page = /^page: +(\S+)/m.exec(stderr)![1]!;
  return { child, proxy, page, stderr: () => stderr, exited };
}

export async function postEvent(page: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; json: TesterEvent & { error?: string } }> {
  const res = await fetch(new URL('/api/events', page), { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as TesterEvent & { error?: string } };
}

/** One entry as har_check.py (the independent reader) reports it. */
export interface HarSummaryEntry {
  started: string;
  method: string;
  url: string;
  status: number;
  httpVersion: string;
  error: string | null;
  request: { length: number; sha256: string };
  response: { length: number; sha256: string };
  headers: Record<string, string>;
}

/** Reads a HAR with the independent Python reader; it fails (non-zero exit) on any HAR 1.2 violation. */
export async function readHarIndependently(path: string): Promise<HarSummaryEntry[]> {
  const { stdout } = await execFileAsync('python3', [join(REPO_ROOT, 'test', 'capture', 'har_check.py'), path], { maxBuffer: 64 << 20 });
  return (JSON.parse(stdout) as { entries: HarSummaryEntry[] }).entries;
}

/** `telltale sessions --format json` as a user would run it (a separate process reading the store). */
export async function sessionsJson(db: string): Promise<SessionInfo[]> {
  const listed = await runCli(['sessions', '--store', db, '--format', 'json']);
  if (listed.code !== 0) throw new Error(`telltale sessions failed: ${listed.stderr}`);
  return (JSON.parse(listed.stdout) as { sessions: SessionInfo[] }).sessions;
}

export async function waitFor(check: () => Promise<boolean>, what: () => string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
