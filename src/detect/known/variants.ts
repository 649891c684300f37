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
 *   location    e7, scaled-1e6 (integers), pair-string ("lat,lon" in one field), lon-lat-order (swapped)
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { KindedValue } from './values.js';

export interface Form {
  text: string;
  chain: string[];
  /** Whether digests of this form are searched (normalized spellings an SDK would hash). */
  hashable: boolean;
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
    case 'digits': digitForms(set, given, value.dataType === 'device.imei'); break;
    case 'hex-id': addCaseForms(set, given, true); break;
    case 'uuid': uuidForms(set, given); break;
    case 'mac': macForms(set, given); break;
    case 'email':
      set.add(given, [], true);
      set.add(given.toLowerCase(), ['lowercase'], true);
      set.add(given.toUpperCase(), ['uppercase'], true); // an upper-cased address is still the address
      break;
    case 'phone': phoneForms(set, given); break;
    case 'ip': addCaseForms(set, given, true); break;
    case 'date': dateForms(set, given); break;
    case 'text': addCaseForms(set, given, true); break;
    case 'exact': set.add(given, [], true); break;
  }
  return set.list();
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
}

/** Forms plus their URL/form encodings: everything the byte automaton searches as literal text. */
export function textVariants(forms: readonly Form[]): TextVariant[] {
  const out: TextVariant[] = [];
  const seen = new Set<string>();
  const push = (text: string, chain: string[]): void => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, chain });
  };
  // Plain forms first so an encoding that changes nothing never shadows them.
  for (const f of forms) push(f.text, f.chain);
  for (const f of forms) {
    for (const enc of urlEncodings(f.text)) push(enc, [...f.chain, 'url-encoded']);
    for (const enc of urlEncodings(f.text)) push(enc.replace(/%20/g, '+'), [...f.chain, 'form-encoded']);
    push(formEncoding(f.text), [...f.chain, 'form-encoded']);
  }
  return out;
}
