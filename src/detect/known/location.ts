/**
 * Profile locations matched numerically: coordinates are numbers, not strings, so "37.4419" must match 37.44191,
 * 374419000 (E7) and "37.442,-122.143".
 *
 * Rules (documented contract):
 * - Candidates: (a) numeric leaves whose key names a latitude / longitude (lat, latitude, la, gpsLat, latitudeE7 …;
 *   lon, lng, long, longitude, lo …), paired with a sibling under the same parent; (b) two numeric siblings [0], [1]
 *   of one array, either order; (c) "lat,lon" in one text (separators , ; | _ / or a space), either order;
 *   (d) two adjacent numeric fields of one schema-less protobuf message (no names), either order.
 *   Integers are tried as E7 (÷1e7), ×1e6 scaled (÷1e6), E5 (÷1e5) and plain degrees; protobuf varints as signed 64-bit.
 * - Transmitted precision: d decimals (trailing zeros dropped, so padding never overstates it) round the point into a
 *   cell 10^-d degrees high and 10^-d·cos(lat) degrees wide; precisionMeters is half the cell's diagonal (the farthest
 *   the true point can be from the sent one), with 111,320 m per degree.
 * - A candidate matches a profile location when its distance is at most 5 km + precisionMeters, and its
 *   precisionMeters is at most 20 km (coarser points say nothing about one person). The nearest location wins.
 * - dataType is location.precise when precisionMeters ≤ 1,000 m (the widest "precise" radius, 28 CFR 202.242), else
 *   location.coarse; details.regimes lists every regime under which that precision is "precise geolocation".
 */
import type { View } from '../../decode/types.js';
import type { DeviceProfile } from '../types.js';

const METERS_PER_DEGREE = 111_320;
const EARTH_RADIUS_M = 6_371_008.8;
export const MATCH_RADIUS_M = 5_000;
export const MAX_USEFUL_PRECISION_M = 20_000;
const FEET = 0.3048;

/** Regimes and their "precise geolocation" radius (../shared/knowledge/laws.md). Ids follow assess's LawReference. */
export const PRECISE_LOCATION_REGIMES: readonly { regime: string; meters: number; source: string }[] = [
  { regime: 'us-28cfr202', meters: 1_000, source: 'https://www.ecfr.gov/current/title-28/chapter-I/part-202#p-202.242' },
  { regime: 'us-padfa', meters: 1_850 * FEET, source: 'https://www.congress.gov/bill/118th-congress/house-bill/7520' },
  { regime: 'ca-cpra', meters: 1_850 * FEET, source: 'https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CIV&sectionNum=1798.140' },
  { regime: 'va-vcdpa', meters: 1_750 * FEET, source: 'https://law.lis.virginia.gov/vacode/title59.1/chapter53/section59.1-575/' },
  { regime: 'ct-ctdpa', meters: 1_750 * FEET, source: 'https://www.cga.ct.gov/current/pub/chap_743jj.htm#sec_42-515' },
  { regime: 'in-icdpa', meters: 1_750 * FEET, source: 'https://iga.in.gov/laws/2023/ic/titles/24#24-15-2' },
];
export const PRECISE_LOCATION_MAX_M = 1_000;

export interface LocationHit {
  view: View;
  /** Where the matched number(s) sit in the view. */
  start: number;
  end: number;
  location: number;
  transform: string[];
  precisionMeters: number;
  distanceMeters: number;
  /** For two-field pairs: the path of the other coordinate. */
  otherPath: string | null;
}

interface Coordinate {
  degrees: number;
  decimals: number;
  transform: string | null;
}

interface NumericLeaf {
  view: View;
  start: number;
  end: number;
  text: string;
}

const NUMBER = /^-?\d{1,12}(?:\.\d{1,15})?$/;
// Two decimal numbers with one separator; bounded repetition only, so no catastrophic backtracking.
const PAIR = /(?<![\d.])(-?\d{1,3}\.\d{1,15})(?:, ?|; ?|\||_|\/| )(-?\d{1,3}\.\d{1,15})(?![\d.])/g;
const MAX_PAIR_SCAN_BYTES = 4096;
const MAX_PROTOBUF_PAIR_FIELDS = 16;

function decimalsOf(fraction: string): number {
  return fraction.replace(/0+$/, '').length;
}

function trailingZeros(digits: string): number {
  return digits.length - digits.replace(/0+$/, '').length;
}

/** Every reading of a number as degrees: decimal text as is; integers as E7, ×1e6 or whole degrees. */
function readings(text: string, limit: number): Coordinate[] {
  const [int, fraction] = text.split('.');
  if (fraction !== undefined) {
    const degrees = Number(text);
    return Math.abs(degrees) <= limit ? [{ degrees, decimals: decimalsOf(fraction), transform: null }] : [];
  }
  const n = Number(int);
  const zeros = trailingZeros(int!.replace('-', ''));
  const out: Coordinate[] = [
    { degrees: n / 1e7, decimals: Math.max(0, 7 - zeros), transform: 'e7' },
    { degrees: n / 1e6, decimals: Math.max(0, 6 - zeros), transform: 'scaled-1e6' },
    // Google's encoded-polyline precision (https://developers.google.com/maps/documentation/utilities/polylinealgorithm).
    { degrees: n / 1e5, decimals: Math.max(0, 5 - zeros), transform: 'e5' },
    { degrees: n, decimals: 0, transform: null },
  ];
  return out.filter((c) => Math.abs(c.degrees) <= limit && (c.transform === null || Math.abs(n) >= 1000));
}

export function precisionMeters(lat: Coordinate, lon: Coordinate): number {
  const latStep = 10 ** -lat.decimals * METERS_PER_DEGREE;
  const lonStep = 10 ** -lon.decimals * METERS_PER_DEGREE * Math.cos((lat.degrees * Math.PI) / 180);
  return 0.5 * Math.hypot(latStep, lonStep);
}

export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function regimesFor(precision: number): string[] {
  return PRECISE_LOCATION_REGIMES.filter((r) => precision <= r.meters).map((r) => r.regime).sort();
}

type Axis = 'lat' | 'lon' | null;

/** axisOfKey by key: the same few keys (lat, duration_ms, …) come back in every exchange. Bounded, cleared when full. */
const axisCache = new Map<string, Axis>();
const AXIS_CACHE_MAX = 10_000;

function cachedAxisOfKey(key: string | null): Axis {
  if (!key) return null;
  let axis = axisCache.get(key);
  if (axis === undefined) {
    if (axisCache.size >= AXIS_CACHE_MAX) axisCache.clear();
    axis = axisOfKey(key);
    axisCache.set(key, axis);
  }
  return axis;
}

function axisOfKey(key: string | null): Axis {
  if (!key) return null;
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const last = words.filter((w) => w !== 'e7' && w !== 'e6' && w !== 'e5').pop() ?? '';
  if (['lat', 'latitude', 'la'].includes(last) || last.endsWith('lat') || last.endsWith('latitude')) return 'lat';
  if (['lon', 'lng', 'long', 'longitude', 'lo'].includes(last) || /(lng|lon|longitude)$/.test(last)) return 'lon';
  return null;
}

/** The path of the structure holding this leaf: "…json:$.loc.lat" → "…json:$.loc", "…|query:lat" → "…|query". */
export function siblingParent(path: string): string {
  const bar = path.lastIndexOf('|');
  const head = path.slice(0, bar + 1);
  const step = path.slice(bar + 1);
  const colon = step.indexOf(':');
  if (colon < 0) return path;
  const selector = step.slice(colon + 1);
  if (selector.startsWith('$')) {
    const trimmed = selector.replace(/(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/, '');
    return head + step.slice(0, colon + 1) + trimmed;
  }
  // Nested protobuf fields: "protobuf:15.2" sits in message "protobuf:15".
  const dot = selector.lastIndexOf('.');
  if (step.startsWith('protobuf:') && dot > 0) return head + step.slice(0, colon + 1) + selector.slice(0, dot);
  return head + step.slice(0, colon);
}

const TWO_POW_63 = 2n ** 63n;
const TWO_POW_64 = 2n ** 64n;

/**
 * A protobuf varint as the signed number it was written from: int32/int64 fields encode a negative number as its
 * 64-bit two's complement (https://protobuf.dev/programming-guides/encoding/#signed-ints), which decode shows as a
 * 20-digit unsigned number (a western longitude in E7 becomes 18446744072487…).
 */
function signedVarint(text: string): string {
  if (!/^\d{19,20}$/.test(text)) return text;
  const n = BigInt(text);
  return n >= TWO_POW_63 && n < TWO_POW_64 ? String(n - TWO_POW_64) : text;
}

const PROTOBUF_FIELD = /\|protobuf:[0-9.[\]]+$/;

/**
 * The path ends in a field of a decoded protobuf message ("…|protobuf:15", "…|protobuf:3.2[1]"). The regex runs only
 * when the last character is one the pattern can end in: most paths end in a letter.
 */
export function isProtobufField(path: string): boolean {
  const last = path.charCodeAt(path.length - 1);
  const mayEnd = (last >= 0x30 && last <= 0x39) || last === 0x2e || last === 0x5b || last === 0x5d; // 0-9 . [ ]
  return mayEnd && PROTOBUF_FIELD.test(path);
}

/**
 * Bytes a numeric leaf can hold: digits, '-', '.', JSON quotes, and what String.prototype.trim removes from latin1
 * text (tab, LF, VT, FF, CR, space, NBSP). A byte outside the set survives trimming and fails NUMBER.
 */
const NUMERIC_LEAF_BYTE = (() => {
  const table = new Uint8Array(256);
  for (const c of '0123456789-."') table[c.charCodeAt(0)] = 1;
  for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) table[b] = 1;
  return table;
})();

function mayBeNumericLeaf(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (NUMERIC_LEAF_BYTE[bytes[i]!] === 0) return false;
  return true;
}

/** The number inside a leaf, allowing JSON quotes and surrounding spaces. */
function numericLeaf(view: View): NumericLeaf | null {
  if (view.bytes.length > 40 || !mayBeNumericLeaf(view.bytes)) return null;
  const raw = Buffer.from(view.bytes.buffer, view.bytes.byteOffset, view.bytes.byteLength).toString('latin1');
  const lead = raw.length - raw.trimStart().length;
  let text = raw.trim();
  let start = lead;
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    text = text.slice(1, -1);
    start += 1;
  }
  const end = start + text.length;
  if (isProtobufField(view.path)) text = signedVarint(text);
  return NUMBER.test(text) ? { view, start, end, text } : null;
}

interface ProfilePoint {
  lat: number;
  lon: number;
}

interface PairMatch {
  location: number;
  precisionMeters: number;
  distanceMeters: number;
  transform: string[];
}

/** Best match of one (lat text, lon text) reading against the profile, or null. */
function matchPair(latText: string, lonText: string, points: readonly ProfilePoint[]): PairMatch | null {
  let best: PairMatch | null = null;
  for (const lat of readings(latText, 90)) {
    for (const lon of readings(lonText, 180)) {
      if (lat.transform !== lon.transform) continue;
      const precision = precisionMeters(lat, lon);
      if (precision > MAX_USEFUL_PRECISION_M) continue;
      points.forEach((p, location) => {
        const distance = distanceMeters(lat.degrees, lon.degrees, p.lat, p.lon);
        if (distance > MATCH_RADIUS_M + precision) return;
        if (best && best.distanceMeters <= distance) return;
        best = { location, precisionMeters: precision, distanceMeters: distance, transform: lat.transform ? [lat.transform] : [] };
      });
    }
  }
  return best;
}

/** Tries (a, b) as (lat, lon), then as (lon, lat). */
function matchEitherOrder(a: string, b: string, points: readonly ProfilePoint[], extra: string[]): PairMatch | null {
  const straight = matchPair(a, b, points);
  if (straight) return { ...straight, transform: [...straight.transform, ...extra] };
  const swapped = matchPair(b, a, points);
  return swapped ? { ...swapped, transform: [...swapped.transform, ...extra, 'lon-lat-order'] } : null;
}

/** Integer-degree prefixes ("37.", "122.") a decimal text near these degrees must contain. */
function degreePrefixes(center: number, spread: number, limit: number): string[] {
  const out = new Set<string>();
  for (let d = Math.max(-limit, center - spread); d <= Math.min(limit, center + spread); d += 0.05) {
    out.add(`${Math.abs(Math.trunc(d))}.`);
  }
  out.add(`${Math.abs(Math.trunc(Math.min(limit, center + spread)))}.`);
  return [...out];
}

/** A numeric view that a pair can use: a coordinate key, an array item [0] or [1], or a protobuf field. */
function mayPair(view: View): boolean {
  if (view.bytes.length > 40 || !mayBeNumericLeaf(view.bytes)) return false;
  const path = view.path;
  return cachedAxisOfKey(view.key) !== null || path.endsWith('[0]') || path.endsWith('[1]')
    || (view.key === null && isProtobufField(path));
}

/** Items [0] and [1] of one array, and (see hasOtherNumericLeaf) no other number in it. */
function isArrayPair(leaves: NumericLeaf[]): boolean {
  return leaves.length === 2 && leaves[0]!.view.path.endsWith('[0]') && leaves[1]!.view.path.endsWith('[1]');
}

/** A numeric leaf under `parent` that match() did not group (not a pair candidate): the array has more numbers. */
function hasOtherNumericLeaf(views: readonly View[], parent: string): boolean {
  return views.some((v) => !mayPair(v) && v.path.startsWith(parent) && siblingParent(v.path) === parent
    && numericLeaf(v) !== null);
}

/** Whether the bytes contain '.': a plain loop for short views (cheaper than a native call), indexOf for long ones. */
function hasDot(bytes: Buffer): boolean {
  if (bytes.length > 64) return bytes.indexOf(0x2e) >= 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x2e) return true;
  return false;
}

export class LocationMatcher {
  private readonly points: ProfilePoint[];
  /** Cheap pre-filter for "lat,lon" texts: a text containing no nearby latitude (or longitude) degree is skipped. */
  private readonly latPrefixes: Buffer[];
  private readonly lonPrefixes: Buffer[];

  constructor(profile: DeviceProfile) {
    this.points = (profile.locations ?? []).map(({ lat, lon }) => ({ lat, lon }));
    // 0.3° of latitude ≈ 33 km: beyond the 5 km radius plus the 20 km coarsest precision accepted.
    this.latPrefixes = this.points.flatMap((p) => degreePrefixes(p.lat, 0.3, 90)).map((t) => Buffer.from(t));
    this.lonPrefixes = this.points.flatMap((p) => degreePrefixes(p.lon, 0.3 / Math.max(0.05, Math.cos((p.lat * Math.PI) / 180)), 180))
      .map((t) => Buffer.from(t));
  }

  private mayHoldPair(bytes: Buffer): boolean {
    // Every prefix ends in '.': a text without a dot (most leaves) is ruled out without the native searches.
    if (!hasDot(bytes)) return false;
    return this.latPrefixes.some((p) => bytes.includes(p)) && this.lonPrefixes.some((p) => bytes.includes(p));
  }

  get empty(): boolean {
    return this.points.length === 0;
  }

  /**
   * Location hits among the scanned request views of one exchange. Only numeric leaves that can take part in a pair
   * are parsed and grouped: those with a latitude/longitude key, array items [0]/[1], and protobuf fields. Every
   * other view short enough is searched for a "lat,lon" text (a numeric leaf holds one number, so never a pair).
   */
  match(views: readonly View[]): LocationHit[] {
    if (this.empty) return [];
    const hits: LocationHit[] = [];
    const groups = new Map<string, NumericLeaf[]>();
    for (const view of views) {
      const leaf = mayPair(view) ? numericLeaf(view) : null;
      if (leaf) {
        const parent = siblingParent(view.path);
        const list = groups.get(parent);
        if (list) list.push(leaf);
        else groups.set(parent, [leaf]);
      } else if (view.bytes.length <= MAX_PAIR_SCAN_BYTES) {
        this.matchPairStrings(view, hits);
      }
    }
    for (const [parent, leaves] of groups) {
      this.matchKeyedPairs(leaves, hits);
      if (isArrayPair(leaves) && !hasOtherNumericLeaf(views, parent)) this.matchArrayPair(leaves, hits);
      this.matchProtobufPairs(leaves, hits);
    }
    return hits;
  }

  private matchKeyedPairs(leaves: NumericLeaf[], hits: LocationHit[]): void {
    const lats = leaves.filter((l) => cachedAxisOfKey(l.view.key) === 'lat').slice(0, 4);
    if (lats.length === 0) return;
    const lons = leaves.filter((l) => cachedAxisOfKey(l.view.key) === 'lon').slice(0, 4);
    for (const lat of lats) {
      for (const lon of lons) {
        const m = matchPair(lat.text, lon.text, this.points);
        if (m) hits.push({ view: lat.view, start: lat.start, end: lat.end, location: m.location, transform: m.transform,
          precisionMeters: m.precisionMeters, distanceMeters: m.distanceMeters, otherPath: lon.view.path });
      }
    }
  }

  /** [lat, lon] or GeoJSON's [lon, lat]: exactly two numbers in one array (see isArrayPair). */
  private matchArrayPair(leaves: NumericLeaf[], hits: LocationHit[]): void {
    const [first, second] = leaves as [NumericLeaf, NumericLeaf];
    const m = matchEitherOrder(first.text, second.text, this.points, []);
    if (m) hits.push({ view: first.view, start: first.start, end: first.end, location: m.location, transform: m.transform,
      precisionMeters: m.precisionMeters, distanceMeters: m.distanceMeters, otherPath: second.view.path });
  }

  /**
   * Schema-less protobuf has field numbers, not names: two numeric fields of one message that are next to each other
   * (google.type.LatLng is latitude = 1, longitude = 2; E7 pairs sit side by side too) are tried as a pair, either
   * order. Only the first MAX_PROTOBUF_PAIR_FIELDS numeric fields of a message are paired (bounded work).
   */
  private matchProtobufPairs(leaves: NumericLeaf[], hits: LocationHit[]): void {
    const fields = leaves.filter((l) => l.view.key === null && isProtobufField(l.view.path)).slice(0, MAX_PROTOBUF_PAIR_FIELDS);
    for (let i = 0; i + 1 < fields.length; i++) {
      const [first, second] = [fields[i]!, fields[i + 1]!];
      const m = matchEitherOrder(first.text, second.text, this.points, []);
      if (!m) continue;
      hits.push({ view: first.view, start: first.start, end: first.end, location: m.location, transform: m.transform,
        precisionMeters: m.precisionMeters, distanceMeters: m.distanceMeters, otherPath: second.view.path });
      i++;
    }
  }

  private matchPairStrings(view: View, hits: LocationHit[]): void {
    const bytes = Buffer.from(view.bytes.buffer, view.bytes.byteOffset, view.bytes.byteLength);
    if (!this.mayHoldPair(bytes)) return;
    const text = bytes.toString('latin1');
    for (const m of text.matchAll(PAIR)) {
      const found = matchEitherOrder(m[1]!, m[2]!, this.points, ['pair-string']);
      if (!found) continue;
      hits.push({ view, start: m.index!, end: m.index! + m[0].length, location: found.location,
        transform: found.transform, precisionMeters: found.precisionMeters, distanceMeters: found.distanceMeters,
        otherPath: null });
    }
  }
}
