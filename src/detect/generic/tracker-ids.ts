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

function candidateRules(sv: ScanView): CompiledRule[] {
  const { byKey, prefixed } = rules();
  const found = sv.normKey !== null ? byKey.get(sv.normKey) ?? [] : [];
  const key = sv.view.key;
  if (key === null || prefixed.length === 0) return found;
  return [...found, ...prefixed.filter((c) => c.rule.keyPrefixes.some((p) => key.startsWith(p)))];
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
