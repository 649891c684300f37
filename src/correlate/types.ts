/**
 * Data model of the correlate stage: what only the whole capture shows — who the first party is, the same identifier
 * travelling between companies (syncs), and identifiers a response assigned that the client sent back later.
 */
import type { SourceRef } from '../ingest/types.js';
import type { Finding, IdCandidate, Signal } from '../detect/types.js';
import type { FirstPartyDecision, IdentifierSync } from '../model.js';

/** One exchange as correlate remembers it: enough to place and attribute it, nothing of its content. */
export interface ExchangeMeta {
  source: SourceRef;
  time: string;
  timeMs: number;
  host: string;
  method: string;
}

/** One place an identifier-like value was seen: the candidate as detect gave it, less its value, with its exchange. */
export interface Occurrence extends Omit<IdCandidate, 'value'> {
  exchange: ExchangeMeta;
}

/** What the first party may be decided from, strongest first (flag, app); pages and traffic come from the capture. */
export interface FirstPartyHints {
  /** --first-party DOMAIN (repeatable). */
  flag?: readonly string[];
  /** --app: the package id's domain (com.example.app → example.com) and the hosts named in its code. */
  app?: { id: string | null; domains: readonly string[]; codeHosts: readonly string[] } | null;
}

/** The decision with the sentence that explains it. */
export type FirstPartyResult = FirstPartyDecision & { reason: string };

export interface CorrelateOptions {
  /** Show identifier values in identifierSyncs (default: masked). */
  reveal?: boolean;
}

/** What correlate adds to the report: new findings (tracking.id, match sync), signals (id-assigned) and syncs. */
export interface CorrelateResult {
  findings: Finding[];
  signals: Signal[];
  /** Syncs with finding references still as findings (ids are given when the report is assembled). */
  syncs: PendingSync[];
  warnings: string[];
}

export interface PendingSync extends Omit<IdentifierSync, 'findings'> {
  findings: Finding[];
}
