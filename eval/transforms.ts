/**
 * Recipes that turn a known value into the form an app sends (hashes, encodings, normalizations), and the label
 * vocabulary each recipe maps to. The vocabulary is the known-value detector's `transform` field: steps innermost
 * first (["lowercase", "sha256"] = sha256 of the lower-cased value).
 */
import { createHash } from 'node:crypto';
import { parsePhoneNumberWithError } from 'libphonenumber-js';

/** One generator step. Most map 1:1 to a vocabulary word; a few (digest output encodings) map to two words. */
export type Step =
  | 'uppercase' | 'lowercase' | 'no-separators' | 'dash-separators' | 'url-encoded'
  | 'base64' | 'base64url' | 'base64-nopad' | 'hex'
  | 'md5' | 'sha1' | 'sha256' | 'sha512' | 'md5-b64' | 'sha256-b64'
  | 'truncated-16' | 'e164' | 'national' | 'national-digits';

const DIGESTS = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' } as const;

/** The vocabulary words a step stands for in a label. */
export function vocabularyOf(step: Step): string[] {
  switch (step) {
    case 'base64-nopad': return ['base64'];
    case 'md5-b64': return ['md5', 'base64'];
    case 'sha256-b64': return ['sha256', 'base64'];
    default: return [step];
  }
}

export function labelTransform(steps: readonly Step[]): string[] {
  return steps.flatMap(vocabularyOf);
}

export function applySteps(value: string, steps: readonly Step[]): string {
  return steps.reduce(applyStep, value);
}

function applyStep(value: string, step: Step): string {
  switch (step) {
    case 'uppercase': return value.toUpperCase();
    case 'lowercase': return value.toLowerCase();
    case 'no-separators': return value.replace(/[:\-\s]/g, '');
    case 'dash-separators': return value.replace(/:/g, '-');
    case 'url-encoded': return encodeURIComponent(value);
    case 'base64': return Buffer.from(value, 'utf8').toString('base64');
    case 'base64url': return Buffer.from(value, 'utf8').toString('base64url');
    case 'base64-nopad': return Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
    case 'hex': return Buffer.from(value, 'utf8').toString('hex');
    case 'md5': case 'sha1': case 'sha256': case 'sha512':
      return createHash(DIGESTS[step]).update(value, 'utf8').digest('hex');
    case 'md5-b64': return createHash('md5').update(value, 'utf8').digest('base64');
    case 'sha256-b64': return createHash('sha256').update(value, 'utf8').digest('base64');
    case 'truncated-16': return value.slice(0, 16);
    case 'e164': return parsePhoneNumberWithError(value, 'US').number;
    case 'national': return parsePhoneNumberWithError(value, 'US').formatNational();
    case 'national-digits': return parsePhoneNumberWithError(value, 'US').nationalNumber;
  }
}

/** Salted SHA-256 as SDKs do it: the salt is sent beside the digest so the server can recompute it. */
export function saltedSha256(value: string, salt: string): string {
  return createHash('sha256').update(salt + value, 'utf8').digest('hex');
}

/** Luhn check digit for the first 14 digits of an IMEI. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}
