/**
 * A fleet end to end with real services started here: redis-server (the BullMQ queue) and PostgreSQL 15 (the
 * store). A worker is killed with SIGKILL in the middle of a job; another worker picks the job up, and the batch
 * still gets every report, byte-identical to a local batch, and the findings are in PostgreSQL for SQL queries.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { writeScenario } from '../../src/scenarios/index.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';
import { testNeeding } from '../helpers/needs.js';
import { PG_BIN, startPostgres, startRedis, type RunningService } from '../helpers/services.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-fleet-'));
const started: ChildProcess[] = [];
const services: RunningService[] = [];

interface Spawned {
  child: ChildProcess;
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnCli(args: string[]): Spawned {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'telltale.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child, exited, stderr: () => stderr,
    async waitFor(pattern, timeoutMs = 120_000) {
      const until = performance.now() + timeoutMs;
      while (performance.now() < until) {
        const m = stderr.match(pattern);
        if (m) return m;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no ${String(pattern)} from telltale ${args[0]} (exit ${child.exitCode}): ${stderr}`);
    },
  };
}

after(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const service of services) await service.stop();
});

const NEEDS = {
  tools: ['redis-server', 'runuser'],
  files: [join(PG_BIN, 'initdb'), join(PG_BIN, 'pg_ctl')],
  corpus: ['har/mitmproxy/safari.har', 'har/bad/brokenfile.har'],
};

let redis: RunningService;
let postgres: RunningService;
before(async () => {
  const [r, p] = await Promise.allSettled([startRedis(), startPostgres()]);
  for (const s of [r, p]) if (s.status === 'fulfilled') services.push(s.value);
  if (r.status === 'fulfilled') redis = r.value;
  if (p.status === 'fulfilled') postgres = p.value;
});

testNeeding('fleet: a worker SIGKILLed mid-job, another finishes it; reports identical to a local batch; findings in PostgreSQL', NEEDS, async () => {
  assert.ok(redis && postgres, 'redis-server and PostgreSQL must have started');
  const caps = join(work, 'caps');
  mkdirSync(caps);
  const scenario = await writeScenario('lawsuit', join(work, 'scenario'));
  copyFileSync(scenario.har, join(caps, 'lawsuit.har'));
  for (let i = 1; i <= 5; i++) copyFileSync(join(CORPUS_DIR, 'har/mitmproxy/safari.har'), join(caps, `safari-${i}.har`));
  copyFileSync(join(CORPUS_DIR, 'har/bad/brokenfile.har'), join(caps, 'brokenfile.har'));
  const options = ['--profile', scenario.profile];

  const local = await runCli(['batch', caps, '--out', join(work, 'local'), ...options, '--workers', '2'], { timeoutMs: 240_000 });
  assert.equal(local.code, 2, local.stderr);

  // Worker A alone takes the first job and is killed in the middle of it.
  const workerArgs = ['worker', '--queue', redis.url, '--store', postgres.url, '--stall-ms', '2000'];
  const a = spawnCli(workerArgs);
  await a.waitFor(/worker: ready/);
  const batch = spawnCli(['batch', caps, '--out', join(work, 'fleet'), ...options, '--queue', redis.url]);
  const [, killedPath] = await a.waitFor(/worker: analysing (\S+)/);
  a.child.kill('SIGKILL');
  assert.equal((await a.exited).signal, 'SIGKILL');
  assert.doesNotMatch(a.stderr(), /worker: done/, 'A finished nothing: it was killed in its first job');

  // Worker B (started second, with A's lock lapsing after 2 s) takes the dead worker's job and all the others.
  const b = spawnCli([...workerArgs, '--concurrency', '2']);
  const result = await batch.exited;
  assert.equal(result.code, 2, batch.stderr());
  assert.match(batch.stderr(), /7 inputs: 6 done, 1 failed, 0 skipped/);
  assert.ok(b.stderr().includes(`worker: analysing ${killedPath!}`), `B did not take over ${killedPath}: ${b.stderr()}`);
  assert.match(b.stderr(), /worker: failed: .*brokenfile\.har.*not a HAR file/, 'the broken input fails on its first attempt');
  assert.doesNotMatch(b.stderr(), /brokenfile\.har.*attempt 2/, 'and is not tried again');

  const files = readdirSync(join(work, 'local')).filter((f) => !f.startsWith('.')).sort();
  assert.deepEqual(readdirSync(join(work, 'fleet')).filter((f) => !f.startsWith('.')).sort(), files);
  assert.equal(files.length, 7, 'six reports and index.json');
  for (const f of files) {
    assert.ok(readFileSync(join(work, 'fleet', f)).equals(readFileSync(join(work, 'local', f))), `${f}: fleet and local differ`);
  }

  // The findings are queryable with SQL.
  const client = new pg.Client(postgres.url);
  await client.connect();
  try {
    const migrations = await client.query('SELECT id FROM telltale_migrations ORDER BY id');
    assert.deepEqual(migrations.rows, [{ id: '001_init.sql' }], 'migrations applied once, whichever worker came first');
    const counts = await client.query<{ input_path: string; findings: number; rows: string }>(`
      SELECT r.input_path, r.findings, count(f.finding_id) AS rows
      FROM telltale_reports r LEFT JOIN telltale_findings f USING (report_id)
      GROUP BY r.report_id ORDER BY r.input_path`);
    const index = JSON.parse(readFileSync(join(work, 'fleet', 'index.json'), 'utf8'));
    const done = index.inputs.filter((e: { status: string }) => e.status === 'done');
    assert.deepEqual(counts.rows.map((r) => [r.input_path, r.findings, Number(r.rows)]),
      done.map((e: { path: string; findings: number }) => [e.path, e.findings, e.findings]));
    const imeiToChina = await client.query<{ input_path: string; host: string }>(`
      SELECT DISTINCT r.input_path, f.host
      FROM telltale_findings f
      JOIN telltale_reports r USING (report_id)
      JOIN telltale_destinations d ON d.report_id = f.report_id AND d.host = f.host
      WHERE f.data_type = 'device.imei' AND d.entity_country = 'CN'
      ORDER BY 1, 2`);
    assert.ok(imeiToChina.rows.length > 0, 'the lawsuit capture sends the IMEI to a Chinese company');
    assert.deepEqual([...new Set(imeiToChina.rows.map((r) => r.input_path))], [join(caps, 'lawsuit.har')]);
    const stored = await client.query<{ report: unknown }>('SELECT report FROM telltale_reports WHERE input_path = $1', [join(caps, 'lawsuit.har')]);
    assert.deepEqual(stored.rows[0]!.report, JSON.parse(readFileSync(join(work, 'fleet', 'lawsuit.har.report.json'), 'utf8')));
  } finally {
    await client.end();
  }

  // The same batch again (say, after Ctrl-C) finds its finished jobs in Redis: nothing is analysed twice, only the
  // failed input is tried again.
  const analysedBefore = b.stderr().match(/worker: analysing/g)!.length;
  const again = await runCli(['batch', caps, '--out', join(work, 'fleet-again'), ...options, '--queue', redis.url], { timeoutMs: 120_000 });
  assert.equal(again.code, 2, again.stderr);
  for (const f of files) {
    assert.ok(readFileSync(join(work, 'fleet-again', f)).equals(readFileSync(join(work, 'local', f))), `${f}: second fleet run differs`);
  }
  assert.deepEqual(b.stderr().match(/worker: analysing \S+/g)!.slice(analysedBefore), [`worker: analysing ${join(caps, 'brokenfile.har')}`]);

  b.child.kill('SIGTERM');
  assert.equal((await b.exited).code, 0, `worker B stops cleanly on SIGTERM: ${b.stderr()}`);
}, { timeout: 400_000 });

testNeeding('fleet: a queue that cannot be reached is a one-line error, exit 2', { tools: ['redis-server'] }, async () => {
  const r = await runCli(['worker', '--queue', 'redis://127.0.0.1:1']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^telltale: redis:\/\/127\.0\.0\.1:1: cannot reach Redis/);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
});
