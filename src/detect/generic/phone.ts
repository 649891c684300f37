/**
 * Phone numbers in request text, found and validated by libphonenumber-js (full "max" metadata, so validity is
 * checked against real numbering plans, not just lengths). National numbers need a region hint (default US and CN,
 * see index.ts). A valid number is still only reported in a phone-ish context — under a phone key (phone, mobile,
 * tel, msisdn, ...) or written the way people write numbers (a leading "+", or digit groups split by spaces, dashes
 * or parentheses) — because bare digit runs are usually timestamps, counters or ids.
 */
import { findNumbers, type CountryCode } from 'libphonenumber-js/max';
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { featuresOf, keyAt, keyBefore, scannableText } from './context.js';
import { isPhoneKey, isReferenceNumberKey, isVersionKey, referenceWordBefore } from './keys.js';

const MAX_PHONE_SCAN_CHARS = 64 * 1024;
const MAX_PER_VIEW = 50;
const DATE_OR_TIME = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|\d:\d\d/;

interface Candidate {
  start: number;
  end: number;
  region: string;
}

function candidatesIn(text: string, hints: readonly string[]): Candidate[] {
  const byStart = new Map<number, Candidate>();
  // Without a region only "+…" numbers can be read, so that pass is skipped for text without a plus sign.
  for (const hint of text.includes('+') ? [undefined, ...hints] : hints) {
    const options = hint ? { defaultCountry: hint as CountryCode, v2: true as const } : { v2: true as const };
    for (const found of findNumbers(text, options)) {
      if (!found.number.isValid() || byStart.has(found.startsAt)) continue;
      byStart.set(found.startsAt, { start: found.startsAt, end: found.endsAt, region: found.number.country ?? '' });
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Written like a phone number: "+…", or at least two digit groups separated by space, dash or parentheses. */
function isFormatted(raw: string): boolean {
  return raw.startsWith('+') || /\d[ ()-]{1,3}\d/.test(raw);
}

/**
 * Stretches of text that could be one written phone number: an optional "+" or "(", then digits with the separators
 * people use. The class is bounded, so the scan stays linear; the phone library then only reads these stretches,
 * not the whole view (a 45 KB log upload would otherwise cost ~100 ms).
 */
const PHONE_RUN = /(?<![0-9A-Za-z-])[+(]?\d[\d ().-]{5,24}\d(?![0-9A-Za-z-])/g;
const MAX_RUNS_PER_VIEW = 500;

/** What keyBefore reads before a value (':' or '=', up to three blanks, an optional quote), then a run's start. */
const LEAD_IN_THEN_RUN = /[:=][ \t]{0,3}["']?([+(]?\d)/g;

/**
 * The same lead-in after a key that can be a phone key: every phone key ends in one of these words once normalised
 * (letters in any case, '_', '.' or '-' anywhere), so text without such a key skips the exact check.
 */
const PHONE_KEY_ENDINGS = ['phone', 'number', 'no', 'num', 'mobile', 'tel', 'msisdn'];
// Starts at the ':' or '=' and looks behind it for the key: the engine then only stops at those two characters.
const PHONE_KEY_LEAD_IN = new RegExp(`[:=](?<=(?:${PHONE_KEY_ENDINGS.map((w) => [...w].join('[_.-]*')).join('|')})`
  + `[_.-]*["']?[ \\t]{0,3}[:=])[ \\t]{0,3}["']?[+(]?\\d`, 'i');

/**
 * Whether any run can be used: a formatted one ("+" then a digit, or digit groups split by ' ', '(', ')', '-') or
 * one written right after a phone key. Long logs full of "frame=1234" have neither and skip the run scan.
 */
function mayHoldUsableRun(sv: ScanView, text: string): boolean {
  const f = featuresOf(sv);
  if (f === null || f.plusDigit || f.digitSeparatorDigit) return true;
  if ((f.colons === 0 && !f.equals) || !PHONE_KEY_LEAD_IN.test(text)) return false;
  for (const m of text.matchAll(LEAD_IN_THEN_RUN)) {
    const key = keyBefore(text, m.index + m[0].length - m[1]!.length);
    if (isPhoneKey(key)) return true;
  }
  return false;
}

function candidatesInRuns(sv: ScanView, text: string, hints: readonly string[]): Candidate[] {
  if (!mayHoldUsableRun(sv, text)) return [];
  const found: Candidate[] = [];
  let runs = 0;
  for (const m of text.matchAll(PHONE_RUN)) {
    if (++runs > MAX_RUNS_PER_VIEW) break;
    const inlineKey = keyAt(sv, m.index);
    if (!isFormatted(m[0]) && !isPhoneKey(inlineKey)) continue;
    for (const c of candidatesIn(m[0], hints)) found.push({ ...c, start: c.start + m.index, end: c.end + m.index });
  }
  return found;
}

function phoneHits(sv: ScanView, hints: readonly string[]): Hit[] {
  const text = sv.text!.slice(0, MAX_PHONE_SCAN_CHARS);
  const hits: Hit[] = [];
  // Under a phone key the whole (short) value is read; elsewhere only formatted stretches can count anyway.
  const viewUnderPhoneKey = isPhoneKey(sv.normKey);
  const candidates = viewUnderPhoneKey ? candidatesIn(text, hints) : candidatesInRuns(sv, text, hints);
  for (const c of candidates) {
    const raw = text.slice(c.start, c.end);
    if (raw.includes('.') || DATE_OR_TIME.test(raw)) continue;
    const key = keyAt(sv, c.start);
    if (isVersionKey(key) || isReferenceNumberKey(key) || referenceWordBefore(text, c.start)) continue;
    const underPhoneKey = isPhoneKey(key);
    if (!underPhoneKey && !isFormatted(raw)) continue;
    hits.push({ view: sv.view, dataType: 'account.phone', match: 'pattern', confidence: 'likely', detector: 'phone',
      matched: raw, index: c.start, details: { region: c.region, context: underPhoneKey ? 'key' : 'format' } });
    if (hits.length >= MAX_PER_VIEW) break;
  }
  return hits;
}

const MIN_PHONE_DIGITS = 7;

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length && n < MIN_PHONE_DIGITS; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

// Cheap gate before the phone library: a phone key, digits written like a phone number, or a phone word nearby.
const PHONE_SHAPE = /[+(]\d|\d[ )-]\d/;
const PHONE_WORD = /phone|mobile|tel|msisdn|cell/i;

function mayHoldPhone(sv: ScanView): boolean {
  const f = featuresOf(sv);
  if ((f !== null ? f.digits : countDigits(sv.text!)) < MIN_PHONE_DIGITS) return false;
  if (isPhoneKey(sv.normKey)) return true;
  // PHONE_SHAPE needs '+', '(', ')', '-' or a space; PHONE_WORD a letter other than a–f.
  if (f !== null && !f.phonePunct && f.dashes === 0 && !f.separator && !f.nonHexLetter) return false;
  const text = sv.text!;
  return PHONE_SHAPE.test(text) || PHONE_WORD.test(text);
}

function detectPhones(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of scannableText(ctx)) {
    if (mayHoldPhone(sv)) hits.push(...phoneHits(sv, ctx.regionHints));
  }
  return { hits };
}

export const phoneFamily: DetectorFamily = { name: 'phone', detect: detectPhones };
