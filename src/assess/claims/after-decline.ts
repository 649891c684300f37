/** data-after-decline: did personal data still leave the device after the user declined consent? */
import { dataTypesOf, listOf, plural } from '../text.js';
import { blindSpotsWhere, inconclusive, NO_EVENTS, supported, unsupportedOrInconclusive, type ClaimEvaluator } from './context.js';
import { hostsPhrase } from './describe.js';

export const dataAfterDecline: ClaimEvaluator = (ctx) => {
  const id = 'data-after-decline';
  if (!ctx.hasEvents) {
    return inconclusive(id, 'Without tester events there is no refusal to compare the traffic with.', [NO_EVENTS]);
  }
  const decline = ctx.eventsOf('consent', 'declined')[0];
  if (!decline) {
    return inconclusive(id, 'The tester never declined consent in this session, so behaviour after a refusal was not tested.',
      ['a consent event with value "declined"']);
  }
  const afterDecline = (f: { time: string }) => ctx.label(f.time).consent === 'declined';
  const hits = ctx.strong.filter(afterDecline);
  if (hits.length > 0) {
    return supported(id, hits,
      `After consent was declined at ${decline.at}, ${plural(hits.length, 'finding')} of personal data (${listOf(dataTypesOf(hits))}) ` +
      `still left the device, to ${hostsPhrase(ctx, hits)}.`);
  }
  return unsupportedOrInconclusive(id, {
    weak: ctx.weak.filter(afterDecline),
    blind: blindSpotsWhere(ctx),
    notSupported: `No personal data left the device after consent was declined at ${decline.at}.`,
    question: 'whether data left after the refusal',
  });
};
