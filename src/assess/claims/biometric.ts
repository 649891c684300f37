/** biometric-collection: was face data (a face scan, template or geometry) sent? */
import { describeHost, distinctSorted, listOf, plural } from '../text.js';
import { supported, unsupportedOrInconclusive, type ClaimEvaluator } from './context.js';
import { hostsPhrase } from './describe.js';
import { WHOLE_CAPTURE } from './window.js';

const isFace = (f: { dataType: string }) => f.dataType === 'biometric.face';

export const biometricCollection: ClaimEvaluator = (ctx) => {
  const id = 'biometric-collection';
  const hits = ctx.strong.filter(isFace);
  if (hits.length > 0) {
    const before = hits.filter((f) => ctx.label(f.time).consent === 'none').length;
    const consent = ctx.hasEvents ? ` ${plural(before, 'of them was', 'of them were')} sent before any consent decision.` : '';
    return supported(id, hits, `Face data (biometric.face) was found in ${plural(hits.length, 'finding')} to ${hostsPhrase(ctx, hits)}.${consent}`);
  }
  const otherMissing: string[] = [];
  const endpoints = distinctSorted(ctx.input.signals.filter((s) => s.kind === 'biometric-endpoint').map((s) => s.host));
  if (endpoints.length > 0) {
    otherMissing.push(`what was sent to the biometric service${endpoints.length > 1 ? 's' : ''} at ${listOf(endpoints.map((h) => describeHost(h, ctx.destination(h))))} (no face data was recognized in it)`);
  }
  const media = ctx.strong.filter((f) => f.dataType === 'media.video' || f.dataType === 'media.image');
  if (media.length > 0) {
    otherMissing.push(`what the servers did with the ${plural(media.length, 'uploaded photo or video', 'uploaded photos and videos')} (face geometry taken from uploaded media is computed server-side, out of sight of the traffic)`);
  }
  return unsupportedOrInconclusive(ctx, id, {
    window: WHOLE_CAPTURE,
    // A face template is small (128 floats are 512 bytes): any unreadable request could hold one.
    hides: { what: 'sent' },
    weak: ctx.weak.filter(isFace),
    notSupported: 'No face data or biometric template was found in the traffic.',
    question: 'whether face data was collected',
    otherMissing,
  });
};
