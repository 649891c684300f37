/**
 * JSON Web Tokens (RFC 7519, compact JWS of RFC 7515 §7.1): header.payload.signature, each base64url. Header and
 * payload become JSON parts; the signature is not data about anyone.
 */
import type { Decoder, DecodedPart } from '../types.js';
import { blobText } from './blob.js';
import { CH, CH_ALNUM, isCleanText } from '../bytes.js';
import { blobFits } from './blob.js';

export const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

function jsonSegment(segment: string, selector: string, key: string | null): DecodedPart | null {
  const bytes = Buffer.from(segment, 'base64url');
  return isCleanText(bytes) ? { selector, bytes, key, mimeType: 'application/json' } : null;
}

export const jwtDecoder: Decoder = {
  name: 'jwt',
  maxFit: 55,
  covers: true,
  fit(input) {
    const b = input.bytes;
    const startsLikeJwt = b[0] === 0x65 && b[1] === 0x79 && b[2] === 0x4a; // "eyJ" = base64url('{"')
    return startsLikeJwt && blobFits(input, CH_ALNUM | CH.MINUS | CH.UNDERSCORE | CH.DOT) ? 55 : 0;
  },
  mayFit(first, _mask, length) {
    return length >= 16 && first === 0x65;
  },
  decode(input, limits) {
    const text = blobText(input, limits);
    if (!text || !JWT_SHAPE.test(text)) return null;
    const [header, payload] = text.split('.');
    const parts = [jsonSegment(header, 'header', input.key), jsonSegment(payload, 'payload', input.key)];
    const kept = parts.filter((p): p is DecodedPart => p !== null);
    return kept.length ? kept : null;
  },
};
