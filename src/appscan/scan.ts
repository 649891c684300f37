/**
 * scanApp: one pass over a package (APK, AAB, AAR, JAR, IPA or bare DEX), streaming entries from the archive without
 * extracting anything to disk, then SDK matching. Entry routing is by name; content is checked by magic bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { readResourceTable } from './arsc.js';
import { isAxml, parseAxml } from './axml.js';
import { forEachHostLikeDexString, isDex, readDex, type DexContents } from './dex.js';
import { HostCollector, validBareHost } from './hosts.js';
import { isMachO, parseInfoPlist, readMachO, type InfoPlist } from './ios.js';
import { readManifest, type ManifestInfo } from './manifest.js';
import { matchSdks } from './match.js';
import { parseProtoXml } from './protoxml.js';
import {
  APPSCAN_SCHEMA, type AppScan, type CodeFileStat, type PackageKind, type ScanLimits, type ScanOptions,
} from './types.js';
import { parseXmlText } from './xmltext.js';
import { budgetWarning, looksLikeZip, walkZip, type ScanBudget, type ZipEntryInfo } from './zip.js';
import type { XmlElement } from './xmltree.js';

export const DEFAULT_LIMITS: ScanLimits = {
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 200_000,
  maxNestingDepth: 2,
  maxPoolStrings: 1_000_000,
  maxXmlElements: 100_000,
  maxClasses: 2_000_000,
  maxHosts: 10_000,
};

const NESTED_ARCHIVE = /\.(jar|apk|aar|zip)$/i;
const NATIVE_LIB = /^(?:base\/)?(?:lib|jni)\/[^/]+\/([^/]+\.so)$/;
const IPA_APP_DIR = /^Payload\/[^/]+\.app\//;
const IPA_FRAMEWORK = /^Payload\/[^/]+\.app\/Frameworks\/([^/]+)\.framework\//;
const IPA_INFO_PLIST = /^Payload\/[^/]+\.app\/Info\.plist$/;

/** Everything gathered while walking a package (and its nested archives). */
class ScanState {
  readonly classNames = new Set<string>();
  readonly codeFiles: CodeFileStat[] = [];
  readonly nativeLibs = new Set<string>();
  readonly frameworks = new Set<string>();
  readonly hosts: HostCollector;
  manifestRoot: XmlElement | null = null;
  manifestFormat: 'axml' | 'text' | 'proto' | null = null;
  hasResourceTable = false;
  infoPlist: InfoPlist | null = null;
  sawIpaApp = false;
  sawClassFiles = false;

  constructor(readonly file: string, readonly budget: ScanBudget) {
    this.hosts = new HostCollector(budget.limits.maxHosts);
  }

  addClasses(names: Iterable<string>): number {
    let added = 0;
    for (const name of names) {
      if (this.classNames.size >= this.budget.limits.maxClasses) {
        budgetWarning(this.budget, `more than ${this.budget.limits.maxClasses} classes; the rest were not matched`);
        break;
      }
      this.classNames.add(name);
      added++;
    }
    return added;
  }

  warn(message: string): void {
    budgetWarning(this.budget, message);
  }
}

function classNameFromEntry(name: string): string | null {
  if (!name.endsWith('.class') || name.endsWith('module-info.class') || name.endsWith('package-info.class')) return null;
  const path = name.replace(/^META-INF\/versions\/\d+\//, '');
  return path.slice(0, -'.class'.length).replaceAll('/', '.');
}

function scanDexBuffer(state: ScanState, buf: Buffer, displayName: string, parsed?: DexContents): void {
  let dex = parsed;
  try {
    dex ??= readDex(buf, `${state.file}!/${displayName}`);
  } catch (err) {
    if (err instanceof InputError) { state.warn(`${displayName}: skipped, ${err.message.slice(err.message.indexOf(': ') + 2)}`); return; }
    throw err;
  }
  for (const w of dex.warnings) state.warn(`${displayName}: ${w}`);
  state.addClasses(dex.classNames);
  state.codeFiles.push({ path: displayName, kind: 'dex', classes: dex.classNames.length, bytes: buf.length });
  state.hosts.addUrlsIn(buf, displayName);
  forEachHostLikeDexString(buf, displayName, (s) => {
    const host = validBareHost(s);
    if (host) state.hosts.add(host, 'string', displayName);
  });
}

function scanMachOBuffer(state: ScanState, buf: Buffer, displayName: string): void {
  const macho = readMachO(buf, `${state.file}!/${displayName}`);
  for (const w of macho.warnings) state.warn(`${displayName}: ${w}`);
  state.addClasses(macho.classNames);
  for (const f of macho.linkedFrameworks) state.frameworks.add(`${f}.framework`);
  state.codeFiles.push({ path: displayName, kind: 'macho', classes: macho.classNames.length, bytes: buf.length });
  state.hosts.addUrlsIn(buf, displayName);
}

function readManifestBuffer(state: ScanState, buf: Buffer, displayName: string, proto: boolean): void {
  const where = `${state.file}!/${displayName}`;
  const parsed = proto
    ? parseProtoXml(buf, where, state.budget.limits.maxXmlElements)
    : isAxml(buf)
      ? parseAxml(buf, where, state.budget.limits)
      : parseXmlText(buf.toString('utf8'), where, state.budget.limits.maxXmlElements);
  for (const w of parsed.warnings) state.warn(`${displayName}: ${w}`);
  if (!parsed.root || parsed.root.name !== 'manifest') {
    throw new InputError(state.file, displayName, 'AndroidManifest.xml has no <manifest> root element');
  }
  state.manifestRoot = parsed.root;
  state.manifestFormat = proto ? 'proto' : isAxml(buf) ? 'axml' : 'text';
}

/**
 * Visits one entry. Parsers bound every read, but if a malformed part still trips one (a RangeError), that part is
 * reported as unreadable and the scan goes on; InputErrors (broken manifest, unsafe names) stay fatal.
 */
async function visitEntry(state: ScanState, entry: ZipEntryInfo, read: () => Promise<Buffer | null>, depth: number): Promise<void> {
  try {
    await routeEntry(state, entry, read, depth);
  } catch (err) {
    if (err instanceof InputError || !(err instanceof RangeError)) throw err;
    state.warn(`${entry.displayName}: unreadable (${err.message})`);
  }
}

/** Decides what to do with one entry; `depth` is the archive nesting level (0 = the package itself). */
async function routeEntry(state: ScanState, entry: ZipEntryInfo, read: () => Promise<Buffer | null>, depth: number): Promise<void> {
  const { name, displayName } = entry;
  if (entry.isDirectory) return;
  const isTop = depth === 0;
  if (IPA_APP_DIR.test(name)) state.sawIpaApp = true;
  const framework = IPA_FRAMEWORK.exec(name);
  if (framework) state.frameworks.add(`${framework[1]}.framework`);
  const lib = NATIVE_LIB.exec(name);
  const className = classNameFromEntry(name);

  if (className) {
    state.sawClassFiles = true;
    state.addClasses([className]);
    const buf = await read();
    if (buf) state.hosts.addUrlsIn(buf, displayName);
    return;
  }
  if (name.endsWith('.dex')) {
    const buf = await read();
    if (buf) scanDexBuffer(state, buf, displayName);
    return;
  }
  if (lib) {
    state.nativeLibs.add(lib[1]!);
    const buf = await read();
    if (buf) {
      state.codeFiles.push({ path: displayName, kind: 'native', classes: 0, bytes: buf.length });
      state.hosts.addUrlsIn(buf, displayName);
    }
    return;
  }
  if (isTop && (name === 'AndroidManifest.xml' || name === 'base/manifest/AndroidManifest.xml')) {
    const buf = await read();
    if (buf) readManifestBuffer(state, buf, displayName, name.startsWith('base/'));
    return;
  }
  if (isTop && (name === 'resources.arsc' || name === 'base/resources.arsc')) { state.hasResourceTable = true; return; }
  if (isTop && IPA_INFO_PLIST.test(name)) {
    const buf = await read();
    if (buf) state.infoPlist = parseInfoPlist(buf, `${state.file}!/${displayName}`);
    return;
  }
  if (IPA_APP_DIR.test(name) && (!/\.[^/]*$/.test(name.slice(name.lastIndexOf('/') + 1)) || name.endsWith('.dylib'))) {
    await scanPossibleMachO(state, entry, read);
    return;
  }
  if (NESTED_ARCHIVE.test(name)) await scanNestedArchive(state, entry, read, depth);
}

async function scanPossibleMachO(state: ScanState, entry: ZipEntryInfo, read: () => Promise<Buffer | null>): Promise<void> {
  if (entry.uncompressedSize < 32) return;
  const buf = await read();
  if (buf && isMachO(buf)) {
    if (entry.name.endsWith('.dylib')) state.nativeLibs.add(entry.name.slice(entry.name.lastIndexOf('/') + 1));
    scanMachOBuffer(state, buf, entry.displayName);
  }
}

async function scanNestedArchive(state: ScanState, entry: ZipEntryInfo, read: () => Promise<Buffer | null>, depth: number): Promise<void> {
  if (depth >= state.budget.limits.maxNestingDepth) {
    state.warn(`${entry.displayName}: nested archive not opened (depth limit ${state.budget.limits.maxNestingDepth})`);
    return;
  }
  const buf = await read();
  if (!buf || !looksLikeZip(buf)) return;
  const before = state.classNames.size;
  try {
    await walkZip(buf, state.file, `${entry.displayName}!/`, state.budget, (e, r) => visitEntry(state, e, r, depth + 1));
  } catch (err) {
    // A broken plugin archive inside a working package must not hide what the package itself contains.
    if (err instanceof InputError) { state.warn(`${entry.displayName}: nested archive unreadable (${err.message})`); return; }
    throw err;
  }
  if (entry.name.endsWith('.jar') && state.classNames.size > before) {
    state.codeFiles.push({ path: entry.displayName, kind: 'jar', classes: state.classNames.size - before, bytes: buf.length });
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readHead(path: string, file: string): Promise<{ head: Buffer; bytes: number }> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(file, null, 'file not found or not readable');
  }
  if (!info.isFile()) throw new InputError(file, null, 'not a regular file');
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(64, info.size));
    await handle.read(head, 0, head.length, 0);
    return { head, bytes: info.size };
  } finally {
    await handle.close();
  }
}

function packageKind(state: ScanState, path: string): PackageKind | null {
  if (state.sawIpaApp || state.infoPlist) return 'ipa';
  if (state.manifestFormat === 'proto') return 'aab';
  if (state.manifestFormat === 'axml') return 'apk';
  if (state.manifestFormat === 'text') return 'aar';
  if (state.codeFiles.some((f) => f.kind === 'dex')) return /\.aab$/i.test(path) ? 'aab' : 'apk';
  if (state.sawClassFiles || state.classNames.size > 0) return /\.aar$/i.test(path) ? 'aar' : 'jar';
  return null;
}

/** Resolves @0x... references of versionName and the label through resources.arsc (a second, targeted pass). */
async function resolveReferences(path: string, state: ScanState, manifest: ManifestInfo): Promise<void> {
  const needs = [manifest.versionName, manifest.label].some((v) => v?.startsWith('@0x'));
  if (!needs || !state.hasResourceTable) return;
  await walkZip(path, state.file, '', state.budget, async (entry, read) => {
    if (entry.name !== 'resources.arsc' && entry.name !== 'base/resources.arsc') return;
    const buf = await read();
    if (!buf) return;
    const warnings: string[] = [];
    const table = readResourceTable(buf, state.budget.limits.maxPoolStrings, warnings);
    for (const w of warnings) state.warn(`${entry.displayName}: ${w}`);
    const resolve = (v: string | null): string | null =>
      v?.startsWith('@0x') && table ? table.resolveString(parseInt(v.slice(3), 16)) ?? v : v;
    manifest.versionName = resolve(manifest.versionName);
    manifest.label = resolve(manifest.label);
  });
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function buildScan(state: ScanState, kind: PackageKind, input: AppScan['input'], manifest: ManifestInfo | null): AppScan {
  const platform = kind === 'ipa' ? 'ios' : 'android';
  const plist = state.infoPlist;
  const nativeLibs = sortedUnique(state.nativeLibs);
  const frameworks = sortedUnique(state.frameworks);
  const sdks = matchSdks(state.classNames, nativeLibs, { platform, frameworks });
  const hostsInCode = state.hosts.result();
  if (state.hosts.dropped > 0) state.warn(`more than ${state.budget.limits.maxHosts} hosts in code; ${state.hosts.dropped} not kept`);
  const scan: AppScan = {
    schema: APPSCAN_SCHEMA,
    app: platform === 'ios'
      ? { platform, id: plist?.bundleId ?? null, version: plist?.version ?? null, build: plist?.build ?? null,
        minSdk: plist?.minOs ?? null, targetSdk: null, label: plist?.name ?? null }
      : { platform, id: manifest?.packageName ?? null, version: manifest?.versionName ?? null,
        build: manifest?.versionCode ?? null, minSdk: manifest?.minSdk ?? null, targetSdk: manifest?.targetSdk ?? null,
        label: manifest?.label ?? null },
    sdks,
    permissions: platform === 'ios' ? plist?.usageDescriptions ?? [] : manifest?.permissions ?? [],
    hosts: hostsInCode.map((h) => h.host),
    input,
    partial: state.budget.partial,
    warnings: [...state.budget.warnings].sort(),
    declaredPermissions: manifest?.declaredPermissions ?? [],
    components: manifest?.components ?? [],
    nativeLibs,
    frameworks,
    usesCleartextTraffic: manifest?.usesCleartextTraffic ?? null,
    hostsInCode,
    codeFiles: [...state.codeFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    classCount: state.classNames.size,
  };
  if (plist?.ats) scan.ats = plist.ats;
  return scan;
}

/**
 * Scans an app package. Throws InputError for a missing, unsupported or broken package; returns `partial: true`
 * with warnings when limits were hit or parts were unreadable.
 */
export async function scanApp(path: string, options: ScanOptions = {}): Promise<AppScan> {
  const file = options.displayName ?? path;
  const limits: ScanLimits = { ...DEFAULT_LIMITS, ...stripUndefined(options) };
  const budget: ScanBudget = { limits, inflatedBytes: 0, warnings: [], partial: false };
  const state = new ScanState(file, budget);
  const { head, bytes } = await readHead(path, file);
  const input = { path: file, sha256: await sha256File(path), bytes, kind: 'apk' as PackageKind };

  if (isDex(head)) {
    if (bytes > limits.maxEntryBytes) throw new InputError(file, null, `DEX of ${bytes} bytes exceeds the ${limits.maxEntryBytes}-byte limit`);
    const buf = await readFile(path);
    const dex = readDex(buf, file);
    if (dex.warnings.length > 0 && dex.classNames.length === 0) throw new InputError(file, null, `unreadable DEX: ${dex.warnings[0]}`);
    scanDexBuffer(state, buf, 'classes.dex', dex);
    return buildScan(state, 'dex', { ...input, kind: 'dex' }, null);
  }
  if (!looksLikeZip(head)) {
    throw new InputError(file, 'byte 0', 'unsupported package: not a zip archive (APK, AAB, AAR, JAR, IPA) nor a DEX file');
  }
  await walkZip(path, file, '', budget, (entry, read) => visitEntry(state, entry, read, 0));
  const kind = packageKind(state, path);
  if (!kind) {
    throw new InputError(file, null, 'no app content found: no AndroidManifest.xml, classes*.dex, .class entries or Payload/*.app');
  }
  const manifest = state.manifestRoot ? readManifest(state.manifestRoot) : null;
  if (manifest) await resolveReferences(path, state, manifest);
  return buildScan(state, kind, { ...input, kind }, manifest);
}

function stripUndefined(options: ScanOptions): Partial<ScanLimits> {
  const out: Partial<ScanLimits> = {};
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ScanLimits)[]) {
    const v = options[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}
