/**
 * One exchange → all its views: URL, headers, cookies and bodies of request and response (server-sent events in a
 * text/event-stream response body become `response.body|sse:N`). WebSocket messages are decoded apart, one unit per
 * message (decodeMessages), because each has its own time and direction.
 */
import type { Exchange, HttpMessage, NameValue, WebSocketMessage } from '../ingest/types.js';
import type { DecodedExchange, DecodeLimits, View } from './types.js';
import { DecodeSession, expandView, type ViewHints } from './engine.js';
import type { DecodeContext } from './context.js';
import { DECODERS } from './registry.js';
import { resolveLimits } from './limits.js';
import { OccurrenceCounter, occurrenceSelector } from './paths.js';
import { bareMimeType, forgetTextFacts, isJsonType, utf8 } from './bytes.js';
import { PROTOBUF_TYPES } from './formats/protobuf.js';

type Side = 'request' | 'response';

const NO_HINTS: ViewHints = { mimeType: null, contentType: null, contentEncoding: null };

/** Response bodies worth decoding: where servers hand out ids (device_register → device_id), not pages or scripts. */
const RESPONSE_TYPES = new Set([
  'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/msgpack',
  'application/x-msgpack', 'application/vnd.msgpack', 'application/cbor', ...PROTOBUF_TYPES,
  // Server-sent events: the server pushing ids and settings to the device, one event at a time.
  'text/event-stream',
]);

/**
 * Standard headers whose values follow a fixed grammar (RFC 9110/9111, Fetch) and carry no payload to decode: they
 * stay views for detectors but skip the decoders, which matters since headers are most of the views of a capture.
 */
const PLAIN_HEADERS = new Set([
  'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'alt-svc', 'cache-control',
  'connection', 'content-encoding', 'content-language', 'content-length', 'content-type', 'date', 'expires', 'host',
  'keep-alive', 'last-modified', 'pragma', 'server', 'strict-transport-security', 'te', 'timing-allow-origin',
  'transfer-encoding', 'upgrade-insecure-requests', 'vary', 'via', 'x-content-type-options', 'x-frame-options',
  'x-xss-protection', 'content-security-policy', 'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user',
  'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-allow-credentials', 'access-control-expose-headers', 'access-control-max-age',
]);

function rootView(path: string, bytes: Uint8Array, side: Side, key: string | null): View {
  return { path, bytes, key, layers: [], side, covered: false };
}

function addRoot(session: DecodeSession, view: View, hints: ViewHints): View | null {
  if (!session.addRoot(view)) return null;
  expandView(session, view, hints);
  return view;
}

function headerValue(headers: NameValue[], name: string): string | null {
  const found = headers.find((h) => h.name.toLowerCase() === name);
  return found ? found.value : null;
}

/** Cookies from a Cookie header ("a=1; b=2") when the capture did not list them separately. */
function parseCookieHeader(value: string): NameValue[] {
  return value.split(';').map((piece) => piece.trim()).filter((piece) => piece.includes('=')).map((piece) => {
    const eq = piece.indexOf('=');
    return { name: piece.slice(0, eq).trim(), value: piece.slice(eq + 1).trim() };
  });
}

/** Name and value of a Set-Cookie header (the attributes after the first `;` are not data). */
function parseSetCookie(value: string): NameValue | null {
  const first = value.split(';', 1)[0];
  const eq = first.indexOf('=');
  return eq > 0 ? { name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim() } : null;
}

/**
 * Whether the cookie views hold everything of this Cookie header: every piece is a name=value pair among them (a
 * capture's own cookie list may differ from the header it came with, and a piece without "=" is not a cookie).
 */
function cookiesHold(header: string, cookies: readonly NameValue[]): boolean {
  const everyPieceACookie = header.split(';').every((piece) => piece.trim() === '' || piece.includes('='));
  return everyPieceACookie && parseCookieHeader(header)
    .every(({ name, value }) => value === '' || cookies.some((c) => c.name === name && c.value === value));
}

function cookiesOf(message: HttpMessage, side: Side): NameValue[] {
  if (message.cookies.length) return message.cookies;
  if (side === 'request') {
    return message.headers.filter((h) => h.name.toLowerCase() === 'cookie').flatMap((h) => parseCookieHeader(h.value));
  }
  return message.headers.filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => parseSetCookie(h.value)).filter((c): c is NameValue => c !== null);
}

function decodeHeadersAndCookies(session: DecodeSession, message: HttpMessage, side: Side): void {
  const cookies = cookiesOf(message, side);
  const cookieHeader = side === 'request' ? 'cookie' : 'set-cookie';
  const headerCounter = new OccurrenceCounter();
  const cookieHeaders: View[] = [];
  for (const header of message.headers) {
    // HTTP/2 pseudo-headers (:authority, :path) repeat the URL.
    if (header.name.startsWith(':') || header.value === '') continue;
    const selector = occurrenceSelector(header.name, headerCounter.next(header.name.toLowerCase()));
    const view = rootView(`${side}.headers:${selector}`, utf8(header.value), side, header.name);
    const lower = header.name.toLowerCase();
    if (lower === cookieHeader && cookies.length) {
      view.covered = true; // the cookie views below hold the same values, split
      if (session.addRoot(view) && side === 'request' && cookiesHold(header.value, cookies)) cookieHeaders.push(view);
    } else if (PLAIN_HEADERS.has(lower)) {
      session.addRoot(view);
    } else {
      addRoot(session, view, NO_HINTS);
    }
  }
  const cookieCounter = new OccurrenceCounter();
  let allCookiesMade = true;
  for (const cookie of cookies) {
    const selector = occurrenceSelector(cookie.name, cookieCounter.next(cookie.name));
    if (cookie.value === '') continue;
    const made = addRoot(session, rootView(`${side}.cookies:${selector}`, utf8(cookie.value), side, cookie.name), NO_HINTS);
    allCookiesMade &&= made !== null;
  }
  // A header whose cookies were all made is read through them; one cut short by a limit is still read whole.
  if (allCookiesMade) for (const header of cookieHeaders) header.splitElsewhere = true;
}

function bodyHints(message: HttpMessage): ViewHints {
  const contentType = headerValue(message.headers, 'content-type');
  return {
    mimeType: message.mimeType ?? bareMimeType(contentType),
    contentType,
    contentEncoding: headerValue(message.headers, 'content-encoding'),
  };
}

function decodeRequest(session: DecodeSession, exchange: Exchange): void {
  addRoot(session, rootView('request.url', utf8(exchange.url), 'request', null), NO_HINTS);
  const request = exchange.request;
  decodeHeadersAndCookies(session, request, 'request');
  if (!request.body || request.body.length === 0) return;
  if (request.bodyTruncated) {
    session.issue('truncated-body', 'request.body', 'the capture cut this body; content past the cut is unseen',
      request.body.length);
  }
  addRoot(session, rootView('request.body', request.body, 'request', null), bodyHints(request));
}

function responseBodyDecodable(mimeType: string | null): boolean {
  return mimeType === null || isJsonType(mimeType) || RESPONSE_TYPES.has(mimeType) || mimeType.startsWith('application/grpc');
}

function decodeResponse(session: DecodeSession, exchange: Exchange): void {
  const response = exchange.response;
  if (!response) return;
  decodeHeadersAndCookies(session, response, 'response');
  const body = response.body;
  if (!body || body.length === 0) return;
  const view = rootView('response.body', body, 'response', null);
  const hints = bodyHints(response);
  const decodable = responseBodyDecodable(hints.mimeType);
  if (!decodable || body.length > session.limits.maxResponseBytes) {
    if (decodable) {
      session.issue('size-limit', 'response.body',
        `response body of ${body.length} bytes over ${session.limits.maxResponseBytes}; kept raw, not decoded`, body.length);
    }
    session.addRoot(view);
    return;
  }
  // Responses are bounded harder: no decompression past a few times the response cap.
  const full = session.limits;
  session.limits = { ...full, maxInflatedBytes: Math.min(full.maxInflatedBytes, full.maxResponseBytes * 4) };
  try {
    addRoot(session, view, hints);
  } finally {
    session.limits = full;
  }
}

/**
 * Every view of one exchange, request side first, in document order, with the issues met on the way. A stream of
 * exchanges passes its own `context` (createDecodeContext) so repeated values are recognised across exchanges.
 */
export function decodeExchange(exchange: Exchange, limits?: Partial<DecodeLimits>, context?: DecodeContext): DecodedExchange {
  const session = new DecodeSession(resolveLimits(limits), DECODERS, context);
  decodeRequest(session, exchange);
  decodeResponse(session, exchange);
  forgetTextFacts();
  return { exchange, views: session.views, issues: session.issues };
}

/** The request side carries what the device sent; the response side what it received. */
const SIDE_OF_DIRECTION: Record<WebSocketMessage['direction'], Side> = { send: 'request', receive: 'response' };

/**
 * The exchange as one message sees it: same URL, method and server, the message's own time and source (with
 * `message` set), and no HTTP headers or bodies — those belong to the exchange and are decoded once, with it.
 */
function messageExchange(exchange: Exchange, index: number, message: WebSocketMessage): Exchange {
  const time = message.time ?? exchange.time;
  return {
    source: { ...exchange.source, message: index },
    time,
    timeMs: message.time === null ? exchange.timeMs : Date.parse(message.time),
    method: exchange.method,
    url: exchange.url,
    httpVersion: exchange.httpVersion,
    serverIp: exchange.serverIp,
    request: { headers: [], cookies: [], body: null, mimeType: null, bodyTruncated: false },
    response: null,
    notes: [],
  };
}

/**
 * Every WebSocket message of an exchange as its own decoded unit: views under `ws[I].send` (what the device sent,
 * request side) or `ws[I].receive` (response side), I being the message's index in Exchange.messages; the unit's
 * exchange carries the message's time and `source.message = I`, so a finding in it points at the message.
 * Messages of a raw TCP/UDP/DNS flow (mitmproxy) are named `msg[I].send` / `msg[I].receive` the same way.
 */
export function decodeMessages(exchange: Exchange, limits?: Partial<DecodeLimits>, context?: DecodeContext): DecodedExchange[] {
  const messages = exchange.messages;
  if (!messages || messages.length === 0) return [];
  const resolved = resolveLimits(limits);
  const prefix = exchange.notes.includes('websocket') || /^wss?:/i.test(exchange.url) ? 'ws' : 'msg';
  const units: DecodedExchange[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.data.length === 0) continue;
    const session = new DecodeSession(resolved, DECODERS, context);
    const path = `${prefix}[${index}].${message.direction}`;
    if (message.truncated) {
      session.issue('truncated-body', path, 'the capture cut this message; content past the cut is unseen', message.data.length);
    }
    addRoot(session, rootView(path, message.data, SIDE_OF_DIRECTION[message.direction], null), NO_HINTS);
    units.push({ exchange: messageExchange(exchange, index, message), views: session.views, issues: session.issues });
  }
  forgetTextFacts();
  return units;
}

export interface DecodeBytesOptions {
  /** Path of the root view (default "request.body"). */
  basePath?: string;
  side?: Side;
  key?: string | null;
  mimeType?: string | null;
  contentType?: string | null;
  contentEncoding?: string | null;
  limits?: Partial<DecodeLimits>;
  /** The stream's decode context (see decodeExchange); a fresh one when absent. */
  context?: DecodeContext;
}

/** Decodes one buffer as if it were a part of an exchange (tests, tools, re-decoding a stored view). */
export function decodeBytes(bytes: Uint8Array, options: DecodeBytesOptions = {}): { views: View[]; issues: DecodedExchange['issues'] } {
  const session = new DecodeSession(resolveLimits(options.limits), DECODERS, options.context);
  const root = rootView(options.basePath ?? 'request.body', bytes, options.side ?? 'request', options.key ?? null);
  if (options.mimeType) root.mimeType = options.mimeType;
  addRoot(session, root, {
    mimeType: options.mimeType ?? null,
    contentType: options.contentType ?? null,
    contentEncoding: options.contentEncoding ?? null,
  });
  forgetTextFacts();
  return { views: session.views, issues: session.issues };
}
