/**
 * SDK detection from code signatures, anchored at package boundaries.
 *
 * Android signatures are Java package prefixes ending in "." ("com.google.ads.") or full class names
 * ("com.facebook.FacebookSdk"). They are stored in a trie keyed by dot-separated segments, so "com.google.ads."
 * matches "com.google.ads.AdView" and "com.google.ads.mediation.X" but never "com.google.adsense.X" — unlike
 * substring or unanchored regex matching (the Exodus over-matching problem). A class is credited to the deepest
 * (most specific) signature on its path only, so a broad "com.google.android.gms." entry cannot claim AdMob classes.
 *
 * iOS signatures are Objective-C class prefixes ("FBSDK", anchored: the next character must start a new word) or
 * framework names ("FBSDKCoreKit.framework", also matching Swift types of that module). Native libraries match by
 * exact file name.
 */
import { loadCatalog, type CatalogEntity, type CatalogSdk } from '../catalog/index.js';
import type { Platform, SdkMatch } from './types.js';

export const EVIDENCE_LIMIT = 5;

interface SignatureRef { sdk: CatalogSdk; signature: string }

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Package-prefix signatures ending at this node: match any class strictly below it. */
  packages: SignatureRef[];
  /** Class-name signatures ending at this node: match this class and its inner classes. */
  classes: SignatureRef[];
}

function newNode(): TrieNode {
  return { children: new Map(), packages: [], classes: [] };
}

export interface SignatureIndex {
  androidTrie: TrieNode;
  iosPrefixes: SignatureRef[];
  frameworks: Map<string, SignatureRef[]>;
  nativeLibs: Map<string, SignatureRef[]>;
  sdks: CatalogSdk[];
  entities: Map<string, CatalogEntity>;
}

function pushTo<K>(map: Map<K, SignatureRef[]>, key: K, ref: SignatureRef): void {
  const list = map.get(key) ?? [];
  list.push(ref);
  map.set(key, list);
}

function addAndroidSignature(root: TrieNode, ref: SignatureRef): void {
  const isPackage = ref.signature.endsWith('.');
  const segments = (isPackage ? ref.signature.slice(0, -1) : ref.signature).split('.');
  let node = root;
  for (const segment of segments) {
    let child = node.children.get(segment);
    if (!child) { child = newNode(); node.children.set(segment, child); }
    node = child;
  }
  (isPackage ? node.packages : node.classes).push(ref);
}

export function buildSignatureIndex(sdks: CatalogSdk[], entities: CatalogEntity[]): SignatureIndex {
  const index: SignatureIndex = {
    androidTrie: newNode(), iosPrefixes: [], frameworks: new Map(), nativeLibs: new Map(), sdks,
    entities: new Map(entities.map((e) => [e.id, e])),
  };
  for (const sdk of sdks) {
    for (const signature of sdk.code.android) addAndroidSignature(index.androidTrie, { sdk, signature });
    for (const signature of sdk.code.ios) {
      if (signature.endsWith('.framework')) pushTo(index.frameworks, signature.slice(0, -'.framework'.length), { sdk, signature });
      else index.iosPrefixes.push({ sdk, signature });
    }
    for (const signature of sdk.code.nativeLibs) pushTo(index.nativeLibs, signature, { sdk, signature });
  }
  return index;
}

let defaultIndex: SignatureIndex | null = null;

export function catalogSignatureIndex(): SignatureIndex {
  if (!defaultIndex) {
    const catalog = loadCatalog();
    defaultIndex = buildSignatureIndex(catalog.sdks, catalog.entities);
  }
  return defaultIndex;
}

/** The most specific signatures matching a dotted Java class name (empty when none). */
export function matchAndroidClass(root: TrieNode, className: string): SignatureRef[] {
  const segments = className.split('.');
  const last = segments.length - 1;
  const outerClass = segments[last]!.split('$')[0]!;
  let node: TrieNode | undefined = root;
  let best: SignatureRef[] = [];
  for (let i = 0; i <= last && node; i++) {
    node = node.children.get(i === last ? outerClass : segments[i]!);
    if (!node) break;
    if (i < last && node.packages.length > 0) best = node.packages;
    if (i === last && node.classes.length > 0) best = node.classes;
  }
  return best;
}

const isUpper = (ch: string | undefined): boolean => ch !== undefined && ch >= 'A' && ch <= 'Z';
const isLower = (ch: string | undefined): boolean => ch !== undefined && ch >= 'a' && ch <= 'z';

/**
 * ObjC prefixes are followed by a Capitalized word: "GAD" + "BannerView". "GADGETSView" continues an all-caps run,
 * so it is not a GAD class (the price: acronym-first names like "FBSDKURLOpening" are not credited).
 */
function isWordStart(name: string, at: number): boolean {
  const ch = name[at];
  if (ch === undefined || ch === '_' || (ch >= '0' && ch <= '9')) return true;
  return isUpper(ch) && (name[at + 1] === undefined || isLower(name[at + 1]));
}

/** iOS: longest ObjC class prefix that ends at a word boundary, or the framework of a "Module.Type" Swift name. */
export function matchIosClass(index: SignatureIndex, className: string): SignatureRef[] {
  const dot = className.indexOf('.');
  if (dot > 0) {
    const byModule = index.frameworks.get(className.slice(0, dot));
    if (byModule) return byModule;
  }
  let best: SignatureRef[] = [];
  let bestLength = 0;
  for (const ref of index.iosPrefixes) {
    const p = ref.signature;
    if (p.length > bestLength && className.startsWith(p) && isWordStart(className, p.length)) {
      best = [ref];
      bestLength = p.length;
    } else if (p.length === bestLength && best.length > 0 && className.startsWith(p) && isWordStart(className, p.length)) {
      best.push(ref);
    }
  }
  return best;
}

interface Accumulator { sdk: CatalogSdk; classes: string[]; classCount: number; nativeLibs: Set<string>; frameworks: Set<string>; signatures: Set<string> }

export interface MatchOptions {
  platform?: Platform;
  /** iOS framework bundle names found in the package ("FBSDKCoreKit.framework"). */
  frameworks?: string[];
  /** A prebuilt index (tests, or a catalog other than the bundled one). */
  index?: SignatureIndex;
}

/**
 * Matches class names (dotted Java names on Android; ObjC/Swift names on iOS), native library file names and iOS
 * framework names against the SDK catalog. Result sorted by SDK id; evidence is the first few matching names.
 */
export function matchSdks(classNames: Iterable<string>, nativeLibs: string[], options: MatchOptions = {}): SdkMatch[] {
  const index = options.index ?? catalogSignatureIndex();
  const platform = options.platform ?? 'android';
  const found = new Map<string, Accumulator>();
  const credit = (ref: SignatureRef): Accumulator => {
    let acc = found.get(ref.sdk.id);
    if (!acc) {
      acc = { sdk: ref.sdk, classes: [], classCount: 0, nativeLibs: new Set(), frameworks: new Set(), signatures: new Set() };
      found.set(ref.sdk.id, acc);
    }
    acc.signatures.add(ref.signature);
    return acc;
  };
  for (const name of classNames) {
    const refs = platform === 'android' ? matchAndroidClass(index.androidTrie, name) : matchIosClass(index, name);
    for (const ref of refs) {
      const acc = credit(ref);
      acc.classCount++;
      keepSmallest(acc.classes, name);
    }
  }
  for (const lib of nativeLibs) {
    for (const ref of index.nativeLibs.get(lib) ?? []) credit(ref).nativeLibs.add(lib);
  }
  for (const framework of options.frameworks ?? []) {
    const bare = framework.replace(/\.framework$/, '');
    for (const ref of index.frameworks.get(bare) ?? []) credit(ref).frameworks.add(`${bare}.framework`);
  }
  return [...found.values()].map((acc) => toMatch(acc, index)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Keeps the EVIDENCE_LIMIT alphabetically smallest names seen (deterministic whatever the input order). */
function keepSmallest(list: string[], name: string): void {
  if (list.includes(name)) return;
  if (list.length < EVIDENCE_LIMIT) { list.push(name); list.sort(); return; }
  if (name < list[list.length - 1]!) { list[list.length - 1] = name; list.sort(); }
}

function toMatch(acc: Accumulator, index: SignatureIndex): SdkMatch {
  const entity = index.entities.get(acc.sdk.entity);
  const extra = [...acc.frameworks, ...acc.nativeLibs].sort();
  return {
    id: acc.sdk.id,
    name: acc.sdk.name,
    category: acc.sdk.category,
    entity: { id: acc.sdk.entity, name: entity?.name ?? acc.sdk.entity, country: entity?.country ?? null },
    evidence: [...acc.classes, ...extra].slice(0, EVIDENCE_LIMIT + extra.length),
    classCount: acc.classCount,
    nativeLibs: [...acc.nativeLibs].sort(),
    signatures: [...acc.signatures].sort(),
  };
}
