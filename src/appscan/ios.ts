/**
 * iOS pieces of an IPA: Info.plist (binary or XML) and Mach-O executables.
 * Mach-O: header → load commands; Objective-C class names are the C strings of section __TEXT,__objc_classname
 * (Swift classes visible to the ObjC runtime appear there mangled, "_TtC12FirebaseCore9FIRLogger" →
 * "FirebaseCore.FIRLogger"); linked frameworks come from LC_LOAD_DYLIB / LC_LOAD_WEAK_DYLIB paths.
 * (https://github.com/apple-oss-distributions/xnu/blob/main/EXTERNAL_HEADERS/mach-o/loader.h)
 */
import { parseBuffer as parseBinaryPlist } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import { InputError } from '../errors.js';
import type { AtsException } from './types.js';

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;
const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const LC_LOAD_DYLIB = 0xc;
const LC_LOAD_WEAK_DYLIB = 0x80000018;
const MAX_LOAD_COMMANDS = 4096;
const MAX_FAT_ARCHS = 16;

export interface InfoPlist {
  bundleId: string | null;
  version: string | null;
  build: string | null;
  minOs: string | null;
  name: string | null;
  executable: string | null;
  /** NS*UsageDescription keys (the iOS permission prompts the app declares). */
  usageDescriptions: string[];
  ats: { allowsArbitraryLoads: boolean; exceptions: AtsException[] } | null;
}

type PlistDict = Record<string, unknown>;

function str(d: PlistDict, key: string): string | null {
  const v = d[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function isDict(v: unknown): v is PlistDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

function readAts(d: PlistDict): InfoPlist['ats'] {
  const ats = d.NSAppTransportSecurity;
  if (!isDict(ats)) return null;
  const domains = isDict(ats.NSExceptionDomains) ? ats.NSExceptionDomains : {};
  const exceptions = Object.entries(domains).filter(([, v]) => isDict(v)).map(([domain, v]) => {
    const e = v as PlistDict;
    return {
      domain,
      allowsInsecureHttp: e.NSExceptionAllowsInsecureHTTPLoads === true || e.NSTemporaryExceptionAllowsInsecureHTTPLoads === true,
      includesSubdomains: e.NSIncludesSubdomains === true,
    };
  }).sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  return { allowsArbitraryLoads: ats.NSAllowsArbitraryLoads === true, exceptions };
}

export function parseInfoPlist(buf: Buffer, file: string): InfoPlist {
  let root: unknown;
  try {
    root = buf.toString('latin1', 0, 8) === 'bplist00' ? parseBinaryPlist(buf)[0] : parseXmlPlist(buf.toString('utf8'));
  } catch (err) {
    throw new InputError(file, null, `unreadable Info.plist: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isDict(root)) throw new InputError(file, null, 'Info.plist is not a dictionary');
  return {
    bundleId: str(root, 'CFBundleIdentifier'),
    version: str(root, 'CFBundleShortVersionString'),
    build: str(root, 'CFBundleVersion'),
    minOs: str(root, 'MinimumOSVersion'),
    name: str(root, 'CFBundleDisplayName') ?? str(root, 'CFBundleName'),
    executable: str(root, 'CFBundleExecutable'),
    usageDescriptions: Object.keys(root).filter((k) => /^NS[A-Za-z]+UsageDescription$/.test(k)).sort(),
    ats: readAts(root),
  };
}

export interface MachOContents {
  classNames: string[];
  /** Framework names linked by the binary ("FBSDKCoreKit"). */
  linkedFrameworks: string[];
  warnings: string[];
}

export function isMachO(head: Buffer): boolean {
  if (head.length < 4) return false;
  const le = head.readUInt32LE(0);
  const be = head.readUInt32BE(0);
  return le === MH_MAGIC || le === MH_MAGIC_64 || be === FAT_MAGIC || be === FAT_MAGIC_64;
}

/** "_TtC12FirebaseCore9FIRLogger" → "FirebaseCore.FIRLogger"; other names unchanged. */
export function demangleSimpleSwiftClass(name: string): string {
  if (!name.startsWith('_TtC')) return name;
  const parts: string[] = [];
  let i = 4;
  while (i < name.length && parts.length < 8) {
    let j = i;
    while (j < name.length && name[j]! >= '0' && name[j]! <= '9') j++;
    if (j === i) return name;
    const len = Number(name.slice(i, j));
    if (j + len > name.length) return name;
    parts.push(name.slice(j, j + len));
    i = j + len;
  }
  return parts.length >= 2 ? parts.join('.') : name;
}

function cStrings(buf: Buffer, start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 0) {
      if (i > s) out.push(buf.toString('utf8', s, i));
      s = i + 1;
    }
  }
  return out;
}

function frameworkOfDylib(path: string): string | null {
  const m = /([^/]+)\.framework\//.exec(path);
  return m ? m[1]! : null;
}

/** Reads one thin Mach-O image at `base`. */
function readThin(buf: Buffer, base: number, out: MachOContents, file: string): void {
  const magic = buf.readUInt32LE(base);
  const is64 = magic === MH_MAGIC_64;
  const headerSize = is64 ? 32 : 28;
  if (base + headerSize > buf.length) throw new InputError(file, `byte ${base}`, 'truncated Mach-O header');
  const ncmds = buf.readUInt32LE(base + 16);
  if (ncmds > MAX_LOAD_COMMANDS) out.warnings.push(`${ncmds} load commands, only ${MAX_LOAD_COMMANDS} read`);
  let at = base + headerSize;
  for (let i = 0; i < Math.min(ncmds, MAX_LOAD_COMMANDS); i++) {
    if (at + 8 > buf.length) { out.warnings.push('load commands run past the end of the file'); return; }
    const cmd = buf.readUInt32LE(at);
    const size = buf.readUInt32LE(at + 4);
    if (size < 8 || at + size > buf.length) { out.warnings.push(`load command ${i} has an invalid size`); return; }
    if (cmd === LC_SEGMENT || cmd === LC_SEGMENT_64) readSections(buf, base, at, size, cmd === LC_SEGMENT_64, out);
    if ((cmd === LC_LOAD_DYLIB || cmd === LC_LOAD_WEAK_DYLIB) && size >= 24) {
      const nameOff = buf.readUInt32LE(at + 8);
      const end = Math.min(at + size, at + nameOff + 1024);
      const nul = buf.subarray(0, end).indexOf(0, at + nameOff);
      const path = buf.toString('utf8', at + nameOff, nul < 0 ? end : nul);
      const framework = frameworkOfDylib(path);
      if (framework) out.linkedFrameworks.push(framework);
    }
    at += size;
  }
}

function readSections(buf: Buffer, base: number, at: number, size: number, is64: boolean, out: MachOContents): void {
  const sectionSize = is64 ? 80 : 68;
  const nsectsAt = at + (is64 ? 64 : 48);
  if (nsectsAt + 4 > at + size) { out.warnings.push('segment command too short'); return; }
  const nsects = buf.readUInt32LE(nsectsAt);
  let s = nsectsAt + 8;
  for (let k = 0; k < nsects && s + sectionSize <= at + size; k++, s += sectionSize) {
    const sectname = buf.toString('latin1', s, s + 16).replace(/\0.*$/s, '');
    if (sectname !== '__objc_classname') continue;
    const bytes = is64 ? Number(buf.readBigUInt64LE(s + 40)) : buf.readUInt32LE(s + 36);
    const offset = buf.readUInt32LE(s + (is64 ? 48 : 40));
    const start = base + offset;
    if (start + bytes > buf.length) { out.warnings.push('__objc_classname runs past the end of the file'); continue; }
    for (const name of cStrings(buf, start, start + bytes)) out.classNames.push(demangleSimpleSwiftClass(name));
  }
}

export function readMachO(buf: Buffer, file: string): MachOContents {
  const out: MachOContents = { classNames: [], linkedFrameworks: [], warnings: [] };
  if (!isMachO(buf)) throw new InputError(file, 'byte 0', 'not a Mach-O file');
  const be = buf.readUInt32BE(0);
  if (be === FAT_MAGIC || be === FAT_MAGIC_64) {
    const count = Math.min(buf.readUInt32BE(4), MAX_FAT_ARCHS);
    const entrySize = be === FAT_MAGIC_64 ? 32 : 20;
    // Every slice carries the same classes for another CPU; reading the first readable one is enough.
    for (let i = 0; i < count; i++) {
      const e = 8 + i * entrySize;
      if (e + entrySize > buf.length) break;
      const offset = be === FAT_MAGIC_64 ? Number(buf.readBigUInt64BE(e + 8)) : buf.readUInt32BE(e + 8);
      if (offset + 32 <= buf.length && isMachO(buf.subarray(offset, offset + 4))) { readThin(buf, offset, out, file); break; }
    }
  } else {
    readThin(buf, 0, out, file);
  }
  out.classNames = [...new Set(out.classNames)];
  out.linkedFrameworks = [...new Set(out.linkedFrameworks)].sort();
  return out;
}
