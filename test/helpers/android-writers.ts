/**
 * Small writers for the Android binary formats the app scanner reads — DEX, binary XML (AXML) and resources.arsc —
 * so hostile-input and fuzz tests have seeds everywhere, without the corpus or the Android tools. They are checked
 * against tools we did not write (dexdump, aapt) in test/appscan/writers.test.ts, so the scanner is never tested only
 * against its own idea of the format. Layouts: https://source.android.com/docs/core/runtime/dex-format and
 * frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h.
 */
import { createHash } from 'node:crypto';

const NO_INDEX = 0xffffffff;

/** Adler-32 (RFC 1950), the DEX header checksum. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function uleb128(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

const align4 = (n: number) => (n + 3) & ~3;
/** DEX sorts strings by UTF-16 code units; the ASCII names used here compare the same as JS strings. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface DexSpec {
  /** Dotted class names defined by the DEX ("com.umeng.analytics.MobclickAgent"). */
  classes: string[];
  /** Extra string constants (hosts, URLs) placed in the string table. ASCII only. */
  strings?: string[];
}

/** A minimal valid DEX 035: header, string_ids, type_ids, class_defs (superclass java.lang.Object), map_list. */
export function writeDex(spec: DexSpec): Buffer {
  const descriptors = spec.classes.map((c) => `L${c.replaceAll('.', '/')};`);
  const objectType = 'Ljava/lang/Object;';
  const strings = [...new Set([...descriptors, objectType, ...(spec.strings ?? [])])].sort(byCodeUnits);
  const types = [...new Set([...descriptors, objectType])].sort(byCodeUnits);
  const stringIndex = new Map(strings.map((s, i) => [s, i]));
  const typeIndex = new Map(types.map((t, i) => [t, i]));
  // Superclasses come before subclasses: every class here extends Object, which the DEX does not define.
  const classDefs = [...descriptors].sort((a, b) => typeIndex.get(a)! - typeIndex.get(b)!);

  const stringIdsOff = 0x70;
  const typeIdsOff = stringIdsOff + strings.length * 4;
  const classDefsOff = typeIdsOff + types.length * 4;
  const dataOff = classDefsOff + classDefs.length * 32;
  const stringData = strings.map((s) => Buffer.from([...uleb128(s.length), ...Buffer.from(s, 'latin1'), 0]));
  const stringDataOffsets: number[] = [];
  let at = dataOff;
  for (const item of stringData) {
    stringDataOffsets.push(at);
    at += item.length;
  }
  const mapOff = align4(at);
  const mapItems: [number, number, number][] = [
    [0x0000, 1, 0], [0x0001, strings.length, stringIdsOff], [0x0002, types.length, typeIdsOff],
    [0x0006, classDefs.length, classDefsOff], [0x2002, strings.length, dataOff], [0x1000, 1, mapOff],
  ];
  const size = mapOff + 4 + mapItems.length * 12;
  const dex = Buffer.alloc(size);
  dex.write('dex\n035\0', 0, 'latin1');
  dex.writeUInt32LE(size, 32);
  dex.writeUInt32LE(0x70, 36);
  dex.writeUInt32LE(0x12345678, 40);
  dex.writeUInt32LE(mapOff, 52);
  dex.writeUInt32LE(strings.length, 56);
  dex.writeUInt32LE(stringIdsOff, 60);
  dex.writeUInt32LE(types.length, 64);
  dex.writeUInt32LE(typeIdsOff, 68);
  dex.writeUInt32LE(classDefs.length, 96);
  dex.writeUInt32LE(classDefsOff, 100);
  dex.writeUInt32LE(size - dataOff, 104);
  dex.writeUInt32LE(dataOff, 108);
  stringDataOffsets.forEach((off, i) => dex.writeUInt32LE(off, stringIdsOff + i * 4));
  types.forEach((t, i) => dex.writeUInt32LE(stringIndex.get(t)!, typeIdsOff + i * 4));
  classDefs.forEach((d, i) => {
    const base = classDefsOff + i * 32;
    dex.writeUInt32LE(typeIndex.get(d)!, base);
    dex.writeUInt32LE(0x1, base + 4); // ACC_PUBLIC
    dex.writeUInt32LE(typeIndex.get(objectType)!, base + 8);
    dex.writeUInt32LE(0, base + 12);
    dex.writeUInt32LE(NO_INDEX, base + 16);
  });
  stringData.forEach((item, i) => item.copy(dex, stringDataOffsets[i]!));
  dex.writeUInt32LE(mapItems.length, mapOff);
  mapItems.forEach(([type, count, off], i) => {
    dex.writeUInt16LE(type, mapOff + 4 + i * 12);
    dex.writeUInt32LE(count, mapOff + 4 + i * 12 + 4);
    dex.writeUInt32LE(off, mapOff + 4 + i * 12 + 8);
  });
  createHash('sha1').update(dex.subarray(32)).digest().copy(dex, 12);
  dex.writeUInt32LE(adler32(dex.subarray(12)), 8);
  return dex;
}

function chunk(type: number, header: Buffer, body: Buffer[]): Buffer {
  const size = 8 + header.length + body.reduce((n, b) => n + b.length, 0);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(8 + header.length, 2);
  head.writeUInt32LE(size, 4);
  return Buffer.concat([head, header, ...body]);
}

/** A UTF-16 string pool chunk (RES_STRING_POOL_TYPE), padded to 4 bytes. */
export function stringPool(strings: string[]): Buffer {
  const encoded = strings.map((s) => {
    const b = Buffer.alloc(2 + s.length * 2 + 2);
    b.writeUInt16LE(s.length, 0);
    b.write(s, 2, 'utf16le');
    return b;
  });
  const offsets = Buffer.alloc(strings.length * 4);
  let at = 0;
  encoded.forEach((b, i) => {
    offsets.writeUInt32LE(at, i * 4);
    at += b.length;
  });
  const data = Buffer.concat(encoded);
  const padded = Buffer.concat([data, Buffer.alloc(align4(data.length) - data.length)]);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(strings.length, 0);
  header.writeUInt32LE(0, 4); // styles
  header.writeUInt32LE(0, 8); // flags: UTF-16, not sorted
  header.writeUInt32LE(28 + offsets.length, 12);
  header.writeUInt32LE(0, 16);
  return chunk(0x0001, header, [offsets, padded]);
}

/** Android framework attribute ids (android.R.attr, https://developer.android.com/reference/android/R.attr). */
export const ANDROID_ATTR = {
  name: 0x01010003, versionCode: 0x0101021b, versionName: 0x0101021c, minSdkVersion: 0x0101020c,
  targetSdkVersion: 0x01010270, label: 0x01010001,
} as const;
const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

type AttrValue = string | number | { ref: number };

export interface AxmlElement {
  name: string;
  /** android: attributes; numbers are written as decimal integers, strings as strings, { ref } as @0x... references. */
  attrs?: Partial<Record<keyof typeof ANDROID_ATTR, AttrValue>>;
  /** Attributes without a namespace (e.g. manifest's package). */
  plain?: Record<string, string>;
  children?: AxmlElement[];
}

/** A binary AndroidManifest.xml: string pool (attribute names first, matched by the resource map), then the tree. */
export function writeAxml(root: AxmlElement): Buffer {
  const attrNames = Object.keys(ANDROID_ATTR) as (keyof typeof ANDROID_ATTR)[];
  const strings: string[] = [...attrNames];
  const index = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const ns = index(ANDROID_NS);
  const prefix = index('android');
  const nodes: Buffer[] = [];
  const node = (type: number, ext: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(1, 0); // line number
    header.writeUInt32LE(NO_INDEX, 4); // comment
    nodes.push(chunk(type, header, [ext]));
  };
  const nsExt = () => {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(prefix, 0);
    b.writeUInt32LE(ns, 4);
    return b;
  };
  const walk = (el: AxmlElement) => {
    const attrs: [number, number, AttrValue][] = [
      ...Object.entries(el.attrs ?? {}).map(([k, v]) => [ns, index(k), v] as [number, number, AttrValue]),
      ...Object.entries(el.plain ?? {}).map(([k, v]) => [NO_INDEX, index(k), v] as [number, number, AttrValue]),
    ];
    const ext = Buffer.alloc(20 + attrs.length * 20);
    ext.writeUInt32LE(NO_INDEX, 0);
    ext.writeUInt32LE(index(el.name), 4);
    ext.writeUInt16LE(20, 8);
    ext.writeUInt16LE(20, 10);
    ext.writeUInt16LE(attrs.length, 12);
    attrs.forEach(([attrNs, name, value], i) => {
      const at = 20 + i * 20;
      ext.writeUInt32LE(attrNs, at);
      ext.writeUInt32LE(name, at + 4);
      ext.writeUInt32LE(typeof value === 'string' ? index(value) : NO_INDEX, at + 8);
      ext.writeUInt16LE(8, at + 12);
      // TYPE_STRING, TYPE_INT_DEC or TYPE_REFERENCE, and the value's data
      const [dataType, data] = typeof value === 'string' ? [0x03, index(value)] : typeof value === 'number' ? [0x10, value] : [0x01, value.ref];
      ext.writeUInt8(dataType, at + 15);
      ext.writeUInt32LE(data, at + 16);
    });
    node(0x0102, ext);
    for (const child of el.children ?? []) walk(child);
    const end = Buffer.alloc(8);
    end.writeUInt32LE(NO_INDEX, 0);
    end.writeUInt32LE(index(el.name), 4);
    node(0x0103, end);
  };
  node(0x0100, nsExt());
  walk(root);
  node(0x0101, nsExt());
  const resourceMap = Buffer.alloc(attrNames.length * 4);
  attrNames.forEach((a, i) => resourceMap.writeUInt32LE(ANDROID_ATTR[a], i * 4));
  return chunk(0x0003, Buffer.alloc(0), [stringPool(strings), chunk(0x0180, Buffer.alloc(0), [resourceMap]), ...nodes]);
}

/**
 * resources.arsc with one package (id 0x7f, "app") holding one type, "string", in the default configuration: entry i
 * is resource 0x7f010000 + i with value `values[i]`.
 */
export function writeArsc(packageName: string, values: Record<string, string>): Buffer {
  const keys = Object.keys(values);
  const globalPool = stringPool(keys.map((k) => values[k]!));
  const typeStrings = stringPool(['string']);
  const keyStrings = stringPool(keys);
  const spec = Buffer.alloc(8);
  spec.writeUInt8(1, 0); // type id
  spec.writeUInt32LE(keys.length, 4);
  const typeSpec = chunk(0x0202, spec, [Buffer.alloc(keys.length * 4)]);
  const config = Buffer.alloc(64);
  config.writeUInt32LE(64, 0);
  const typeHeader = Buffer.alloc(12);
  typeHeader.writeUInt8(1, 0);
  typeHeader.writeUInt32LE(keys.length, 4);
  typeHeader.writeUInt32LE(8 + 12 + 64 + keys.length * 4, 8); // entriesStart, from the chunk start
  const offsets = Buffer.alloc(keys.length * 4);
  const entries = keys.map((_, i) => {
    offsets.writeUInt32LE(i * 16, i * 4);
    const e = Buffer.alloc(16);
    e.writeUInt16LE(8, 0); // entry size
    e.writeUInt16LE(0, 2); // flags
    e.writeUInt32LE(i, 4); // key index
    e.writeUInt16LE(8, 8); // value size
    e.writeUInt8(0x03, 11); // TYPE_STRING
    e.writeUInt32LE(i, 12); // global pool index
    return e;
  });
  const type = chunk(0x0201, Buffer.concat([typeHeader, config]), [offsets, ...entries]);
  const pkgHeader = Buffer.alloc(288 - 8);
  pkgHeader.writeUInt32LE(0x7f, 0);
  pkgHeader.write(packageName.slice(0, 127), 4, 'utf16le');
  pkgHeader.writeUInt32LE(288, 4 + 256); // typeStrings offset
  pkgHeader.writeUInt32LE(1, 4 + 260); // lastPublicType
  pkgHeader.writeUInt32LE(288 + typeStrings.length, 4 + 264); // keyStrings offset
  pkgHeader.writeUInt32LE(keys.length, 4 + 268); // lastPublicKey
  const pkg = chunk(0x0200, pkgHeader, [typeStrings, keyStrings, typeSpec, type]);
  const tableHeader = Buffer.alloc(4);
  tableHeader.writeUInt32LE(1, 0);
  return chunk(0x0002, tableHeader, [globalPool, pkg]);
}

/** The classes of the seed app: Umeng's documented entry points plus app classes (enough to cut tables in half). */
export const SEED_CLASSES = [
  'com.umeng.analytics.MobclickAgent', 'com.umeng.commonsdk.UMConfigure',
  ...Array.from({ length: 298 }, (_, i) => `org.example.seed.C${String(i).padStart(3, '0')}`),
];
export const SEED_HOST = 'https://ulogs.umeng.com/unify_logs';

/** The parts of a small generated Android app used as seeds by the hostile-input and fuzz tests. */
export function seedApp(): { dex: Buffer; manifest: Buffer; arsc: Buffer } {
  return {
    dex: writeDex({ classes: SEED_CLASSES, strings: [SEED_HOST] }),
    manifest: writeAxml({
      name: 'manifest', plain: { package: 'org.example.seed' }, attrs: { versionCode: 7, versionName: '1.2.3' },
      children: [
        { name: 'uses-sdk', attrs: { minSdkVersion: 21, targetSdkVersion: 29 } },
        { name: 'uses-permission', attrs: { name: 'android.permission.INTERNET' } },
        { name: 'uses-permission', attrs: { name: 'android.permission.READ_PHONE_STATE' } },
        { name: 'application', attrs: { label: { ref: 0x7f010000 } }, children: [{ name: 'activity', attrs: { name: '.Main' } }] },
      ],
    }),
    arsc: writeArsc('org.example.seed', { app_name: 'Seed App' }),
  };
}
