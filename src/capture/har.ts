/**
 * A stored session → HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), written entry by entry so a session of
 * any size streams to disk. As the spec asks, response `content.text` is the decoded body (gzip, deflate and brotli
 * undone, bounded); a body that cannot be decoded is kept as received, base64, and says so in a comment. Binary
 * bodies are base64 with `encoding: "base64"` (HAR 1.2 has that field for responses; for request `postData` it is a
 * common extension that telltale's own reader and others honour).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { HttpMessage, NameValue } from '../ingest/index.js';
import type { StoredExchange } from '../store/index.js';
import { VERSION } from '../version.js';

/** Largest decoded response body written (a decompression bomb stays a bomb only in the store). */
const MAX_DECODED_BYTES = 64 * (1 << 20);

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

interface HarContentText {
  text?: string;
  encoding?: 'base64';
}

function textOrBase64(bytes: Uint8Array): HarContentText {
  if (bytes.byteLength === 0) return { text: '' };
  try {
    return { text: fatalUtf8.decode(bytes) };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), encoding: 'base64' };
  }
}

function headerValue(headers: NameValue[], name: string): string | null {
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value;
  return null;
}

/** Undoes Content-Encoding (possibly several, applied in order); null when an encoding is unknown or broken. */
function decodeContent(bytes: Uint8Array, contentEncoding: string | null): Uint8Array | null {
  const codings = (contentEncoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
  let out: Uint8Array = bytes;
  const limit = { maxOutputLength: MAX_DECODED_BYTES };
  try {
    for (const coding of codings.reverse()) {
      if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(out, limit);
      else if (coding === 'br') out = brotliDecompressSync(out, limit);
      else if (coding === 'deflate') {
        // "deflate" is zlib-wrapped by the RFC, raw in some servers.
        try {
          out = inflateSync(out, limit);
        } catch {
          out = inflateRawSync(out, limit);
        }
      } else return null;
    }
  } catch {
    return null;
  }
  return out;
}

function cookiesOf(headers: NameValue[], name: 'cookie' | 'set-cookie'): NameValue[] {
  const out: NameValue[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== name) continue;
    const pieces = name === 'cookie' ? h.value.split(';') : [h.value.split(';', 1)[0] ?? ''];
    for (const piece of pieces) {
      const eq = piece.indexOf('=');
      if (eq > 0) out.push({ name: piece.slice(0, eq).trim(), value: piece.slice(eq + 1).trim() });
    }
  }
  return out;
}

function queryString(url: string): NameValue[] {
  try {
    return [...new URL(url).searchParams.entries()].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function mimeOf(message: HttpMessage): string {
  return headerValue(message.headers, 'content-type') ?? message.mimeType ?? '';
}

function harRequest(x: StoredExchange): Record<string, unknown> {
  const body = x.request.body;
  const request: Record<string, unknown> = {
    method: x.method,
    url: x.url,
    httpVersion: x.httpVersion ?? '',
    cookies: cookiesOf(x.request.headers, 'cookie'),
    headers: x.request.headers,
    queryString: queryString(x.url),
    headersSize: -1,
    bodySize: body ? body.byteLength : 0,
  };
  if (body) request.postData = { mimeType: mimeOf(x.request), ...textOrBase64(body) };
  return request;
}

function harResponse(x: StoredExchange): Record<string, unknown> {
  const response = x.response;
  if (!response) {
    return {
      status: 0, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '', headersSize: -1, bodySize: -1,
    };
  }
  const raw = response.body ?? new Uint8Array(0);
  const decoded = raw.byteLength > 0 ? decodeContent(raw, headerValue(response.headers, 'content-encoding')) : raw;
  const content: Record<string, unknown> = { size: (decoded ?? raw).byteLength, mimeType: mimeOf(response) || 'x-unknown' };
  if (decoded) {
    Object.assign(content, textOrBase64(decoded));
    if (decoded.byteLength !== raw.byteLength) content.compression = decoded.byteLength - raw.byteLength;
  } else {
    Object.assign(content, { text: Buffer.from(raw).toString('base64'), encoding: 'base64', comment: 'kept as received: its Content-Encoding could not be undone' });
  }
  return {
    status: response.status,
    statusText: x.statusText ?? '',
    httpVersion: x.httpVersion ?? '',
    cookies: cookiesOf(response.headers, 'set-cookie'),
    headers: response.headers,
    content,
    redirectURL: headerValue(response.headers, 'location') ?? '',
    headersSize: -1,
    bodySize: raw.byteLength,
  };
}

export function harEntry(x: StoredExchange): Record<string, unknown> {
  const time = x.durationMs ?? 0;
  const entry: Record<string, unknown> = {
    startedDateTime: x.time,
    time,
    request: harRequest(x),
    response: harResponse(x),
    cache: {},
    // The proxy sees the request leave and the response end; it does not split the wait from the transfer.
    timings: { send: 0, wait: time, receive: 0 },
  };
  if (x.serverIp) entry.serverIPAddress = x.serverIp;
  const error = x.notes.find((n) => n.startsWith('tls-failed') || n.startsWith('aborted'));
  if (error) entry._error = error;
  if (x.messages) {
    entry._resourceType = 'websocket';
    entry._webSocketMessages = x.messages.map((m) => ({
      type: m.direction, time: m.time ? Date.parse(m.time) / 1000 : 0, opcode: m.opcode ?? 1,
      data: m.opcode === 2 ? Buffer.from(m.data).toString('base64') : Buffer.from(m.data).toString('utf8'),
    }));
  }
  return entry;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Writes the exchanges as one HAR file; returns the number of entries. */
export async function writeHar(exchanges: Iterable<StoredExchange>, path: string, comment: string): Promise<number> {
  const stream = createWriteStream(path, { mode: 0o600 });
  const closed = once(stream, 'close');
  let count = 0;
  try {
    const creator = { name: 'telltale', version: VERSION };
    await write(stream, `{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"comment":${JSON.stringify(comment)},"pages":[],"entries":[`);
    for (const x of exchanges) {
      await write(stream, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(harEntry(x))}`);
      count++;
    }
    await write(stream, '\n]}}\n');
  } finally {
    stream.end();
    await closed;
  }
  return count;
}
