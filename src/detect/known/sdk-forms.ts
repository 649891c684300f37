/**
 * Forms of a known value that SDK authors write and that no "case, separators, encodings, digests" rule produces:
 * the value's own bytes instead of its text, other punctuation, identifiers cut or extended by their own standards,
 * ad-tech e-mail normalisation, integers for addresses. Each rule names the API, standard or documentation it follows.
 *
 * Vocabulary added to Finding.transform (innermost first):
 *   bytes        uuid-bytes (RFC 4122 order: java.util.UUID, NSUUID getUUIDBytes), guid-bytes-le (.NET
 *                Guid.ToByteArray: first three groups little-endian), id-bytes (a hex id's own bytes), mac-bytes
 *                (NetworkInterface.getHardwareAddress), tbcd (3GPP TS 29.002 TBCD-STRING: digits swapped in each
 *                octet, filler F), bcd (packed BCD, filler F). Raw bytes are searched in binary views; followed by
 *                base64/base64url/hex when sent encoded.
 *   punctuation  space-separated, dot-separated-pairs, no-zero-padding (MAC pairs as Integer.toHexString writes them);
 *                phone: national-spaced, national-dashed, national-dotted, national-parens-compact,
 *                national-parens-spaced, international-dotted, international-parens, international-parens-spaced,
 *                international-trunk-0 ("+44 (0)20 …"), trunk-spaced, trunk-dashed, trunk-dotted ("1-415-…"),
 *                idd-00-spaced, idd-00-dashed, country-code-spaced ("+1 4155550173"), country-code-dashed
 *   identifiers  no-check-digit (IMEI's 14 digits), imeisv (14 digits + a 2-digit software version), gsma-dashed
 *                (AA-BBBBBB-CCCCCC-D)
 *   e-mail       gmail-normalized (lower case; for gmail.com/googlemail.com no "." and no "+tag" in the local part)
 *   IPv4         ipv4-int, ipv4-int-signed (network order read as an unsigned / Java int), ipv4-int-le,
 *                ipv4-int-le-signed (Android WifiInfo.getIpAddress order)
 */
import type { CountryCallingCode, PhoneNumber } from 'libphonenumber-js';
import type { Confidence } from '../types.js';

/** A text spelling of a value (the shape variants.ts collects). */
export interface SdkTextForm {
  text: string;
  chain: string[];
  hashable: boolean;
  /** Below "confirmed" when the form is short enough to occur by chance (a 32-bit integer). */
  confidence?: Confidence;
  /** The text is followed by exactly this many digits that vary (IMEISV's software version). */
  suffixDigits?: number;
}

/** The value's own bytes, searched raw in binary views and as base64/base64url/hex tokens in text. */
export interface BinaryForm {
  bytes: Uint8Array;
  chain: string[];
}

// --- bytes ---

/** RFC 4122 byte order (java.util.UUID most/least significant bits; NSUUID getUUIDBytes). */
export function uuidBytes(uuid: string): Buffer | null {
  const hex = uuid.replace(/-/g, '');
  return /^[0-9A-Fa-f]{32}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
}

/** .NET Guid.ToByteArray (https://learn.microsoft.com/dotnet/api/system.guid.tobytearray): mixed-endian. */
export function guidBytesLe(uuid: string): Buffer | null {
  const b = uuidBytes(uuid);
  if (!b) return null;
  const swap = (from: number, to: number) => Buffer.from(b.subarray(from, to)).reverse();
  return Buffer.concat([swap(0, 4), swap(4, 6), swap(6, 8), b.subarray(8)]);
}

/** TBCD-STRING (3GPP TS 29.002 §17.7.8): digit 2n-1 in the low nibble of octet n, digit 2n in the high; filler F. */
export function tbcd(digits: string): Buffer | null {
  if (!/^\d+$/.test(digits)) return null;
  const d = digits.length % 2 === 1 ? `${digits}F` : digits;
  const out = Buffer.alloc(d.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (parseInt(d[2 * i + 1]!, 16) << 4) | parseInt(d[2 * i]!, 16);
  return out;
}

/** Packed BCD, first digit in the high nibble, filler F (3GPP TS 24.008 §10.5.1.4 writes digits this way round). */
export function bcd(digits: string): Buffer | null {
  if (!/^\d+$/.test(digits)) return null;
  return Buffer.from(digits.length % 2 === 1 ? `${digits}f` : digits, 'hex');
}

export function uuidBinaryForms(uuid: string, givenChain: string[]): BinaryForm[] {
  const out: BinaryForm[] = [];
  const be = uuidBytes(uuid);
  const le = guidBytesLe(uuid);
  if (be) out.push({ bytes: be, chain: [...givenChain, 'uuid-bytes'] });
  if (le) out.push({ bytes: le, chain: [...givenChain, 'guid-bytes-le'] });
  return out;
}

/** A hex identifier (Android ID: a 64-bit number as 16 hex digits) as its own bytes. */
export function hexIdBinaryForms(id: string): BinaryForm[] {
  return /^(?:[0-9A-Fa-f]{2}){6,32}$/.test(id) ? [{ bytes: Buffer.from(id, 'hex'), chain: ['id-bytes'] }] : [];
}

export function macBinaryForms(hex12: string): BinaryForm[] {
  return [{ bytes: Buffer.from(hex12, 'hex'), chain: ['mac-bytes'] }];
}

/** IMEI and IMSI are TBCD-STRINGs in the mobile network's own messages (TS 29.002 IMEI, IMSI). */
export function digitBinaryForms(digits: string): BinaryForm[] {
  const out: BinaryForm[] = [];
  const t = tbcd(digits);
  const b = bcd(digits);
  if (t) out.push({ bytes: t, chain: ['tbcd'] });
  if (b) out.push({ bytes: b, chain: ['bcd'] });
  return out;
}

// --- punctuation ---

/** MAC spellings beyond ":"/"-"/none: spaces, dotted pairs, and pairs without zero padding (Integer.toHexString). */
export function macTextForms(hex12: string, givenStep: (style: 'lower' | 'upper') => string[]): SdkTextForm[] {
  const out: SdkTextForm[] = [];
  const pairs = hex12.match(/../g)!;
  const unpadded = pairs.map((p) => p.replace(/^0(?=.)/, ''));
  for (const style of ['lower', 'upper'] as const) {
    const c = (s: string) => (style === 'lower' ? s.toLowerCase() : s.toUpperCase());
    out.push({ text: c(pairs.join(' ')), chain: ['space-separated', ...givenStep(style)], hashable: false });
    out.push({ text: c(pairs.join('.')), chain: ['dot-separated-pairs', ...givenStep(style)], hashable: false });
    if (unpadded.join('') !== pairs.join('')) {
      out.push({ text: c(unpadded.join(':')), chain: ['no-zero-padding', ...givenStep(style)], hashable: false });
      out.push({ text: c(unpadded.join('-')), chain: ['no-zero-padding', 'dash-separated', ...givenStep(style)], hashable: false });
    }
  }
  return out;
}

/**
 * Phone numbers as people and SDKs punctuate them (ITU-T E.123 national and international notation, and the mixed
 * forms seen in the wild): the digit groups of libphonenumber's international format joined by space, dash or dot,
 * with the trunk prefix where the national format has one, the area code in parentheses, "(0)" after the country code.
 */
export function phoneTextForms(parsed: PhoneNumber): SdkTextForm[] {
  const cc = parsed.countryCallingCode as CountryCallingCode;
  const nsn = parsed.nationalNumber as string;
  const groups = parsed.formatInternational().split(' ').slice(1);
  if (groups.length === 0 || groups.join('') !== nsn) return [];
  const nationalDigits = parsed.formatNational().replace(/\D/g, '');
  const trunk = nationalDigits.length > nsn.length && nationalDigits.endsWith(nsn) ? nationalDigits.slice(0, -nsn.length) : '';
  const national = [trunk + groups[0]!, ...groups.slice(1)];
  const out: SdkTextForm[] = [];
  const add = (text: string, name: string) => out.push({ text, chain: [name], hashable: false });
  for (const [sep, word] of [[' ', 'spaced'], ['-', 'dashed'], ['.', 'dotted']] as const) {
    add(national.join(sep), `national-${word}`);
    if (sep === '.') add(`+${cc}.${groups.join('.')}`, 'international-dotted');
    if (cc === '1') add(`1${sep}${groups.join(sep)}`, `trunk-${word}`);
    if (sep !== '.') add(`00${cc}${sep}${groups.join(sep)}`, `idd-00-${word}`);
  }
  add(`+${cc} ${nsn}`, 'country-code-spaced');
  add(`+${cc}-${nsn}`, 'country-code-dashed');
  if (groups.length >= 2) {
    const [first, ...rest] = groups as [string, ...string[]];
    const openTrunk = trunk ? `(${trunk}${first})` : `(${first})`;
    add(`${openTrunk}${rest.join('-')}`, 'national-parens-compact');
    add(`${openTrunk} ${rest.join(' ')}`, 'national-parens-spaced');
    add(`${openTrunk} ${rest.join('-')}`, 'national-parens-dashed');
    add(`+${cc} (${first}) ${rest.join('-')}`, 'international-parens');
    add(`+${cc} (${first}) ${rest.join(' ')}`, 'international-parens-spaced');
  }
  if (trunk === '0') {
    add(`+${cc} (0)${groups.join(' ')}`, 'international-trunk-0');
    add(`+${cc} (0) ${groups.join(' ')}`, 'international-trunk-0');
  }
  return out;
}

// --- identifiers ---

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * An IMEI is TAC (8) + serial (6) + Luhn check digit (1); its 14-digit body is what the network itself carries, and
 * IMEISV is the body + a 2-digit software version (3GPP TS 23.003 §6.2). AppsFlyer's S2S API documents the IMEI as
 * "AA-BBBBBB-CCCCCC-D" (https://dev.appsflyer.com/hc/reference/s2s-events-api3-overview).
 */
export function imeiTextForms(digits: string): SdkTextForm[] {
  if (!/^\d{15}$/.test(digits) || !luhnValid(digits)) return [];
  const body = digits.slice(0, 14);
  return [
    // Not hashed: a digest of the 14 digits is not a form any SDK documents, and the prefix of the IMEI hashed is
    // exactly the look-alike test/detect-known/decoys.test.ts keeps out.
    { text: body, chain: ['no-check-digit'], hashable: false },
    // The software version digits are not known: 16 digits that begin with the body could also be the IMEI with one
    // digit appended. Strong evidence, but "likely".
    { text: body, chain: ['imeisv'], hashable: false, suffixDigits: 2, confidence: 'likely' },
    { text: `${digits.slice(0, 2)}-${digits.slice(2, 8)}-${digits.slice(8, 14)}-${digits.slice(14)}`, chain: ['gsma-dashed'], hashable: false },
  ];
}

// --- e-mail ---

/**
 * The address as ad-tech identity frameworks normalise it before hashing: lower case; for gmail.com and
 * googlemail.com, no "." and no "+tag" in the local part. UID2
 * (https://unifiedid.com/docs/getting-started/gs-normalization-encoding) then sends base64(SHA-256); Google's enhanced
 * conversions (https://developers.google.com/doubleclick-advertisers/guides/conversions_ec) the SHA-256 hex.
 */
export function emailTextForms(email: string): SdkTextForm[] {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return [];
  const domain = lower.slice(at + 1);
  if (domain !== 'gmail.com' && domain !== 'googlemail.com') return [];
  const local = lower.slice(0, at).split('+')[0]!.replace(/\./g, '');
  const normalized = `${local}@${domain}`;
  return normalized === lower ? [] : [{ text: normalized, chain: ['gmail-normalized'], hashable: true }];
}

// --- IPv4 as integers ---

/**
 * An IPv4 address as a 32-bit integer: network order (Inet4Address.getAddress read as an int), and least significant
 * byte first, as Android's WifiInfo.getIpAddress() returns it
 * (https://developer.android.com/reference/android/net/wifi/WifiInfo#getIpAddress()); unsigned and as a Java int.
 * 32 bits can collide with an unrelated number: "likely", never "confirmed".
 */
export function ipv4IntForms(ip: string): SdkTextForm[] {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return [];
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return [];
  const out: SdkTextForm[] = [];
  for (const [order, name] of [[octets, 'ipv4-int'], [[...octets].reverse(), 'ipv4-int-le']] as const) {
    const unsigned = order.reduce((acc, o) => acc * 256 + o, 0);
    out.push({ text: String(unsigned), chain: [name], hashable: false, confidence: 'likely' });
    if (unsigned >= 2 ** 31) out.push({ text: String(unsigned - 2 ** 32), chain: [`${name}-signed`], hashable: false, confidence: 'likely' });
  }
  return out;
}
