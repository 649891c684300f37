/**
 * Real services for tests, started by the test itself on 127.0.0.1 with a free port and stopped afterwards:
 * Debian's redis-server, and PostgreSQL 15 (initdb in a temporary directory, run as the unprivileged `postgres`
 * account when the tests run as root, as CI does — PostgreSQL refuses to run as root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startRedis(): Promise<RunningService> {
  const port = await freePort();
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitForPort(port, 15_000, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** Runs a PostgreSQL binary as the account that owns the cluster. */
function asOwner(bin: string, args: string[]): { cmd: string; args: string[] } {
  const path = join(PG_BIN, bin);
  return process.getuid?.() === 0 ? { cmd: 'runuser', args: ['-u', 'postgres', '--', path, ...args] } : { cmd: path, args };
}

function runChecked(bin: string, args: string[]): void {
  const { cmd, args: full } = asOwner(bin, args);
  const r = spawnSync(cmd, full, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export async function startPostgres(): Promise<RunningService> {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-pg-'));
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error('tests run as root but there is no `postgres` account to run PostgreSQL as');
    const uid = Number(ids.stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  runChecked('initdb', ['-D', data, '-A', 'trust', '-U', 'telltale', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  runChecked('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', 'start',
    '-o', `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`]);
  await waitForPort(port, 15_000, 'postgres');
  return {
    url: `postgres://telltale@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        runChecked('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}
