/**
 * Lists that reveal a person — installed apps, contacts, browsing history (list-shapes.ts says what their items look
 * like) — found in three forms: JSON arrays in JSON-looking views (bounded size and depth; one finding per array,
 * at the array's own evidence path), strings of items split by newlines, commas, semicolons, pipes or spaces
 * ("com.a.b,com.c.d" in a query field, one URL per line in a form field; one finding per field), and vCards.
 * Every finding carries details.count.
 */
import type { View } from '../../decode/types.js';
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { clipMatched, featuresOf, inPathOrder, MIN_SCANNED_BYTES, normalizeKey, oneLine, scannableText } from './context.js';
import { classifyList, jsonMayHoldList, MAX_ITEMS_CHECKED, type Json, type ListVerdict } from './list-shapes.js';

const MAX_JSON_CHARS = 512 * 1024;
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;
/** Total JSON text parsed per exchange: nested views repeat their parents' bytes, so bound the sum. */
const MAX_PARSED_CHARS_PER_EXCHANGE = 4 * 1024 * 1024;
/** Delimited lists are looked for in field-sized text only. */
const MAX_DELIMITED_CHARS = 64 * 1024;
/** Separators tried in order: a line per item first, because URLs may hold commas, semicolons and pipes. */
const SEPARATORS: readonly RegExp[] = [/\r?\n/, /,/, /;/, /\|/, /\s+/];

/** Start of the evidence path of JSON nodes inside a view: reuse the view's json selector when it has one. */
function jsonPathPrefix(view: View): string {
  if (/\|json:\$[^|]*$/.test(view.path)) return view.path;
  if (view.path.endsWith('|json')) return `${view.path}:$`;
  return `${view.path}|json:$`;
}

function memberPath(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

interface Walk {
  nodes: number;
  found: { sub: string; items: Json[]; key: string | null }[];
}

/** Counts a node against the bounds; true when it is an array or object within them, to be walked into. */
function enters(node: Json, depth: number, state: Walk): node is Json[] | { [k: string]: Json } {
  if (depth > MAX_DEPTH || ++state.nodes > MAX_NODES) return false;
  return node !== null && typeof node === 'object';
}

/** Collects every array (pre-order) with its path and key; paths are built only for arrays and objects. */
function walk(node: Json[] | { [k: string]: Json }, sub: string, key: string | null, depth: number, state: Walk): void {
  if (Array.isArray(node)) {
    state.found.push({ sub, items: node, key });
    const n = Math.min(node.length, MAX_ITEMS_CHECKED);
    for (let i = 0; i < n; i++) {
      const child = node[i]!;
      if (enters(child, depth + 1, state)) walk(child, `${sub}[${i}]`, key, depth + 1, state);
    }
    return;
  }
  for (const k of Object.keys(node)) {
    const child = node[k]!;
    if (enters(child, depth + 1, state)) walk(child, sub + memberPath(k), normalizeKey(k), depth + 1, state);
  }
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

/** Lists already reported in this exchange: JSON arrays by path, delimited strings by the items they hold. */
interface Reported {
  paths: Set<string>;
  items: Set<string>;
}

function jsonLists(sv: ScanView, regionHints: readonly string[], reported: Reported): Hit[] {
  if (!jsonMayHoldList(sv.text!, sv.view.bytes.length)) return [];
  const root = parseJson(sv.text!);
  if (root === undefined) return [];
  const state: Walk = { nodes: 0, found: [] };
  if (enters(root, 0, state)) walk(root, '', sv.normKey, 0, state);
  if (state.found.length === 0) return [];
  const prefix = jsonPathPrefix(sv.view);
  const hits: Hit[] = [];
  for (const f of state.found) {
    const path = prefix + f.sub;
    const verdict = reported.paths.has(path) ? null : classifyList(f.items, { key: f.key, regionHints, delimited: false });
    if (!verdict) continue;
    reported.paths.add(path);
    hits.push(listHit(sv.view, path, verdict, oneLine(JSON.stringify(f.items)).slice(0, 160)));
  }
  return hits;
}

/** Pieces split off first: enough for the MAX_ITEMS_CHECKED items a verdict looks at, in most texts. */
const FIRST_PIECES = MAX_ITEMS_CHECKED + 100;

function itemsOf(pieces: readonly string[]): string[] {
  const items: string[] = [];
  for (const piece of pieces) {
    const item = piece.trim();
    if (item !== '') items.push(item);
  }
  return items;
}

/**
 * Items of `text` split by `separator`: all of them, or (when there are more) at least the first MAX_ITEMS_CHECKED,
 * which is all a verdict reads; `complete` says which. A long log is not split whole for every separator.
 */
function splitItems(text: string, separator: RegExp): { items: string[]; complete: boolean } {
  const pieces = text.split(separator, FIRST_PIECES);
  const items = itemsOf(pieces);
  if (pieces.length < FIRST_PIECES) return { items, complete: true };
  if (items.length >= MAX_ITEMS_CHECKED) return { items, complete: false };
  return { items: itemsOf(text.split(separator)), complete: true };
}

function delimitedVerdict(text: string, key: string | null, regionHints: readonly string[]): ListVerdict | null {
  for (const separator of SEPARATORS) {
    const { items, complete } = splitItems(text, separator);
    if (items.length < 2) continue;
    const options = { key, regionHints, delimited: true };
    const verdict = classifyList(items, options);
    // The verdict reads only the first items; its count needs them all.
    if (verdict) return complete ? verdict : classifyList(itemsOf(text.split(separator)), options);
  }
  return null;
}

/**
 * A field whose value is a list of items in one string. Views run innermost first, so the field itself is reported
 * and a view that contains it (the whole URL, a raw body) is skipped when it repeats mostly the same items.
 */
function delimitedList(sv: ScanView, regionHints: readonly string[], reported: Reported): Hit[] {
  const text = sv.text!;
  if (sv.view.covered || text.length > MAX_DELIMITED_CHARS || /^\s*[[{]/.test(text)) return [];
  const verdict = delimitedVerdict(text, sv.normKey, regionHints);
  if (!verdict || verdict.recognised.filter((item) => reported.items.has(item)).length * 2 >= verdict.recognised.length) return [];
  for (const item of verdict.recognised) reported.items.add(item);
  return [listHit(sv.view, sv.view.path, verdict, oneLine(text).slice(0, 160))];
}

function vCards(sv: ScanView): Hit[] {
  const f = featuresOf(sv);
  if (f === null || f.colons === 0 || f.bytes < 11) return [];
  const text = sv.text!;
  const count = text.match(/BEGIN:VCARD/gi)?.length ?? 0;
  if (count === 0 || !/\n(TEL|EMAIL)[;:]/i.test(text)) return [];
  const index = text.search(/BEGIN:VCARD/i);
  return [{ view: sv.view, dataType: 'contacts', match: 'heuristic', confidence: 'likely', detector: 'list:vcard',
    matched: 'BEGIN:VCARD', index, details: { count } }];
}

const JSON_START = /^\s*[[{]/;

/** /^\s*[[{]/ on the text; an ASCII first byte is the text's first character, so it is read from the bytes. */
function startsLikeJson(sv: ScanView): boolean {
  const first = sv.view.bytes[0];
  return first === 0x5b || first === 0x7b;
}

function looksLikeJson(sv: ScanView): boolean {
  if (startsLikeJson(sv)) return true;
  const first = sv.view.bytes[0]!;
  // Otherwise only leading whitespace (ASCII, or a non-ASCII space or BOM) can come before the bracket.
  return (first >= 0x80 || (CHAR_IS_SPACE[first] ?? 0) === 1) && sv.text !== null && JSON_START.test(sv.text);
}

const CHAR_IS_SPACE = Uint8Array.from({ length: 128 }, (_, c) => (/\s/.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * Delimited items can only be package names (they hold '.') or URLs ("http:"/"https:"), and need a separator; JSON
 * lists need JSON text. A view with neither cannot give a list. JSON is checked first: large covered bodies are
 * parsed, not counted.
 */
function mayHoldList(sv: ScanView): boolean {
  // The shortest list is two package names or one in a JSON array (`["a.b"]`): well over five bytes.
  if (sv.view.bytes.length < MIN_SCANNED_BYTES) return false;
  if (looksLikeJson(sv)) return sv.text !== null;
  const f = featuresOf(sv);
  return f !== null && f.separator && (f.dots > 0 || f.httpColon);
}

function longerPathFirst(a: ScanView, b: ScanView): number {
  return b.view.path.length - a.view.path.length;
}

function detectLists(ctx: ExchangeContext): { hits: Hit[] } {
  const reported: Reported = { paths: new Set(), items: new Set() };
  const hits: Hit[] = [];
  // Innermost views first, so a list is reported at the most specific view that holds it.
  // Views that can hold neither kind of list are left out first (the sort is stable: the order of the rest holds).
  const views = inPathOrder(ctx.request.filter(mayHoldList)).sort(longerPathFirst);
  let budget = MAX_PARSED_CHARS_PER_EXCHANGE;
  for (const sv of views) {
    for (const h of delimitedList(sv, ctx.regionHints, reported)) hits.push(h);
    if (!looksLikeJson(sv) || sv.text!.length > budget) continue;
    budget -= sv.text!.length;
    for (const h of jsonLists(sv, ctx.regionHints, reported)) hits.push(h);
  }
  for (const sv of scannableText(ctx)) for (const h of vCards(sv)) hits.push(h);
  return { hits };
}

export const listFamily: DetectorFamily = { name: 'lists', detect: detectLists };
