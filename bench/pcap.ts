/**
 * `npm run bench:pcap` (also run at the end of `npm run bench`): telltale on a 1 GB pcapng, side by side in the same run
 * with plain `tshark -r FILE -T ek > /dev/null` on the same file. Reports seconds, MB/s and peak resident memory of
 * every process (telltale's node process and each tshark it starts, sampled from /proc every 200 ms; the reference
 * tshark likewise), and how many planted values were found. Results go to stdout and bench/out/pcap-results.md.
 *
 *   BENCH_PCAP_BYTES=200000000 npm run bench:pcap     (default 1 GiB; the capture is generated once and reused)
 * Needs Debian's tshark.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateBenchPcap } from './gen-pcap.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const TARGET = Number(process.env.BENCH_PCAP_BYTES ?? 1 << 30);

interface Run {
  seconds: number;
  /** Peak RSS (MB) per process name. */
  peaks: Map<string, number>;
  code: number | null;
}

function rssOf(pid: number): { rssKb: number; name: string; ppid: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? '?';
    const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { rssKb: rss ? Number(rss[1]) : 0, name, ppid };
  } catch {
    return null;
  }
}

/** Runs a command, sampling the resident memory of it and its descendants. */
function measured(cmd: string, args: string[], stdoutFile: string): Promise<Run> {
  return new Promise((done, fail) => {
    const out = openSync(stdoutFile, 'w');
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-1e4);
    });
    const peaks = new Map<string, number>();
    const sample = () => {
      const family = new Set([child.pid!]);
      for (const entry of readdirSync('/proc')) {
        const pid = Number(entry);
        if (!Number.isInteger(pid)) continue;
        const info = rssOf(pid);
        if (!info) continue;
        if (pid === child.pid || family.has(info.ppid)) {
          family.add(pid);
          peaks.set(info.name, Math.max(peaks.get(info.name) ?? 0, info.rssKb / 1024));
        }
      }
    };
    const timer = setInterval(sample, 200);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) console.error(`bench: ${cmd} exited ${code}: ${stderr.slice(-2000)}`);
      done({ seconds: (performance.now() - started) / 1000, peaks, code });
    });
  });
}

interface ReportShape {
  findings: { source: { index: number }; confidence: string; dataType: string }[];
  summary: { exchanges: number };
  blindSpots: { kind: string; host: string; flows?: number }[];
}

async function main(): Promise<void> {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
  } catch {
    console.error('bench: tshark not found; install it with: apt-get install -y tshark');
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const dir = join(OUT, `pcap-${TARGET}`);
  const pcap = join(dir, 'bench.pcapng');
  const plantedPath = join(dir, 'planted.json');
  if (!existsSync(plantedPath) || !existsSync(pcap)) {
    console.error(`bench: generating a ${(TARGET / 1e6).toFixed(0)} MB pcapng ...`);
    await generateBenchPcap({ out: dir, targetBytes: TARGET });
  }
  const planted = JSON.parse(readFileSync(plantedPath, 'utf8')) as { requests: number; planted: number };
  const mb = statSync(pcap).size / 1e6;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

  console.error('bench: tshark -r FILE -T ek > /dev/null (reference) ...');
  const reference = await measured('tshark', ['-r', pcap, '-T', 'ek'], '/dev/null');
  console.error('bench: telltale analyze FILE ...');
  const reportPath = join(OUT, 'pcap-report.json');
  const telltale = await measured(process.execPath, [join(ROOT, 'bin', 'telltale.js'), 'analyze', pcap, '--profile',
    join(dir, 'profile.json'), '--no-generic', '--format', 'json', '--out', reportPath], '/dev/null');
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as ReportShape;
  const found = new Set(report.findings.filter((f) => f.confidence === 'confirmed').map((f) => f.source.index)).size;
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

  const peak = (run: Run, name: string) => (run.peaks.get(name) ?? 0).toFixed(0);
  const lines = [
    `Input: ${mb.toFixed(0)} MB pcapng, ${planted.requests.toLocaleString('en')} HTTP requests (${planted.planted} with a planted profile value), `
      + `TLS flows without keys, QUIC-like UDP/443, DNS. Machine: ${execFileSync('nproc').toString().trim()} cores, Node ${process.version}, `
      + `tshark ${/TShark \(Wireshark\) (\S+)/.exec(execFileSync('tshark', ['-v'], { encoding: 'utf8' }))?.[1] ?? '?'}; `
      + `load average ${load} before, ${loadAfter} after (the machine was shared with other jobs).`,
    '',
    '| run | seconds | MB/s | peak RSS node (MB) | peak RSS tshark (MB) | result |',
    '|---|---|---|---|---|---|',
    `| \`tshark -r FILE -T ek > /dev/null\` (reference) | ${reference.seconds.toFixed(1)} | ${(mb / reference.seconds).toFixed(1)} | – | ${peak(reference, 'tshark')} | exit ${reference.code} |`,
    `| \`telltale analyze FILE --profile … --no-generic\` | ${telltale.seconds.toFixed(1)} | ${(mb / telltale.seconds).toFixed(1)} | ${peak(telltale, 'node')} | ${peak(telltale, 'tshark')} | `
      + `${report.summary.exchanges.toLocaleString('en')} exchanges, ${found} / ${planted.planted} planted found, `
      + `${report.blindSpots.filter((b) => b.flows).reduce((n, b) => n + (b.flows ?? 0), 0).toLocaleString('en')} flows as blind spots |`,
    '',
    `telltale / reference time: ${(telltale.seconds / reference.seconds).toFixed(2)}×.`,
  ];
  const text = lines.join('\n');
  console.log(text);
  writeFileSync(join(OUT, 'pcap-results.md'), `${text}\n`);
}

await main();
