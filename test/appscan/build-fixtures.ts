/**
 * Builds real Android packages for tests with Debian's Android tools — smali (classes.dex), aapt (binary manifest,
 * resources.arsc), zipalign and apksigner — so the scanner is checked against files it did not write. Each builder
 * also returns what dexdump / aapt say about its output, for cross-checking.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FRAMEWORK_RES = '/usr/share/android-framework-res/framework-res.apk';

export interface SmaliClass {
  /** Dotted name: "com.umeng.analytics.MobclickAgent". */
  name: string;
  /** String constants to put in the DEX string table (as static final fields). */
  strings?: string[];
}

export function smaliSource(cls: SmaliClass): string {
  const descriptor = `L${cls.name.replaceAll('.', '/')};`;
  const fields = (cls.strings ?? []).map((s, i) => `.field public static final S${i}:Ljava/lang/String; = "${s}"`);
  return [`.class public ${descriptor}`, '.super Ljava/lang/Object;', ...fields, ''].join('\n');
}

export function workDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `telltale-${prefix}-`));
}

/** Assembles classes with smali into `out` (a .dex path). */
export function assembleDex(classes: SmaliClass[], out: string): void {
  const src = join(dirname(out), 'smali-src');
  for (const cls of classes) {
    const file = join(src, `${cls.name.replaceAll('.', '/')}.smali`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, smaliSource(cls));
  }
  execFileSync('smali', ['assemble', '-o', out, src], { stdio: 'pipe' });
}

export interface ApkSpec {
  manifest: string;
  classes: SmaliClass[];
  /** res/values/strings.xml content (name → value), compiled into resources.arsc. */
  strings?: Record<string, string>;
  /** Extra files by entry path ("lib/armeabi-v7a/libfoo.so"). */
  files?: Record<string, Buffer>;
  /** Sign with apksigner (needs keytool); default true when the tools exist. */
  sign?: boolean;
}

let keystore: string | null = null;

function debugKeystore(): string {
  if (keystore && existsSync(keystore)) return keystore;
  keystore = join(workDir('ks'), 'debug.keystore');
  execFileSync('keytool', ['-genkeypair', '-keystore', keystore, '-storepass', 'android', '-keypass', 'android',
    '-alias', 'debug', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '10000', '-dname', 'CN=telltale test'], { stdio: 'pipe' });
  return keystore;
}

/** Builds an APK and returns its path. */
export function buildApk(spec: ApkSpec): string {
  const dir = workDir('apk');
  writeFileSync(join(dir, 'AndroidManifest.xml'), spec.manifest);
  const args = ['package', '-f', '-M', join(dir, 'AndroidManifest.xml'), '-I', FRAMEWORK_RES, '-F', join(dir, 'unsigned.apk')];
  if (spec.strings) {
    mkdirSync(join(dir, 'res', 'values'), { recursive: true });
    const items = Object.entries(spec.strings).map(([k, v]) => `  <string name="${k}">${v}</string>`).join('\n');
    writeFileSync(join(dir, 'res', 'values', 'strings.xml'), `<?xml version="1.0" encoding="utf-8"?>\n<resources>\n${items}\n</resources>\n`);
    args.push('-S', join(dir, 'res'));
  }
  execFileSync('aapt', args, { stdio: 'pipe' });
  assembleDex(spec.classes, join(dir, 'classes.dex'));
  const extra = Object.entries(spec.files ?? {});
  for (const [path, bytes] of extra) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  execFileSync('aapt', ['add', 'unsigned.apk', 'classes.dex', ...extra.map(([p]) => p)], { cwd: dir, stdio: 'pipe' });
  const aligned = join(dir, 'aligned.apk');
  execFileSync('zipalign', ['-f', '4', join(dir, 'unsigned.apk'), aligned], { stdio: 'pipe' });
  if (spec.sign === false) return aligned;
  const signed = join(dir, 'app.apk');
  execFileSync('apksigner', ['sign', '--ks', debugKeystore(), '--ks-pass', 'pass:android', '--out', signed, aligned], { stdio: 'pipe' });
  return signed;
}

/** Class descriptors dexdump lists for a DEX or APK, as dotted names in file order. */
export function dexdumpClassNames(path: string): string[] {
  const out = execFileSync('dexdump', [path], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const names: string[] = [];
  for (const line of out.split('\n')) {
    const m = /^ {2}Class descriptor {2}: 'L(.*);'$/.exec(line);
    if (m) names.push(m[1]!.replaceAll('/', '.'));
  }
  return names;
}

export function aaptBadging(path: string): string {
  return execFileSync('aapt', ['dump', 'badging', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
