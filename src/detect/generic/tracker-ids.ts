/**
 * Well-known tracker identifiers by name (catalog/tracker-ids.json): a value under a key that the vendor's own
 * documentation names as its identifier of the browser or device (Google Analytics `cid`, Meta `_fbp`, Adobe `mid`,
 * Krux `_kuid_`, ...), limited to the vendor's hosts where the key is generic. The value must still look like an
 * identifier (id-shape.ts). Data type tracking.id, match "key", confidence "likely".
 */
import { loadCatalog, type TrackerIdRule } from '../../catalog/index.js';
import type { CandidateCarrier } from '../types.js';
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { clipMatched, normalizeKey } from './context.js';
import { shapeOf } from './id-shape.js';

interface CompiledRule {
  rule: TrackerIdRule;
  keys: ReadonlySet<string>;
  pattern: RegExp | null;
}

interface CompiledRules {
  byKey: Map<string, CompiledRule[]>;
  prefixed: CompiledRule[];
}

function compile(trackerIds: readonly TrackerIdRule[]): CompiledRules {
  const byKey = new Map<string, CompiledRule[]>();
  const prefixed: CompiledRule[] = [];
  for (const rule of trackerIds) {
    const keys = new Set(rule.keys.map((k) => normalizeKey(k)).filter((k): k is string => k !== null));
    const c: CompiledRule = { rule, keys, pattern: rule.pattern ? new RegExp(rule.pattern) : null };
    for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), c]);
    if (rule.keyPrefixes.length > 0) prefixed.push(c);
  }
  return { byKey, prefixed };
}

/** Compiled once, when the module loads: the catalog is read-only data, so this is never written again. */
const COMPILED: Readonly<CompiledRules> = compile(loadCatalog().trackerIds);

const rules = (): Readonly<CompiledRules> => COMPILED;

function carrierOf(path: string): CandidateCarrier | null {
  if (path.startsWith('request.url|query:')) return 'query';
  if (path.startsWith('request.cookies:')) return 'cookie';
  if (path.startsWith('request.body')) return 'body';
  if (path.startsWith('request.headers:')) return 'header';
  return null;
}

function hostMatches(host: string, suffixes: readonly string[] | undefined): boolean {
  if (!suffixes) return true;
  return suffixes.some((s) => host === s || host.endsWith(`.${s}`));
}

const NO_RULES: readonly CompiledRule[] = [];

/**
 * Rules for the view's key: by name, then by prefix. Almost every key matches none, so nothing is allocated until one
 * does (this runs for every keyed view of a capture).
 */
function candidateRules(sv: ScanView): readonly CompiledRule[] {
  const { byKey, prefixed } = rules();
  const found = sv.normKey !== null ? byKey.get(sv.normKey) : undefined;
  const key = sv.view.key;
  let withPrefixed: CompiledRule[] | null = null;
  if (key !== null) {
    for (const c of prefixed) {
      if (startsWithAny(key, c.rule.keyPrefixes)) (withPrefixed ??= found ? [...found] : []).push(c);
    }
  }
  return withPrefixed ?? found ?? NO_RULES;
}

function startsWithAny(key: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (key.startsWith(p)) return true;
  return false;
}

function detectTrackerIds(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of ctx.request) {
    if (sv.view.key === null) continue;
    const matching = candidateRules(sv);
    if (matching.length === 0 || sv.text === null) continue;
    const carrier = carrierOf(sv.view.path);
    for (const { rule, pattern } of matching) {
      if (carrier === null || !rule.carriers.includes(carrier as TrackerIdRule['carriers'][number])) continue;
      if (!hostMatches(ctx.host, rule.hosts)) continue;
      const text = sv.text;
      const m = pattern ? pattern.exec(text) : null;
      const value = pattern ? m?.[1] ?? null : text.trim();
      if (value === null || shapeOf(ctx.session.idShapes, value, ctx.exchange.timeMs) === null) continue;
      hits.push({
        view: sv.view, dataType: 'tracking.id', match: 'key', confidence: 'likely', detector: `tracker-id:${rule.id}`,
        matched: clipMatched(value), index: Math.max(0, text.indexOf(value)), details: { tracker: rule.name },
      });
      break;
    }
  }
  return { hits };
}

export const trackerIdFamily: DetectorFamily = { name: 'tracker-ids', detect: detectTrackerIds };
