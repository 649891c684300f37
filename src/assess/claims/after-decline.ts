/** data-after-decline: did personal data still leave the device after the user declined consent? */
import { dataTypesOf, listOf, plural } from '../text.js';
import { inconclusive, NO_EVENTS, supported, unsupportedOrInconclusive, type ClaimEvaluator } from './context.js';
import { hostsPhrase } from './describe.js';
import { windowInfo } from './window.js';

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
  const window = ctx.window(`after consent was declined at ${decline.at}`, (l) => l.consent === 'declined');
  const afterDecline = (f: { time: string }) => ctx.label(f.time).consent === 'declined';
  const hits = ctx.strong.filter(afterDecline);
  if (hits.length > 0) {
    return supported(id, hits,
      `After consent was declined at ${decline.at}, ${plural(hits.length, 'finding')} of personal data (${listOf(dataTypesOf(hits))}) ` +
      `still left the device, to ${hostsPhrase(ctx, hits)}.`, { window: windowInfo(window) });
  }
  return unsupportedOrInconclusive(ctx, id, {
    window,
    hides: { what: 'sent' },
    weak: ctx.weak.filter(afterDecline),
    notSupported: `No personal data left the device after consent was declined at ${decline.at}.`,
    question: 'whether data left after the refusal',
  });
};
