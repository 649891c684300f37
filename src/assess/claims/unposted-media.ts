/** unposted-media-upload: did photos, video or audio leave the device before the user posted them? */
import type { SourceRef } from '../../ingest/types.js';
import type { ReportFinding } from '../../model.js';
import type { PhaseLabel } from '../../timeline/index.js';
import { describeHost, formatBytes, listOf, plural, secondsBetween } from '../text.js';
import { inconclusive, NO_EVENTS, supported, unsupportedOrInconclusive, type ClaimContext, type ClaimEvaluator } from './context.js';
import { windowInfo, type Window } from './window.js';

/**
 * The smallest unreadable payload that could be a user's photo, video or voice recording: one second of speech at
 * 8 kbit/s (the lowest common AAC/Opus voice rate) is 1 KB, and photos and video run far larger. A smaller opaque
 * body can hide an identifier, not the media.
 */
export const MIN_MEDIA_BYTES = 1024;

/** One upload: an exchange that carried media, found as media findings and/or a media-upload signal. */
interface Upload {
  source: SourceRef;
  time: string;
  host: string;
  findings: ReportFinding[];
  bytes: number | null;
  label: PhaseLabel;
}

const isMedia = (f: ReportFinding) => f.dataType.startsWith('media.');
const keyOf = (s: SourceRef) => `${s.input}:${s.index}`;

function uploadsOf(ctx: ClaimContext, findings: readonly ReportFinding[], withSignals: boolean): Upload[] {
  const byExchange = new Map<string, Upload>();
  const add = (source: SourceRef, time: string, host: string) => {
    const key = keyOf(source);
    let u = byExchange.get(key);
    if (!u) {
      u = { source, time, host, findings: [], bytes: null, label: ctx.label(time) };
      byExchange.set(key, u);
    }
    return u;
  };
  for (const f of findings.filter(isMedia)) {
    const u = add(f.source, f.time, f.host);
    u.findings.push(f);
    const bytes = f.details?.mediaBytes;
    if (typeof bytes === 'number') u.bytes = Math.max(u.bytes ?? 0, bytes);
  }
  if (withSignals) {
    for (const s of ctx.input.signals.filter((x) => x.kind === 'media-upload')) add(s.source, s.time, s.host);
  }
  return [...byExchange.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.source.input - b.source.input || a.source.index - b.source.index);
}

function describeUpload(ctx: ClaimContext, u: Upload): string {
  const types = u.findings.length > 0 ? listOf([...new Set(u.findings.map((f) => f.dataType))].sort()) : 'media';
  const size = u.bytes !== null ? `, ${formatBytes(u.bytes)}` : '';
  const t = Date.parse(u.time);
  const last = u.label.lastMediaEvent;
  const after = last ? `${secondsBetween(last.atMs, t)} after '${last.kind}'` : 'before any record event';
  const laterPost = ctx.eventsOf('post').find((p) => Date.parse(p.at) > t);
  const post = laterPost ? `'post' came only ${secondsBetween(t, Date.parse(laterPost.at))} later` : 'no post event followed in the session';
  return `${types}${size} went to ${describeHost(u.host, ctx.destination(u.host))} at ${u.time}, ${after} and before any 'post' (${post})`;
}

export const unpostedMediaUpload: ClaimEvaluator = (ctx) => {
  const id = 'unposted-media-upload';
  const uploads = uploadsOf(ctx, ctx.strong, true);
  if (!ctx.hasEvents) {
    return inconclusive(id, `${plural(uploads.length, 'media upload')} seen; without tester events there is no 'post' moment to compare with.`, [NO_EVENTS]);
  }
  const workflow = ['record', 'next', 'save', 'post'].some((k) => ctx.eventsOf(k as 'record').length > 0);
  if (!workflow) {
    return inconclusive(id,
      `${plural(uploads.length, 'media upload')} seen, but no record, next, save or post event was logged, so drafts cannot be told from posted media.`,
      ['record / next / save / post events for the media the tester created'], uploads.flatMap((u) => u.findings));
  }
  const window = unpostedWindow(ctx);
  const unposted = uploads.filter((u) => u.label.media !== 'after-post');
  if (unposted.length > 0) {
    const lead = unposted.length === 1 ? 'An unposted upload' : `${plural(unposted.length, 'unposted upload')}; the first`;
    return supported(id, unposted.flatMap((u) => u.findings),
      `${lead}: ${describeUpload(ctx, unposted[0]!)}. The media left the device while it was still a draft.`,
      { exchanges: unposted.map((u) => u.source), window: windowInfo(window) });
  }
  const weakUploads = uploadsOf(ctx, ctx.weak, false).filter((u) => u.label.media !== 'after-post');
  return unsupportedOrInconclusive(ctx, id, {
    window,
    hides: { what: 'sent', minBytes: MIN_MEDIA_BYTES, dataWords: 'a photo, video or audio recording' },
    weak: weakUploads.flatMap((u) => u.findings),
    notSupported: uploads.length > 0
      ? `${uploads.length === 1 ? 'The only media upload' : `All ${uploads.length} media uploads`} came after a 'post' event.`
      : 'No media upload was seen during the session.',
    question: 'whether unposted media was uploaded',
  });
};

/** Every moment when the latest media event was not a 'post': before the first 'post', and after any later record. */
function unpostedWindow(ctx: ClaimContext): Window {
  const posts = ctx.eventsOf('post');
  const label = posts.length === 0
    ? "the whole session (no 'post' event)"
    : `while media was not yet posted (until the 'post' at ${posts[0]!.at}${posts.length > 1 ? ', and between each later record/next/save and its post' : ''})`;
  return ctx.window(label, (l) => l.media !== 'after-post');
}
