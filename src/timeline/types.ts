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

export interface PhaseLabel {
  phase: Phase;
  media: MediaPhase;
  /** True when no signup/login event happened before this moment. */
  beforeSignup: boolean;
}
