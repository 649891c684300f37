/**
 * mitmproxy dump files (`mitmdump -w`, "Save flows"): a sequence of tnetstring-encoded flows. Supported: the flow
 * formats with a version number of 7 or more (mitmproxy 4 and later; 7–21 are in the test corpus). HTTP flows become
 * exchanges with the bodies exactly as they crossed the wire (still content-encoded: mitmproxy stores raw content);
 * WebSocket messages ride on their handshake exchange; TCP/UDP/DNS flows become exchanges marked "non-http".
 */
import { isIP } from 'node:net';
import { InputError } from '../errors.js';
import { cookiesFromCookieHeaders, cookiesFromSetCookieHeaders, headerValue, normalizeMimeType } from './body.js';
import type { ByteSource } from './source.js';
import { formatIsoUtc } from './time.js';
import { parseRecord, readRecord, TnetError, type TnetDict, type TnetValue } from './tnetstring.js';
import type { Exchange, HttpMessage, HttpResponse, NameValue, WebSocketMessage } from './types.js';

export interface MitmproxyOptions {
  input: number;
  maxBodyBytes: number;
  maxEntryBytes: number;
  maxDepth: number;
}

/** Oldest flow format read: mitmproxy 4 (2018). Older dumps have no version number or a different layout. */
const OLDEST_FLOW_VERSION = 7;
/** From this format on, WebSocket messages live in the HTTP flow (mitmproxy 7); before, in a separate flow. */
const MERGED_WEBSOCKET_VERSION = 12;
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };
const utf8 = new TextDecoder('utf-8');

export async function* readMitmproxyExchanges(src: ByteSource, file: string, options: MitmproxyOptions): AsyncGenerator<Exchange> {
  for (let index = 0; ; index++) {
    const record = await readRecord(src, file, { maxRecordBytes: options.maxEntryBytes, maxDepth: options.maxDepth }, index);
    if (!record) return;
    const where = `flow ${index}, byte ${record.byte}`;
    let flow: TnetValue;
    try {
      flow = parseRecord(record.bytes, options.maxDepth);
    } catch (e) {
      if (e instanceof TnetError) throw new InputError(file, `flow ${index}, byte ${record.byte + e.at}`, `invalid tnetstring: ${e.message}`);
      throw e;
    }
    yield flowToExchange(flow, new FlowContext(file, where, index, options));
  }
}

class FlowContext {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly index: number,
    readonly options: MitmproxyOptions,
  ) {}

  fail(problem: string): never {
    throw new InputError(this.file, this.where, problem);
  }
}

function flowToExchange(value: TnetValue, ctx: FlowContext): Exchange {
  const flow = asDict(value) ?? ctx.fail('a flow is not a dictionary');
  const version = flow.version;
  if (typeof version !== 'number') ctx.fail('flow has no format version: mitmproxy dumps older than mitmproxy 4 are not supported');
  if (version < OLDEST_FLOW_VERSION) ctx.fail(`flow format version ${version} is older than ${OLDEST_FLOW_VERSION} (mitmproxy 4): not supported`);
  const type = text(flow.type) ?? 'http';
  if (type === 'http') return httpExchange(flow, version, ctx);
  if (type === 'websocket') return legacyWebSocketExchange(flow, ctx);
  return nonHttpExchange(flow, type, ctx);
}

function httpExchange(flow: TnetDict, version: number, ctx: FlowContext): Exchange {
  const request = asDict(flow.request) ?? ctx.fail('HTTP flow without a request');
  const startedSeconds = typeof request.timestamp_start === 'number' ? request.timestamp_start : flow.timestamp_created;
  const notes: string[] = [];
  const requestMessage = readMessage(request, ctx, notes, 'request');
  const response = readResponse(asDict(flow.response), ctx, notes);
  const exchange: Exchange = {
    source: { input: ctx.options.input, index: ctx.index },
    ...timeOf(startedSeconds, ctx),
    method: text(request.method) ?? ctx.fail('request has no method'),
    url: requestUrl(request, requestMessage.headers, ctx),
    httpVersion: nonEmpty(text(request.http_version)),
    serverIp: serverIpOf(asDict(flow.server_conn)),
    request: requestMessage,
    response,
    notes,
  };
  const websocket = asDict(flow.websocket);
  if (websocket || asDict(flow.metadata)?.websocket === true) notes.push('websocket');
  if (websocket && version >= MERGED_WEBSOCKET_VERSION) {
    const messages = readWebSocketMessages(websocket.messages, ctx);
    if (messages.length > 0) exchange.messages = messages;
  }
  addErrorNote(flow, notes);
  return exchange;
}

/** Before format 12, WebSocket messages were a flow of their own, after the handshake's HTTP flow. */
function legacyWebSocketExchange(flow: TnetDict, ctx: FlowContext): Exchange {
  const server = asDict(flow.server_conn);
  const messages = readWebSocketMessages(flow.messages, ctx);
  const [host, port] = addressOf(server?.address);
  const secure = server?.tls_established === true || port === 443;
  const firstMessage = asList(flow.messages)?.map(asList)[0]?.[3];
  const notes = ['websocket', 'handshake-in-separate-flow'];
  addErrorNote(flow, notes);
  const time = typeof server?.timestamp_start === 'number' ? server.timestamp_start : firstMessage;
  return messageFlowExchange(ctx, time, 'WEBSOCKET', buildUrl(secure ? 'wss' : 'ws', host ?? '', port, '/'), server, notes, messages);
}

/** An exchange that carries messages instead of HTTP bodies (WebSocket, TCP, UDP, DNS flows). */
function messageFlowExchange(
  ctx: FlowContext, time: TnetValue | undefined, method: string, url: string, server: TnetDict | null, notes: string[],
  messages: WebSocketMessage[],
): Exchange {
  const exchange: Exchange = {
    source: { input: ctx.options.input, index: ctx.index },
    ...timeOf(time, ctx),
    method,
    url,
    httpVersion: null,
    serverIp: serverIpOf(server),
    request: emptyMessage(),
    response: null,
    notes,
  };
  if (messages.length > 0) exchange.messages = messages;
  return exchange;
}

/** TCP, UDP and DNS flows: no HTTP to decode, but the destination and the payloads still count. */
function nonHttpExchange(flow: TnetDict, type: string, ctx: FlowContext): Exchange {
  const server = asDict(flow.server_conn);
  const client = asDict(flow.client_conn);
  const [host, port] = addressOf(server?.address);
  const messages: WebSocketMessage[] = [];
  for (const item of asList(flow.messages) ?? []) {
    // [from_client, content, timestamp]
    const [fromClient, content, timestamp] = asList(item) ?? [];
    if (!(content instanceof Uint8Array)) continue;
    const cut = cutBytes(content, ctx.options.maxBodyBytes);
    messages.push({ direction: fromClient === true ? 'send' : 'receive', time: secondsToIso(timestamp), opcode: null, ...cut });
  }
  const notes = ['non-http', type];
  addErrorNote(flow, notes);
  const time = flow.timestamp_created ?? client?.timestamp_start ?? server?.timestamp_start;
  return messageFlowExchange(ctx, time, type.toUpperCase(), buildUrl(type, host ?? '', port, '/'), server, notes, messages);
}

function readMessage(message: TnetDict, ctx: FlowContext, notes: string[], side: 'request' | 'response'): HttpMessage {
  const headers = readHeaders(message.headers);
  const content = message.content;
  let body: Uint8Array | null = null;
  let bodyTruncated = false;
  if (content instanceof Uint8Array) {
    if (content.length > 0) {
      const cut = cutBytes(content, ctx.options.maxBodyBytes);
      body = cut.data;
      bodyTruncated = cut.truncated;
    }
  } else if (content === null) {
    // mitmproxy keeps no content for streamed bodies.
    notes.push(`${side}-body-not-captured`);
  }
  return {
    headers,
    cookies: side === 'request' ? cookiesFromCookieHeaders(headers) : cookiesFromSetCookieHeaders(headers),
    body,
    mimeType: normalizeMimeType(headerValue(headers, 'content-type')),
    bodyTruncated,
  };
}

function readResponse(response: TnetDict | null, ctx: FlowContext, notes: string[]): HttpResponse | null {
  if (!response) {
    notes.push('no-response');
    return null;
  }
  const status = typeof response.status_code === 'number' ? response.status_code : 0;
  return { status, ...readMessage(response, ctx, notes, 'response') };
}

/** [[type, from_client, content, timestamp, ...]] with type 1 = text, 2 = binary (WebSocket opcodes). */
function readWebSocketMessages(value: TnetValue, ctx: FlowContext): WebSocketMessage[] {
  const messages: WebSocketMessage[] = [];
  for (const item of asList(value) ?? []) {
    const [opcode, fromClient, content, timestamp] = asList(item) ?? [];
    const bytes = content instanceof Uint8Array ? content : typeof content === 'string' ? new TextEncoder().encode(content) : null;
    if (!bytes) continue;
    const cut = cutBytes(bytes, ctx.options.maxBodyBytes);
    messages.push({
      direction: fromClient === true ? 'send' : 'receive',
      time: secondsToIso(timestamp),
      opcode: typeof opcode === 'number' ? opcode : null,
      ...cut,
    });
  }
  return messages;
}

/**
 * The URL as mitmproxy shows it (`pretty_url`): scheme, the host the client asked for (HTTP/2 authority, else the
 * Host header, else the connection's host), the connection's port when not the default, and the path.
 */
function requestUrl(request: TnetDict, headers: NameValue[], ctx: FlowContext): string {
  const scheme = (text(request.scheme) ?? 'http').toLowerCase();
  const path = text(request.path) ?? '';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path; // absolute-form request target (plain HTTP proxying)
  const asked = nonEmpty(text(request.authority)) ?? nonEmpty(headerValue(headers, 'host'));
  const host = (asked ? withoutPort(asked) : null) ?? text(request.host) ?? ctx.fail('request has no host');
  const port = typeof request.port === 'number' ? request.port : null;
  return buildUrl(scheme, host, port, path);
}

/** "example.com:8443" → "example.com"; "[2001:db8::1]:443" → "2001:db8::1". */
function withoutPort(authority: string): string {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    return close > 0 ? authority.slice(1, close) : authority;
  }
  const colon = authority.indexOf(':');
  return colon >= 0 && authority.indexOf(':', colon + 1) < 0 ? authority.slice(0, colon) : authority;
}

function buildUrl(scheme: string, host: string, port: number | null, path: string): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const showPort = port !== null && DEFAULT_PORTS[scheme] !== port;
  return `${scheme}://${bracketed}${showPort ? `:${port}` : ''}${path}`;
}

/** The address the proxy connected to: `peername` (mitmproxy 7+) or `ip_address` (older), kept only if it is an IP. */
function serverIpOf(server: TnetDict | null): string | null {
  if (!server) return null;
  for (const key of ['peername', 'ip_address']) {
    const [host] = addressOf(server[key]);
    if (host && isIP(host) !== 0) return host;
  }
  return null;
}

/** [host, port] pairs; mitmproxy 4 wraps some in {address: [host, port]}. */
function addressOf(value: TnetValue | undefined): [string | null, number | null] {
  const dict = asDict(value ?? null);
  const list = asList(dict ? (dict.address ?? null) : (value ?? null));
  if (!list) return [null, null];
  return [text(list[0] ?? null), typeof list[1] === 'number' ? list[1] : null];
}

function readHeaders(value: TnetValue): NameValue[] {
  const headers: NameValue[] = [];
  for (const pair of asList(value) ?? []) {
    const [name, headerValue] = asList(pair) ?? [];
    const n = text(name ?? null);
    const v = text(headerValue ?? null);
    if (n !== null && v !== null) headers.push({ name: n, value: v });
  }
  return headers;
}

function timeOf(seconds: TnetValue | undefined, ctx: FlowContext): { time: string; timeMs: number } {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 1e11) {
    ctx.fail('flow has no usable start time');
  }
  const timeMs = Math.floor(seconds * 1000);
  return { time: formatIsoUtc(timeMs), timeMs };
}

function secondsToIso(seconds: TnetValue | undefined): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 1e11) return null;
  return formatIsoUtc(Math.floor(seconds * 1000));
}

function addErrorNote(flow: TnetDict, notes: string[]): void {
  const error = asDict(flow.error);
  const message = error ? text(error.msg) : null;
  if (message) notes.push(`error: ${message.slice(0, 200)}`);
}

/** A copy (so the flow's record can be freed), cut at maxBytes. */
function cutBytes(bytes: Uint8Array, maxBytes: number): { data: Uint8Array; truncated: boolean } {
  // new Uint8Array(view) copies; Buffer#slice would not.
  return { data: new Uint8Array(bytes.subarray(0, Math.min(bytes.length, maxBytes))), truncated: bytes.length > maxBytes };
}

function emptyMessage(): HttpMessage {
  return { headers: [], cookies: [], body: null, mimeType: null, bodyTruncated: false };
}

function text(value: TnetValue): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  return null;
}

function nonEmpty(value: string | null): string | null {
  return value === '' ? null : value;
}

function asDict(value: TnetValue): TnetDict | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? value : null;
}

function asList(value: TnetValue): TnetValue[] | null {
  return Array.isArray(value) ? value : null;
}
