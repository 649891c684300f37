/**
 * Does a value look like an identifier a company keeps about a browser or device? Precision first: a false sync
 * accuses two companies, so everything that is shaped like data about the page or the request rather than about the
 * person is refused — consent strings (TCF/GPP), URLs and host names, timestamps and dates, versions, screen sizes,
 * language and currency codes, page/article/slot ids, cache-busters, partner and property ids, and hashes of public
 * content (by the key they sit under). What is left still is not an accusation: correlate/ reports a value only when
 * it travels between companies, or when a response assigned it and the client sent it back.
 */
import type { IdShape } from '../types.js';
import { isNilUuid, isRepeatedChar, isUuid } from './validators.js';

/** Shortest identifier accepted: Krux's `_kuid_` is 8 characters ("KBj6rbe8"). */
export const MIN_ID_CHARS = 8;
export const MAX_ID_CHARS = 128;
/** Digit strings shorter than this are counters, prices, partner/slot ids or random cache-busters as often as ids. */
const MIN_ID_DIGITS = 16;

const ID_CHARS = /^[A-Za-z0-9._~+/=:-]+$/;
const SIGNED_DIGITS = /^-?\d+$/;
const HEX = /^[0-9a-fA-F]+$/;
/** Google Analytics client id: a random 31-bit number and the first visit's Unix time, optionally after "GA1.2.". */
const GA_CLIENT_ID = /^(?:GA\d\.\d\.)?(\d{5,10})\.(\d{10})$/;
const DOTTED_NUMBERS = /^v?\d+(?:[._]\d+)+(?:[-+][0-9A-Za-z.]+)?$/i;
const SCREEN_SIZE = /^\d{2,5}x\d{2,5}(?:x\d{1,2})?$/;
/** Dates and ISO times (2019-04-01, 20190401T10:00:00Z): when, not who. */
const DATE_LIKE = /^(?:19|20)\d\d-?[01]\d-?[0-3]\d(?:[T ]|$)/;
/** Host names and file names: where, not who. */
const HOST_NAME = /^(?:[a-z0-9-]+\.)+[a-z]{2,}\.?$/i;
const FILE_NAME = /\.(?:js|mjs|css|png|jpe?g|gif|webp|svg|ico|html?|php|aspx?|json|xml|woff2?|ttf|mp4|m3u8|swf)$/i;
/**
 * Site and property ids of analytics and ad tags: the same for every visitor of a site, so never a person's id.
 * UA-… (Universal Analytics), G-… (GA4), GTM-…, AW-/DC- (Google Ads/Floodlight), ca-pub-/pub- (AdSense).
 */
const PROPERTY_ID = /^(?:UA-\d{4,10}-\d{1,4}|G-[A-Z0-9]{6,12}|GTM-[A-Z0-9]{4,9}|(?:AW|DC)-\d{6,12}|(?:ca-)?pub-\d{10,20})$/i;
/**
 * IAB TCF v2 consent strings start with "C" + the created time's high bits ("CO", "CP", "CQ") and run long;
 * GPP strings join sections with "~". A consent string records choices, not a person.
 */
const TCF_STRING = /^C[O-Q][A-Za-z0-9_-]{30,}(?:\.[A-Za-z0-9_-]+)*$/;

/**
 * Keys (normalised: lower case, no `_ - . $` or blanks) whose values are never a person's identifier — consent,
 * URLs, times, versions, screen, language and currency, page/article/slot ids, cache-busters, content hashes,
 * partner/publisher/property ids. A value under such a key is not a candidate, whatever its shape.
 */
export const NOT_IDENTIFIER_KEYS: ReadonlySet<string> = new Set([
  // consent signals (IAB TCF, GPP, US Privacy, Google Additional Consent)
  'gdpr', 'gdprconsent', 'consent', 'consentstring', 'euconsent', 'euconsentv2', 'tcstring', 'tcfstring', 'tcdata', 'gpp',
  'gppsid', 'gppstring', 'usprivacy', 'uspstring', 'addtlconsent', 'ccpa', 'gdprapplies',
  // URLs and referrers
  'url', 'uri', 'href', 'link', 'ref', 'referrer', 'referer', 'dl', 'dr', 'dp', 'location', 'loc', 'page', 'pageurl',
  'redirect', 'redir', 'redirecturl', 'next', 'returnurl', 'rurl', 'callback', 'jsonp', 'jsoncallback', 'origin', 'domain',
  'assetUrl'.toLowerCase(), 'canonical', 'l0', 'forward',
  // times
  'ts', 'timestamp', 'time', 'clienttimestamp', 'dcsdat', 'et', 'lmt', 'nst', 'date', 'created', 'expires', 'exp', 'iat',
  // versions
  'v', 'ver', 'version', 'sdkversion', 'appversion', 'libversion', 'build', 'tv', 'cver', 'googlecver',
  // screen and device geometry
  'sr', 'res', 'resolution', 'vp', 'screen', 'sw', 'sh', 'bs', 'viewport', 'dpr',
  // language, currency, time zone
  'lang', 'language', 'ul', 'hl', 'locale', 'currency', 'cur', 'tz', 'timezone', 'de', 'enc', 'charset',
  // page, article, content and ad slot ids; the document title
  'dt', 'title', 'pageid', 'articleid', 'contentid', 'assetid', 'postid', 'itemid', 'storyid', 'docid', 'slot',
  'slotname', 'adunit', 'placement', 'pos', 'adk', 'ai', 'xai', 'creativeid', 'campaignid', 'lineitemid', 'ca', 'rb',
  // cache-busters and per-request randoms
  'z', 'rnd', 'rand', 'random', 'cachebuster', 'cachebust', 'nocache', 'bust', 'correlator', 'ord', 'cb', 'ra', 'jid',
  'requestid', 'reqid', 'traceid', 'spanid', 'nonce',
  // hashes and signatures of content or requests
  'hash', 'checksum', 'md5', 'sha1', 'sha256', 'etag', 'integrity', 'sig', 'signature', 'esig', 'hmac', 'digest', 'crc',
  // partner, publisher, property and configuration ids: the same for every visitor
  'kdpid', 'kpid', 'dpid', 'nid', 'googlenid', 'dspid', 'cmdspid', 'partner', 'partnerid', 'tapartnerid', 'tid',
  'propertyid', 'tapropertyid', 'siteid', 'pub', 'pubid', 'publisherid', 'appid', 'apikey', 'accesskey', 'key', 'confid',
  'client', 'accountid', 'pixelid', 'bidder', 'seg', 'entity', 'sec', 'se', 'c2', 'ci', 'cmid',
  // Google's cookie-matching round-trip token, handed back unchanged (not the user's id: that is google_gid).
  'googlepush',
]);

/**
 * The shape of an identifier-like value, or null. `nowMs` (the exchange's time) lets clock readings be told from ids:
 * a 16- or 19-digit number whose first ten digits are within a year of it is a micro- or nanosecond time.
 */
export function identifierShape(raw: string, nowMs: number | null = null): IdShape | null {
  const v = raw.trim();
  if (v.length < MIN_ID_CHARS || v.length > MAX_ID_CHARS || !ID_CHARS.test(v)) return null;
  if (isRepeatedChar(v.replace(/[-.:]/g, ''))) return null;
  if (isUuid(v)) return isNilUuid(v) ? null : 'uuid';
  if (SIGNED_DIGITS.test(v)) return v.startsWith('-') ? digitShape(v.slice(1), null) : digitShape(v, nowMs);
  const ga = GA_CLIENT_ID.exec(v);
  if (ga && isPlausibleUnixSeconds(Number(ga[2]))) return 'ga-client-id';
  if (DOTTED_NUMBERS.test(v) || SCREEN_SIZE.test(v) || DATE_LIKE.test(v) || PROPERTY_ID.test(v) || TCF_STRING.test(v)) {
    return null;
  }
  if (HOST_NAME.test(v) || FILE_NAME.test(v) || v.startsWith('/') || v.includes('://')) return null;
  if (HEX.test(v)) return v.length >= MIN_ID_DIGITS && /\d/.test(v) && /[a-f]/i.test(v) ? 'hex' : null;
  return tokenShape(v) ? 'token' : null;
}

/** Remembered shapes (see shapeOf): cleared when full. */
export type IdShapeMemo = Map<string, IdShape | null>;
const MAX_REMEMBERED_SHAPES = 50_000;

/**
 * identifierShape through a memo: ids repeat all through a capture (the same session id in every event). Only values
 * whose shape cannot depend on the exchange's time are remembered — digit strings may be clock readings, so they are
 * judged each time.
 */
export function shapeOf(memo: IdShapeMemo, raw: string, nowMs: number | null): IdShape | null {
  let shape = memo.get(raw);
  if (shape !== undefined) return shape;
  shape = identifierShape(raw, nowMs);
  if (!SIGNED_DIGITS.test(raw.trim())) {
    if (memo.size >= MAX_REMEMBERED_SHAPES) memo.clear();
    memo.set(raw, shape);
  }
  return shape;
}

/** Whether a key (already normalised) names something that is never a person's identifier. */
export function isNotIdentifierKey(normKey: string | null): boolean {
  return normKey !== null && NOT_IDENTIFIER_KEYS.has(normKey);
}

/** A year either side of the exchange: clocks of phones and servers are not further off than that. */
const CLOCK_WINDOW_S = 366 * 24 * 3600;

function digitShape(digits: string, nowMs: number | null): IdShape | null {
  if (digits.length < MIN_ID_DIGITS || isRepeatedChar(digits)) return null;
  // Micro- and nanosecond clocks are 16 and 19 digits long (a negative number is never a clock reading).
  if ((digits.length === 16 || digits.length === 19) && nowMs !== null
    && Math.abs(Number(digits.slice(0, 10)) - nowMs / 1000) <= CLOCK_WINDOW_S) return null;
  return 'digits';
}

/** 2001-09-09 … 2038-01-19: the range a capture's clock readings fall in. */
function isPlausibleUnixSeconds(n: number): boolean {
  return n >= 1_000_000_000 && n <= 2_147_483_647;
}

/**
 * A free-form token (base64/base62 ids, "BQ-00000003020551370", "E86NxhoXT0fJOn3Sa.M0LHpf"): it must mix letters and
 * at least two digits, and either mix cases or carry more digits, and separators must not dominate. Words, flags and
 * dotted lists of short words ("w.c.ss.fst.frv1.frs.", "rocketfuelinc", "krux_digital") fail. Random base64 can
 * hold fewer than two digits ("CAESENEJTRCdGd-M_0sIWjcaPZs"): a long mixed-case token with few vowels (random letters
 * are about one in five vowels, words about two in five) passes too, while CamelCase words do not.
 */
function tokenShape(v: string): boolean {
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let separators = 0;
  let vowels = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else separators++;
    if (VOWELS.includes(v[i]!)) vowels++;
  }
  if (separators * 3 > v.length || upper + lower < 2) return false;
  if (digits < 2) return v.length >= RANDOM_LETTERS_MIN && upper >= 2 && lower >= 2 && vowels < (upper + lower) * 0.3;
  return (upper > 0 && lower > 0) || digits >= 4;
}

const VOWELS = 'aeiouAEIOU';
const RANDOM_LETTERS_MIN = 16;
