/**
 * Lists that reveal a person — installed apps, contacts, browsing history (list-shapes.ts says what their items look
 * like) — found in three forms: JSON arrays in JSON-looking views (bounded size and depth; one finding per array,
 * at the array's own evidence path), strings of items split by newlines, commas, semicolons, pipes or spaces
 * ("com.a.b,com.c.d" in a query field, one URL per line in a form field; one finding per field), and vCards.
 * Every finding carries details.count.
 */
import type { View } from '../../decode/types.js';
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { clipMatched, normalizeKey, oneLine, scannableText } from './context.js';
import { classifyList, MAX_ITEMS_CHECKED, type Json, type ListVerdict } from './list-shapes.js';

const MAX_JSON_CHARS = 512 * 1024;
const MAX_DEPTH = 32;
const MAX_NODES = 50_000;
/** Total JSON text parsed per exchange: nested views repeat their parents' bytes, so bound the sum. */
const MAX_PARSED_CHARS_PER_EXCHANGE = 4 * 1024 * 1024;
/** Delimited lists are looked for in field-sized text only. */
const MAX_DELIMITED_CHARS = 64 * 1024;
/** Separators tried in order: a line per item first, because URLs may hold commas, semicolons and pipes. */
const SEPARATORS: readonly RegExp[] = [/\r?\n/, /,/, /;/, /\|/, /\s+/];

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

/** Lists already reported in this exchange: JSON arrays by path, delimited strings by the items they hold. */
interface Reported {
  paths: Set<string>;
  items: Set<string>;
}

function jsonLists(sv: ScanView, regionHints: readonly string[], reported: Reported): Hit[] {
  const root = parseJson(sv.text!);
  if (root === undefined) return [];
  const state: Walk = { nodes: 0, found: [] };
  walk(root, '', sv.normKey, 0, state);
  const hits: Hit[] = [];
  for (const f of state.found) {
    const path = jsonPath(sv.view, f.sub);
    const verdict = reported.paths.has(path) ? null : classifyList(f.items, { key: f.key, regionHints, delimited: false });
    if (!verdict) continue;
    reported.paths.add(path);
    hits.push(listHit(sv.view, path, verdict, oneLine(JSON.stringify(f.items)).slice(0, 160)));
  }
  return hits;
}

function delimitedVerdict(text: string, key: string | null, regionHints: readonly string[]): ListVerdict | null {
  for (const separator of SEPARATORS) {
    const items = text.split(separator).map((s) => s.trim()).filter((s) => s !== '');
    if (items.length < 2) continue;
    const verdict = classifyList(items, { key, regionHints, delimited: true });
    if (verdict) return verdict;
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
  const text = sv.text!;
  const count = text.match(/BEGIN:VCARD/gi)?.length ?? 0;
  if (count === 0 || !/\n(TEL|EMAIL)[;:]/i.test(text)) return [];
  const index = text.search(/BEGIN:VCARD/i);
  return [{ view: sv.view, dataType: 'contacts', match: 'heuristic', confidence: 'likely', detector: 'list:vcard',
    matched: 'BEGIN:VCARD', index, details: { count } }];
}

function detectLists(ctx: ExchangeContext): { hits: Hit[] } {
  const reported: Reported = { paths: new Set(), items: new Set() };
  const hits: Hit[] = [];
  // Innermost views first, so a list is reported at the most specific view that holds it.
  const views = ctx.request.filter((sv) => sv.text !== null).sort((a, b) => b.view.path.length - a.view.path.length);
  let budget = MAX_PARSED_CHARS_PER_EXCHANGE;
  for (const sv of views) {
    hits.push(...delimitedList(sv, ctx.regionHints, reported));
    if (!/^\s*[[{]/.test(sv.text!) || sv.text!.length > budget) continue;
    budget -= sv.text!.length;
    hits.push(...jsonLists(sv, ctx.regionHints, reported));
  }
  for (const sv of scannableText(ctx)) hits.push(...vCards(sv));
  return { hits };
}

export const listFamily: DetectorFamily = { name: 'lists', detect: detectLists };
