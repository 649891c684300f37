/**
 * Where in an exchange a value can sit, and how to put it there. Each location wraps a set of fields (the planted
 * value plus siblings such as a salt or a longitude) and realistic filler into one request.
 */
import { brotliCompressSync, deflateSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { createHmac } from 'node:crypto';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import type { NameValue, RequestSpec } from './har.js';

export const LOCATIONS = [
  'url-query', 'path-segment', 'header', 'cookie', 'form', 'json', 'multipart', 'gzip-json', 'deflate-json',
  'brotli-json', 'base64-in-json', 'hex-in-json', 'base64-gzip-json', 'url-base64-json', 'protobuf', 'msgpack', 'jwt',
] as const;
export type Location = (typeof LOCATIONS)[number];

export const LOCATION_DESCRIPTIONS: Record<Location, string> = {
  'url-query': 'URL query parameter',
  'path-segment': 'URL path segment',
  header: 'request header',
  cookie: 'cookie',
  form: 'form-urlencoded body',
  json: 'JSON body, nested object',
  multipart: 'multipart/form-data field',
  'gzip-json': 'gzip (Content-Encoding) JSON body',
  'deflate-json': 'deflate (Content-Encoding) JSON body',
  'brotli-json': 'brotli (Content-Encoding) JSON body',
  'base64-in-json': 'base64 JSON document inside a JSON field',
  'hex-in-json': 'hex JSON document inside a JSON field',
  'base64-gzip-json': 'body = base64(gzip(JSON))',
  'url-base64-json': 'query parameter = url(base64(JSON))',
  protobuf: 'protobuf body, nested message field',
  msgpack: 'msgpack body, nested map',
  jwt: 'JWT payload in Authorization header',
};

export interface Field {
  key: string;
  value: string | number;
}

export type Filler = Record<string, string | number>;

export interface Endpoint {
  host: string;
  path: string;
}

const BOUNDARY = '----telltaleFormBoundary7MA4YWxkTrZu0gW';
// RFC 3986 pchar without percent-escapes: a value made only of these sits in a path segment unchanged.
const PATH_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;
// RFC 6265 cookie-octet.
const COOKIE_SAFE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;
const HEADER_SAFE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

/** Can these fields sit in this location without an extra encoding the label would not mention? */
export function fits(location: Location, fields: readonly Field[]): boolean {
  const first = String(fields[0]!.value);
  switch (location) {
    case 'path-segment': return fields.length === 1 && PATH_SAFE.test(first);
    case 'cookie': return fields.every((f) => COOKIE_SAFE.test(String(f.value)));
    case 'header': return fields.every((f) => HEADER_SAFE.test(String(f.value)));
    default: return true;
  }
}

export function place(location: Location, fields: readonly Field[], filler: Filler, at: Endpoint): RequestSpec {
  const base: RequestSpec = { method: 'POST', host: at.host, path: at.path, query: '', headers: [], cookies: [], body: null };
  const inner = nestedDocument(fields, filler);
  switch (location) {
    case 'url-query':
      return { ...base, method: 'GET', query: encodeQuery([...fillerFields(filler), ...fields]) };
    case 'path-segment':
      return { ...base, method: 'GET', path: `${at.path}/${fields[0]!.key}/${fields[0]!.value}/config`, query: encodeQuery(fillerFields(filler)) };
    case 'header':
      return { ...base, method: 'GET', query: encodeQuery(fillerFields(filler)), headers: fields.map(headerOf) };
    case 'cookie':
      return { ...base, method: 'GET', query: encodeQuery(fillerFields(filler)), cookies: fields.map((f) => ({ name: f.key, value: String(f.value) })) };
    case 'form': {
      const params = [...fillerFields(filler), ...fields].map((f) => ({ name: f.key, value: String(f.value) }));
      const text = new URLSearchParams(params.map((p): [string, string] => [p.name, p.value])).toString();
      return { ...base, body: { mimeType: 'application/x-www-form-urlencoded', text, params } };
    }
    case 'json':
      return { ...base, body: { mimeType: 'application/json', text: JSON.stringify(inner) } };
    case 'multipart':
      return { ...base, body: { mimeType: `multipart/form-data; boundary=${BOUNDARY}`, text: multipartText([...fillerFields(filler), ...fields]) } };
    case 'gzip-json':
      return compressed(base, 'gzip', gzipSync(JSON.stringify(inner)));
    case 'deflate-json':
      return compressed(base, 'deflate', deflateSync(JSON.stringify(inner)));
    case 'brotli-json':
      return compressed(base, 'br', brotliCompressSync(JSON.stringify(inner), {
        params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 },
      }));
    case 'base64-in-json':
      return jsonBody(base, { v: 2, ...filler, data: Buffer.from(JSON.stringify(inner)).toString('base64') });
    case 'hex-in-json':
      return jsonBody(base, { v: 2, ...filler, payload: Buffer.from(JSON.stringify(inner)).toString('hex') });
    case 'base64-gzip-json':
      return { ...base, body: { mimeType: 'text/plain', text: gzipSync(JSON.stringify(inner)).toString('base64') } };
    case 'url-base64-json':
      return { ...base, method: 'GET', query: encodeQuery([{ key: 'data', value: Buffer.from(JSON.stringify(inner)).toString('base64') }]) };
    case 'protobuf':
      return { ...base, body: { mimeType: 'application/x-protobuf', bytes: protobufOf(fields, filler) } };
    case 'msgpack':
      return { ...base, body: { mimeType: 'application/x-msgpack', bytes: msgpackEncode(inner) } };
    case 'jwt':
      return { ...base, method: 'GET', query: encodeQuery(fillerFields(filler)), headers: [{ name: 'Authorization', value: `Bearer ${jwtOf(fields, filler)}` }] };
  }
}

/** The JSON document used by every JSON-carrying location: the fields sit two levels down, beside filler. */
export function nestedDocument(fields: readonly Field[], filler: Filler): Record<string, unknown> {
  return { header: filler, event: { name: 'device_info', props: Object.fromEntries(fields.map((f) => [f.key, f.value])) } };
}

function fillerFields(filler: Filler): Field[] {
  return Object.entries(filler).map(([key, value]) => ({ key, value }));
}

export function encodeQuery(fields: readonly Field[]): string {
  return fields.map((f) => `${encodeURIComponent(f.key)}=${encodeURIComponent(String(f.value))}`).join('&');
}

function headerOf(f: Field): NameValue {
  const name = f.key.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-');
  return { name: `X-${name}`, value: String(f.value) };
}

function compressed(base: RequestSpec, encoding: string, bytes: Buffer): RequestSpec {
  return {
    ...base,
    headers: [{ name: 'Content-Encoding', value: encoding }],
    body: { mimeType: 'application/json', bytes: new Uint8Array(bytes) },
  };
}

function jsonBody(base: RequestSpec, doc: Record<string, unknown>): RequestSpec {
  return { ...base, body: { mimeType: 'application/json', text: JSON.stringify(doc) } };
}

export function multipartText(fields: readonly Field[]): string {
  const parts = fields.map((f) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`);
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

export function multipartBytes(fields: readonly Field[], file: { name: string; filename: string; mimeType: string; bytes: Uint8Array }): Uint8Array {
  const head = fields.map((f) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`).join('')
    + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n`
    + `Content-Type: ${file.mimeType}\r\n\r\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(head), file.bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]));
}

export const MULTIPART_MIME = `multipart/form-data; boundary=${BOUNDARY}`;

// --- protobuf (wire format: https://protobuf.dev/programming-guides/encoding/) ---

export function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

export function lengthDelimited(fieldNumber: number, payload: Uint8Array): number[] {
  return [...varint((fieldNumber << 3) | 2), ...varint(payload.length), ...payload];
}

/** Schema-less like an SDK's: 1 = timestamp (varint), 2.. = filler strings, 15 = nested message of the fields. */
function protobufOf(fields: readonly Field[], filler: Filler): Uint8Array {
  const nested: number[] = [];
  fields.forEach((f, i) => nested.push(...lengthDelimited(i + 1, Buffer.from(String(f.value)))));
  const top: number[] = [];
  let fieldNumber = 1;
  for (const value of Object.values(filler)) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) top.push(...varint(fieldNumber << 3), ...varint(value));
    else top.push(...lengthDelimited(fieldNumber, Buffer.from(String(value))));
    fieldNumber++;
  }
  top.push(...lengthDelimited(15, new Uint8Array(nested)));
  return new Uint8Array(top);
}

// --- JWT (RFC 7519), HS256 with a fixed test key: the signature is real but irrelevant to detection ---

function jwtOf(fields: readonly Field[], filler: Filler): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const claims = { iss: 'telltale-eval', iat: filler.ts !== undefined ? Math.floor(Number(filler.ts) / 1000) : 0, ...Object.fromEntries(fields.map((f) => [f.key, f.value])) };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', 'telltale-eval-key').update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
