/**
 * Schema-less protobuf. Applied when declared (application/x-protobuf and kin, gRPC messages), or to an
 * application/octet-stream body that parses completely as wire format. Length-delimited fields become a UTF-8 string
 * when they are clean text, else a nested message when they parse as one, else raw bytes (which later layers may
 * still recognise: gzip, base64...). Text is tried before nesting because short strings such as "ab" are often also
 * valid wire bytes, while real nested messages almost always contain control bytes (tags 0x08, 0x0A, 0x10, 0x12...).
 */
import type { Decoder, DecodedPart, DecodeLimits } from '../types.js';
import { DecodeLimitError } from '../errors.js';
import { isCleanText } from '../bytes.js';
import { OccurrenceCounter } from '../paths.js';
import { utf8 } from '../bytes.js';
import { fixed32Text, fixed64Text, readMessage, type WireField } from './protobuf-wire.js';

export const PROTOBUF_TYPES = new Set([
  'application/x-protobuf', 'application/protobuf', 'application/vnd.google.protobuf', 'application/x-google-protobuf',
  'application/x-protobuffer', 'application/octet-stream+protobuf',
]);

class TooManyParts extends Error {}

function fieldSelector(prefix: string, number: number, occurrence: number): string {
  const step = occurrence === 0 ? String(number) : `${number}[${occurrence}]`;
  return prefix === '' ? step : `${prefix}.${step}`;
}

function collect(fields: WireField[], prefix: string, nesting: number, limits: DecodeLimits, out: DecodedPart[]): void {
  const counter = new OccurrenceCounter();
  for (const field of fields) {
    const selector = fieldSelector(prefix, field.number, counter.next(String(field.number)));
    if (out.length >= limits.maxViews) throw new TooManyParts();
    if (field.wireType === 0) {
      out.push({ selector, bytes: utf8(field.value), key: null });
    } else if (field.wireType === 1) {
      out.push({ selector, bytes: utf8(fixed64Text(field.bytes)), key: null });
    } else if (field.wireType === 5) {
      out.push({ selector, bytes: utf8(fixed32Text(field.bytes)), key: null });
    } else if (field.bytes.length > 0) {
      lengthDelimited(field.bytes, selector, nesting, limits, out);
    }
  }
}

function lengthDelimited(bytes: Uint8Array, selector: string, nesting: number, limits: DecodeLimits, out: DecodedPart[]) {
  if (isCleanText(bytes)) {
    out.push({ selector, bytes, key: null });
    return;
  }
  const nested = nesting < limits.maxNesting ? readMessage(bytes, limits.maxViews) : null;
  if (nested) collect(nested, selector, nesting + 1, limits, out);
  else out.push({ selector, bytes, key: null });
}

/** Parts of a message, or null when the bytes are not a complete message. */
export function decodeProtobuf(bytes: Uint8Array, limits: DecodeLimits): DecodedPart[] | null {
  const fields = readMessage(bytes, limits.maxViews);
  if (!fields) return null;
  const parts: DecodedPart[] = [];
  try {
    collect(fields, '', 1, limits, parts);
  } catch (e) {
    if (!(e instanceof TooManyParts)) throw e;
    throw new DecodeLimitError('size-limit', `protobuf has more than ${limits.maxViews} fields`, bytes.length, parts);
  }
  return parts;
}

export const protobufDecoder: Decoder = {
  name: 'protobuf',
  maxFit: 80,
  covers: true,
  fit(input) {
    if (input.bytes.length === 0) return 0;
    if (input.mimeType && PROTOBUF_TYPES.has(input.mimeType)) return 80;
    return input.mimeType === 'application/octet-stream' ? 20 : 0;
  },
  mayFit() {
    return false; // only a declared protobuf or octet-stream media type
  },
  decode(input, limits) {
    return decodeProtobuf(input.bytes, limits);
  },
};
