/** Data model of the timeline stage: tester events and the phase of each moment. */

export const EVENT_KINDS = [
  'install', 'launch', 'consent', 'signup', 'login', 'logout', 'record', 'next', 'save', 'post', 'background',
  'foreground', 'note',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface TesterEvent {
  /** ISO-8601 with milliseconds. */
  at: string;
  kind: EventKind;
  /** consent: "accepted" | "declined"; note: free text. */
  value?: string;
}

export type Phase = 'pre-consent' | 'post-consent' | 'after-decline' | 'background' | 'unknown';

/** Where a moment sits relative to the media workflow (record → next → save/post). */
export type MediaPhase = 'before-record' | 'after-record-before-post' | 'after-post' | 'unknown';

/** The consent decision in force at a moment: none taken yet, or the latest one. */
export type ConsentState = 'none' | 'accepted' | 'declined';

/** The media-workflow events, in the order a user meets them. */
export const MEDIA_EVENT_KINDS = ['record', 'next', 'save', 'post'] as const;
export type MediaEventKind = (typeof MEDIA_EVENT_KINDS)[number];

export interface PhaseLabel {
  /**
   * One summary phase for display. Precedence when several apply: background, then after-decline, then
   * pre-consent / post-consent. "unknown" only when no events were given. The detailed facts below stay separate.
   */
  phase: Phase;
  media: MediaPhase;
  /** True when no signup/login event happened before this moment. */
  beforeSignup: boolean;
  /** Latest consent decision at or before this moment. */
  consent: ConsentState;
  /** The app was in the background (a "background" event not yet followed by "foreground"). */
  inBackground: boolean;
  /** Latest media-workflow event at or before this moment, with its time on the capture clock. */
  lastMediaEvent: { kind: MediaEventKind; atMs: number } | null;
}

export interface TimelineOptions {
  /**
   * Milliseconds added to every event time to put it on the capture's clock (e.g. the phone that logged the events
   * ran 2 s behind the proxy → +2000).
   */
  offsetMs?: number;
}

export interface Timeline {
  /** The phase of a moment given on the capture clock (epoch ms). */
  label(timeMs: number): PhaseLabel;
  /** Clock-skew check: one warning line per problem, empty when every event lies within the capture. */
  warnings(captureStartMs: number, captureEndMs: number): string[];
  /** The events on the capture clock (offset applied), sorted by time. */
  readonly events: readonly TesterEvent[];
}
