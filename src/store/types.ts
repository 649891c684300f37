/** Data model of the embedded store: capture sessions, their exchanges (bodies included) and tester events. */
import type { Exchange } from '../ingest/types.js';
import type { TesterEvent } from '../timeline/types.js';

export interface SessionInfo {
  id: number;
  /** ISO-8601 UTC with milliseconds, on the proxy's clock. */
  startedAt: string;
  /** null while the capture runs, or when it was killed before it could close the session. */
  endedAt: string | null;
  /** Free text the tester gave (`--label`): the app under test, the device, the purpose. */
  label: string | null;
  /** Completed exchanges stored so far. */
  exchanges: number;
  events: number;
}

/** What a capture knows beyond the Exchange model, kept for the HAR export. */
export interface ExchangeExtras {
  /** Request start to response end, in milliseconds (HAR `time`); null when unknown. */
  durationMs: number | null;
  /** The response's reason phrase (HAR `statusText`). */
  statusText: string | null;
}

export type StoredExchange = Exchange & ExchangeExtras;

export interface NewSession {
  startedAt: string;
  label?: string | null;
}

/**
 * The store a capture writes into as it happens. Every write is its own transaction in a WAL database, so a killed
 * process loses nothing that was written before it died.
 */
export interface SessionStore {
  readonly path: string;
  createSession(session: NewSession): SessionInfo;
  /** Appends one completed exchange; returns its 0-based number in the session (completion order). */
  addExchange(sessionId: number, exchange: Exchange, extras?: Partial<ExchangeExtras>): number;
  addEvent(sessionId: number, event: TesterEvent): void;
  endSession(sessionId: number, endedAt: string): void;
  listSessions(): SessionInfo[];
  /** null when there is no such session. */
  getSession(sessionId: number): SessionInfo | null;
  events(sessionId: number): TesterEvent[];
  /**
   * The session's exchanges in request-start order (ties in completion order), numbered 0.. in that order:
   * the order of the exported HAR's entries and of `source.index` in reports.
   */
  exchanges(sessionId: number, input?: number): Iterable<StoredExchange>;
  close(): void;
}
