/**
 * `npm run bench`: throughput and peak memory of `telltale analyze` on a large synthetic HAR with planted values,
 * side by side in the same run with ripgrep (`rg -F -f variants.txt`) as the raw-scan reference; and the matching
 * cost of 10 vs 1,000 known values. Results go to stdout and bench/out/results.md.
 *
 *   BENCH_EXCHANGES=200000 npm run bench     (default 200,000 exchanges, about 1 GB)
 * Needs Debian's `ripgrep` and `time` (/usr/bin/time reports peak RSS of a child process).
 * Then the pcap section (bench/pcap.ts: a 1 GB pcapng against `tshark -T ek`); BENCH_PCAP=0 skips it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateBenchHar, writeAllVariants, type PlantRecord } from './gen-har.js';
import { profileFields, scorePlants, type FindingLike } from './score-plants.js';
import { batchScaling, smallInputsScaling } from './batch.js';
import { createAttributor } from '../src/attribute/index.js';
import { loadCatalog } from '../src/catalog/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const EXCHANGES = Number(process.env.BENCH_EXCHANGES ?? 200_000);

interface Measured {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

function requireTool(cmd: string, debianPackage: string): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`bench: ${cmd} not found; install it with: apt-get install -y ${debianPackage}`);
    process.exit(2);
  }
}

/** Runs a command under /usr/bin/time to get wall time and the child's peak RSS. */
function measure(cmd: string, args: string[], stdoutFile?: string): Measured {
  const timeFile = join(OUT, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', cmd, ...args], {
    cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8',
  });
  if (r.status !== 0 && !(cmd === 'rg' && r.status === 1)) {
    throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  }
  const [sec, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  if (stdoutFile) writeFileSync(stdoutFile, r.stdout);
  return { seconds: sec!, peakRssMb: kb! / 1024, stdout: r.stdout };
}

/** "found / planted plants (n unplanted)", checked against the plants the generator recorded. */
function plantsFound(reportPath: string, plantedPath: string, profilePath: string): string {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { findings: FindingLike[] };
  const { plants } = JSON.parse(readFileSync(plantedPath, 'utf8')) as { plants: PlantRecord[] };
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { custom?: { type: string }[] };
  const score = scorePlants(report.findings, plants, profileFields(profile));
  if (score.missed.length > 0) console.error(`bench: ${reportPath} missed ${score.missed.length} plants, e.g. ${score.missed.slice(0, 3).join('; ')}`);
  return `${score.found} / ${score.planted} plants (${score.unplanted} confirmed findings on no plant)`;
}

function telltale(har: string, profile: string, out: string, generic = false, threads?: number): Measured {
  const args = [join(ROOT, 'bin', 'telltale.js'), 'analyze', har, '--profile', profile, '--out', out];
  if (threads !== undefined) args.push('--threads', String(threads));
  return measure('node', generic ? args : [...args, '--no-generic']);
}

/**
 * Worst case for attribution: 100k exchanges that each reach a new host and a new server IP (a real capture has far
 * fewer distinct ones, and attribution runs once per host). Includes loading the catalog and IP databases.
 */
async function attributionMs(observations: number): Promise<number> {
  const domains = loadCatalog().entities.flatMap((e) => e.domains);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const started = performance.now();
  const attributor = await createAttributor();
  for (let i = 0; i < observations; i++) {
    const ip = `${(next() % 223) + 1}.${next() % 256}.${next() % 256}.${next() % 256}`;
    attributor.attribute({ host: `h${i}.${domains[i % domains.length]}`, serverIps: [ip] });
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  requireTool('rg', 'ripgrep');
  if (!existsSync('/usr/bin/time')) {
    console.error('bench: /usr/bin/time not found; install it with: apt-get install -y time');
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  console.error(`bench: generating ${EXCHANGES} exchanges ...`);
  const gen = await generateBenchHar({ out: join(OUT, `bench-${EXCHANGES}`), exchanges: EXCHANGES, seed: 1 });
  const big = await generateBenchHar({ out: join(OUT, `bench-${EXCHANGES}-k1000`), exchanges: EXCHANGES, seed: 1, knownValues: 1000 });
  const mb = statSync(gen.harPath).size / 1e6;
  const mb1000 = statSync(big.harPath).size / 1e6;

  const allVariantsPath = join(OUT, 'all-variants.txt');
  const variantCount = writeAllVariants(gen.profilePath, allVariantsPath);
  const cores = Number(execFileSync('nproc').toString().trim());

  console.error(`bench: telltale analyze (10 known values, ${cores} threads) ...`);
  const t10 = telltale(gen.harPath, gen.profilePath, join(OUT, 'report-10.json'));
  console.error('bench: telltale analyze (10 known values, --threads 1) ...');
  const t10one = telltale(gen.harPath, gen.profilePath, join(OUT, 'report-10-one-thread.json'), false, 1);
  if (readFileSync(join(OUT, 'report-10.json'), 'utf8') !== readFileSync(join(OUT, 'report-10-one-thread.json'), 'utf8')) {
    throw new Error('the report on one thread differs from the report on all cores');
  }
  console.error('bench: telltale analyze (1,000 known values) ...');
  const t1000 = telltale(big.harPath, big.profilePath, join(OUT, 'report-1000.json'));
  console.error('bench: telltale analyze (10 known values + generic detectors, the default) ...');
  const tAll = telltale(gen.harPath, gen.profilePath, join(OUT, 'report-all.json'), true);
  console.error(`bench: rg -F -f all-variants.txt (${variantCount} strings) ...`);
  const rgAll = measure('rg', ['-F', '-c', '-f', allVariantsPath, gen.harPath]);
  console.error('bench: rg -F -f variants.txt ...');
  const rg = measure('rg', ['-F', '-c', '-f', gen.variantsPath, gen.harPath]);
  const rgLines = Number(rg.stdout.trim() || 0);
  const rgOccurrences = Number(
    execFileSync('sh', ['-c', `rg -F -o -f '${gen.variantsPath}' '${gen.harPath}' | wc -l`], { encoding: 'utf8' }).trim(),
  );

  const attribution = await attributionMs(100_000);
  const analysisMsPer100k = (t10.seconds * 1000 * 100_000) / EXCHANGES;

  const row = (name: string, m: Measured, leaks: string, size = mb) =>
    `| ${name} | ${m.seconds.toFixed(1)} | ${(size / m.seconds).toFixed(1)} | ${m.peakRssMb.toFixed(0)} | ${leaks} |`;
  const rate10 = mb / t10.seconds;
  const rate1000 = mb1000 / t1000.seconds;
  const lines = [
    `Input: ${EXCHANGES.toLocaleString('en')} exchanges, ${mb.toFixed(0)} MB HAR, ${gen.planted} exchanges with planted values.`,
    `Machine: ${execFileSync('nproc').toString().trim()} cores, Node ${process.version}.`,
    '',
    '| tool | seconds | MB/s | peak RSS (MB) | planted leaks found |',
    '|---|---|---|---|---|',
    row(`telltale analyze --no-generic (10 known values, all variants, ${cores} threads)`, t10, plantsFound(join(OUT, 'report-10.json'), gen.plantedPath, gen.profilePath)),
    row('telltale analyze --no-generic (10 known values, all variants, --threads 1)', t10one, plantsFound(join(OUT, 'report-10-one-thread.json'), gen.plantedPath, gen.profilePath)),
    row(`telltale analyze --no-generic (1,000 known values, all variants, ${cores} threads)`, t1000, plantsFound(join(OUT, 'report-1000.json'), big.plantedPath, big.profilePath), mb1000),
    row(`telltale analyze (10 known values + generic detectors, the default, ${cores} threads)`, tAll, plantsFound(join(OUT, 'report-all.json'), gen.plantedPath, gen.profilePath)),
    row(`rg -F -f all-variants.txt (reference: the ${variantCount} strings the profile expands to)`, rgAll, 'a raw scan: counts lines, not leaks'),
    row('rg -F -f variants.txt (only the planted literals)', rg, `${rgLines} / ${gen.planted} exchanges (${rgOccurrences} occurrences; ${gen.hidden} plants are inside gzip+base64 bodies no raw scan can see)`),
    '',
    `telltale (10 known values, ${cores} threads) ÷ rg with all variants: ${(rate10 / (mb / rgAll.seconds)).toFixed(3)}× the MB/s ` +
      `(goal ≥ 0.25×); on all cores vs one thread: ${(t10one.seconds / t10.seconds).toFixed(2)}× faster, same report bytes.`,
    `Matching cost 1,000 vs 10 known values: ${(rate10 / rate1000).toFixed(2)}× the time per MB.`,
    `Attribution of 100,000 exchanges, each to a new host and server IP (worst case, databases loaded cold): ` +
      `${attribution.toFixed(0)} ms = ${((attribution / analysisMsPer100k) * 100).toFixed(1)}% of the time to analyse 100,000 exchanges.`,
    '',
    ...(await batchScaling(OUT)),
    '',
    ...smallInputsScaling(OUT),
  ];
  const text = lines.join('\n');
  writeFileSync(join(OUT, 'results.md'), `${text}\n`);
  console.log(text);
  // The pcap section (issue #12): a 1 GB pcapng against plain tshark, in the same run. BENCH_PCAP=0 skips it.
  if (process.env.BENCH_PCAP !== '0') {
    const pcap = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'pcap.ts')], { cwd: ROOT, stdio: 'inherit' });
    if (pcap.status !== 0) throw new Error(`pcap bench failed (${pcap.status})`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
