/**
 * Latitude/longitude pairs, by keys and value ranges. Three forms:
 *  - two keyed values side by side (lat + lng under the same parent: query, form or JSON object);
 *  - one value under a location key holding "lat,lon" or "lon,lat" (Baidu's gl, AMap's "lng,lat" order);
 *  - raw text where "lat=…" and "lon=…" are written close together.
 * Precision comes from the decimals: 3 dp ≈ 111 m → location.precise; 1–2 dp (1.1–11 km) → location.coarse; whole
 * degrees are not reported. (0,0) and pairs within a degree of it are placeholders, not places.
 * Source for the dp → metres rule: ../shared/knowledge/sdks.md "Facts for generic detection".
 */
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { excerptAround, featuresOf, inPathOrder, keyBefore, parentPath, scannableText } from './context.js';
import { decimalPlaces } from './validators.js';

const LAT_KEYS = new Set(['lat', 'latitude', 'gpslat', 'userlat', 'curlat', 'locationlat', 'mlatitude']);
const LON_KEYS = new Set(['lon', 'lng', 'long', 'longitude', 'gpslng', 'gpslon', 'userlng', 'userlon', 'curlng',
  'locationlng', 'mlongitude']);
const PAIR_KEYS = new Set(['gl', 'location', 'loc', 'gps', 'latlng', 'lnglat', 'latlon', 'lonlat', 'll', 'coordinate',
  'coordinates', 'coords', 'geo', 'geolocation', 'position', 'point', 'lbs']);
const DECIMAL = /^-?\d{1,3}\.\d{1,15}$/;
const PAIR_IN_VALUE = /(-?\d{1,3}\.\d{1,15})\s{0,2}[,;|_ /]\s{0,2}(-?\d{1,3}\.\d{1,15})/;
const NUMBER_IN_TEXT = /(?<![\d.])-?\d{1,3}\.\d{1,15}(?![\d.])/g;
const METRES_PER_DEGREE = 111_320;
const MAX_PAIR_DISTANCE_CHARS = 200;

interface Coordinates {
  lat: number;
  lon: number;
  decimals: number;
}

function coordinates(latText: string, lonText: string): Coordinates | null {
  const lat = Number(latText);
  const lon = Number(lonText);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  if (Math.abs(lat) < 1 && Math.abs(lon) < 1) return null;
  const decimals = Math.min(decimalPlaces(latText), decimalPlaces(lonText));
  return decimals >= 1 ? { lat, lon, decimals } : null;
}

/** "lat,lon" or "lon,lat" (whichever order fits the ranges; lat first when both fit). */
function pairFromValue(a: string, b: string): Coordinates | null {
  if (Math.abs(Number(a)) <= 90) return coordinates(a, b);
  return coordinates(b, a);
}

function locationHit(sv: ScanView, c: Coordinates, matched: string, index: number, detector: string,
  extra: Record<string, string> = {}): Hit {
  const precisionMeters = Math.round(METRES_PER_DEGREE / 10 ** c.decimals);
  return {
    view: sv.view, dataType: c.decimals >= 3 ? 'location.precise' : 'location.coarse', match: 'heuristic',
    confidence: 'likely', detector, matched, index, details: { precisionMeters, ...extra },
  };
}

/** lat and lng in sibling views (same parent path). */
/** Request views under latitude, longitude and pair keys: one pass sorts them out for the keyed forms. */
interface KeyedViews {
  lats: ScanView[];
  lons: ScanView[];
  pairs: ScanView[];
}

function keyedViews(ctx: ExchangeContext): KeyedViews {
  const keyed: KeyedViews = { lats: [], lons: [], pairs: [] };
  for (const sv of ctx.request) {
    const key = sv.normKey;
    if (key === null) continue;
    if (LAT_KEYS.has(key)) keyed.lats.push(sv);
    else if (LON_KEYS.has(key)) keyed.lons.push(sv);
    else if (PAIR_KEYS.has(key)) keyed.pairs.push(sv);
  }
  return keyed;
}

function keyedPairs(keyed: KeyedViews): Hit[] {
  if (keyed.lats.length === 0 || keyed.lons.length === 0) return [];
  // The last longitude under a parent (in path order) is the one paired.
  const lonByParent = new Map<string, ScanView>();
  const lons = keyed.lons.filter((sv) => sv.text && DECIMAL.test(sv.text.trim()));
  for (const sv of inPathOrder(lons)) lonByParent.set(parentPath(sv.view.path), sv);
  const hits: Hit[] = [];
  for (const sv of keyed.lats) {
    if (!sv.text) continue;
    const lon = lonByParent.get(parentPath(sv.view.path));
    const latText = sv.text.trim();
    if (!lon || !DECIMAL.test(latText)) continue;
    const c = coordinates(latText, lon.text!.trim());
    if (c) hits.push(locationHit(sv, c, latText, sv.text.indexOf(latText), 'geo:lat-lon-keys', { pairedPath: lon.view.path }));
  }
  return hits;
}

/** "37.4419,-122.1430" under a location key, as the whole value of a keyed view. */
function combinedValues(keyed: KeyedViews): Hit[] {
  const hits: Hit[] = [];
  for (const sv of keyed.pairs) {
    if (!sv.text || sv.text.length > 4096) continue;
    const m = PAIR_IN_VALUE.exec(sv.text);
    const c = m ? pairFromValue(m[1]!, m[2]!) : null;
    if (m && c) hits.push(locationHit(sv, c, m[0], m.index, `geo:key:${sv.normKey}`));
  }
  return hits;
}

/** Raw text (not split into keyed views): numbers written after lat/lon keys, or a pair after a location key. */
function rawTextPairs(sv: ScanView): Hit[] {
  const text = sv.text!;
  const lats: { text: string; index: number }[] = [];
  const lons: { text: string; index: number }[] = [];
  const hits: Hit[] = [];
  for (const m of text.matchAll(NUMBER_IN_TEXT)) {
    const key = keyBefore(text, m.index);
    if (key && LAT_KEYS.has(key)) lats.push({ text: m[0], index: m.index });
    else if (key && LON_KEYS.has(key)) lons.push({ text: m[0], index: m.index });
    else if (key && PAIR_KEYS.has(key)) {
      const pair = PAIR_IN_VALUE.exec(text.slice(m.index, m.index + 64));
      const c = pair && pair.index === 0 ? pairFromValue(pair[1]!, pair[2]!) : null;
      if (pair && c) hits.push(locationHit(sv, c, pair[0], m.index, `geo:key:${key}`));
    }
    if (lats.length + lons.length > 200) break;
  }
  for (const lat of lats) {
    const lon = lons.find((l) => Math.abs(l.index - lat.index) <= MAX_PAIR_DISTANCE_CHARS);
    const c = lon ? coordinates(lat.text, lon.text) : null;
    if (!lon || !c) continue;
    const start = Math.min(lat.index, lon.index);
    const hit = locationHit(sv, c, lat.text, lat.index, 'geo:lat-lon-keys');
    hit.excerpt = excerptAround(text, start, Math.max(lat.index, lon.index) + lon.text.length - start);
    hits.push(hit);
  }
  return hits;
}

/** rawTextPairs only reports decimals (digit-dot-digit) written after a key (':' or '='). */
function mayHoldKeyedDecimal(sv: ScanView): boolean {
  const f = featuresOf(sv);
  return f !== null && f.dots > 0 && (f.colons > 0 || f.equals) && f.digitDotDigit;
}

function detectLocations(ctx: ExchangeContext): { hits: Hit[] } {
  const keyed = keyedViews(ctx);
  const hits = [...keyedPairs(keyed), ...combinedValues(keyed)];
  for (const sv of scannableText(ctx)) {
    if ((sv.normKey === null || !PAIR_KEYS.has(sv.normKey)) && mayHoldKeyedDecimal(sv)) {
      for (const h of rawTextPairs(sv)) hits.push(h);
    }
  }
  return { hits };
}

export const geoFamily: DetectorFamily = { name: 'geo', detect: detectLocations };
