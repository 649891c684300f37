/**
 * Hand-built DecodedExchange objects shaped like decode's output (paths per src/decode/types.ts): a covered parent
 * view (URL, body, gzip layer) plus one child view per query field or JSON leaf.
 */
import { gzipSync } from 'node:zlib';
import { decodeExchange } from '../../src/decode/index.js';
import type { DecodedExchange, View } from '../../src/decode/types.js';
import type { Exchange, NameValue } from '../../src/ingest/types.js';

export function view(path: string, text: string | Uint8Array, options: Partial<View> = {}): View {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const last = path.split('|').pop() ?? '';
  const selector = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  const key = /[A-Za-z_$][\w$]*$/.exec(selector.replace(/\[\d+\]$/, ''))?.[0] ?? null;
  return { path, bytes, key, layers: [], side: 'request', covered: false, ...options };
}

function exchangeOf(method: string, url: string, body: Uint8Array | null, index: number): Exchange {
  return {
    source: { input: 0, index }, time: '2019-11-27T09:15:02.123Z', timeMs: Date.parse('2019-11-27T09:15:02.123Z'),
    method, url, httpVersion: 'HTTP/1.1', serverIp: null,
    request: { headers: [], cookies: [], body, mimeType: body ? 'application/json' : null, bodyTruncated: false },
    response: null, notes: [],
  };
}

/** A GET whose URL is covered by one view per query field (values percent-decoded, as decode does). */
export function getWithQuery(url: string, index = 0, extra: View[] = []): DecodedExchange {
  const parsed = new URL(url);
  const views: View[] = [view('request.url', url, { covered: true })];
  for (const [name, value] of parsed.searchParams) views.push(view(`request.url|query:${name}`, value, { key: name }));
  return { exchange: exchangeOf('GET', url, null, index), views: [...views, ...extra], issues: [] };
}

/** Flattens JSON into leaf views: strings as their text, numbers as written by JSON.stringify. */
function jsonLeaves(value: unknown, path: string, out: View[], depth = 0): void {
  if (depth > 32) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => jsonLeaves(item, `${path}[${i}]`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) jsonLeaves(v, `${path}.${k}`, out, depth + 1);
  } else {
    out.push(view(path, typeof value === 'string' ? value : JSON.stringify(value)));
  }
}

/** A POST of gzip-compressed JSON: body (covered) → gzip (covered) → one view per leaf. */
export function postGzipJson(url: string, json: unknown, index = 0): DecodedExchange {
  const text = JSON.stringify(json);
  const gz = gzipSync(text);
  const views: View[] = [
    view('request.body', gz, { covered: true }),
    view('request.body|gzip', text, { covered: true, layers: ['gzip'] }),
  ];
  const leaves: View[] = [];
  jsonLeaves(json, 'request.body|gzip|json:$', leaves);
  for (const leaf of leaves) leaf.layers = ['gzip', 'json'];
  return { exchange: exchangeOf('POST', url, gz, index), views: [...views, ...leaves], issues: [] };
}

/** A POST whose body decode could not split (no children): the detector must scan it whole. */
export function postRaw(url: string, body: string, index = 0): DecodedExchange {
  const bytes = new TextEncoder().encode(body);
  return { exchange: exchangeOf('POST', url, bytes, index), views: [view('request.body', bytes)], issues: [] };
}

/** A request run through the real decoder (src/decode), for cases that depend on what decode makes of the bytes. */
export function decoded(method: string, url: string, headers: NameValue[], body: Uint8Array | null,
  mimeType: string | null = null): DecodedExchange {
  const exchange = exchangeOf(method, url, body, 0);
  exchange.request = { ...exchange.request, headers, mimeType };
  return decodeExchange(exchange);
}
