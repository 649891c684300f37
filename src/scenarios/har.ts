/** Builds HAR 1.2 entries (http://www.softwareishard.com/blog/har-12-spec/) for the scenarios. */
import type { TruthEntry, TruthLabel } from './types.js';

type Body = string | Uint8Array;

export interface ExchangeSpec {
  /** Milliseconds after the scenario's start. */
  atMs: number;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  serverIp: string;
  headers?: [string, string][];
  body?: { mimeType: string; data: Body };
  response: {
    status: number; mimeType: string; body?: Body; headers?: [string, string][];
    /** The capture kept only this many bytes of the body (HAR content.size stays the full size). */
    cutAt?: number;
  };
  /** Milliseconds the server took, for the timings block. */
  waitMs?: number;
  /** What this exchange really carries (ground truth; not written into the HAR). */
  truth?: TruthLabel;
}

const isText = (b: Body): b is string => typeof b === 'string';
const byteLength = (b: Body) => (isText(b) ? Buffer.byteLength(b, 'utf8') : b.length);

/** Text stays text; binary bodies are base64 with `encoding`, which HAR allows for content and tools add to postData. */
function bodyFields(b: Body): { text: string; encoding?: 'base64' } {
  return isText(b) ? { text: b } : { text: Buffer.from(b).toString('base64'), encoding: 'base64' };
}

const nameValues = (pairs: readonly [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

function request(spec: ExchangeSpec) {
  const url = new URL(spec.url);
  const headers: [string, string][] = [['Host', url.host], ...(spec.headers ?? [])];
  if (spec.body) headers.push(['Content-Type', spec.body.mimeType], ['Content-Length', String(byteLength(spec.body.data))]);
  return {
    method: spec.method,
    url: spec.url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: nameValues(headers),
    queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
    ...(spec.body ? { postData: { mimeType: spec.body.mimeType, ...bodyFields(spec.body.data) } } : {}),
    headersSize: -1,
    bodySize: spec.body ? byteLength(spec.body.data) : 0,
  };
}

/** The part of a body a capture kept: all of it, or its first `cutAt` bytes. */
function kept(body: Body, cutAt: number | undefined): Body {
  if (cutAt === undefined) return body;
  return (isText(body) ? Buffer.from(body, 'utf8') : Buffer.from(body)).subarray(0, cutAt);
}

function response(spec: ExchangeSpec) {
  const r = spec.response;
  const size = r.body === undefined ? 0 : byteLength(r.body);
  const headers: [string, string][] = [['Content-Type', r.mimeType], ['Content-Length', String(size)], ...(r.headers ?? [])];
  return {
    status: r.status,
    statusText: r.status === 200 ? 'OK' : r.status === 204 ? 'No Content' : '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: nameValues(headers),
    content: { size, mimeType: r.mimeType, ...(r.body === undefined ? {} : bodyFields(kept(r.body, r.cutAt))) },
    redirectURL: '',
    headersSize: -1,
    bodySize: size,
  };
}

const inTimeOrder = (specs: readonly ExchangeSpec[]) => [...specs].sort((a, b) => a.atMs - b.atMs);

/** The ground-truth labels of the entries harLog writes, in the same order. */
export function truthOf(startIso: string, specs: readonly ExchangeSpec[]): TruthEntry[] {
  const start = Date.parse(startIso);
  return inTimeOrder(specs).map((spec, index) => ({
    index, time: new Date(start + spec.atMs).toISOString(), method: spec.method, host: new URL(spec.url).hostname,
    serverIp: spec.serverIp, dataTypes: [...(spec.truth?.dataTypes ?? [])].sort(), signals: [...(spec.truth?.signals ?? [])].sort(),
    blindSpot: spec.truth?.blindSpot ?? null,
    blindSpotSide: spec.truth?.blindSpotSide ?? null,
  }));
}

/** A HAR log of the given exchanges, in time order, starting at `startIso`. */
export function harLog(startIso: string, creator: string, specs: readonly ExchangeSpec[]) {
  const start = Date.parse(startIso);
  const entries = inTimeOrder(specs).map((spec, i) => {
    const wait = spec.waitMs ?? 40;
    return {
      startedDateTime: new Date(start + spec.atMs).toISOString(),
      time: wait + 2,
      request: request(spec),
      response: response(spec),
      cache: {},
      timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 1, wait, receive: 1 },
      serverIPAddress: spec.serverIp,
      connection: String(i + 1),
    };
  });
  return { log: { version: '1.2', creator: { name: creator, version: '1' }, entries } };
}
