/** Places moments of a capture relative to the tester's events: consent, signup, background, media workflow. */
import { MEDIA_EVENT_KINDS, type ConsentState, type MediaEventKind, type MediaPhase, type Phase, type PhaseLabel,
  type TesterEvent, type Timeline, type TimelineOptions } from './types.js';

interface TimedEvent {
  ms: number;
  event: TesterEvent;
}

/** At most this many out-of-capture events are named one by one in a warning; the rest are counted. */
const NAMED_OUTLIERS = 5;

const MEDIA_KINDS: ReadonlySet<string> = new Set(MEDIA_EVENT_KINDS);

/** Index of the last item with ms <= t in a list sorted by ms, or -1. An event at the same millisecond counts as before. */
function lastAtOrBefore(list: readonly TimedEvent[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ms <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function latest(list: readonly TimedEvent[], t: number): TimedEvent | null {
  const i = lastAtOrBefore(list, t);
  return i < 0 ? null : list[i]!;
}

function summaryPhase(consent: ConsentState, inBackground: boolean): Phase {
  if (inBackground) return 'background';
  if (consent === 'declined') return 'after-decline';
  return consent === 'accepted' ? 'post-consent' : 'pre-consent';
}

function mediaPhaseOf(last: TimedEvent | null, workflowSeen: boolean): MediaPhase {
  if (!workflowSeen) return 'unknown';
  if (!last) return 'before-record';
  return last.event.kind === 'post' ? 'after-post' : 'after-record-before-post';
}

function seconds(ms: number): string {
  return `${(Math.abs(ms) / 1000).toFixed(1)} s`;
}

function describeOutlier(t: TimedEvent, startMs: number, endMs: number): string {
  const where = t.ms < startMs ? `${seconds(startMs - t.ms)} before the first exchange` : `${seconds(t.ms - endMs)} after the last exchange`;
  return `${t.event.kind} at ${t.event.at} (${where})`;
}

/**
 * Installing and launching before the proxy sees the first request is routine, and notes place nothing, so those are
 * not taken as signs of skew. A skewed clock moves every event, so the others still reveal it.
 */
function isOutside(t: TimedEvent, startMs: number, endMs: number): boolean {
  const kind = t.event.kind;
  if (kind === 'note') return false;
  if (t.ms < startMs) return kind !== 'install' && kind !== 'launch';
  return t.ms > endMs;
}

function skewWarnings(timed: readonly TimedEvent[], startMs: number, endMs: number): string[] {
  if (timed.length === 0 || !Number.isFinite(startMs) || !Number.isFinite(endMs)) return [];
  const outside = timed.filter((t) => isOutside(t, startMs, endMs));
  if (outside.length === 0) return [];
  const named = outside.slice(0, NAMED_OUTLIERS).map((t) => describeOutlier(t, startMs, endMs));
  const more = outside.length > NAMED_OUTLIERS ? `, and ${outside.length - NAMED_OUTLIERS} more` : '';
  const range = `${new Date(startMs).toISOString()} – ${new Date(endMs).toISOString()}`;
  const lines = [
    `events: ${outside.length} of ${timed.length} events fall outside the capture (${range}): ${named.join(', ')}${more}; ` +
      'phases near them may be wrong — check the device clock or pass --offset',
  ];
  if (!timed.some((t) => t.ms >= startMs && t.ms <= endMs)) {
    lines.push('events: no event lies within the capture, so every phase rests on the clocks agreeing; an --offset is almost certainly needed');
  }
  return lines;
}

/**
 * Builds the timeline of one session. Event times are shifted by `offsetMs` onto the capture clock; labels are then
 * answered by binary search over each kind of event, so labelling n findings costs O(n log e).
 */
export function createTimeline(events: readonly TesterEvent[], options: TimelineOptions = {}): Timeline {
  const offsetMs = options.offsetMs ?? 0;
  const timed: TimedEvent[] = events
    .map((event) => ({ ms: Date.parse(event.at) + offsetMs, event }))
    .filter((t) => Number.isFinite(t.ms))
    .sort((a, b) => a.ms - b.ms);
  const shifted: TesterEvent[] = timed.map(({ ms, event }) => ({ ...event, at: new Date(ms).toISOString() }));
  const of = (pred: (e: TesterEvent) => boolean): TimedEvent[] => timed.filter((t) => pred(t.event));
  const consents = of((e) => e.kind === 'consent');
  const signups = of((e) => e.kind === 'signup' || e.kind === 'login');
  const visibility = of((e) => e.kind === 'background' || e.kind === 'foreground');
  const media = of((e) => MEDIA_KINDS.has(e.kind));

  function label(timeMs: number): PhaseLabel {
    const lastMedia = latest(media, timeMs);
    const lastMediaEvent = lastMedia ? { kind: lastMedia.event.kind as MediaEventKind, atMs: lastMedia.ms } : null;
    if (timed.length === 0 || !Number.isFinite(timeMs)) {
      return { phase: 'unknown', media: 'unknown', beforeSignup: true, consent: 'none', inBackground: false, lastMediaEvent };
    }
    const consentEvent = latest(consents, timeMs);
    const consent: ConsentState = consentEvent ? (consentEvent.event.value === 'declined' ? 'declined' : 'accepted') : 'none';
    const inBackground = latest(visibility, timeMs)?.event.kind === 'background';
    return {
      phase: summaryPhase(consent, inBackground),
      media: mediaPhaseOf(lastMedia, media.length > 0),
      beforeSignup: lastAtOrBefore(signups, timeMs) < 0,
      consent,
      inBackground,
      lastMediaEvent,
    };
  }

  return {
    label,
    warnings: (captureStartMs, captureEndMs) => skewWarnings(timed, captureStartMs, captureEndMs),
    events: shifted,
  };
}
