/**
 * A caller's own exchanges as one input (analyzeStream): another tool feeds telltale without writing a file.
 * Each exchange is checked (a malformed one is an InputError naming the stream and its position), its
 * `source.input` set to the input's number, and everything that reaches the analysis is hashed in a fixed layout, so
 * the report's `inputs[].sha256` identifies the exact content analysed and the same stream gives the same report.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { parseIsoTime, type Exchange, type HttpMessage, type InputInfo, type OpenedInput } from '../ingest/index.js';
import type { InputSource } from './collect.js';

export type ExchangeSource = AsyncIterable<Exchange> | Iterable<Exchange>;

export function streamSource(exchanges: ExchangeSource, name: string): InputSource {
  return { path: name, open: (input) => Promise.resolve(openStream(exchanges, name, input)) };
}

function openStream(exchanges: ExchangeSource, name: string, input: number): OpenedInput {
  const hash = createHash('sha256');
  let bytes = 0;
  let info: InputInfo | null = null;
  let iterated = false;
  const feed = (data: string | Uint8Array | null) => {
    const piece = data === null ? '\u0000' : data;
    bytes += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    hash.update(`${typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length}:`);
    hash.update(piece);
  };

  async function* iterate(): AsyncGenerator<Exchange> {
    if (iterated) throw new InputError(name, null, 'an exchange stream can be read only once');
    iterated = true;
    let position = 0;
    for await (const item of exchanges) {
      const exchange = checkExchange(item, name, position++, input);
      feedExchange(exchange, feed);
      yield exchange;
    }
    info = { path: name, sha256: hash.digest('hex'), bytes, format: 'stream' };
  }

  return {
    format: 'stream',
    exchanges: { [Symbol.asyncIterator]: () => iterate() },
    info: () => {
      if (!info) return Promise.reject(new InputError(name, null, 'the exchange stream was not read to its end'));
      return Promise.resolve(info);
    },
  };
}

function feedExchange(e: Exchange, feed: (data: string | Uint8Array | null) => void): void {
  feed(JSON.stringify([e.source.index, e.time, e.method, e.url, e.httpVersion, e.serverIp, e.notes]));
  feedMessage(e.request, feed);
  if (e.response) {
    feed(String(e.response.status));
    feedMessage(e.response, feed);
  } else {
    feed(null);
  }
  for (const m of e.messages ?? []) {
    feed(JSON.stringify([m.direction, m.time, m.opcode, m.truncated]));
    feed(m.data);
  }
}

function feedMessage(m: HttpMessage, feed: (data: string | Uint8Array | null) => void): void {
  feed(JSON.stringify([m.headers, m.cookies, m.mimeType, m.bodyTruncated]));
  feed(m.body);
}

function isMessage(value: unknown): value is HttpMessage {
  const m = value as HttpMessage | null;
  return typeof m === 'object' && m !== null && Array.isArray(m.headers) && Array.isArray(m.cookies)
    && (m.body === null || m.body instanceof Uint8Array);
}

/** The fields the pipeline relies on, checked; a copy with this input's number and a time parsed from `time`. */
function checkExchange(item: unknown, name: string, position: number, input: number): Exchange {
  const where = `exchange ${position}`;
  const fail = (problem: string): never => {
    throw new InputError(name, where, problem);
  };
  const e = item as Exchange | null;
  if (typeof e !== 'object' || e === null) return fail('not an object');
  if (typeof e.method !== 'string' || e.method === '') fail('method must be a non-empty string');
  if (typeof e.url !== 'string' || e.url === '') fail('url must be a non-empty string');
  const time = typeof e.time === 'string' ? parseIsoTime(e.time) : null;
  if (!time) return fail('time must be an ISO-8601 date-time');
  if (!isMessage(e.request)) fail('request must have headers, cookies and a body (Uint8Array or null)');
  if (e.response !== null && (!isMessage(e.response) || typeof e.response.status !== 'number')) {
    fail('response must be null or a message with a numeric status');
  }
  const index = typeof e.source?.index === 'number' && Number.isInteger(e.source.index) ? e.source.index : position;
  return {
    ...e,
    source: { ...e.source, input, index },
    time: time.iso,
    timeMs: time.ms,
    httpVersion: e.httpVersion ?? null,
    serverIp: e.serverIp ?? null,
    notes: Array.isArray(e.notes) ? e.notes : [],
  };
}
