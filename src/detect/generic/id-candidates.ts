/**
 * Identifier candidates of one exchange, for correlate/: values shaped like an identifier (id-shape.ts) and where
 * they sat. Request side: query fields, cookies, body fields and custom headers (the value was sent). Response side:
 * Set-Cookie values (with the cookie's lifetime), redirect (Location) query fields and JSON fields under id-like keys
 * (a server handed the value to the client). URL path segments, the Referer/Origin headers and standard headers are
 * left out: paths and referrers hold content names and other sites' URLs, not ids handed over on purpose.
 *
 * Per exchange the work and the output are bounded (MAX_CANDIDATES); a value is kept once per path.
 */
import type { CandidateCarrier, IdCandidate, IdShape } from '../types.js';
import type { DetectorFamily, ExchangeContext, ScanView } from './context.js';
import { isNotIdentifierKey, MAX_ID_CHARS, MIN_ID_CHARS, shapeOf, type IdShapeMemo } from './id-shape.js';

const MAX_CANDIDATES = 96;
const MAX_RESPONSE_CANDIDATES = 32;
/** Sub-tokens are looked for in short values only ("IPON:<uuid>", "setuids('<id>','<id>')"). */
const MAX_TOKENIZED_CHARS = 256;
const MAX_TOKENS_PER_VIEW = 8;
/** Separators between tokens; a value without one (most values) is not split at all. */
const TOKEN_SPLIT = /[^A-Za-z0-9._~+/=-]+/;

/** Request headers that are standard or carry other sites' URLs: never where an SDK puts an id it means to send. */
const SKIPPED_REQUEST_HEADERS = new Set([
  'host', 'user-agent', 'referer', 'origin', 'accept', 'accept-encoding', 'accept-language', 'accept-charset', 'cookie',
  'connection', 'content-type', 'content-length', 'content-encoding', 'cache-control', 'pragma', 'if-none-match',
  'if-modified-since', 'if-match', 'if-range', 'range', 'upgrade-insecure-requests', 'dnt', 'te', 'via', 'purpose',
  'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'sec-ch-ua', 'sec-ch-ua-mobile',
  'sec-ch-ua-platform', 'x-requested-with', 'authorization', 'proxy-authorization', 'priority', 'x-forwarded-for',
]);

/** JSON response keys under which a server hands out an id: "...id", "uuid", "guid", "token"-less on purpose. */
const ID_KEY = /(?:id|uuid|guid)$/;

function carrierOf(sv: ScanView): CandidateCarrier | null {
  const p = sv.view.path;
  if (sv.view.side === 'request') {
    if (p.startsWith('request.url|')) return p.startsWith('request.url|path:') ? null : 'query';
    if (p.startsWith('request.cookies:')) return 'cookie';
    if (p.startsWith('request.body')) return 'body';
    if (p.startsWith('request.headers:')) {
      const name = p.slice('request.headers:'.length).split(/[|[]/, 1)[0]!.toLowerCase();
      return SKIPPED_REQUEST_HEADERS.has(name) || name.startsWith(':') ? null : 'header';
    }
    return null;
  }
  if (p.startsWith('response.cookies:')) return 'set-cookie';
  if (/^response\.headers:location\|/i.test(p)) return p.includes('|path:') ? null : 'location';
  if (p.startsWith('response.body') && p.includes('json:')) return sv.normKey !== null && ID_KEY.test(sv.normKey) ? 'json' : null;
  return null;
}

interface ShapedValue {
  value: string;
  part: boolean;
  /** Its shape, kept so the candidate is not looked up in the memo a second time (a lookup hashes the string). */
  shape: IdShape;
}

/** The whole value when it is id-shaped, and id-shaped tokens inside short values. */
function valuesOf(memo: IdShapeMemo, text: string, nowMs: number): ShapedValue[] {
  const whole = text.trim();
  const out: ShapedValue[] = [];
  const wholeShape = shapeOf(memo, whole, nowMs);
  if (wholeShape !== null) out.push({ value: whole, part: false, shape: wholeShape });
  if (whole.length > MAX_TOKENIZED_CHARS || whole.length <= MIN_ID_CHARS || !TOKEN_SPLIT.test(whole)) return out;
  for (const token of whole.split(TOKEN_SPLIT)) {
    if (out.length >= MAX_TOKENS_PER_VIEW) break;
    if (token === whole || token.length < MIN_ID_CHARS || token.length > MAX_ID_CHARS || out.some((o) => o.value === token)) continue;
    const shape = shapeOf(memo, token, nowMs);
    if (shape !== null) out.push({ value: token, part: true, shape });
  }
  return out;
}

/** Layers that only re-encode a value: when what they decode to is itself id-shaped, that is the id, not the wrapper. */
const REENCODING_LAYERS = new Set(['base64', 'base64url', 'url', 'hex', 'base32', 'base58']);

/** Paths of views whose re-encoding child holds an id-shaped value ("google_hm" → its base64-decoded id). */
function wrappersOfIds(memo: IdShapeMemo, views: readonly ScanView[], nowMs: number): Set<string> {
  const wrappers = new Set<string>();
  for (const sv of views) {
    const layers = sv.view.layers;
    const last = layers[layers.length - 1];
    if (last === undefined || !REENCODING_LAYERS.has(last)) continue;
    const text = sv.view.bytes.length <= MAX_TOKENIZED_CHARS ? sv.text : null;
    if (text === null || shapeOf(memo, text.trim(), nowMs) === null) continue;
    const cut = sv.view.path.lastIndexOf('|');
    if (cut > 0) wrappers.add(sv.view.path.slice(0, cut));
  }
  return wrappers;
}

/**
 * A response that repeats what its own request carried (a redirect echoing the query, a cookie set to the value just
 * sent) hands the client nothing new: it is not where the value was set.
 */
function echoesRequest(ctx: ExchangeContext, value: string): boolean {
  if (ctx.exchange.url.includes(value)) return true;
  return ctx.request.some((sv) => sv.text !== null && sv.view.bytes.length <= MAX_TOKENIZED_CHARS * 4 && sv.text.includes(value));
}

/**
 * Lifetime of each cookie a response sets, by cookie name, from the Set-Cookie headers: Max-Age wins over Expires
 * (RFC 6265 §5.3); a cookie with neither is a session cookie (null).
 */
export function setCookieLifetimes(ctx: ExchangeContext): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const response = ctx.exchange.response;
  if (!response) return out;
  for (const h of response.headers) {
    if (h.name.toLowerCase() !== 'set-cookie') continue;
    // Some exporters join several Set-Cookie headers with newlines into one.
    for (const line of h.value.split('\n')) {
      const parts = line.split(';');
      const eq = parts[0]!.indexOf('=');
      if (eq <= 0) continue;
      out.set(parts[0]!.slice(0, eq).trim(), lifetimeOf(parts.slice(1), ctx.exchange.timeMs));
    }
  }
  return out;
}

function lifetimeOf(attributes: string[], nowMs: number): number | null {
  let expires: number | null = null;
  for (const attribute of attributes) {
    const eq = attribute.indexOf('=');
    const name = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : attribute.slice(eq + 1).trim();
    if (name === 'max-age' && /^-?\d{1,12}$/.test(value)) return Math.max(0, Number(value));
    if (name === 'expires') {
      const at = Date.parse(value);
      if (Number.isFinite(at)) expires = Math.max(0, Math.round((at - nowMs) / 1000));
    }
  }
  return expires;
}

function detectCandidates(ctx: ExchangeContext): { candidates: IdCandidate[] } {
  const candidates: IdCandidate[] = [];
  const seen = new Set<string>();
  const nowMs = ctx.exchange.timeMs;
  let lifetimes: Map<string, number | null> | null = null;
  let responseCount = 0;
  const views = [...ctx.request, ...ctx.response];
  const memo = ctx.session.idShapes;
  const wrappers = wrappersOfIds(memo, views, nowMs);
  for (const sv of views) {
    if (candidates.length >= MAX_CANDIDATES) break;
    const bytes = sv.view.bytes.length;
    // wrappers is most often empty, and a lookup would hash the path all the same.
    if (bytes < MIN_ID_CHARS || bytes > MAX_TOKENIZED_CHARS * 4 || (wrappers.size > 0 && wrappers.has(sv.view.path))) continue;
    // A view a structured decoder split into children (a JSON body, a form) is read through its children: its tokens
    // would be the same values again under a vaguer path.
    if (sv.view.covered) continue;
    const carrier = carrierOf(sv);
    if (carrier === null || isNotIdentifierKey(sv.normKey) || sv.text === null) continue;
    const isResponse = sv.view.side === 'response';
    if (isResponse && responseCount >= MAX_RESPONSE_CANDIDATES) continue;
    for (const { value, part, shape } of valuesOf(memo, sv.text, nowMs)) {
      const dedupe = `${sv.view.path}\u0000${value}`;
      if (seen.has(dedupe) || (isResponse && echoesRequest(ctx, value))) continue;
      seen.add(dedupe);
      const candidate: IdCandidate = {
        value, side: sv.view.side, carrier, key: sv.view.key, path: sv.view.path, shape,
      };
      if (part) candidate.part = true;
      if (carrier === 'set-cookie') {
        lifetimes ??= setCookieLifetimes(ctx);
        candidate.lifetimeSeconds = sv.view.key !== null ? lifetimes.get(sv.view.key) ?? null : null;
      }
      candidates.push(candidate);
      if (isResponse) responseCount++;
    }
  }
  return { candidates };
}

export const idCandidateFamily: DetectorFamily = { name: 'id-candidates', detect: detectCandidates };
