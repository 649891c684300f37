/**
 * Value validators shared by the detectors: checksums, formats and address classes. Pure functions on strings,
 * no regex with nested quantifiers.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { parse as parseDomain } from 'tldts';

/** Luhn checksum (ISO/IEC 7812-1), used by IMEI's 15th digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** True for strings like "000000000000000" or "111111": placeholders, not identifiers. */
export function isRepeatedChar(s: string): boolean {
  return s.length > 0 && s.split('').every((c) => c === s[0]);
}

/**
 * Reporting Body Identifier: the first two digits of a real IMEI's TAC. GSMA allocates from a short list
 * (01 PTCRB, 35 BABT, 86 TAF China, 99 GHA for multi-standard, and a handful of others).
 * Source: https://en.wikipedia.org/wiki/Type_Allocation_Code#Reporting_Body_Identifier (GSMA TS.06 table).
 */
const IMEI_REPORTING_BODIES = new Set(['01', '10', '30', '31', '33', '35', '44', '45', '49', '50', '51', '52', '53',
  '54', '86', '91', '98', '99']);

export function looksLikeImei(digits: string): boolean {
  return /^\d{15}$/.test(digits) && !isRepeatedChar(digits) && luhnValid(digits);
}

export function hasImeiReportingBody(digits: string): boolean {
  return IMEI_REPORTING_BODIES.has(digits.slice(0, 2));
}

/** IMSI: 15 digits starting with a mobile country code (2xx–7xx). */
export function looksLikeImsi(s: string): boolean {
  return /^[2-7]\d{13,14}$/.test(s) && !isRepeatedChar(s.slice(3));
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** The all-zero UUID is what iOS/Android return when ad tracking is limited: it identifies nobody. */
export function isNilUuid(s: string): boolean {
  return /^[0-]+$/.test(s);
}

export function isHex(s: string, minLen: number, maxLen: number): boolean {
  return s.length >= minLen && s.length <= maxLen && /^[0-9a-fA-F]+$/.test(s);
}

const MAC_SEPARATED = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}\1[0-9a-fA-F]{2}\1[0-9a-fA-F]{2}\1[0-9a-fA-F]{2}\1[0-9a-fA-F]{2}$/;

/** Placeholder MACs: zeros, broadcast, and Android 6+'s fixed 02:00:00:00:00:00 returned instead of the real one. */
const PLACEHOLDER_MACS = new Set(['000000000000', 'ffffffffffff', '020000000000']);

/** "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF" or bare 12 hex digits (only when `allowBare`), not a placeholder. */
export function isMac(s: string, allowBare = false): boolean {
  const ok = MAC_SEPARATED.test(s) || (allowBare && isHex(s, 12, 12));
  return ok && !PLACEHOLDER_MACS.has(s.replace(/[:-]/g, '').toLowerCase());
}

export type IpClass = 'public' | 'private' | 'documentation' | 'loopback' | 'unspecified' | 'multicast' | 'reserved';

function ipv4Class(ip: string): IpClass {
  const [a, b, c] = ip.split('.').map(Number) as [number, number, number, number];
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if ((a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254)) return 'private'; // CGNAT, link-local
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return 'documentation'; // RFC 5737
  }
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return 'public';
}

function ipv6Class(ip: string): IpClass {
  const lower = ip.toLowerCase();
  if (/^[0:]+$/.test(lower)) return 'unspecified';
  if (/^[0:]+1$/.test(lower)) return 'loopback';
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) return ipv4Class(lower.slice(7));
  const first = parseInt(lower.split(':')[0] || '0', 16);
  if ((first & 0xffc0) === 0xfe80 || (first & 0xfe00) === 0xfc00) return 'private'; // link-local, ULA (RFC 4193)
  if (lower.startsWith('2001:db8:') || lower.startsWith('2001:0db8:')) return 'documentation'; // RFC 3849
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if ((first & 0xe000) === 0x2000) return 'public'; // global unicast 2000::/3
  return 'reserved';
}

/** Class of an IP address string, or null when it is not one. */
export function classifyIp(s: string): IpClass | null {
  if (isIPv4(s)) return ipv4Class(s);
  if (isIPv6(s)) return ipv6Class(s);
  return null;
}

/** Decimal places of a number written in text ("37.4419" → 4). */
export function decimalPlaces(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Last labels that are file extensions, not top-level domains: "icon@2x.png" is an asset name, not an address. */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'js', 'mjs', 'css', 'html', 'htm',
  'json', 'xml', 'mp4', 'mov', 'webm', 'heic', 'ico', 'bmp', 'tif', 'tiff', 'pdf', 'zip', 'txt', 'so', 'dex', 'apk',
  'ipa', 'ttf', 'woff', 'woff2', 'otf', 'mp3', 'wav', 'ogg', 'm4a', 'aac', 'opus', 'lottie', 'plist', 'bin']);

const EMAIL_LOCAL = /^[A-Za-z0-9._%+-]{1,64}$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A plausible e-mail address (RFC 5321 shapes that apps actually send) at a domain under an ICANN public suffix
 * (tldts' embedded public suffix list), rejecting asset names like "a@2x.png".
 */
export function isEmailAddress(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0 || s.length > 254) return false;
  const local = s.slice(0, at);
  const labels = s.slice(at + 1).split('.');
  if (!EMAIL_LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return false;
  const tld = labels[labels.length - 1]!.toLowerCase();
  if (!/^[a-z]{2,24}$/.test(tld) || FILE_EXTENSIONS.has(tld)) return false;
  // The domain must end in a real ICANN suffix: "0.clicks@0.scroll" in tracking cookies is not an address.
  const parsed = parseDomain(s.slice(at + 1), { extractHostname: false });
  return parsed.isIcann === true && parsed.domain !== null;
}

/** Digits of a phone-shaped value ("+1 (650) 555-0134" → "16505550134"), or null when it has other characters. */
export function phoneDigits(s: string): string | null {
  const t = s.trim();
  if (!/^\+?[0-9 ().-]{7,24}$/.test(t)) return null;
  const digits = t.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 && !isRepeatedChar(digits) ? digits : null;
}

/** Hex digests of common hash lengths (MD5, SHA-1, SHA-256): an identifier sent hashed. */
export function isHexDigest(s: string): boolean {
  return (s.length === 32 || s.length === 40 || s.length === 64) && isHex(s, 32, 64);
}
