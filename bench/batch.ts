/**
 * Batch scaling (issue #16): `telltale batch` over 8 generated HARs with 1 and with 2 analysis threads, in the same
 * run as the naive reference — 8 separate `telltale analyze --threads 1` processes, one at a time and two at a time
 * (`xargs -P 1`, `xargs -P 2`), each paying its own start-up: their ratio is the machine's own scaling for two
 * analyses at once. All four runs must produce byte-identical reports. Called by bench/run.ts; alone:
 *
 *   node --import tsx bench/batch.ts          (BENCH_BATCH_EXCHANGES=4000 exchanges per input by default)
 * Needs Debian's `time` (/usr/bin/time reports the peak RSS of a child process, its threads included).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { generateBenchHar, writeAllVariants } from './gen-har.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'telltale.js');
const INPUTS = 8;
/** The real HARs of the corpus (browsers' and tools' exports, 2.6–867 KB), each linked this many times. */
const CORPUS_DIR = process.env.TELLTALE_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus');
const SMALL_SOURCE = join(CORPUS_DIR, 'har', 'mitmproxy');
const SMALL_COPIES = Number(process.env.BENCH_SMALL_COPIES ?? 125);
const SMALL_ONE_BY_ONE = 100;
/** ripgrep's runs are under a second: the best of a few is its speed, not the neighbours'. */
const RG_RUNS = 3;

interface Timed {
  seconds: number;
  /** User + system CPU seconds of the process and its threads (and children). */
  cpuSeconds: number;
  peakRssMb: number;
}

function timed(out: string, cmd: string, args: string[]): Timed {
  const timeFile = join(out, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', cmd, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 && !(cmd === 'rg' && r.status === 1)) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const [sec, user, sys, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return { seconds: sec!, cpuSeconds: user! + sys!, peakRssMb: kb! / 1024 };
}

/** Every report of `dir` (name → bytes), for the identity check. */
function reportsOf(dir: string, suffix: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).filter((f) => f.endsWith(suffix)).sort()
    .map((f) => [f.slice(0, -suffix.length), readFileSync(join(dir, f))]));
}

function sameReports(a: Map<string, Buffer>, b: Map<string, Buffer>, count = INPUTS): boolean {
  return a.size === count && a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes) === true);
}

export async function batchScaling(benchOut: string): Promise<string[]> {
  const exchanges = Number(process.env.BENCH_BATCH_EXCHANGES ?? 4000);
  const out = join(benchOut, 'batch');
  const caps = join(out, 'inputs');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(caps, { recursive: true });
  let profile = '';
  for (let i = 1; i <= INPUTS; i++) {
    const gen = await generateBenchHar({ out: join(out, `gen-${i}`), exchanges, seed: i });
    copyFileSync(gen.harPath, join(caps, `cap${String(i).padStart(2, '0')}.har`));
    if (i === 1) profile = gen.profilePath;
  }
  const mb = readdirSync(caps).reduce((sum, f) => sum + statSync(join(caps, f)).size, 0) / 1e6;

  const batch = (workers: number, inputs = caps, count = INPUTS) => {
    console.error(`bench: telltale batch --workers ${workers} on ${count} inputs ...`);
    const reports = join(out, count === INPUTS ? `w${workers}` : `w${workers}-${count}`);
    return timed(out, 'node', [CLI, 'batch', inputs, '--out', reports, '--profile', profile, '--workers', String(workers)]);
  };
  const loadBefore = loadavg()[0]!;
  const one = batch(1);
  const two = batch(2);
  // The reference: the same 8 analyses as separate processes (each pays its own start-up), one at a time and two at
  // a time. Their ratio is what this machine gives two analyses run at once when nothing is shared between them, so
  // batch's scaling can be read against it in the same run.
  const processes = (parallel: number) => {
    console.error(`bench: 8 × telltale analyze --threads 1, ${parallel} at a time (xargs -P ${parallel}) ...`);
    mkdirSync(join(out, `xargs${parallel}`));
    return timed(out, 'sh', ['-c', `ls '${caps}' | xargs -P ${parallel} -I{} node '${CLI}' analyze '${caps}/{}' --profile '${profile}' ` +
      `--threads 1 --out '${out}/xargs${parallel}/{}.report.json'`]);
  };
  const xargs1 = processes(1);
  const xargs2 = processes(2);
  // The reference tool on the same 8 files: ripgrep with the strings the profile expands to, on 1 and on 2 threads.
  // Its ratio is what this machine's second core gives a scan of these bytes that shares nothing and compiles nothing.
  const variants = join(out, 'all-variants.txt');
  writeAllVariants(profile, variants);
  const ripgrep = (threads: number) => {
    console.error(`bench: rg -F -f all-variants.txt -j ${threads} on the ${INPUTS} inputs (best of ${RG_RUNS}) ...`);
    const runs = Array.from({ length: RG_RUNS }, () => timed(out, 'rg', ['-F', '-c', '-f', variants, '-j', String(threads), caps]));
    return runs.reduce((best, t) => (t.seconds < best.seconds ? t : best));
  };
  const rg1 = ripgrep(1);
  const rg2 = ripgrep(2);
  // Twice the inputs (each file again under another name): each thread's start-up and first, unoptimised input
  // weigh half as much, so the difference to the 8-input runs shows the scaling of the inputs after the first.
  const doubled = join(out, 'inputs-16');
  mkdirSync(doubled);
  for (const f of readdirSync(caps)) {
    symlinkSync(join(caps, f), join(doubled, f));
    symlinkSync(join(caps, f), join(doubled, f.replace(/\.har$/, '-again.har')));
  }
  const one16 = batch(1, doubled, INPUTS * 2);
  const two16 = batch(2, doubled, INPUTS * 2);

  const w1 = reportsOf(join(out, 'w1'), '.report.json');
  const identical = ['w2', 'xargs1', 'xargs2'].every((dir) => sameReports(w1, reportsOf(join(out, dir), '.report.json')));
  const identical16 = sameReports(reportsOf(join(out, `w1-${INPUTS * 2}`), '.report.json'), reportsOf(join(out, `w2-${INPUTS * 2}`), '.report.json'), INPUTS * 2);
  const row = (name: string, t: Timed, bytesMb = mb) => `| ${name} | ${t.seconds.toFixed(1)} | ${(bytesMb / t.seconds).toFixed(1)} | ` +
    `${t.cpuSeconds.toFixed(1)} | ${((t.cpuSeconds / t.seconds) * 100).toFixed(0)}% | ${t.peakRssMb.toFixed(0)} |`;
  const load = `${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
  return [
    `Batch: ${INPUTS} generated HARs of ${exchanges.toLocaleString('en')} exchanges (${mb.toFixed(0)} MB in all), one profile, ` +
      `${availableParallelism()} cores.`,
    '',
    '| run | seconds | MB/s | CPU seconds | CPU used | peak RSS (MB) |',
    '|---|---|---|---|---|---|',
    row('telltale batch --workers 1', one),
    row('telltale batch --workers 2', two),
    row('8 × telltale analyze --threads 1, one at a time (xargs -P 1, reference)', xargs1),
    row('8 × telltale analyze --threads 1, 2 at a time (xargs -P 2, reference)', xargs2),
    row(`rg -F -f all-variants.txt -j 1, the same ${INPUTS} files (reference tool, best of ${RG_RUNS})`, rg1),
    row(`rg -F -f all-variants.txt -j 2, the same ${INPUTS} files (reference tool, best of ${RG_RUNS})`, rg2),
    row(`telltale batch --workers 1, ${INPUTS * 2} inputs (the ${INPUTS} twice)`, one16, mb * 2),
    row(`telltale batch --workers 2, ${INPUTS * 2} inputs (the ${INPUTS} twice)`, two16, mb * 2),
    '',
    `Batch scaling 1 → 2 workers: ${(one.seconds / two.seconds).toFixed(2)}× (target ≥ 1.6× on 2 cores); ` +
      `batch --workers 2 vs xargs -P 2: ${(xargs2.seconds / two.seconds).toFixed(2)}×. ` +
      `Reports of the four runs byte-identical: ${identical ? 'yes' : 'NO'}.`,
    `Separate processes, 1 → 2 at a time: ${(xargs1.seconds / xargs2.seconds).toFixed(2)}× (what this machine gives two ` +
      `analyses at once with nothing shared; one analysis alone already uses ${((xargs1.cpuSeconds / xargs1.seconds) * 100).toFixed(0)}% ` +
      `of a core through V8's compiler and GC threads).`,
    `ripgrep on the same files, 1 → 2 threads: ${(rg1.seconds / rg2.seconds).toFixed(2)}×. ` +
      `${INPUTS * 2} inputs: ${(one16.seconds / two16.seconds).toFixed(2)}×; the ${INPUTS} inputs added: ` +
      `${((one16.seconds - one.seconds) / (two16.seconds - two.seconds)).toFixed(2)}× (reports byte-identical: ${identical16 ? 'yes' : 'NO'}).`,
    // On a shared machine wall time measures the neighbours too; CPU seconds say what parallelism costs in work.
    `Load average (1 min): ${load}, on ${availableParallelism()} cores. Work-bound scaling on an idle machine ` +
      `(CPU seconds with 1 worker / (CPU seconds with 2 workers / 2)): ${(one.cpuSeconds / (two.cpuSeconds / 2)).toFixed(2)}×.`,
  ];
}

/**
 * What an audit of many apps meets: a thousand small captures (the corpus's real HARs, linked 125 times each under
 * other names). Batch with 1 and 2 threads, and — for the cost of a process per capture — the first 100 of them as
 * separate `telltale analyze` runs, one at a time. Reports of the two batch runs must be byte-identical.
 */
export function smallInputsScaling(benchOut: string): string[] {
  if (!existsSync(SMALL_SOURCE)) throw new Error(`${SMALL_SOURCE} is missing: the small-captures batch reads the shared corpus`);
  const out = join(benchOut, 'batch-small');
  const caps = join(out, 'inputs');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(caps, { recursive: true });
  const sources = readdirSync(SMALL_SOURCE).filter((f) => f.endsWith('.har')).sort();
  let bytes = 0;
  for (let copy = 1; copy <= SMALL_COPIES; copy++) {
    for (const file of sources) {
      symlinkSync(join(SMALL_SOURCE, file), join(caps, `${file.slice(0, -4)}-${String(copy).padStart(3, '0')}.har`));
      bytes += statSync(join(SMALL_SOURCE, file)).size;
    }
  }
  const inputs = sources.length * SMALL_COPIES;
  const mb = bytes / 1e6;
  const batch = (workers: number) => {
    console.error(`bench: telltale batch --workers ${workers} on ${inputs} small captures ...`);
    return timed(out, 'node', [CLI, 'batch', caps, '--out', join(out, `w${workers}`), '--workers', String(workers)]);
  };
  const one = batch(1);
  const two = batch(2);
  console.error(`bench: ${SMALL_ONE_BY_ONE} × telltale analyze, one at a time ...`);
  mkdirSync(join(out, 'each'));
  const each = timed(out, 'sh', ['-c', `ls '${caps}' | head -n ${SMALL_ONE_BY_ONE} | xargs -P 1 -I{} node '${CLI}' analyze '${caps}/{}' ` +
    `--threads 1 --out '${out}/each/{}.report.json'`]);
  const w1 = reportsOf(join(out, 'w1'), '.report.json');
  const w2 = reportsOf(join(out, 'w2'), '.report.json');
  const identical = w1.size === inputs && w1.size === w2.size && [...w1].every(([name, b]) => w2.get(name)?.equals(b) === true);
  const perInput = (t: Timed, n: number) => `${((t.seconds / n) * 1000).toFixed(1)}`;
  return [
    `Many small real captures: the ${sources.length} HARs of ${SMALL_SOURCE} (browsers' and tools' own exports), ` +
      `${SMALL_COPIES} links to each = ${inputs} inputs, ${mb.toFixed(0)} MB; no profile.`,
    '',
    '| run | seconds | ms per capture | CPU seconds | CPU used | peak RSS (MB) |',
    '|---|---|---|---|---|---|',
    `| telltale batch --workers 1, ${inputs} captures | ${one.seconds.toFixed(1)} | ${perInput(one, inputs)} | ${one.cpuSeconds.toFixed(1)} | ` +
      `${((one.cpuSeconds / one.seconds) * 100).toFixed(0)}% | ${one.peakRssMb.toFixed(0)} |`,
    `| telltale batch --workers 2, ${inputs} captures | ${two.seconds.toFixed(1)} | ${perInput(two, inputs)} | ${two.cpuSeconds.toFixed(1)} | ` +
      `${((two.cpuSeconds / two.seconds) * 100).toFixed(0)}% | ${two.peakRssMb.toFixed(0)} |`,
    `| ${SMALL_ONE_BY_ONE} × telltale analyze, one process each (reference) | ${each.seconds.toFixed(1)} | ${perInput(each, SMALL_ONE_BY_ONE)} | ` +
      `${each.cpuSeconds.toFixed(1)} | ${((each.cpuSeconds / each.seconds) * 100).toFixed(0)}% | ${each.peakRssMb.toFixed(0)} |`,
    '',
    `Small captures, 1 → 2 workers: ${(one.seconds / two.seconds).toFixed(2)}×; batch --workers 1 vs one process per capture: ` +
      `${((each.seconds / SMALL_ONE_BY_ONE) / (one.seconds / inputs)).toFixed(1)}× faster per capture. ` +
      `Reports of the two batch runs byte-identical: ${identical ? 'yes' : 'NO'}.`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  batchScaling(join(ROOT, 'bench', 'out'))
    .then((lines) => console.log([...lines, '', ...smallInputsScaling(join(ROOT, 'bench', 'out'))].join('\n')))
    .catch((e: unknown) => {
      console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    });
}
