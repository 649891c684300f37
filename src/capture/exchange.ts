/**
 * mockttp's view of one request/response → the normalized Exchange every stage reads. Headers keep the client's
 * order and case (raw headers); bodies are the bytes on the wire (still content-encoded: decode/ undoes that).
 */
import type { CompletedRequest, CompletedResponse, RawHeaders } from 'mockttp';
import type { Exchange, HttpMessage, NameValue } from '../ingest/index.js';
import type { ExchangeExtras } from '../store/index.js';

function nameValues(raw: RawHeaders): NameValue[] {
  return raw.map(([name, value]) => ({ name, value }));
}

function headerValue(headers: NameValue[], name: string): string | null {
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value;
  return null;
}

function mimeTypeOf(headers: NameValue[]): string | null {
  const value = headerValue(headers, 'content-type');
  if (value === null) return null;
  const bare = value.split(';', 1)[0]!.trim().toLowerCase();
  return bare === '' ? null : bare;
}

/**
 * mockttp drops a body larger than its maxBodySize (the traffic still passes untouched): the declared length then
 * tells that the captured body is incomplete.
 */
function message(raw: RawHeaders, body: Buffer): HttpMessage {
  const headers = nameValues(raw);
  const declared = Number(headerValue(headers, 'content-length') ?? NaN);
  return {
    headers,
    // decode/ reads Cookie and Set-Cookie headers itself when this list is empty.
    cookies: [],
    body: body.byteLength > 0 ? new Uint8Array(body) : null,
    mimeType: mimeTypeOf(headers),
    bodyTruncated: Number.isFinite(declared) && declared > body.byteLength,
  };
}

export function httpVersionOf(version: string): string {
  return `HTTP/${version === '2' ? '2.0' : version}`;
}

export function exchangeOf(
  request: CompletedRequest, response: CompletedResponse | null, serverIp: string | null, notes: string[],
): { exchange: Exchange; extras: ExchangeExtras } {
  const startMs = request.timingEvents.startTime;
  const endTimestamp = response?.timingEvents.responseSentTimestamp ?? request.timingEvents.abortedTimestamp;
  const durationMs = endTimestamp !== undefined ? Math.max(0, endTimestamp - request.timingEvents.startTimestamp) : null;
  const exchange: Exchange = {
    source: { input: 0, index: 0 },
    time: new Date(startMs).toISOString(),
    timeMs: startMs,
    method: request.method,
    url: request.url,
    httpVersion: httpVersionOf(request.httpVersion),
    serverIp,
    request: message(request.rawHeaders, request.body.buffer),
    response: response
      ? { ...message(response.rawHeaders.filter(([name]) => name !== ':status'), response.body.buffer), status: response.statusCode }
      : null,
    notes,
  };
  return { exchange, extras: { durationMs: durationMs === null ? null : Math.round(durationMs * 1000) / 1000, statusText: response?.statusMessage ?? null } };
}

/** A TLS handshake the client refused (pinning, or the CA not installed): an exchange with no HTTP in it. */
export function tlsFailureOf(host: string, port: number | null, atMs: number, cause: string, clientIp: string | null): Exchange {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const authority = port === null || port === 443 ? hostPart : `${hostPart}:${port}`;
  return {
    source: { input: 0, index: 0 },
    time: new Date(atMs).toISOString(),
    timeMs: atMs,
    method: 'CONNECT',
    url: `https://${authority}/`,
    httpVersion: null,
    serverIp: null,
    request: { headers: [], cookies: [], body: null, mimeType: null, bodyTruncated: false },
    response: null,
    notes: [`tls-failed: ${cause}${clientIp ? ` (client ${clientIp})` : ''}`],
  };
}
