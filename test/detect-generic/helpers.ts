/** Builders for hand-made exchanges and views, shaped like decode's output (paths, keys, layers, covered). */
import type { DecodedExchange, View } from '../../src/decode/types.js';
import type { Exchange, NameValue } from '../../src/ingest/types.js';
import { createGenericDetector } from '../../src/detect/generic/index.js';
import type { Detection, ExchangeDetector, Finding } from '../../src/detect/types.js';

export interface ExchangeSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string | null;
  mimeType?: string | null;
  truncated?: boolean;
  serverIp?: string | null;
  index?: number;
  response?: { status?: number; body?: string | null; mimeType?: string | null } | null;
}

const bytesOf = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
const headerList = (h: Record<string, string> = {}): NameValue[] => Object.entries(h).map(([name, value]) => ({ name, value }));

export function exchange(spec: ExchangeSpec): Exchange {
  const response = spec.response === undefined || spec.response === null ? null : {
    headers: [], cookies: [], status: spec.response.status ?? 200,
    body: spec.response.body ? bytesOf(spec.response.body) : null, mimeType: spec.response.mimeType ?? 'application/json',
    bodyTruncated: false,
  };
  return {
    source: { input: 0, index: spec.index ?? 0 },
    time: '2019-04-01T10:00:00.000Z',
    timeMs: Date.parse('2019-04-01T10:00:00.000Z'),
    method: spec.method ?? 'POST',
    url: spec.url,
    httpVersion: 'HTTP/1.1',
    serverIp: spec.serverIp ?? null,
    request: {
      headers: headerList(spec.headers), cookies: [], body: spec.body ? bytesOf(spec.body) : null,
      mimeType: spec.mimeType ?? null, bodyTruncated: spec.truncated ?? false,
    },
    response,
    notes: [],
  };
}

export interface ViewSpec {
  key?: string | null;
  side?: 'request' | 'response';
  covered?: boolean;
  mimeType?: string | null;
  filename?: string | null;
}

/** A view as decode would emit it; layers are read from the path ("request.body|gzip|json:$.a" → gzip, json). */
export function view(path: string, value: Uint8Array | string, spec: ViewSpec = {}): View {
  const layers = path.split('|').slice(1).map((step) => step.split(':')[0]!);
  const v: View = {
    path, bytes: bytesOf(value), key: spec.key ?? null, layers, side: spec.side ?? (path.startsWith('response') ? 'response' : 'request'),
    covered: spec.covered ?? false,
  };
  if (spec.mimeType !== undefined) v.mimeType = spec.mimeType;
  if (spec.filename !== undefined) v.filename = spec.filename;
  return v;
}

/** Leaf views of a flat JSON object under a base path (what decode's json layer yields), plus the covered root. */
export function jsonViews(base: string, obj: Record<string, unknown>, prefix = '$'): View[] {
  const out: View[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const at = `${prefix}.${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out.push(...jsonViews(base, v as Record<string, unknown>, at));
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === 'object') out.push(...jsonViews(base, item as Record<string, unknown>, `${at}[${i}]`));
        else out.push(view(`${base}|json:${at}[${i}]`, String(item), { key: k }));
      });
    } else {
      out.push(view(`${base}|json:${at}`, String(v), { key: k }));
    }
  }
  return out;
}

/** The request body as a covered JSON root plus its leaves. */
export function jsonBody(obj: Record<string, unknown>, base = 'request.body'): View[] {
  return [view(base, JSON.stringify(obj), { covered: true }), ...jsonViews(base, obj)];
}

export function queryViews(url: string): View[] {
  const u = new URL(url);
  const views = [view('request.url', url)];
  for (const [k, v] of u.searchParams) views.push(view(`request.url|query:${k}`, v, { key: k }));
  return views;
}

export function run(ex: Exchange, views: View[], detector: ExchangeDetector = createGenericDetector()): Detection {
  const decoded: DecodedExchange = { exchange: ex, views, issues: [] };
  return detector(decoded);
}

export function byType(d: Detection, dataType: string): Finding[] {
  return d.findings.filter((f) => f.dataType === dataType);
}

export function types(d: Detection): string[] {
  return [...new Set(d.findings.map((f) => f.dataType))].sort();
}
