/**
 * Profile-free detection: personal data recognised by shape, key names and content (emails, phones, IMEI, MAC, IP,
 * ad ids, locations, app/contact/history lists, media, biometrics), plus signals (id-assigned, media-upload,
 * biometric-endpoint) and blind spots (opaque and truncated bodies). Findings come from request-side views only and
 * are never 'confirmed' — only a known value from the device profile confirms.
 *
 * The detector returned keeps one piece of state across the exchanges of a run: media uploads by upload id, so that
 * chunks after the first are tied to the media they continue. Use one detector per run, fed in capture order.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { DecodedExchange, View } from '../../decode/types.js';
import { InputError } from '../../errors.js';
import { cmp } from '../../util/compare.js';
import type { BlindSpotHit, Detection, ExchangeDetector, Finding, IdCandidate, Signal } from '../types.js';
import type { DetectorSession, ExchangeContext, FamilyResult, Hit, ScanView } from './context.js';
import { byteOffsetOf, ChildIndex, excerptWindow, normalizeKey, oneLine, scanViewOf } from './context.js';
import { FAMILIES } from './registry.js';

export { SDK_DEVICE_ID } from './keys.js';
export { shannonEntropy } from './opaque.js';
export { ID_ASSIGNMENT_SCOPE } from './id-assigned.js';
export { sniffMedia, mediaDurationSeconds } from './media-formats.js';

export interface GenericDetectorOptions {
  /** ISO 3166-1 alpha-2 regions used to read national phone numbers (default US and CN). */
  regionHints?: string[];
  /** See DetectorOptions.markRunState. */
  markRunState?: boolean;
}

/** National numbers need a region; the lawsuit's setting (a US user, Chinese SDKs) makes these the default. */
export const DEFAULT_REGION_HINTS: readonly string[] = ['US', 'CN'];

const CONFIDENCE_RANK = { likely: 2, possible: 1 } as const;

function checkedRegionHints(hints: readonly string[] | undefined): string[] {
  const list = (hints ?? DEFAULT_REGION_HINTS).map((h) => h.trim().toUpperCase());
  for (const h of list) {
    if (!isSupportedCountry(h)) throw new InputError('--region', null, `"${h}" is not a supported ISO 3166-1 region code`);
  }
  return [...new Set(list)].sort(cmp);
}

/** Layers whose children together cover a URL (its path segments and query fields). */
function isUrlSplitLayer(layer: string): boolean {
  return layer === 'query' || layer === 'path';
}

function lastLayer(view: View): string | undefined {
  const layers = view.layers;
  return layers.length === 0 ? undefined : layers[layers.length - 1];
}

/** Whether `child` is an immediate child of the view at `parent` (its path continues it by exactly one '|' step). */
function isImmediateChild(child: string, parent: string): boolean {
  return child.length > parent.length && child.charCodeAt(parent.length) === 0x7c && child.lastIndexOf('|') === parent.length
    && child.startsWith(parent);
}

/**
 * Paths of URLs that the query and path layers split into pieces: every immediate child is a query or path part.
 * Only parents of such parts are candidates, and there are few (the request URL, a URL-valued field).
 */
function splitUrlPaths(views: readonly View[]): string[] {
  const candidates: string[] = [];
  for (const v of views) {
    const layer = lastLayer(v);
    if (layer === undefined || !isUrlSplitLayer(layer)) continue;
    const cut = v.path.lastIndexOf('|');
    if (cut > 0 && !candidates.includes(v.path.slice(0, cut))) candidates.push(v.path.slice(0, cut));
  }
  return candidates.filter((parent) => !views.some((v) => {
    const layer = lastLayer(v);
    return layer !== undefined && !isUrlSplitLayer(layer) && isImmediateChild(v.path, parent);
  }));
}

/** The views as families see them, in decode order (families that depend on order sort what they need). */
function scanViews(views: readonly View[]): ScanView[] {
  const splitUrls = splitUrlPaths(views);
  const children = new ChildIndex(views);
  const out = new Array<ScanView>(views.length);
  for (let i = 0; i < views.length; i++) {
    const view = views[i]!;
    const splitUrl = splitUrls.length > 0 && splitUrls.includes(view.path);
    out[i] = scanViewOf(view, normalizeKey(view.key), children, !view.covered && !splitUrl);
  }
  return out;
}

/** Host (as hostOf gives it) and lower-cased path of the exchange URL, from one parse. */
function hostAndPath(url: string): { host: string; urlPath: string } {
  try {
    const u = new URL(url);
    return { host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), urlPath: u.pathname.toLowerCase() };
  } catch {
    return { host: '', urlPath: '' };
  }
}

function contextFor(decoded: DecodedExchange, regionHints: readonly string[], session: DetectorSession): ExchangeContext {
  const request: ScanView[] = [];
  const response: ScanView[] = [];
  for (const sv of scanViews(decoded.views)) (sv.view.side === 'request' ? request : response).push(sv);
  const { host, urlPath } = hostAndPath(decoded.exchange.url);
  return {
    exchange: decoded.exchange,
    host,
    urlPath,
    request,
    response,
    regionHints,
    session,
    media: new Map(),
  };
}

function toFinding(hit: Hit, ctx: ExchangeContext, text: string | null): Finding {
  const ex = ctx.exchange;
  const window = hit.excerpt === undefined && text !== null ? excerptWindow(text, hit.index, hit.matched.length) : null;
  return {
    dataType: hit.dataType,
    source: ex.source,
    time: ex.time,
    host: ctx.host,
    method: ex.method,
    path: hit.path ?? hit.view.path,
    transform: [],
    match: hit.match,
    confidence: hit.confidence,
    detector: hit.detector,
    field: null,
    matched: hit.matched,
    excerpt: hit.excerpt ?? window?.excerpt ?? oneLine(hit.matched).slice(0, 160),
    ...(window ? { excerptAt: window.excerptAt } : {}),
    offset: text !== null ? byteOffsetOf(text, hit.index) : hit.index,
    ...(hit.details ? { details: hit.details } : {}),
  };
}

function findingsOf(hits: readonly Hit[], ctx: ExchangeContext): Finding[] {
  const byView = new Map<View, ScanView>(ctx.request.map((sv) => [sv.view, sv]));
  return dedupe(hits.map((h) => toFinding(h, ctx, byView.get(h.view)?.text ?? null)));
}

/** One finding per (path, data type, matched text); the first detector in registry order wins a tie. */
function dedupe(findings: Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.path}\u0000${f.dataType}\u0000${f.matched}`;
    const prior = best.get(key);
    if (!prior || CONFIDENCE_RANK[f.confidence as 'likely' | 'possible'] > CONFIDENCE_RANK[prior.confidence as 'likely' | 'possible']) {
      best.set(key, f);
    }
  }
  return [...best.values()];
}

function sortFindings(a: Finding, b: Finding): number {
  return cmp(a.path, b.path) || a.offset - b.offset || cmp(a.dataType, b.dataType) || cmp(a.detector, b.detector)
    || cmp(a.matched, b.matched);
}

function sortCandidates(a: IdCandidate, b: IdCandidate): number {
  return cmp(a.path, b.path) || cmp(a.value, b.value);
}

function sortSignals(a: Signal, b: Signal): number {
  return cmp(a.kind, b.kind) || cmp(a.path, b.path) || cmp(JSON.stringify(a.details), JSON.stringify(b.details));
}

function sortBlindSpots(a: BlindSpotHit, b: BlindSpotHit): number {
  return cmp(a.kind, b.kind) || cmp(a.detail, b.detail);
}

export function createGenericDetector(options: GenericDetectorOptions = {}): ExchangeDetector {
  const regionHints = checkedRegionHints(options.regionHints);
  const session: DetectorSession = { uploads: new Map(), idShapes: new Map(), markRunState: options.markRunState === true };
  return (decoded: DecodedExchange): Detection => {
    const ctx = contextFor(decoded, regionHints, session);
    const hits: Hit[] = [];
    const signals: Signal[] = [];
    const blindSpots: BlindSpotHit[] = [];
    const candidates: IdCandidate[] = [];
    let runState = false;
    for (const family of FAMILIES) {
      const r: Partial<FamilyResult> = family.detect(ctx);
      if (r.hits) for (const h of r.hits) hits.push(h);
      if (r.signals) for (const x of r.signals) signals.push(x);
      if (r.blindSpots) for (const b of r.blindSpots) blindSpots.push(b);
      if (r.candidates) for (const c of r.candidates) candidates.push(c);
      if (r.runState) runState = true;
    }
    const findings = hits.length === 0 ? [] : findingsOf(hits, ctx);
    const detection: Detection = {
      findings: findings.sort(sortFindings),
      signals: signals.length > 1 ? signals.sort(sortSignals) : signals,
      blindSpots: blindSpots.length > 1 ? blindSpots.sort(sortBlindSpots) : blindSpots,
      candidates: candidates.length > 1 ? candidates.sort(sortCandidates) : candidates,
    };
    if (runState) detection.runState = true;
    return detection;
  };
}
