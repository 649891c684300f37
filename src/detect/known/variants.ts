/**
 * Normalized forms of a known value and the text encodings searched by the byte automaton.
 *
 * Transform vocabulary (Finding.transform, innermost step first; [] = sent exactly as the profile gives it):
 *   case        lowercase, uppercase
 *   separators  no-separators, colon-separated, dash-separated, dot-separated (MAC aabb.ccdd.eeff), digits-only
 *   phone       e164 (+16505550134), e164-no-plus, idd-00 (0016505550134), national ((650) 555-0134),
 *               national-digits (6505550134), national-trunk-digits (07700900123), international (+1 650 555 0134),
 *               international-dashed (+1-650-555-0134)
 *   date        date-compact (20010412), date-slash (2001/04/12), date-us (04/12/2001), date-eu (12/04/2001),
 *               date-dotted (12.04.2001)
 *   order       reversed (Baidu CUID appends the reversed IMEI)
 *   encodings   url-encoded (%XX), form-encoded (space as +), base64 (standard alphabet, padded or not),
 *               base64url (URL-safe alphabet, padded or not), hex (bytes as hex, either case)
 *   digests     md5, sha1, sha256, sha512 (hex in either case unless followed by base64/base64url: raw digest
 *               bytes base64-encoded); two digest steps = hash of the lowercase hex of the first
 *               (["sha1","md5"] = md5(sha1hex(x)); ["sha1","uppercase","md5"] when the inner hex was upper-case);
 *               truncated-16 (the first 16 hex chars of the digest)
 *   salted      salted-md5, salted-sha1, salted-sha256, salted-sha512: digest of salt+value or value+salt where the
 *               salt is a short value sent in the same exchange (details.saltPath names it)
 *   checksum    crc32 (IEEE, as 8 hex chars or unsigned decimal) — only "likely": 32 bits collide by chance
 *   location    e7, scaled-1e6, e5 (integers), pair-string ("lat,lon" in one field), lon-lat-order (swapped)
 *   SDK forms   raw bytes (uuid-bytes, guid-bytes-le, id-bytes, mac-bytes, tbcd, bcd), more punctuation for phones and
 *               MACs, no-check-digit / imeisv / gsma-dashed IMEIs, gmail-normalized e-mails, IPv4 as integers:
 *               listed with their sources in sdk-forms.ts
 *   encodings   also url-encoded twice (["url-encoded", "url-encoded"], %2540 for "@")
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Confidence } from '../types.js';
import type { KindedValue } from './values.js';
import {
  digitBinaryForms, emailTextForms, hexIdBinaryForms, imeiTextForms, ipv4IntForms, macBinaryForms, macTextForms,
  phoneTextForms, uuidBinaryForms, type BinaryForm, type SdkTextForm,
} from './sdk-forms.js';

export type { BinaryForm } from './sdk-forms.js';

export interface Form {
  text: string;
  chain: string[];
  /** Whether digests of this form are searched (normalized spellings an SDK would hash). */
  hashable: boolean;
  /** Absent = "confirmed"; "likely" for forms short enough to occur by chance (sdk-forms.ts). */
  confidence?: Confidence;
  /** The text is followed by exactly this many varying digits (IMEISV). */
  suffixDigits?: number;
}

/** Collects forms, keeping the shortest chain when two rewrites give the same text. */
class FormSet {
  private readonly byText = new Map<string, Form>();

  add(text: string, chain: string[], hashable: boolean): void {
    if (!text) return;
    const old = this.byText.get(text);
    if (!old || chain.length < old.chain.length) this.byText.set(text, { text, chain, hashable: hashable || !!old?.hashable });
    else if (hashable) old.hashable = true;
  }

  /** A form with its own matching rule (confidence, varying suffix): kept apart from a plain form of the same text. */
  addSdk(form: SdkTextForm): void {
    if (form.confidence === undefined && form.suffixDigits === undefined) {
      this.add(form.text, form.chain, form.hashable);
      return;
    }
    const key = `${form.text}\u0000${form.suffixDigits ?? 0}\u0000${form.confidence ?? ''}`;
    if (!this.byText.has(key)) this.byText.set(key, { ...form });
  }

  list(): Form[] {
    return [...this.byText.values()];
  }
}

type CaseStyle = 'lower' | 'upper' | 'mixed';

function caseOf(text: string): CaseStyle {
  if (text === text.toLowerCase()) return 'lower';
  return text === text.toUpperCase() ? 'upper' : 'mixed';
}

/** The chain step that turns `given`'s case into `style`, or none. */
function caseStep(given: string, style: CaseStyle): string[] {
  if (caseOf(given) === style) return [];
  return style === 'lower' ? ['lowercase'] : ['uppercase'];
}

function addCaseForms(set: FormSet, given: string, hashable: boolean): void {
  set.add(given, [], hashable);
  set.add(given.toLowerCase(), caseStep(given, 'lower'), hashable);
  set.add(given.toUpperCase(), caseStep(given, 'upper'), hashable);
}

function digitForms(set: FormSet, given: string, withReversed: boolean): void {
  set.add(given, [], true);
  const digits = given.replace(/[\s\-./]/g, '');
  set.add(digits, ['digits-only'], true);
  // Baidu's CommonParam.getCUID appends the reversed IMEI after "|" (n0099/open-tbclient,
  // com/baidu/android/common/util/CommonParam.java).
  if (withReversed) set.add([...digits].reverse().join(''), digits === given ? ['reversed'] : ['digits-only', 'reversed'], false);
}

const MAC_SEPARATORS: [string, string][] = [[':', 'colon-separated'], ['-', 'dash-separated'], ['', 'no-separators']];

function macForms(set: FormSet, given: string): void {
  const hex = given.replace(/[:\-. ]/g, '');
  if (!/^[0-9A-Fa-f]{12}$/.test(hex)) return addCaseForms(set, given, true);
  set.add(given, [], true);
  const givenSep = /^[0-9A-Fa-f]{4}\./.test(given) ? '.' : /[0-9A-Fa-f]/.test(given[2] ?? '') ? '' : given[2]!;
  const pairs = hex.match(/../g)!;
  const quads = hex.match(/..../g)!;
  for (const style of ['lower', 'upper'] as const) {
    const c = style === 'lower' ? (s: string) => s.toLowerCase() : (s: string) => s.toUpperCase();
    for (const [sep, label] of MAC_SEPARATORS) {
      set.add(c(pairs.join(sep)), [...(sep === givenSep ? [] : [label]), ...caseStep(given, style)], true);
    }
    set.add(c(quads.join('.')), [...(givenSep === '.' ? [] : ['dot-separated']), ...caseStep(given, style)], false);
  }
  for (const form of macTextForms(hex, (style) => caseStep(given, style))) set.addSdk(form);
}

function uuidForms(set: FormSet, given: string): void {
  addCaseForms(set, given, true);
  const bare = given.replace(/-/g, '');
  if (bare !== given) {
    set.add(bare.toLowerCase(), ['no-separators', ...caseStep(given, 'lower')], true);
    set.add(bare.toUpperCase(), ['no-separators', ...caseStep(given, 'upper')], true);
  }
}

function phoneForms(set: FormSet, given: string): void {
  set.add(given, [], true);
  const parsed = parsePhoneNumberFromString(given);
  if (!parsed) {
    set.add(given.replace(/\D/g, ''), ['digits-only'], true);
    return;
  }
  const national = parsed.nationalNumber as string;
  const e164 = parsed.number as string;
  set.add(e164, ['e164'], true);
  set.add(e164.slice(1), ['e164-no-plus'], true);
  set.add(`00${e164.slice(1)}`, ['idd-00'], false);
  set.add(national, ['national-digits'], true);
  set.add(parsed.formatNational(), ['national'], false);
  set.add(parsed.formatNational().replace(/\D/g, ''), ['national-trunk-digits'], true);
  set.add(parsed.formatInternational(), ['international'], false);
  set.add(parsed.formatInternational().replace(/ /g, '-'), ['international-dashed'], false);
  for (const form of phoneTextForms(parsed)) set.addSdk(form);
}

function dateForms(set: FormSet, given: string): void {
  set.add(given, [], true);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(given);
  if (!m) return;
  const [, y, mo, d] = m;
  set.add(`${y}${mo}${d}`, ['date-compact'], true);
  set.add(`${y}/${mo}/${d}`, ['date-slash'], false);
  set.add(`${mo}/${d}/${y}`, ['date-us'], false);
  set.add(`${d}/${mo}/${y}`, ['date-eu'], false);
  set.add(`${d}.${mo}.${y}`, ['date-dotted'], false);
}

/** All spellings of a value an app may send before any encoding or hashing. */
export function normalizedForms(value: KindedValue): Form[] {
  const given = value.value.trim();
  const set = new FormSet();
  switch (value.kind) {
    case 'digits':
      digitForms(set, given, value.dataType === 'device.imei');
      if (value.dataType === 'device.imei') for (const form of imeiTextForms(given.replace(/[\s\-./]/g, ''))) set.addSdk(form);
      break;
    case 'hex-id': addCaseForms(set, given, true); break;
    case 'uuid': uuidForms(set, given); break;
    case 'mac': macForms(set, given); break;
    case 'email':
      set.add(given, [], true);
      set.add(given.toLowerCase(), ['lowercase'], true);
      set.add(given.toUpperCase(), ['uppercase'], true); // an upper-cased address is still the address
      for (const form of emailTextForms(given)) set.addSdk(form);
      break;
    case 'phone': phoneForms(set, given); break;
    case 'ip':
      addCaseForms(set, given, true);
      for (const form of ipv4IntForms(given)) set.addSdk(form);
      break;
    case 'date': dateForms(set, given); break;
    case 'text': addCaseForms(set, given, true); break;
    case 'exact': set.add(given, [], true); break;
  }
  return set.list();
}

/**
 * The value's own bytes, for values that are numbers or byte strings written as text: UUIDs (both byte orders),
 * hex ids, MACs, IMEI/IMSI digits (TBCD, BCD). Searched raw in binary views and as base64/base64url/hex tokens.
 */
export function binaryForms(value: KindedValue): BinaryForm[] {
  const given = value.value.trim();
  switch (value.kind) {
    case 'uuid': return uuidBinaryForms(given, []);
    case 'hex-id': return hexIdBinaryForms(given);
    case 'mac': {
      const hex = given.replace(/[:\-. ]/g, '');
      return /^[0-9A-Fa-f]{12}$/.test(hex) ? macBinaryForms(hex) : [];
    }
    case 'digits': return digitBinaryForms(given.replace(/[\s\-./]/g, ''));
    default: return [];
  }
}

/**
 * Percent-encodings an app may produce: JavaScript's encodeURIComponent (leaves !'()* alone), RFC 3986 strict
 * (only A-Z a-z 0-9 - . _ ~ left), each with upper- or lower-case hex digits.
 */
function urlEncodings(text: string): string[] {
  const js = encodeURIComponent(text);
  const strict = js.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  return [js, strict, lower(js), lower(strict)];
}

/** application/x-www-form-urlencoded as WHATWG URLSearchParams and Java's URLEncoder write it (space as +). */
function formEncoding(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

export interface TextVariant {
  text: string;
  chain: string[];
  /** Absent = "confirmed". */
  confidence?: Confidence;
  /** Digits that must follow the text (IMEISV). */
  suffixDigits?: number;
}

/**
 * Forms plus their URL/form encodings: everything the byte automaton searches as literal text. A value URL-encoded
 * twice (%2540 for "@") is searched too: decode peels both layers off a field it can split, but not inside free text.
 */
export function textVariants(forms: readonly Form[]): TextVariant[] {
  const out: TextVariant[] = [];
  const seen = new Set<string>();
  const push = (f: Form, text: string, chain: string[]): void => {
    const key = `${text}\u0000${f.suffixDigits ?? 0}\u0000${f.confidence ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ text, chain, ...(f.confidence ? { confidence: f.confidence } : {}),
      ...(f.suffixDigits ? { suffixDigits: f.suffixDigits } : {}) });
  };
  // Plain forms first so an encoding that changes nothing never shadows them.
  for (const f of forms) push(f, f.text, f.chain);
  for (const f of forms) {
    for (const enc of urlEncodings(f.text)) push(f, enc, [...f.chain, 'url-encoded']);
    for (const enc of urlEncodings(f.text)) push(f, enc.replace(/%20/g, '+'), [...f.chain, 'form-encoded']);
    push(f, formEncoding(f.text), [...f.chain, 'form-encoded']);
    const once = encodeURIComponent(f.text);
    if (once !== f.text) push(f, encodeURIComponent(once), [...f.chain, 'url-encoded', 'url-encoded']);
  }
  return out;
}
