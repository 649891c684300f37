/**
 * `npm run bench:capture` (also the last part of `npm run bench`): throughput through the live-capture proxy on
 * loopback, with and without live detection, against Debian's mitmdump on the same load in the same run. The load
 * generator is Debian's wrk, sending proxy-form requests (absolute URIs) to each proxy; the upstream is a Node HTTP
 * server on 127.0.0.1 answering every GET with the same JSON body. Every proxy keeps every flow: telltale in its SQLite
 * store, mitmdump in a flow file (-w). Peak RSS of each proxy process comes from /usr/bin/time.
 *
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_BODY_KB=16 npm run bench:capture
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench', 'out');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const BODY_KB = Number(process.env.BENCH_BODY_KB ?? 16);

function requireTool(cmd: string, debianPackage: string): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`bench:capture: ${cmd} not found; install it with: apt-get install -y ${debianPackage}`);
    process.exit(2);
  }
}

/** A JSON response body; the request's query carries an email, so live detection finds something in every exchange. */
function body(kb: number): string {
  const item = '{"id":123456,"name":"widget","tags":["a","b","c"],"price":12.5},';
  return `{"items":[${item.repeat(Math.ceil((kb * 1024) / item.length)).slice(0, -1)}]}`;
}

async function startUpstream(): Promise<{ port: number; close: () => void }> {
  const payload = Buffer.from(body(BODY_KB));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': payload.length }).end(payload));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

interface WrkResult {
  requestsPerSecond: number;
  megabytesPerSecond: number;
  requests: number;
  errors: number;
}

/**
 * wrk against a proxy: every request line carries the absolute upstream URL (proxy form). Asynchronous on purpose:
 * the upstream server lives in this process and must keep answering while wrk runs.
 */
async function wrk(target: string, upstreamUrl: string, dir: string): Promise<WrkResult> {
  const script = join(dir, 'proxy.lua');
  writeFileSync(script, `wrk.path = "${upstreamUrl}?email=alice.tester%40example.com"\nwrk.headers["Host"] = "${new URL(upstreamUrl).host}"\n`);
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '-s', script, target]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  if (r.status !== 0 || !/Requests\/sec/.test(r.stdout)) throw new Error(`wrk failed: ${r.stderr}${r.stdout}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const transfer = /Transfer\/sec:\s+([\d.]+)(KB|MB|GB)/.exec(r.stdout);
  const scale = transfer?.[2] === 'GB' ? 1024 : transfer?.[2] === 'KB' ? 1 / 1024 : 1;
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1]);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(r.stdout);
  return {
    requestsPerSecond: rps, megabytesPerSecond: Number(transfer?.[1]) * scale, requests,
    errors: Number(errors?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).map(Number).reduce((a, b) => a + b, 0) : 0),
  };
}

interface Proxy {
  url: string;
  stop: () => Promise<number>;
}

/** Runs a proxy under /usr/bin/time; stop() sends SIGINT to the proxy itself and returns its peak RSS in MB. */
async function startUnderTime(cmd: string, args: string[], dir: string, ready: (stderr: string) => string | null): Promise<Proxy> {
  const timeFile = join(dir, `time-${Date.now()}.txt`);
  const child: ChildProcess = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%M', cmd, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  const started = Date.now();
  let url = ready(stderr);
  while (!url) {
    if (Date.now() - started > 120_000 || child.exitCode !== null) throw new Error(`${cmd} did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
    url = ready(stderr);
  }
  return {
    url,
    stop: async () => {
      // The proxy is /usr/bin/time's only child.
      const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
      for (const pid of kids) process.kill(pid, 'SIGINT');
      await exited;
      return Number(readFileSync(timeFile, 'utf8').trim().split(/\s+/).pop()) / 1024;
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

function freePortUrl(stderr: string, pattern: RegExp): string | null {
  return pattern.exec(stderr)?.[1] ?? null;
}

interface Row {
  name: string;
  result: WrkResult;
  peakRssMb: number | null;
  stored: string;
}

async function main(): Promise<void> {
  requireTool('wrk', 'wrk');
  requireTool('mitmdump', 'mitmproxy');
  requireTool('/usr/bin/time', 'time');
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'telltale-bench-capture-'));
  const upstream = await startUpstream();
  const upstreamUrl = `http://127.0.0.1:${upstream.port}/api/items`;
  const rows: Row[] = [];
  try {
    rows.push({ name: 'direct (no proxy, reference ceiling)', result: await wrk(`http://127.0.0.1:${upstream.port}`, upstreamUrl, dir), peakRssMb: null, stored: '—' });

    for (const live of [false, true]) {
      const db = join(dir, `telltale-${live}.db`);
      const proxy = await startUnderTime(process.execPath, [join(ROOT, 'bin', 'telltale.js'), 'capture', '--port', '0', '--ui-port', '0',
        '--config-dir', join(dir, 'cfg'), '--store', db, ...(live ? [] : ['--no-live-detection'])], dir,
      (s) => freePortUrl(s, /^proxy: +(http:\/\/\S+)/m));
      const result = await wrk(proxy.url, upstreamUrl, dir);
      const rss = await proxy.stop();
      const sessions = spawnSync(process.execPath, [join(ROOT, 'bin', 'telltale.js'), 'sessions', '--store', db, '--format', 'json'], { encoding: 'utf8' });
      const stored = (JSON.parse(sessions.stdout) as { sessions: { exchanges: number }[] }).sessions[0]!.exchanges;
      rows.push({ name: `telltale capture${live ? ' (live detection, default)' : ' --no-live-detection'}`, result, peakRssMb: rss, stored: `${stored} in SQLite` });
    }

    rows.push(await runMitmdump(dir, upstreamUrl, join(dir, 'flows.mitm')));
  } finally {
    upstream.close();
  }
  const text = render(rows);
  writeFileSync(join(OUT, 'capture.md'), text);
  process.stdout.write(text);
  rmSync(dir, { recursive: true, force: true });
}

/** mitmdump prints no address when asked for port 0, so it gets a port found free just before. */
async function runMitmdump(dir: string, upstreamUrl: string, flows: string): Promise<Row> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const proxy = await startUnderTime('mitmdump', ['--listen-host', '127.0.0.1', '--listen-port', String(port), '--set', `confdir=${join(dir, 'mitm')}`,
    '-w', flows, '--set', 'flow_detail=0'], dir, () => `http://127.0.0.1:${port}`);
  await waitForPort(port);
  const result = await wrk(proxy.url, upstreamUrl, dir);
  const rss = await proxy.stop();
  const read = spawnSync('mitmdump', ['-nr', flows, '--set', 'flow_detail=0', '--set', `confdir=${join(dir, 'mitm')}`], { encoding: 'utf8' });
  const stored = read.status === 0 ? 'in a flow file (-w)' : `flow file unreadable: ${read.stderr.slice(0, 100)}`;
  return { name: 'mitmdump 8.1.1 -w flows (Debian, reference)', result, peakRssMb: rss, stored };
}

function render(rows: Row[]): string {
  const mitm = rows.find((r) => r.name.startsWith('mitmdump'))!;
  const lines = [
    `Load: wrk -t2 -c${CONNECTIONS} -d${SECONDS}s, GET with a query, ${BODY_KB} KB JSON responses, plain HTTP over loopback.`,
    `Machine: ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, Node ${process.version}; shared with other jobs, so compare ratios within this run.`,
    '',
    '| proxy | requests/s | MB/s | errors | peak RSS (MB) | kept | vs mitmdump |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.result.requestsPerSecond.toFixed(0)} | ${r.result.megabytesPerSecond.toFixed(1)} | ${r.result.errors} | `
      + `${r.peakRssMb === null ? '—' : r.peakRssMb.toFixed(0)} | ${r.stored} | ${(r.result.requestsPerSecond / mitm.result.requestsPerSecond).toFixed(2)}× |`),
    '',
  ];
  return lines.join('\n');
}

await main();
