/**
 * E-mail addresses in request text. Candidates come from a linear scan (one character class each side of "@"), then
 * isEmailAddress checks the shape; URL credentials ("https://key@host") and asset names ("icon@2x.png") are rejected.
 * Confidence 'likely': an address is specific, but whose address it is cannot be known without a profile.
 */
import type { DetectorFamily, ExchangeContext, Hit } from './context.js';
import { featuresOf, scannableText } from './context.js';
import { isEmailAddress } from './validators.js';

// Local part and domain as flat character runs (no nested quantifiers); the domain is split and checked in code.
const CANDIDATE = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{3,253}/g;
const MAX_PER_VIEW = 50;
// "https://" or "https://user:" right before the candidate: URL credentials (a Sentry DSN key), not an address.
const URL_USERINFO_BEFORE = /[a-z][a-z0-9+.-]{0,15}:\/\/[^\s"'/@]{0,128}$/i;

function trimDomainEnd(s: string): string {
  return s.replace(/[.-]+$/, '');
}

function detectEmails(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of scannableText(ctx)) {
    if (!featuresOf(sv)?.at) continue;
    const text = sv.text!;
    let found = 0;
    for (const m of text.matchAll(CANDIDATE)) {
      const candidate = trimDomainEnd(m[0]);
      if (URL_USERINFO_BEFORE.test(text.slice(Math.max(0, m.index - 128), m.index))) continue;
      if (!isEmailAddress(candidate)) continue;
      hits.push({ view: sv.view, dataType: 'account.email', match: 'pattern', confidence: 'likely', detector: 'email',
        matched: candidate, index: m.index });
      if (++found >= MAX_PER_VIEW) break;
    }
  }
  return { hits };
}

export const emailFamily: DetectorFamily = { name: 'email', detect: detectEmails };
