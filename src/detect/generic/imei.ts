/**
 * IMEI: a standalone run of exactly 15 digits whose last digit is the Luhn check digit. One random 15-digit number in
 * ten passes Luhn, so without an IMEI key the first two digits must also be a GSMA reporting body (35, 86, 01, 99, ...)
 * and the hit is only 'possible'; under an IMEI key (imei, meid, ...) it is 'likely'. Digits under a key of another
 * data type (imsi, phone, timestamps, versions) are left alone; generic device-id keys may hold an IMEI.
 */
import type { DetectorFamily, ExchangeContext, Hit } from './context.js';
import { featuresOf, keyAt, scannableText } from './context.js';
import { SDK_DEVICE_ID, isImeiKey, isVersionKey, rulesFor } from './keys.js';
import { hasImeiReportingBody, looksLikeImei } from './validators.js';

const FIFTEEN_DIGITS = /(?<![0-9A-Za-z.])\d{15}(?![0-9A-Za-z.])/g;
const TIME_OR_COUNTER_KEY = /time|ts$|date|seq|count|size|len|num$|duration|ms$/;
const MAX_PER_VIEW = 50;

/** A key that names some other data (imsi, phone, ...): generic device-id keys still may carry an IMEI. */
function isOtherDataKey(key: string, host: string): boolean {
  return rulesFor(key, host).some((r) => r.dataType !== SDK_DEVICE_ID);
}

function detectImeis(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of scannableText(ctx)) {
    if (!featuresOf(sv)?.fifteenDigitToken) continue;
    let found = 0;
    for (const m of sv.text!.matchAll(FIFTEEN_DIGITS)) {
      const digits = m[0];
      if (!looksLikeImei(digits)) continue;
      const key = keyAt(sv, m.index);
      const underImeiKey = isImeiKey(key);
      if (!underImeiKey) {
        if (key !== null && (isOtherDataKey(key, ctx.host) || isVersionKey(key) || TIME_OR_COUNTER_KEY.test(key))) continue;
        if (!hasImeiReportingBody(digits)) continue;
      }
      hits.push({ view: sv.view, dataType: 'device.imei', match: 'pattern', confidence: underImeiKey ? 'likely' : 'possible',
        detector: 'imei-luhn', matched: digits, index: m.index });
      if (++found >= MAX_PER_VIEW) break;
    }
  }
  return { hits };
}

export const imeiFamily: DetectorFamily = { name: 'imei', detect: detectImeis };
