/**
 * What the items of a personal-data list look like, independent of where the list was found (a JSON array, or a
 * delimited string in a query, form or multipart field): installed-app lists (Android package names, or records
 * carrying one), contact lists (records with a person's name and a phone number or e-mail address, under long or
 * short keys) and browsing history (page URLs, or records with a URL and a visit time or title).
 *
 * A key that names the list (applist, pkgs, contacts, address_book, history, recent_urls, ...) lowers the bar and
 * raises confidence; without one the items must speak for themselves: several vendors' packages written as
 * reverse-DNS, several people, pages on several sites. Lists that only resemble these stay out: host names, the
 * app's own module or class names, Java stack frames, Android permission constants, asset and tracking URLs.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { getDomain, parse as parseHost } from 'tldts';
import type { DataTypeId } from '../types.js';
import { normalizeKey } from './context.js';
import { isEmailAddress, phoneDigits } from './validators.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface ListVerdict {
  dataType: DataTypeId;
  detector: string;
  count: number;
  confident: boolean;
  sample: string;
  /** The recognised items (package names, URLs, contact names), to tell one list found twice. */
  recognised: string[];
}

/** At most this many items are looked at; a verdict on the first 500 stands for the rest. */
export const MAX_ITEMS_CHECKED = 500;
/** Share of the items that must have the list's shape: a few odd entries do not hide a list. */
const MOSTLY = 0.8;

// Key hints, tested on normalizeKey() output (lower case, no separators): "installed_pkgs" → "installedpkgs".
const APP_LIST_KEY = /(^|installed|user)(apps?|applications?|packages?|pkgs?)(list|infos?|names?)?$|applist|pkglist|packagelist|bundleids/;
const CONTACT_KEY = /contact|addressbook|phonebook/;
const HISTORY_KEY = /histor|visited|visits|browsing|browsed|recent(url|page|site|link)/;

const PACKAGE_FIELDS = new Set(['pkg', 'package', 'packagename', 'pkgname', 'pn', 'bundleid', 'apppkg', 'apppackage',
  'packageid']);
const NAME_FIELDS = new Set(['name', 'displayname', 'fullname', 'firstname', 'lastname', 'givenname', 'familyname',
  'nickname', 'contactname']);
const PHONE_FIELDS = new Set(['phone', 'phones', 'phonenumber', 'phonenumbers', 'mobile', 'tel', 'number', 'numbers',
  'msisdn']);
const EMAIL_FIELDS = new Set(['email', 'emails', 'mail']);
const URL_FIELDS = new Set(['url', 'link', 'href', 'pageurl', 'uri', 'u']);
const VISIT_FIELDS = new Set(['title', 'visittime', 'lastvisit', 'lastvisittime', 'visitcount', 'time', 'timestamp',
  'date', 'visitedat']);

/** Last labels that make a dotted name a host name, not a package (packages put the TLD first). */
const HOST_TLDS = new Set(['com', 'net', 'org', 'cn', 'io', 'co', 'us', 'uk', 'de', 'jp', 'ru', 'info', 'app', 'dev']);
/**
 * First labels of reverse-DNS package names: generic TLDs (two-letter labels are country codes and also count).
 * "air" is Adobe AIR's prefix for the apps it packages (air.com.vendor.app).
 */
const REVERSE_DNS_ROOTS = new Set(['com', 'org', 'net', 'edu', 'gov', 'info', 'biz', 'mobi', 'app', 'dev', 'air',
  'xyz', 'top', 'name', 'pro']);
const PACKAGE_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIRST_SEGMENT = /^[a-z][a-z0-9_]*$/;
const ASSET_EXTENSION = /\.(png|jpe?g|gif|webp|svg|css|js|mjs|json|woff2?|ttf|otf|eot|mp4|m3u8|ts|mp3|ico|map|wasm)$/i;
/** Host, then an optional path/query/fragment: the two parts cannot trade characters, so matching stays linear. */
const HTTP_URL = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
/** A page a person opens has a short query; ad, pixel and API calls carry many parameters. */
const MAX_PAGE_QUERY_PARAMS = 3;
const MAX_PAGE_URL_CHARS = 300;
const DATE_OR_TIME = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|\d:\d\d/;
/** A person's name as address books hold it: capitalised words ("Maria Garcia", "Dr. Patel") or 2–4 Han characters. */
const PERSON_NAME = /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}?[\p{L}'’.-]+){0,3}$/u;
const HAN_NAME = /^\p{Script=Han}{2,4}$/u;

export function keyNamesAppList(key: string | null): boolean {
  return key !== null && APP_LIST_KEY.test(key);
}

/** Number of the checked items that pass `test` when they are MOSTLY of the list, else 0 (stops once that fails). */
function mostly(items: readonly Json[], test: (item: Json) => boolean): number {
  const checked = Math.min(items.length, MAX_ITEMS_CHECKED);
  const needed = Math.ceil(checked * MOSTLY);
  const maxBad = checked - needed;
  let good = 0;
  let bad = 0;
  for (let i = 0; i < checked; i++) {
    if (test(items[i]!)) good++;
    else if (++bad > maxBad) return 0;
  }
  return good > 0 && good >= needed ? good : 0;
}

/** Fields of each record, by normalised name: the three list shapes each read them, so they are built once. */
const fieldsByRecord = new WeakMap<object, Map<string, Json>>();

function fieldsOf(item: Json): Map<string, Json> | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
  const cached = fieldsByRecord.get(item);
  if (cached) return cached;
  const fields = new Map<string, Json>();
  for (const k of Object.keys(item)) fields.set(normalizeKey(k) ?? k, item[k]!);
  fieldsByRecord.set(item, fields);
  return fields;
}

function firstField(fields: Map<string, Json>, names: Set<string>): Json | undefined {
  for (const [k, v] of fields) if (names.has(k)) return v;
  return undefined;
}

// ---- installed apps ------------------------------------------------------------------------------------------

export function isPackageName(s: string): boolean {
  const segs = s.split('.');
  if (segs.length < 2 || segs.length > 8 || !FIRST_SEGMENT.test(segs[0]!) || segs[0] === 'www') return false;
  if (!segs.every((seg) => PACKAGE_SEGMENT.test(seg))) return false;
  return !isHostName(s);
}

/**
 * A host name ends in a public suffix and does not start with one ("cdn.example.tv"); a package starts with one
 * ("tv.danmaku.bili"). The commonest TLDs at the end always mean a host: "de.wikipedia.org" is not a package.
 */
function isHostName(s: string): boolean {
  const last = s.slice(s.lastIndexOf('.') + 1).toLowerCase();
  if (HOST_TLDS.has(last)) return true;
  return !isReverseDns(s) && parseHost(s, { extractHostname: false }).isIcann === true;
}

/** "com.vendor.app", "tv.danmaku.bili": the first label is a TLD, as Android's naming convention asks. */
function isReverseDns(pkg: string): boolean {
  const root = pkg.slice(0, pkg.indexOf('.'));
  return root.length === 2 || REVERSE_DNS_ROOTS.has(root);
}

/**
 * A Java member rather than an app: "com.vendor.sdk.Agent" (class), "…Agent.onResume" (method, a class label
 * before the last), "android.permission.CAMERA" (constant). Apps rarely end in a capital ("…AlipayGphone" does),
 * so only a list that is mostly like this is taken for code.
 */
function looksLikeJavaMember(pkg: string): boolean {
  const segs = pkg.split('.');
  const last = segs[segs.length - 1]!;
  if (/^[A-Z][A-Z0-9_]+$/.test(last)) return true;
  return segs.slice(1).some((seg) => /^[A-Z]/.test(seg));
}

function packageOf(item: Json): string | null {
  if (typeof item === 'string') return isPackageName(item) ? item : null;
  const fields = fieldsOf(item);
  const v = fields ? firstField(fields, PACKAGE_FIELDS) : undefined;
  return typeof v === 'string' && isPackageName(v) ? v : null;
}

/** Without a key naming the list: several vendors, written as reverse-DNS, not mostly code identifiers. */
function unkeyedPackagesConvince(packages: readonly string[], minVendors: number): boolean {
  const vendors = new Set(packages.map((p) => p.split('.')[1]));
  const distinct = new Set(packages).size;
  const reverseDns = packages.filter(isReverseDns).length;
  const code = packages.filter(looksLikeJavaMember).length;
  return distinct >= 3 && vendors.size >= minVendors && reverseDns * 2 >= packages.length && code * 2 < packages.length;
}

function appList(items: readonly Json[], keyed: boolean, delimited: boolean): ListVerdict | null {
  if (mostly(items, (i) => packageOf(i) !== null) === 0) return null;
  const packages = items.slice(0, MAX_ITEMS_CHECKED).map(packageOf).filter((p): p is string => p !== null);
  // A loose string has less structure vouching for it than a JSON array: ask one vendor more.
  if (!keyed && !unkeyedPackagesConvince(packages, delimited ? 3 : 2)) return null;
  const vendors = new Set(packages.map((p) => p.split('.')[1]));
  return { dataType: 'device.installed_apps', detector: 'list:installed-apps', count: items.length,
    confident: keyed || vendors.size >= 5, sample: packages[0]!, recognised: packages };
}

// ---- contacts ------------------------------------------------------------------------------------------------

/** A phone number as people write it ("+34 612 345 678", "(650) 555-0134"), valid in a real numbering plan. */
function isWrittenPhone(s: string, regionHints: readonly string[]): boolean {
  const t = s.trim();
  if (phoneDigits(t) === null || DATE_OR_TIME.test(t) || !(t.startsWith('+') || /\d[ ()-]{1,3}\d/.test(t))) return false;
  const regions: (CountryCode | undefined)[] = t.startsWith('+') ? [undefined] : regionHints.map((h) => h as CountryCode);
  return regions.some((region) => parsePhoneNumberFromString(t, region)?.isValid() === true);
}

function stringsIn(v: Json | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'object' && x !== null ? [...(fieldsOf(x)?.values() ?? [])] : [x])).flatMap(stringsIn);
  return [];
}

/** Under a phone or e-mail key the value only needs the shape; under any other key it must be a valid number. */
function reachable(fields: Map<string, Json>, regionHints: readonly string[]): boolean {
  const byKey = [...stringsIn(firstField(fields, PHONE_FIELDS)), ...stringsIn(firstField(fields, EMAIL_FIELDS))];
  if (byKey.some((s) => phoneDigits(s) !== null || isEmailAddress(s))) return true;
  const values = [...fields.values()].flatMap((v) => stringsIn(v)).slice(0, 20);
  return values.some((s) => isEmailAddress(s) || isWrittenPhone(s, regionHints));
}

function looksLikePersonName(s: string, keyed: boolean): boolean {
  const t = s.trim();
  if (t.length < 2 || t.length > 64) return false;
  if (HAN_NAME.test(t)) return true;
  // One capitalised word ("Mom", "Acme") is a name only inside a list that says it holds contacts.
  return PERSON_NAME.test(t) && (keyed || /\s/.test(t));
}

function contactName(item: Json, keyed: boolean, regionHints: readonly string[]): string | null {
  const fields = fieldsOf(item);
  if (!fields) return null;
  const named = firstField(fields, NAME_FIELDS);
  const name = typeof named === 'string' && named.trim() !== '' ? named
    : [...fields.values()].find((v): v is string => typeof v === 'string' && looksLikePersonName(v, keyed));
  return name !== undefined && reachable(fields, regionHints) ? name : null;
}

function contactList(items: readonly Json[], keyed: boolean, regionHints: readonly string[]): ListVerdict | null {
  if (mostly(items, (i) => contactName(i, keyed, regionHints) !== null) === 0) return null;
  const names = items.slice(0, MAX_ITEMS_CHECKED).map((i) => contactName(i, keyed, regionHints)).filter((n): n is string => n !== null);
  if (!keyed && names.length < 2) return null;
  return { dataType: 'contacts', detector: 'list:contacts', count: items.length, confident: true, sample: names[0]!,
    recognised: names };
}

// ---- browsing history ----------------------------------------------------------------------------------------

interface UrlItem {
  url: string;
  visited: boolean;
}

function urlOf(item: Json): UrlItem | null {
  if (typeof item === 'string') return HTTP_URL.test(item.trim()) ? { url: item.trim(), visited: false } : null;
  const fields = fieldsOf(item);
  const url = fields ? firstField(fields, URL_FIELDS) : undefined;
  if (typeof url !== 'string' || !HTTP_URL.test(url)) return null;
  return { url, visited: firstField(fields!, VISIT_FIELDS) !== undefined };
}

function parsedUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function isAssetUrl(url: string): boolean {
  const u = parsedUrl(url);
  return u !== null && ASSET_EXTENSION.test(u.pathname);
}

/** A page someone would visit: a web address with a short query, not a resource, pixel or API call. */
function isPageUrl(url: string): boolean {
  const u = parsedUrl(url);
  if (!u || url.length > MAX_PAGE_URL_CHARS || ASSET_EXTENSION.test(u.pathname)) return false;
  return [...u.searchParams.keys()].length <= MAX_PAGE_QUERY_PARAMS;
}

function siteOf(url: string): string {
  const host = parsedUrl(url)?.hostname.toLowerCase() ?? '';
  return getDomain(host) ?? host;
}

/**
 * Without a key naming the list: records with visit times or titles on two or more hosts (a history export), or
 * page URLs on three or more sites (one site's URLs are that site's own navigation or assets).
 */
function unkeyedUrlsConvince(urls: readonly UrlItem[]): boolean {
  const visits = urls.filter((u) => u.visited).length;
  const hosts = new Set(urls.map((u) => parsedUrl(u.url)?.hostname.toLowerCase()));
  if (visits >= 3 && hosts.size >= 2) return true;
  const pages = urls.filter((u) => isPageUrl(u.url)).length;
  return pages >= Math.ceil(urls.length * MOSTLY) && new Set(urls.map((u) => siteOf(u.url))).size >= 3;
}

function historyList(items: readonly Json[], keyed: boolean): ListVerdict | null {
  if (mostly(items, (i) => urlOf(i) !== null) === 0) return null;
  const urls = items.slice(0, MAX_ITEMS_CHECKED).map(urlOf).filter((u): u is UrlItem => u !== null);
  if (urls.filter((u) => isAssetUrl(u.url)).length * 2 >= urls.length) return null; // a prefetch/asset list
  if (!keyed && !unkeyedUrlsConvince(urls)) return null;
  return { dataType: 'browsing.history', detector: 'list:browsing-history', count: items.length, confident: keyed,
    sample: urls[0]!.url, recognised: urls.map((u) => u.url) };
}

// ---- JSON text that cannot hold a list ------------------------------------------------------------------------

/** What normalizeKey removes: a key name may carry these anywhere ("package_name", "Bundle-ID"). */
const KEY_FILLER = '[\\s_.$-]*';

/**
 * A JSON member name that normalises to one of `names`, then its ':'. Case-insensitive with Unicode case folding, so
 * every spelling normalizeKey lower-cases into a name is matched (only the Kelvin sign lower-cases into ASCII).
 */
function memberNamed(names: Iterable<string>): RegExp {
  const alternatives = [...names].map((n) => [...n].join(KEY_FILLER));
  return new RegExp(`"${KEY_FILLER}(?:${alternatives.join('|')})${KEY_FILLER}"\\s*:`, 'iu');
}

const PACKAGE_TOKEN = /^[a-z][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const REACH_FIELD = memberNamed([...PHONE_FIELDS, ...EMAIL_FIELDS]);
const URL_START = /https?:/i;
const WRITTEN_PHONE_GAP = /\d[ ()-]{1,3}\d/;
/** Every NAME_FIELDS name ends in "name"; a person's name starts with a capital, or is written in Han characters. */
const NAME_FIELD_LETTERS = /n[\s_.$-]*a[\s_.$-]*m[\s_.$-]*e/i;
const NAME_VALUE = /"\s*\p{Lu}/u;
const HAN = /\p{Script=Han}/u;
/** NAME_VALUE on ASCII text: the only uppercase letters and spaces there are ASCII ones (also a quick first try). */
const ASCII_NAME_VALUE = /"\s*[A-Z]/;

/**
 * A string value that may be a person's name: starting with a capital letter, or Han characters anywhere. Text
 * with as many characters as bytes holds only ASCII (and U+FFFD for invalid bytes): the ASCII test is enough.
 */
function mayHoldNameValue(text: string, bytes: number): boolean {
  if (ASCII_NAME_VALUE.test(text)) return true;
  return text.length !== bytes && (NAME_VALUE.test(text) || HAN.test(text));
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Whether the package string at [start, end) is an array element (after '[' or ',', before ',' or ']') or the value
 * of a package field ("pkg": "..."). JSON whitespace may surround it; the text has no escapes (see jsonMayHoldList).
 */
function packageInList(text: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && isJsonSpace(text.charCodeAt(before))) before--;
  let after = end;
  while (after < text.length && isJsonSpace(text.charCodeAt(after))) after++;
  const open = text[before];
  if ((open === '[' || open === ',') && (text[after] === ',' || text[after] === ']')) return true;
  if (open !== ':') return false;
  let keyEnd = before - 1;
  while (keyEnd >= 0 && isJsonSpace(text.charCodeAt(keyEnd))) keyEnd--;
  if (text[keyEnd] !== '"') return false;
  const keyStart = text.lastIndexOf('"', keyEnd - 1);
  return keyStart >= 0 && PACKAGE_FIELDS.has(normalizeKey(text.slice(keyStart + 1, keyEnd)) ?? '');
}

function isPackageChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e;
}

/**
 * A package-name string ("com.vendor.app", quotes included) in a list context. Found from the dots, which JSON
 * bodies hold few of: the run of name characters around each dot, between quotes, is the candidate string.
 */
function mayHoldPackageList(text: string): boolean {
  for (let dot = text.indexOf('.'); dot >= 0;) {
    let start = dot;
    while (start > 0 && isPackageChar(text.charCodeAt(start - 1))) start--;
    let end = dot;
    while (end < text.length && isPackageChar(text.charCodeAt(end))) end++;
    if (text[start - 1] === '"' && text[end] === '"' && PACKAGE_TOKEN.test(text.slice(start, end))
      && packageInList(text, start - 1, end + 1)) return true;
    dot = text.indexOf('.', end);
  }
  return false;
}

/** A contact needs a name (a name field, or a capitalised or Han value) and a way to reach it. */
function mayHoldContacts(text: string, bytes: number): boolean {
  if (!NAME_FIELD_LETTERS.test(text) && !mayHoldNameValue(text, bytes)) return false;
  return text.includes('@') || text.includes('+') || WRITTEN_PHONE_GAP.test(text) || REACH_FIELD.test(text);
}

/**
 * False when JSON text cannot hold an array that classifyList would accept, so it need not be parsed: every
 * verdict needs a URL ("http:"/"https:"), a package name (as an array element or under a package field), or a
 * contact (a name, and an e-mail '@', a phone written with '+' or digit groups, or a phone/e-mail field). Text with
 * a backslash may hide any of these in escapes and is always parsed.
 */
export function jsonMayHoldList(text: string, bytes: number): boolean {
  if (text.includes('\\') || URL_START.test(text)) return true;
  return mayHoldPackageList(text) || mayHoldContacts(text, bytes);
}

// ---- entry point ---------------------------------------------------------------------------------------------

export interface ClassifyOptions {
  /** Normalised key the list sits under (the array's member name, or the field's key), if any. */
  key: string | null;
  regionHints: readonly string[];
  /** The items were split out of one string rather than parsed from a JSON array. */
  delimited: boolean;
}

export function classifyList(items: readonly Json[], options: ClassifyOptions): ListVerdict | null {
  if (items.length === 0) return null;
  const key = options.key ?? '';
  return appList(items, APP_LIST_KEY.test(key), options.delimited)
    ?? contactList(items, CONTACT_KEY.test(key), options.regionHints)
    ?? historyList(items, HISTORY_KEY.test(key));
}
