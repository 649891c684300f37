/** background-collection: did personal data leave the device while the app was in the background (not in use)? */
import { dataTypesOf, listOf, plural } from '../text.js';
import { inconclusive, NO_EVENTS, supported, unsupportedOrInconclusive, type ClaimEvaluator } from './context.js';
import { hostsPhrase } from './describe.js';
import { windowInfo } from './window.js';

export const backgroundCollection: ClaimEvaluator = (ctx) => {
  const id = 'background-collection';
  if (!ctx.hasEvents) {
    return inconclusive(id, 'Without tester events it is unknown when the app was in the background.', [NO_EVENTS]);
  }
  const first = ctx.eventsOf('background')[0];
  if (!first) {
    return inconclusive(id, 'The app was never sent to the background during the session, so collection while not in use was not tested.',
      ['a background event: send the app to the background while the capture runs']);
  }
  const window = ctx.window(`while the app was in the background (first sent there at ${first.at})`, (l) => l.inBackground);
  const inBackground = (f: { time: string }) => ctx.label(f.time).inBackground;
  const hits = ctx.strong.filter(inBackground);
  if (hits.length > 0) {
    return supported(id, hits,
      `${plural(hits.length, 'finding')} of personal data (${listOf(dataTypesOf(hits))}) left the device while the app was in the background ` +
      `(first sent to the background at ${first.at}), to ${hostsPhrase(ctx, hits)}.`, { window: windowInfo(window) });
  }
  return unsupportedOrInconclusive(ctx, id, {
    window,
    hides: { what: 'sent' },
    weak: ctx.weak.filter(inBackground),
    notSupported: `No personal data left the device while the app was in the background (first sent there at ${first.at}).`,
    question: 'whether the app collected data while not in use',
  });
};
