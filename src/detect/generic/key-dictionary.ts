/**
 * Key-name detector: a value under a key that names a data type ("imei", "gaid", Baidu's "mc") is reported when the
 * value has the shape that data type must have (keys.ts judges it). Match kind 'key'; confidence 'likely' for a
 * value whose shape is specific (a Luhn-valid IMEI under "imei"), 'possible' for weaker shapes (a name under "nickname").
 */
import type { DetectorFamily, ExchangeContext, Hit } from './context.js';
import { clipMatched } from './context.js';
import { rulesFor } from './keys.js';

/**
 * Cookie names are chosen by web servers for their own sessions (Google's SSID, SID, HSID cookies), so a cookie name
 * alone is weak evidence: cookies count only when the value's shape is specific ('likely' verdicts).
 */
function isCookie(path: string): boolean {
  return path.startsWith('request.cookies:');
}

function detectKeys(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of ctx.request) {
    if (sv.normKey === null) continue;
    const rules = rulesFor(sv.normKey, ctx.host);
    if (rules.length === 0 || sv.text === null) continue;
    const value = sv.text.trim();
    for (const rule of rules) {
      const verdict = rule.judge(value, sv.normKey);
      if (!verdict || (verdict.confidence === 'possible' && isCookie(sv.view.path))) continue;
      hits.push({
        view: sv.view,
        dataType: verdict.dataType ?? rule.dataType,
        match: 'key',
        confidence: verdict.confidence,
        detector: `key:${sv.normKey}`,
        matched: clipMatched(value),
        index: Math.max(0, sv.text.indexOf(value)),
        ...(verdict.shape ? { details: { valueShape: verdict.shape } } : {}),
      });
    }
  }
  return { hits };
}

export const keyDictionaryFamily: DetectorFamily = { name: 'key-dictionary', detect: detectKeys };
