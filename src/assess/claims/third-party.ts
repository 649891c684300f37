/** third-party-sdk-collection: did personal data go to companies other than the app's own (SDK hosts)? */
import { cmp } from '../../util/compare.js';
import { dataTypesOf, distinctSorted, listOf, plural } from '../text.js';
import { supported, unsupportedOrInconclusive, type ClaimEvaluator } from './context.js';
import { hostsPhrase, phaseCounts } from './describe.js';
import { WHOLE_CAPTURE } from './window.js';

export const thirdPartySdkCollection: ClaimEvaluator = (ctx) => {
  const id = 'third-party-sdk-collection';
  const party = (host: string) => ctx.destination(host)?.party ?? 'unknown';
  const hits = ctx.strong.filter((f) => party(f.host) === 'third');
  if (hits.length > 0) {
    const sdks = distinctSorted(hits.flatMap((f) => ctx.destination(f.host)?.sdks ?? [])).sort(cmp);
    const sdkText = sdks.length > 0 ? ` SDKs known to use these hosts: ${listOf(sdks)}.` : '';
    return supported(id, hits,
      `${plural(hits.length, 'finding')} of personal data (${listOf(dataTypesOf(hits))}) went to ${hostsPhrase(ctx, hits)}; ` +
      `by phase: ${phaseCounts(hits)}.${sdkText}`);
  }
  const unattributed = distinctSorted(ctx.strong.filter((f) => party(f.host) === 'unknown').map((f) => f.host));
  return unsupportedOrInconclusive(ctx, id, {
    window: WHOLE_CAPTURE,
    hides: { what: 'sent', hostSetAside: (h) => (party(h) === 'first' ? 'to a first-party host' : null) },
    weak: ctx.weak.filter((f) => party(f.host) !== 'first'),
    notSupported: ctx.strong.length > 0
      ? `${ctx.strong.length === 1 ? 'The only finding' : `All ${ctx.strong.length} findings`} went to the app's own servers (${hostsPhrase(ctx, ctx.strong)}); none went to a third party.`
      : 'No personal data was found going to a third party.',
    question: 'whether third parties collected data',
    otherMissing: unattributed.length > 0 ? [`who operates ${listOf(unattributed)} (no destination attribution)`] : [],
  });
};
