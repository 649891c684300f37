/** The known-value detector: one decoded exchange in, findings for every profile value it carries. */
import type { DecodedExchange, LeafFilter, View } from '../../decode/types.js';
import { hostOf } from '../../util/url.js';
import { cmp } from '../../util/compare.js';
import type { Detection, DeviceProfile, ExchangeDetector, Finding } from '../types.js';
import { DIGEST_HEX_LENGTH, DIGESTS, digestHex, type DigestName } from './digest.js';
import { LocationMatcher, PRECISE_LOCATION_MAX_M, regimesFor, type LocationHit } from './location.js';
import { compareChains, KnownValueMatcher, type HexToken, type Hit } from './matcher.js';
import { protobufRereads } from './reread.js';
import { kindedValuesOf } from './values.js';

const DETECTOR = 'known-value';
const EXCERPT_CHARS = 160;

/** Keys whose short values may salt a digest of a known value in the same exchange. */
const SALT_KEYS = new Set(['salt', 'nonce', 'noncestr', 'nonce_str', 'ts', 'timestamp', 'time', 't', '_t', 'rand',
  'random', 'r', 'seed', 'iv', 'key', 'appkey', 'app_key']);
const MAX_SALTS = 4;
/** Bound on the keys remembered as salt names or not (cleared when full). */
const MAX_REMEMBERED_KEYS = 4096;
const MAX_SALT_BYTES = 64;
/**
 * Digest computations allowed per exchange for salted forms (≈ 3 ms). With ≤ 20 identifiers × 2 spellings × 4 salts ×
 * 2 orders it is rarely reached; past it the remaining combinations are not tried (a documented recall limit).
 */
const SALT_HASH_BUDGET = 4_000;

/**
 * Views worth scanning: request side, and a covered view only when none of its children were produced and its content
 * is not split into views elsewhere.
 */
export function scannedViews(views: readonly View[]): View[] {
  let parents: Set<string> | null = null;
  const scanned: View[] = [];
  for (let i = 0; i < views.length; i++) {
    const v = views[i]!;
    if (v.side !== 'request') continue;
    if (v.covered) {
      // A Cookie header: its cookies are views of their own, each scanned (a value there found once, not twice).
      if (v.splitElsewhere) continue;
      // Children decode did not make into views (they were nothing this detector reads) still make v a parent.
      if (v.omittedChildren !== undefined) continue;
      // Decode emits depth-first, so a view with children is almost always followed by its first child: that answers
      // without the set of all parent paths, which is built only when some covered view is not followed by one.
      const next = views[i + 1];
      if (next !== undefined && isDescendantPath(next.path, v.path)) continue;
      parents ??= parentPaths(views);
      if (parents.has(v.path)) continue;
    }
    scanned.push(v);
  }
  return scanned;
}

function isDescendantPath(path: string, ancestor: string): boolean {
  return path.length > ancestor.length && path.charCodeAt(ancestor.length) === 0x7c && path.startsWith(ancestor);
}

/** Every path that is a `|`-prefix of some view's path. */
function parentPaths(views: readonly View[]): Set<string> {
  const parents = new Set<string>();
  for (const v of views) {
    for (let i = v.path.indexOf('|'); i >= 0; i = v.path.indexOf('|', i + 1)) parents.add(v.path.slice(0, i));
  }
  return parents;
}

/**
 * ≤ 160 characters around the match, as text, control characters shown as "." (the match itself is kept intact), and
 * where the match starts in it.
 */
export function excerptOf(bytes: Uint8Array, start: number, end: number): { excerpt: string; excerptAt: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (end - start >= EXCERPT_CHARS) return { excerpt: clean(buf.toString('utf8', start, start + EXCERPT_CHARS)), excerptAt: 0 };
  const room = EXCERPT_CHARS - (end - start);
  let before = Math.min(start, Math.floor(room / 2));
  const after = Math.min(bytes.length - end, room - before);
  before = Math.min(start, room - after);
  return {
    excerpt: clean(buf.toString('utf8', start - before, end + after)),
    excerptAt: buf.toString('utf8', start - before, start).length,
  };
}

function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '.');
}

/** Within one view and field, a hit inside a longer hit is the same evidence: keep the longer one. */
function resolveOverlaps(hits: Hit[]): Hit[] {
  if (hits.length < 2) return hits;
  const sorted = [...hits].sort((a, b) => a.value - b.value || a.start - b.start || b.end - a.end
    || compareChains(a.chain, b.chain));
  const kept: Hit[] = [];
  for (const h of sorted) {
    const container = kept.find((k) => k.value === h.value && k.start <= h.start && k.end >= h.end);
    if (!container) kept.push(h);
  }
  return kept;
}

type FindingBase = Pick<Finding, 'source' | 'time' | 'host' | 'method'>;

export class KnownValueDetector {
  private readonly matcher: KnownValueMatcher;
  private readonly locations: LocationMatcher;
  private readonly labels: (string | undefined)[];

  constructor(profile: DeviceProfile) {
    this.matcher = new KnownValueMatcher(kindedValuesOf(profile));
    this.locations = new LocationMatcher(profile);
    this.labels = (profile.locations ?? []).map((l) => l.label);
  }

  get stats(): { values: number; automatonStates: number; tokenKeys: number } {
    return { values: this.matcher.values.length, automatonStates: this.matcher.automatonStates,
      tokenKeys: this.matcher.tokenKeys };
  }

  /** Every string searched for (matcher.searchedStrings): the reference list a raw scanner gets in the benchmark. */
  searchedStrings(): string[] {
    return this.matcher.searchedStrings();
  }

  /**
   * Leaves that can give this detector nothing, alone or with other views (see LeafFilter): a response's (only requests
   * are searched), whatever its bytes; otherwise, unless it is a protobuf field (re-read as a message, whose numbers can
   * be longer than their bytes), under a salt key, or there are locations to match, when its bytes are shorter than
   * every string searched for or a scan of them finds nothing — no hit and no digest-shaped token for salted digests.
   * Decode asks only about leaves no decoder opens, so that scan is the one the view would have had.
   */
  readonly ignoresLeaf: LeafFilter = {
    ignoresAt: (key, layer, side) => {
      if (side !== 'request') return 'always';
      if (layer === 'protobuf' || !this.locations.empty || (key !== null && this.isSaltKey(key))) return 'never';
      return 'when-quiet';
    },
    ignoresBytes: (bytes) => this.matcher.findsNothing(bytes),
  };

  /** Keys repeat through a capture (the same ten JSON keys in every event): each is judged once. */
  private readonly saltKeys = new Map<string, boolean>();

  private isSaltKey(key: string): boolean {
    let salt = this.saltKeys.get(key);
    if (salt === undefined) {
      if (this.saltKeys.size >= MAX_REMEMBERED_KEYS) this.saltKeys.clear();
      salt = saltKeyRank(key) !== null;
      this.saltKeys.set(key, salt);
    }
    return salt;
  }

  detect(decoded: DecodedExchange): Detection {
    const decodedViews = scannedViews(decoded.views);
    const views = [...decodedViews, ...scannedViews(protobufRereads(decodedViews))];
    // Host, time and source are read only once a finding needs them: most exchanges have none.
    let cachedBase: FindingBase | null = null;
    const base = (): FindingBase => (cachedBase ??= this.findingBase(decoded));
    const findings: Finding[] = [];
    const unmatched: { view: View; token: HexToken }[] = [];
    const hex: HexToken[] = []; // reused, like hits: most views leave them empty
    const hits: Hit[] = [];
    for (const view of views) {
      this.matcher.scan(view.bytes, hex, hits);
      if (hits.length > 0) {
        for (const hit of resolveOverlaps(hits)) findings.push(this.finding(base, view, hit));
        hits.length = 0;
      }
      if (hex.length === 0) continue;
      for (const token of hex) unmatched.push({ view, token });
      hex.length = 0;
    }
    findings.push(...this.saltedFindings(base, views, unmatched));
    findings.push(...this.locations.match(views).map((hit) => this.locationFinding(base, hit)));
    return { findings: dedupe(withoutShallowCopies(findings)), signals: [], blindSpots: [] };
  }

  private findingBase(decoded: DecodedExchange): FindingBase {
    const { exchange } = decoded;
    return { source: exchange.source, time: exchange.time, host: hostOf(exchange.url), method: exchange.method };
  }

  private finding(base: () => FindingBase, view: View, hit: Hit,
    details?: Finding['details']): Finding {
    const value = this.matcher.values[hit.value]!;
    const matched = Buffer.from(view.bytes.buffer, view.bytes.byteOffset, view.bytes.byteLength)
      .toString('utf8', hit.start, hit.end);
    return {
      dataType: value.dataType, ...base(), path: view.path, transform: hit.chain, match: 'known-value',
      confidence: hit.confidence, detector: DETECTOR, field: value.field, matched,
      ...excerptOf(view.bytes, hit.start, hit.end), offset: hit.start, ...(details ? { details } : {}),
    };
  }

  /** Digests of salt+value / value+salt, where the salt is a short value sent in the same exchange. */
  private saltedFindings(base: () => FindingBase, views: View[],
    unmatched: { view: View; token: HexToken }[]): Finding[] {
    if (unmatched.length === 0) return [];
    const salts = saltCandidates(views);
    if (salts.length === 0) return [];
    const byHex = new Map<string, { view: View; token: HexToken }[]>();
    for (const u of unmatched) byHex.set(u.token.hex, [...(byHex.get(u.token.hex) ?? []), u]);
    const algorithms = DIGESTS.filter((a) => unmatched.some((u) => u.token.hex.length === DIGEST_HEX_LENGTH[a]));
    const findings: Finding[] = [];
    let budget = SALT_HASH_BUDGET;
    for (const b of this.matcher.saltBases) {
      for (const salt of salts) {
        for (const input of [salt.text + b.text, b.text + salt.text]) {
          for (const algorithm of algorithms) {
            if (--budget < 0) return findings;
            for (const u of byHex.get(digestHex(algorithm as DigestName, input)) ?? []) {
              const hit: Hit = { value: b.value, chain: [...b.chain, `salted-${algorithm}`], confidence: 'confirmed',
                start: u.token.start, end: u.token.end };
              findings.push(this.finding(base, u.view, hit, { saltPath: salt.path }));
            }
          }
        }
      }
    }
    return findings;
  }

  private locationFinding(base: () => FindingBase, hit: LocationHit): Finding {
    const precision = Math.round(hit.precisionMeters);
    const label = this.locationLabel(hit.location);
    const details: NonNullable<Finding['details']> = {
      precisionMeters: precision, distanceMeters: Math.round(hit.distanceMeters), regimes: regimesFor(hit.precisionMeters),
      ...(label ? { label } : {}), ...(hit.otherPath ? { otherPath: hit.otherPath } : {}),
    };
    const bytes = hit.view.bytes;
    return {
      dataType: hit.precisionMeters <= PRECISE_LOCATION_MAX_M ? 'location.precise' : 'location.coarse', ...base(),
      path: hit.view.path, transform: hit.transform, match: 'known-value', confidence: 'confirmed', detector: DETECTOR,
      field: `locations[${hit.location}]`,
      matched: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', hit.start, hit.end),
      ...excerptOf(bytes, hit.start, hit.end), offset: hit.start, details,
    };
  }

  private locationLabel(index: number): string | undefined {
    return this.labels[index];
  }
}

interface Salt {
  path: string;
  text: string;
}

/** Salt names that say so outright; they are tried before the generic ones (ts, t, r, key...). */
const STRONG_SALT_WORDS = new Set(['salt', 'nonce', 'noncestr', 'nonce_str', 'seed', 'iv']);

/**
 * A key as a salt name: "X-Salt", "x_nonce", "Sign-Salt" → "salt", "nonce", "sign_salt". Headers carry the same
 * parameters as bodies, with an "X-" prefix and dashes (RFC 6648 describes the prefix convention).
 */
function saltKeyRank(key: string): number | null {
  const name = key.toLowerCase().replace(/^x[-_]/, '').replace(/-/g, '_');
  if (STRONG_SALT_WORDS.has(name) || STRONG_SALT_WORDS.has(name.split('_').pop()!)) return 0;
  return SALT_KEYS.has(name) ? 1 : null;
}

function saltCandidates(views: View[]): Salt[] {
  const ranked: { rank: number; view: View }[] = [];
  for (const v of views) {
    if (!v.key || v.bytes.length === 0 || v.bytes.length > MAX_SALT_BYTES) continue;
    const rank = saltKeyRank(v.key);
    if (rank !== null) ranked.push({ rank, view: v });
  }
  ranked.sort((a, b) => a.rank - b.rank || cmp(a.view.path, b.view.path));
  const seen = new Set<string>();
  const salts: Salt[] = [];
  for (const { view } of ranked) {
    const text = Buffer.from(view.bytes).toString('utf8').replace(/^"|"$/g, '');
    if (!text || seen.has(text)) continue;
    seen.add(text);
    salts.push({ path: view.path, text });
    if (salts.length >= MAX_SALTS) break;
  }
  return salts;
}

/** Decoder layers that are an encoding of one value, as the transform step they undo. */
const ENCODING_LAYERS: Record<string, string> = { base64: 'base64', base64url: 'base64', hex: 'hex' };
/** Steps that containers (query strings, form bodies) undo themselves on the way to a child view. */
const CONTAINER_STEPS = new Set(['url-encoded', 'form-encoded']);

/** A chain compared across views: container escapes dropped, base64 alphabets not told apart. */
function comparableChain(chain: readonly string[]): string {
  return chain.filter((s) => !CONTAINER_STEPS.has(s)).map((s) => (s === 'base64url' ? 'base64' : s)).join(',');
}

/** Encodings decode peeled off between a view and its descendant, innermost first ("…|path:2|base64" → base64). */
function peeledEncodings(parentPath: string, childPath: string): string[] {
  const layers = childPath.slice(parentPath.length + 1).split('|').map((l) => l.split(':')[0]!.toLowerCase());
  return layers.map((l) => ENCODING_LAYERS[l]).filter((l): l is string => l !== undefined).reverse();
}

/**
 * One finding per leak. When a descendant view (its path extends the parent's with "|…") matched the same profile
 * field, and the parent's chain is the child's plus the encodings decode peeled off in between, both findings show the
 * same bytes: the parent's ["base64"] on the encoded token and the child's [] on the decoded value, or the raw URL's
 * ["url-encoded"] and the query field's []. The child is kept: its path is deeper and its bytes are the value itself.
 */
function withoutShallowCopies(findings: Finding[]): Finding[] {
  const byField = new Map<string, Finding[]>();
  for (const f of findings) byField.set(f.field ?? '', [...(byField.get(f.field ?? '') ?? []), f]);
  return findings.filter((parent) => !byField.get(parent.field ?? '')!.some((child) =>
    child.path.startsWith(`${parent.path}|`)
    && comparableChain(parent.transform) === comparableChain([...child.transform, ...peeledEncodings(parent.path, child.path)])));
}

/** One finding per (path, field, transform chain, offset), in a stable order. */
function dedupe(findings: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.path}\u0000${f.field}\u0000${f.transform.join(',')}\u0000${f.offset}`;
    if (!byKey.has(key)) byKey.set(key, f);
  }
  return [...byKey.values()].sort((a, b) => cmp(a.path, b.path) || a.offset - b.offset
    || cmp(a.field ?? '', b.field ?? '') || cmp(a.transform.join(','), b.transform.join(',')));
}

export function createKnownValueDetector(profile: DeviceProfile): ExchangeDetector {
  const detector = new KnownValueDetector(profile);
  return Object.assign((decoded: DecodedExchange) => detector.detect(decoded), { ignoresLeaf: detector.ignoresLeaf });
}
