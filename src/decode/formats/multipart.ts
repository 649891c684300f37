/**
 * multipart/form-data and other multipart bodies (RFC 2046 §5.1, RFC 7578). The boundary comes from the Content-Type
 * parameter, or from the body's first line when the capture kept only the bare media type. Parts keep their
 * Content-Type and filename so media detection can recognise a video or photo upload.
 */
import type { Decoder, DecodedPart } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { asBuffer, bareMimeType } from '../bytes.js';
import { OccurrenceCounter, escapeName } from '../paths.js';

// `(?:[^"\\]|\\.)*`: the two alternatives never match the same character, so no backtracking blow-up.
const PARAMETER = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;

function parameters(header: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of (';' + header).matchAll(PARAMETER)) {
    let value = m[2].trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(m[1].toLowerCase(), value);
  }
  return params;
}

function boundaryOf(contentType: string | null | undefined, body: Buffer): string | null {
  const declared = contentType ? parameters(contentType.slice(contentType.indexOf(';') + 1)).get('boundary') : undefined;
  if (declared) return declared;
  if (body[0] !== 0x2d || body[1] !== 0x2d) return null;
  const eol = body.indexOf('\r\n');
  if (eol < 3 || eol > 74) return null; // RFC 2046: boundaries are 1-70 characters
  return body.toString('latin1', 2, eol);
}

interface PartHeaders {
  name: string | null;
  filename: string | null;
  contentType: string | null;
}

function readHeaders(text: string): PartHeaders {
  const result: PartHeaders = { name: null, filename: null, contentType: null };
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'content-type') result.contentType = value;
    if (field === 'content-disposition') {
      const params = parameters(value.slice(value.indexOf(';') + 1));
      result.name = params.get('name') ?? null;
      const extended = params.get('filename*');
      result.filename = extended ? decodeExtended(extended) : params.get('filename') ?? null;
    }
  }
  return result;
}

/** RFC 5987 `UTF-8''na%C3%AFve.jpg`. */
function decodeExtended(value: string): string {
  const quote = value.indexOf("''");
  const encoded = quote >= 0 ? value.slice(quote + 2) : value;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function toPart(headers: PartHeaders, bytes: Uint8Array, selector: string): DecodedPart {
  return {
    selector, bytes, key: headers.name, mimeType: bareMimeType(headers.contentType),
    contentType: headers.contentType, filename: headers.filename,
  };
}

export const multipartDecoder: Decoder = {
  name: 'multipart',
  maxFit: 80,
  covers: true,
  fit(input) {
    if (input.mimeType?.startsWith('multipart/')) return 80;
    const b = input.bytes;
    return b.length > 8 && b[0] === 0x2d && b[1] === 0x2d && asBuffer(b).subarray(0, 200).includes('\r\n') ? 15 : 0;
  },
  mayFit(first, _mask, length) {
    return length > 8 && first === 0x2d;
  },
  decode(input, limits) {
    const body = asBuffer(input.bytes);
    const boundary = boundaryOf(input.contentType, body);
    if (!boundary) return null;
    const delimiter = Buffer.from('--' + boundary, 'latin1');
    let at = body.indexOf(delimiter);
    if (at < 0 || (at > 0 && body[at - 1] !== 0x0a)) return null;
    const separator = Buffer.from('\r\n--' + boundary, 'latin1');
    const parts: DecodedPart[] = [];
    const counter = new OccurrenceCounter();
    let index = 0;
    for (;;) {
      at += delimiter.length;
      if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // closing delimiter
      const headerStart = body.indexOf('\n', at) + 1;
      const headerEnd = body.indexOf('\r\n\r\n', headerStart);
      if (headerStart <= 0 || headerEnd < 0) break;
      const headers = readHeaders(body.toString('utf8', headerStart, headerEnd));
      const contentStart = headerEnd + 4;
      const next = body.indexOf(separator, contentStart);
      const contentEnd = next < 0 ? body.length : next;
      const selector = headers.name === null
        ? `[${index}]`
        : `${escapeName(headers.name)}[${counter.next(headers.name)}]`;
      parts.push(toPart(headers, body.subarray(contentStart, contentEnd), selector));
      index++;
      if (next < 0 || parts.length >= limits.maxViews) break;
      at = next + 2;
    }
    if (parts.length === 0) return null;
    throw new DecodeLimitError('corrupt-encoding', `multipart body ends without closing boundary after ${parts.length} parts`,
      body.length, parts);
  },
};
