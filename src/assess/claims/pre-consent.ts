/** pre-consent-collection: did personal data leave the device before the user made any consent decision? */
import { dataTypesOf, listOf, plural } from '../text.js';
import { inconclusive, NO_EVENTS, supported, unsupportedOrInconclusive, type ClaimEvaluator } from './context.js';
import { firstFindingPhrase, hostsPhrase } from './describe.js';
import { windowInfo } from './window.js';

export const preConsentCollection: ClaimEvaluator = (ctx) => {
  const id = 'pre-consent-collection';
  if (!ctx.hasEvents) {
    return inconclusive(id, 'Without tester events there is no consent moment to compare the traffic with.', [NO_EVENTS]);
  }
  const first = ctx.eventsOf('consent')[0];
  const moment = first ? `the first consent decision (${first.value} at ${first.at})` : 'any consent decision';
  const window = ctx.window(first ? `before ${moment}` : 'the whole session (no consent decision was recorded)',
    (l) => l.consent === 'none');
  const beforeConsent = (f: { time: string }) => ctx.label(f.time).consent === 'none';
  const hits = ctx.strong.filter(beforeConsent);
  if (hits.length > 0) {
    const noConsent = first ? '' : ' No consent event was recorded in this session, so everything sent counts as before consent.';
    return supported(id, hits,
      `${plural(hits.length, 'finding')} of personal data (${listOf(dataTypesOf(hits))}) left the device before ${moment}, ` +
      `to ${hostsPhrase(ctx, hits)}. The first was ${firstFindingPhrase(ctx, hits)}.${noConsent}`, { window: windowInfo(window) });
  }
  return unsupportedOrInconclusive(ctx, id, {
    window,
    hides: { what: 'sent' },
    weak: ctx.weak.filter(beforeConsent),
    notSupported: `No personal data was found leaving the device before ${moment}.`,
    question: 'whether data left before consent',
  });
};
