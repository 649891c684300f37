/**
 * Lists that reveal a person: installed-app lists (arrays of Android package names, or of objects carrying one),
 * contact lists (records with a name and a phone number or e-mail, or vCards) and browsing history (URLs with
 * titles or visit times). JSON arrays are found by parsing JSON-looking views (bounded size and depth); one finding
 * per array, at the array's own evidence path, with details.count. A key that names the list (applist, contacts,
 * history) lowers the bar; without one, the items themselves must be unmistakable.
 */
import type { View } from '../../decode/types.js';
import type { DataTypeId } from '../types.js';
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { clipMatched, normalizeKey, oneLine, scannableText } from './context.js';
import { isEmailAddress, phoneDigits } from './validators.js';

const MAX_JSON_CHARS = 512 * 1024;
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;
const MAX_ITEMS_CHECKED = 500;
/** Total JSON text parsed per exchange: nested views repeat their parents' bytes, so bound the sum. */
const MAX_PARSED_CHARS_PER_EXCHANGE = 4 * 1024 * 1024;

const APP_LIST_KEYS = new Set(['applist', 'apps', 'installedapps', 'installedapplist', 'packagelist', 'pkglist',
  'packages', 'installedpackages', 'userapps', 'appinfos', 'applistinfo']);
const CONTACT_KEYS = new Set(['contacts', 'contactlist', 'addressbook', 'phonebook', 'contact']);
const HISTORY_KEYS = new Set(['history', 'browsinghistory', 'browserhistory', 'visitedurls', 'visited', 'historylist',
  'webhistory']);
const PACKAGE_FIELDS = new Set(['pkg', 'package', 'packagename', 'pkgname', 'pn', 'bundleid', 'apppkg', 'apppackage',
  'packageid']);
const NAME_FIELDS = new Set(['name', 'displayname', 'fullname', 'firstname', 'lastname', 'givenname', 'familyname',
  'nickname', 'contactname']);
const PHONE_FIELDS = new Set(['phone', 'phones', 'phonenumber', 'phonenumbers', 'mobile', 'tel', 'number', 'numbers',
  'msisdn']);
const EMAIL_FIELDS = new Set(['email', 'emails', 'mail']);
const URL_FIELDS = new Set(['url', 'link', 'href', 'pageurl', 'uri']);
const VISIT_FIELDS = new Set(['title', 'visittime', 'lastvisit', 'lastvisittime', 'visitcount', 'time', 'timestamp',
  'date', 'visitedat']);
const HOST_TLDS = new Set(['com', 'net', 'org', 'cn', 'io', 'co', 'us', 'uk', 'de', 'jp', 'ru', 'info', 'app', 'dev']);
const ASSET_EXTENSION = /\.(png|jpe?g|gif|webp|svg|css|js|woff2?|ttf|mp4|m3u8|ico)(\?|$)/i;
const PACKAGE_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIRST_SEGMENT = /^[a-z][a-z0-9_]*$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface ListVerdict {
  dataType: DataTypeId;
  detector: string;
  count: number;
  confident: boolean;
  sample: string;
}

function isPackageName(s: string): boolean {
  const segs = s.split('.');
  if (segs.length < 2 || segs.length > 8 || !FIRST_SEGMENT.test(segs[0]!) || segs[0] === 'www') return false;
  if (HOST_TLDS.has(segs[segs.length - 1]!.toLowerCase())) return false; // a hostname, not a package
  return segs.every((seg) => PACKAGE_SEGMENT.test(seg));
}

function fieldsOf(item: Json): Map<string, Json> | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null;
  const fields = new Map<string, Json>();
  for (const [k, v] of Object.entries(item)) fields.set(normalizeKey(k) ?? k, v);
  return fields;
}

function firstField(fields: Map<string, Json>, names: Set<string>): Json | undefined {
  for (const [k, v] of fields) if (names.has(k)) return v;
  return undefined;
}

function mostly(items: readonly Json[], test: (item: Json) => boolean): number {
  const checked = items.slice(0, MAX_ITEMS_CHECKED);
  const good = checked.filter(test).length;
  return good >= Math.ceil(checked.length * 0.8) ? good : 0;
}

function packageOf(item: Json): string | null {
  if (typeof item === 'string') return isPackageName(item) ? item : null;
  const fields = fieldsOf(item);
  const v = fields ? firstField(fields, PACKAGE_FIELDS) : undefined;
  return typeof v === 'string' && isPackageName(v) ? v : null;
}

function appList(items: readonly Json[], keyed: boolean): ListVerdict | null {
  const packages = items.slice(0, MAX_ITEMS_CHECKED).map(packageOf).filter((p): p is string => p !== null);
  if (mostly(items, (i) => packageOf(i) !== null) === 0) return null;
  const vendors = new Set(packages.map((p) => p.split('.')[1]));
  const distinct = new Set(packages).size;
  if (!keyed && (distinct < 3 || vendors.size < 2)) return null;
  return { dataType: 'device.installed_apps', detector: 'list:installed-apps', count: items.length,
    confident: keyed || vendors.size >= 5, sample: packages[0]! };
}

function hasPhoneOrEmail(v: Json | undefined): boolean {
  if (typeof v === 'string') return phoneDigits(v) !== null || isEmailAddress(v);
  if (typeof v === 'number') return phoneDigits(String(v)) !== null;
  if (Array.isArray(v)) return v.some((x) => hasPhoneOrEmail(x) || hasPhoneOrEmail(firstField(fieldsOf(x) ?? new Map(), PHONE_FIELDS)));
  return false;
}

function isContact(item: Json): boolean {
  const fields = fieldsOf(item);
  if (!fields) return false;
  const name = firstField(fields, NAME_FIELDS);
  if (typeof name !== 'string' || name.trim() === '') return false;
  return hasPhoneOrEmail(firstField(fields, PHONE_FIELDS)) || hasPhoneOrEmail(firstField(fields, EMAIL_FIELDS));
}

function contactList(items: readonly Json[], keyed: boolean): ListVerdict | null {
  const good = mostly(items, isContact);
  if (good === 0 || (!keyed && good < 2)) return null;
  const first = fieldsOf(items.find(isContact)!)!;
  return { dataType: 'contacts', detector: 'list:contacts', count: items.length, confident: true,
    sample: String(firstField(first, NAME_FIELDS)) };
}

function urlOf(item: Json): { url: string; visited: boolean } | null {
  if (typeof item === 'string') return /^https?:\/\/[^\s/]+/i.test(item) ? { url: item, visited: false } : null;
  const fields = fieldsOf(item);
  const url = fields ? firstField(fields, URL_FIELDS) : undefined;
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+/i.test(url)) return null;
  return { url, visited: firstField(fields!, VISIT_FIELDS) !== undefined };
}

function historyList(items: readonly Json[], keyed: boolean): ListVerdict | null {
  const urls = items.slice(0, MAX_ITEMS_CHECKED).map(urlOf).filter((u): u is { url: string; visited: boolean } => u !== null);
  if (mostly(items, (i) => urlOf(i) !== null) === 0) return null;
  if (urls.filter((u) => ASSET_EXTENSION.test(u.url)).length * 2 >= urls.length) return null; // a prefetch/asset list
  const visits = urls.filter((u) => u.visited).length;
  const hosts = new Set(urls.map((u) => /^https?:\/\/([^/?#:]+)/i.exec(u.url)![1]!.toLowerCase()));
  if (!keyed && (visits < 3 || hosts.size < 2)) return null;
  return { dataType: 'browsing.history', detector: 'list:browsing-history', count: items.length, confident: keyed,
    sample: urls[0]!.url };
}

function classify(items: readonly Json[], key: string | null): ListVerdict | null {
  if (items.length === 0) return null;
  return appList(items, key !== null && APP_LIST_KEYS.has(key))
    ?? contactList(items, key !== null && CONTACT_KEYS.has(key))
    ?? historyList(items, key !== null && HISTORY_KEYS.has(key));
}

/** Evidence path of a JSON node inside a view: reuse the view's json selector when it has one. */
function jsonPath(view: View, sub: string): string {
  if (/\|json:\$[^|]*$/.test(view.path)) return view.path + sub;
  if (view.path.endsWith('|json')) return `${view.path}:$${sub}`;
  return `${view.path}|json:$${sub}`;
}

function memberPath(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

interface Walk {
  nodes: number;
  found: { sub: string; items: Json[]; key: string | null }[];
}

function walk(node: Json, sub: string, key: string | null, depth: number, state: Walk): void {
  if (depth > MAX_DEPTH || ++state.nodes > MAX_NODES || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    state.found.push({ sub, items: node, key });
    node.slice(0, MAX_ITEMS_CHECKED).forEach((child, i) => walk(child, `${sub}[${i}]`, key, depth + 1, state));
    return;
  }
  for (const [k, v] of Object.entries(node)) walk(v, sub + memberPath(k), normalizeKey(k), depth + 1, state);
}

function parseJson(text: string): Json | undefined {
  const t = text.trim();
  if (t.length > MAX_JSON_CHARS || !/^[[{]/.test(t)) return undefined;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return undefined; // not JSON after all, or nested past the engine's stack: nothing to list
  }
}

function listHit(view: View, path: string, v: ListVerdict, excerpt: string): Hit {
  return { view, path, dataType: v.dataType, match: 'heuristic', confidence: v.confident ? 'likely' : 'possible',
    detector: v.detector, matched: clipMatched(v.sample), index: 0, excerpt, details: { count: v.count } };
}

function jsonLists(sv: ScanView, seen: Set<string>): Hit[] {
  const root = parseJson(sv.text!);
  if (root === undefined) return [];
  const state: Walk = { nodes: 0, found: [] };
  walk(root, '', sv.normKey, 0, state);
  const hits: Hit[] = [];
  for (const f of state.found) {
    const path = jsonPath(sv.view, f.sub);
    const verdict = seen.has(path) ? null : classify(f.items, f.key);
    if (!verdict) continue;
    seen.add(path);
    hits.push(listHit(sv.view, path, verdict, oneLine(JSON.stringify(f.items)).slice(0, 160)));
  }
  return hits;
}

/** "com.a.b,com.c.d" under an app-list key (query and form values). */
function delimitedAppList(sv: ScanView): Hit[] {
  if (!sv.normKey || !APP_LIST_KEYS.has(sv.normKey) || /^\s*[[{]/.test(sv.text!)) return [];
  const items = sv.text!.split(/[,;|\s]+/).filter((s) => s !== '');
  const verdict = items.length > 0 ? appList(items, true) : null;
  return verdict ? [listHit(sv.view, sv.view.path, verdict, oneLine(sv.text!).slice(0, 160))] : [];
}

function vCards(sv: ScanView): Hit[] {
  const text = sv.text!;
  const count = text.match(/BEGIN:VCARD/gi)?.length ?? 0;
  if (count === 0 || !/\n(TEL|EMAIL)[;:]/i.test(text)) return [];
  const index = text.search(/BEGIN:VCARD/i);
  return [{ view: sv.view, dataType: 'contacts', match: 'heuristic', confidence: 'likely', detector: 'list:vcard',
    matched: 'BEGIN:VCARD', index, details: { count } }];
}

function detectLists(ctx: ExchangeContext): { hits: Hit[] } {
  const seen = new Set<string>();
  const hits: Hit[] = [];
  // Innermost views first, so an array is reported at the most specific view that holds it.
  const views = ctx.request.filter((sv) => sv.text !== null).sort((a, b) => b.view.path.length - a.view.path.length);
  let budget = MAX_PARSED_CHARS_PER_EXCHANGE;
  for (const sv of views) {
    hits.push(...delimitedAppList(sv));
    if (!/^\s*[[{]/.test(sv.text!) || sv.text!.length > budget) continue;
    budget -= sv.text!.length;
    hits.push(...jsonLists(sv, seen));
  }
  for (const sv of scannableText(ctx)) hits.push(...vCards(sv));
  return { hits };
}

export const listFamily: DetectorFamily = { name: 'lists', detect: detectLists };
