/**
 * One parsed HAR entry → one normalized Exchange. Validation is lenient on purpose: real exporters (Chrome, Firefox,
 * Safari, Charles, Insomnia, WebPagetest, mitmproxy) each omit or bend optional fields, so only what an exchange cannot
 * exist without is required (startedDateTime, request.method, request.url). Whatever is skipped leaves a note.
 */
import { InputError } from '../errors.js';
import {
  bytesFromText,
  cookiesFromCookieHeaders,
  cookiesFromSetCookieHeaders,
  formUrlEncode,
  headerValue,
  normalizeMimeType,
  normalizeServerIp,
} from './body.js';
import type { RawEntry } from './har-reader.js';
import { epochSecondsToIso, parseIsoTime } from './time.js';
import type { Exchange, HttpMessage, HttpResponse, NameValue, WebSocketMessage } from './types.js';

export interface EntryContext {
  file: string;
  input: number;
  maxBodyBytes: number;
}

type Json = Record<string, unknown>;

const MAX_NOTE_TEXT = 200;
const WEBSOCKET_BINARY_OPCODE = 2;

export function harEntryToExchange(raw: RawEntry, ctx: EntryContext): Exchange {
  const entry = raw.value as Json;
  const fail = (problem: string): never => {
    throw new InputError(ctx.file, `entry ${raw.index}, byte ${raw.byte}`, problem);
  };
  const notes: string[] = [];

  const started = entry.startedDateTime;
  if (typeof started !== 'string') fail('startedDateTime is missing');
  const time = parseIsoTime(started as string) ?? fail(`startedDateTime is not a date: ${quote(started)}`);
  if (time.assumedUtc) notes.push('time-zone-missing-assumed-utc');

  const request = asObject(entry.request) ?? fail('request is missing');
  const method = request.method;
  if (typeof method !== 'string' || method === '') fail('request.method is missing');
  const url = request.url;
  if (typeof url !== 'string' || url === '') fail('request.url is missing');

  const requestMessage = readRequest(request, method as string, url as string, ctx, notes);
  const response = readResponse(asObject(entry.response), ctx, notes);
  const messages = readWebSocketMessages(entry._webSocketMessages, ctx);
  if (messages || entry._resourceType === 'websocket' || /^wss?:/i.test(url as string)) notes.push('websocket');
  const error = typeof entry._error === 'string' ? entry._error : asObject(entry.response)?._error;
  if (typeof error === 'string' && error !== '') notes.push(`error: ${error.slice(0, MAX_NOTE_TEXT)}`);

  const exchange: Exchange = {
    source: { input: ctx.input, index: raw.index },
    time: time.iso,
    timeMs: time.ms,
    method: method as string,
    url: url as string,
    httpVersion: nonEmptyString(request.httpVersion) ?? nonEmptyString(asObject(entry.response)?.httpVersion),
    // WebPagetest writes the address as a vendor field instead of serverIPAddress.
    serverIp: normalizeServerIp(entry.serverIPAddress) ?? normalizeServerIp(entry._ip_addr),
    request: requestMessage,
    response,
    notes,
  };
  if (messages) exchange.messages = messages;
  if (typeof entry.pageref === 'string' && entry.pageref !== '') exchange.page = entry.pageref.slice(0, MAX_NOTE_TEXT);
  return exchange;
}

function readRequest(request: Json, method: string, url: string, ctx: EntryContext, notes: string[]): HttpMessage {
  const headers = withoutRequestLine(readNameValues(request.headers, notes, 'request-headers'), method, url, notes);
  const harCookies = readNameValues(request.cookies, notes, 'request-cookies');
  const cookies = harCookies.length > 0 ? harCookies : cookiesFromCookieHeaders(headers);
  const postData = asObject(request.postData);
  let body: Uint8Array | null = null;
  let bodyTruncated = false;
  let presentBytes = 0;
  if (postData && typeof postData.text === 'string' && postData.text !== '') {
    // HAR 1.2 has no postData.encoding; some tools add one for binary bodies, so honour it when present.
    const cut = bytesFromText(postData.text, postData.encoding, ctx.maxBodyBytes);
    body = cut.bytes;
    bodyTruncated = cut.cut;
    presentBytes = cut.fullBytes;
  } else if (postData && Array.isArray(postData.params) && postData.params.length > 0) {
    const params = readNameValues(postData.params, notes, 'request-params');
    const cut = bytesFromText(formUrlEncode(params), null, ctx.maxBodyBytes);
    body = cut.bytes;
    bodyTruncated = cut.cut;
    presentBytes = cut.fullBytes;
    notes.push('request-body-rebuilt-from-params');
  }
  const declared = nonNegativeNumber(request.bodySize);
  if (body === null && declared !== null && declared > 0) notes.push('request-body-not-captured');
  // A compressed request body may be stored decoded (and then differ in size), so only compare plain bodies.
  const encoded = headerValue(headers, 'content-encoding');
  if (body !== null && declared !== null && declared > presentBytes && (encoded === null || encoded === 'identity')) {
    bodyTruncated = true;
  }
  return {
    headers,
    cookies,
    body,
    mimeType: normalizeMimeType(postData?.mimeType) ?? normalizeMimeType(headerValue(headers, 'content-type')),
    bodyTruncated,
  };
}

function readResponse(response: Json | null, ctx: EntryContext, notes: string[]): HttpResponse | null {
  const status = response ? Number(response.status) : NaN;
  const headers = response ? readNameValues(response.headers, notes, 'response-headers') : [];
  // Browsers and mitmproxy write status 0 (or -1) with no headers for a request that never got an answer.
  if (!response || !Number.isFinite(status) || (status <= 0 && headers.length === 0)) {
    notes.push('no-response');
    return null;
  }
  const harCookies = readNameValues(response.cookies, notes, 'response-cookies');
  const cookies = harCookies.length > 0 ? harCookies : cookiesFromSetCookieHeaders(headers);
  const content = asObject(response.content);
  let body: Uint8Array | null = null;
  let bodyTruncated = false;
  if (content && typeof content.text === 'string') {
    const cut = bytesFromText(content.text, content.encoding, ctx.maxBodyBytes);
    body = cut.bytes;
    bodyTruncated = cut.cut || capturedLessThanDeclared(content, cut.fullBytes);
  }
  const declared = content ? nonNegativeNumber(content.size) : null;
  if (body === null && declared !== null && declared > 0) notes.push('response-body-not-captured');
  return {
    status,
    headers,
    cookies,
    body,
    mimeType: normalizeMimeType(content?.mimeType) ?? normalizeMimeType(headerValue(headers, 'content-type')),
    bodyTruncated,
  };
}

/**
 * Does the capture say the response body is incomplete? HAR 1.2 defines content.size as the decoded size and
 * content.compression as bytes saved, but mitmproxy writes size = encoded size and compression = decoded − encoded
 * (it can be negative). The body is called incomplete only when it is shorter than every reading of the numbers.
 */
function capturedLessThanDeclared(content: Json, presentBytes: number): boolean {
  const size = nonNegativeNumber(content.size);
  if (size === null || size <= presentBytes) return false;
  const compression = typeof content.compression === 'number' && Number.isFinite(content.compression)
    ? content.compression
    : null;
  if (compression !== null && presentBytes >= size + compression) return false;
  return true;
}

/** Chrome's and mitmproxy's `_webSocketMessages`: [{type: "send"|"receive", time: epoch s, opcode, data}]. */
function readWebSocketMessages(value: unknown, ctx: EntryContext): WebSocketMessage[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const messages: WebSocketMessage[] = [];
  for (const item of value) {
    const message = asObject(item);
    if (!message || typeof message.data !== 'string') continue;
    const opcode = typeof message.opcode === 'number' ? message.opcode : null;
    // Chrome stores binary frames base64-encoded and text frames as text.
    const encoding = opcode === WEBSOCKET_BINARY_OPCODE ? 'base64' : null;
    const cut = bytesFromText(message.data, encoding, ctx.maxBodyBytes);
    messages.push({
      direction: message.type === 'send' ? 'send' : 'receive',
      time: epochSecondsToIso(message.time),
      opcode,
      data: cut.bytes,
      truncated: cut.cut,
    });
  }
  return messages.length > 0 ? messages : null;
}

/** HAR name/value lists (headers, cookies, params); items without a string name are skipped with a note. */
function readNameValues(value: unknown, notes: string[], what: string): NameValue[] {
  if (!Array.isArray(value)) return [];
  const out: NameValue[] = [];
  let skipped = 0;
  for (const item of value) {
    const pair = asObject(item);
    const v = pair?.value;
    if (!pair || typeof pair.name !== 'string' || !(v === undefined || v === null || isScalar(v))) {
      skipped++;
      continue;
    }
    out.push({ name: pair.name, value: v === undefined || v === null ? '' : String(v as string | number | boolean) });
  }
  if (skipped > 0) notes.push(`malformed-${what}-skipped: ${skipped}`);
  return out;
}

/**
 * WebPagetest splits each request header line at its first ':', the request line included when its URL holds one:
 * `GET /ibs:dpid=1121&dpuuid=… HTTP/1.1` becomes a header named "GET /ibs". That is no header (a header name has no
 * space, RFC 9110 §5.1) and it repeats the URL, so a value sent in the URL would count twice. It is left out, with a
 * note, only when it rebuilds to exactly this entry's method and URL; anything else stays a header.
 */
function withoutRequestLine(headers: NameValue[], method: string, url: string, notes: string[]): NameValue[] {
  const index = headers.findIndex((h) => h.name.startsWith(`${method} `) && isRequestLineOf(`${h.name}:${h.value}`, method, url));
  if (index < 0) return headers;
  notes.push('request-line-in-headers');
  return headers.filter((_, i) => i !== index);
}

function isRequestLineOf(line: string, method: string, url: string): boolean {
  const match = /^(\S+) (\S+) HTTP\/\d(?:\.\d)?$/.exec(line);
  if (!match || match[1] !== method) return false;
  const target = match[2]!;
  // Origin form (path and query, as sent to a server) or absolute form (as sent to a proxy).
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  return target === url || (authority !== null && target === (url.slice(authority[0].length) || '/'));
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function asObject(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function nonNegativeNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
