/**
 * App scan benchmark: builds a ~100 MB multidex APK (smali-assembled DEX files + incompressible native libraries
 * carrying URLs), then measures `scanApp` and Debian's `dexdump` on the same file: wall time and peak RSS
 * (/usr/bin/time), and checks both saw the same number of classes.
 *
 *   node --import tsx bench/appscan/run.ts            (BENCH_APK_MB=100, BENCH_CLASSES=20000 per DEX)
 * Needs Debian's libsmali-java (smali), dexdump and time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench', 'out', 'appscan');
const TARGET_MB = Number(process.env.BENCH_APK_MB ?? 100);
const CLASSES_PER_DEX = Number(process.env.BENCH_CLASSES ?? 20_000);
const DEX_FILES = 6;

function requireTool(cmd: string, debianPackage: string): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`bench: ${cmd} not found; install it with: apt-get install -y ${debianPackage}`);
    process.exit(2);
  }
}

/** One DEX with CLASSES_PER_DEX classes spread over SDK-like and app packages, assembled by smali. */
function buildDex(index: number): Buffer {
  const file = join(OUT, `classes${index}.dex`);
  if (existsSync(file)) return readFileSync(file);
  const src = join(OUT, `smali${index}`);
  const packages = ['com/umeng/analytics', 'com/tencent/bugly/crashreport', 'com/example/app/ui', 'com/example/app/data', 'okhttp3/internal'];
  for (let i = 0; i < CLASSES_PER_DEX; i++) {
    const pkg = `${packages[i % packages.length]}/p${index}_${i % 97}`;
    const dir = join(src, pkg);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `C${i}.smali`), [
      `.class public L${pkg}/C${i};`, '.super Ljava/lang/Object;',
      `.field public static final U:Ljava/lang/String; = "https://api${i % 50}.example${index}.com/v1/e${i}"`, '',
    ].join('\n'));
  }
  execFileSync('smali', ['assemble', '-o', file, src], { stdio: 'pipe' });
  return readFileSync(file);
}

/** Deterministic incompressible bytes (SHA-256 counter stream) with a few URLs planted. */
function nativeLib(bytes: number, seed: number): Uint8Array {
  const out = Buffer.alloc(bytes);
  for (let off = 0, n = 0; off < bytes; off += 32, n++) {
    createHash('sha256').update(`${seed}:${n}`).digest().copy(out, off);
  }
  Buffer.from('\0http://rqd.uu.qq.com/rqd/sync\0').copy(out, 4096);
  return out;
}

function buildApk(): { path: string; dexClasses: number } {
  const path = join(OUT, `bench-${TARGET_MB}mb.apk`);
  if (existsSync(path)) return { path, dexClasses: DEX_FILES * CLASSES_PER_DEX };
  const files: Zippable = {};
  let total = 0;
  for (let i = 1; i <= DEX_FILES; i++) {
    const dex = buildDex(i);
    files[i === 1 ? 'classes.dex' : `classes${i}.dex`] = [dex, { level: 6 }];
    total += dex.length / 3; // DEX deflates to roughly a third
  }
  let lib = 0;
  while (total < TARGET_MB * 1024 * 1024) {
    const size = 8 * 1024 * 1024;
    files[`lib/arm64-v8a/libbench${lib}.so`] = [nativeLib(size, lib), { level: 0 }];
    total += size;
    lib++;
  }
  writeFileSync(path, zipSync(files));
  return { path, dexClasses: DEX_FILES * CLASSES_PER_DEX };
}

interface Measured { seconds: number; peakRssMb: number; stdout: string }

function measure(cmd: string, args: string[]): Measured {
  const timeFile = join(OUT, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', cmd, ...args], { cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const [sec, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { seconds: sec!, peakRssMb: Math.round(kb! / 1024), stdout: r.stdout };
}

function main(): void {
  requireTool('smali', 'libsmali-java');
  requireTool('dexdump', 'dexdump');
  requireTool('/usr/bin/time', 'time');
  mkdirSync(OUT, { recursive: true });
  const apk = buildApk();
  const sizeMb = (readFileSync(apk.path).length / 1024 / 1024).toFixed(1);
  const scanScript = `import { scanApp } from ${JSON.stringify(join(ROOT, 'src/appscan/index.ts'))};
const started = performance.now();
const s = await scanApp(${JSON.stringify(apk.path)});
console.log(JSON.stringify({ scanSeconds: (performance.now() - started) / 1000, classes: s.codeFiles.filter((f) => f.kind === 'dex').reduce((n, f) => n + f.classes, 0), sdks: s.sdks.map((x) => x.id), hosts: s.hosts.length, partial: s.partial }));`;
  const scriptFile = join(OUT, 'scan.mts');
  writeFileSync(scriptFile, scanScript);
  const ours = measure(process.execPath, ['--import', 'tsx', scriptFile]);
  const result = JSON.parse(ours.stdout.trim().split('\n').pop()!) as { scanSeconds: number; classes: number; sdks: string[]; hosts: number; partial: boolean };
  const dexdump = measure('sh', ['-c', `dexdump ${JSON.stringify(apk.path)} | grep -c '^Class #'`]);
  const dexdumpClasses = Number(dexdump.stdout.trim());
  const rows = [
    ['tool', 'seconds', 'peak RSS MB', 'classes'],
    ['telltale scanApp, whole process (node + tsx start-up, catalog load)', ours.seconds.toFixed(2), String(ours.peakRssMb), String(result.classes)],
    ['telltale scanApp call alone (SHA-256, inflate, DEX, hosts, SDK match)', result.scanSeconds.toFixed(2), '', String(result.classes)],
    ['dexdump (Debian, full dump to a pipe)', dexdump.seconds.toFixed(2), String(dexdump.peakRssMb), String(dexdumpClasses)],
  ];
  const table = [`APK: ${apk.path} (${sizeMb} MB, ${DEX_FILES} DEX files, ${apk.dexClasses} classes)`, '',
    ...rows.map((r) => `| ${r.join(' | ')} |`), '',
    `SDKs: ${result.sdks.join(', ')}; hosts in code: ${result.hosts}; partial: ${result.partial}`,
    `class counts ${result.classes === dexdumpClasses ? 'match' : 'DIFFER'}`];
  console.log(table.join('\n'));
  writeFileSync(join(OUT, 'results.md'), table.join('\n') + '\n');
  if (result.classes !== dexdumpClasses) process.exit(1);
}

main();
