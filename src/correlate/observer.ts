/**
 * The streaming half of correlation: fed every exchange once, in capture order, it keeps only what the decisions at
 * the end need — the pages a browser loaded, the order in which hosts were first contacted, and identifier candidates
 * by value — never the exchanges. Memory is bounded: at most MAX_VALUES distinct values and MAX_OCCURRENCES places per
 * value; when full, values seen only once are forgotten first, and a warning says so.
 */
import type { Exchange, NameValue } from '../ingest/types.js';
import type { IdCandidate } from '../detect/types.js';
import type { ExchangeMeta, Occurrence } from './types.js';

export const MAX_VALUES = 200_000;
export const MAX_OCCURRENCES = 128;
const MAX_PAGES = 1_000;

/**
 * What the observer reads of an exchange. A detection thread that read an exchange itself sends back only this (see
 * pipeline/brief.ts), with no request headers but those named in OBSERVED_REQUEST_HEADERS.
 */
export type ObservedInput = Pick<Exchange, 'source' | 'time' | 'timeMs' | 'method' | 'url' | 'page'> & {
  request: { headers: readonly NameValue[] };
  response: { status: number; mimeType: string | null } | null;
};

/** The request headers the observer reads (lower case): Accept (isDocumentRequest), Origin and Referer (originOf). */
export const OBSERVED_REQUEST_HEADERS: ReadonlySet<string> = new Set(['accept', 'origin', 'referer']);

export interface ValueRecord {
  occurrences: Occurrence[];
  /** Places seen beyond MAX_OCCURRENCES (counted, not kept). */
  dropped: number;
}

export interface PageSeen {
  /** HAR page id (pageref), or null for a capture without pages whose first request was a document. */
  page: string | null;
  url: string;
  host: string;
}

export class CaptureObserver {
  readonly values = new Map<string, ValueRecord>();
  /** Hosts in the order they were first contacted (capture order), with request counts. */
  readonly hostOrder: string[] = [];
  readonly hostCounts = new Map<string, number>();
  readonly pages: PageSeen[] = [];
  /** Whether the capture's very first exchange was a browser loading a document (a web capture without pages[]). */
  firstWasDocument: boolean | null = null;
  /** The page the first exchange came from, by its Origin (else Referer) header: a browser request names its page. */
  firstOrigin: { url: string; header: 'Origin' | 'Referer' } | null = null;
  firstTimeMs = Infinity;
  forgottenValues = 0;
  private readonly pageIds = new Set<string>();

  observe(exchange: ObservedInput, host: string, candidates: readonly IdCandidate[] | undefined): void {
    if (exchange.timeMs < this.firstTimeMs) this.firstTimeMs = exchange.timeMs;
    const count = this.hostCounts.get(host);
    if (count === undefined) this.hostOrder.push(host);
    this.hostCounts.set(host, (count ?? 0) + 1);
    this.observePage(exchange, host);
    if (!candidates || candidates.length === 0) return;
    const meta: ExchangeMeta = {
      source: exchange.source, time: exchange.time, timeMs: exchange.timeMs, host, method: exchange.method,
    };
    for (const c of candidates) this.remember(meta, c);
  }

  private observePage(exchange: ObservedInput, host: string): void {
    if (this.firstWasDocument === null) {
      this.firstWasDocument = isDocumentRequest(exchange);
      this.firstOrigin = originOf(exchange);
      if (this.firstWasDocument && exchange.page === undefined) this.pages.push({ page: null, url: exchange.url, host });
    }
    const page = exchange.page;
    if (page === undefined || this.pageIds.has(page) || this.pageIds.size >= MAX_PAGES) return;
    // A page's first entry is its document; a page whose first entry is not one keeps waiting for its document.
    if (!isDocumentRequest(exchange)) return;
    this.pageIds.add(page);
    this.pages.push({ page, url: exchange.url, host });
  }

  private remember(exchange: ExchangeMeta, c: IdCandidate): void {
    let record = this.values.get(c.value);
    if (!record) {
      if (this.values.size >= MAX_VALUES) this.forgetSingletons();
      if (this.values.size >= MAX_VALUES) {
        this.forgottenValues++;
        return;
      }
      record = { occurrences: [], dropped: 0 };
      this.values.set(c.value, record);
    }
    if (record.occurrences.length >= MAX_OCCURRENCES) {
      record.dropped++;
      return;
    }
    const occurrence: Occurrence = {
      exchange, side: c.side, carrier: c.carrier, key: c.key, path: c.path, shape: c.shape,
    };
    if (c.lifetimeSeconds !== undefined) occurrence.lifetimeSeconds = c.lifetimeSeconds;
    if (c.part === true) occurrence.part = true;
    record.occurrences.push(occurrence);
  }

  /** Values seen once cannot have travelled yet; forgetting them keeps the ones that might have. */
  private forgetSingletons(): void {
    for (const [value, record] of this.values) {
      if (record.occurrences.length === 1 && record.dropped === 0) {
        this.values.delete(value);
        this.forgottenValues++;
      }
    }
  }
}

/**
 * A browser loading a page: a GET answered with HTML, or one that asked for HTML first (a redirect to the document).
 * Apps fetch APIs, images and scripts; a document request is what a browser's address bar makes.
 */
export function isDocumentRequest(exchange: ObservedInput): boolean {
  if (exchange.method !== 'GET') return false;
  const mime = exchange.response?.mimeType ?? null;
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return true;
  const accept = exchange.request.headers.find((h) => h.name.toLowerCase() === 'accept')?.value ?? '';
  const status = exchange.response?.status ?? 0;
  return accept.startsWith('text/html') && status >= 300 && status < 400;
}

function originOf(exchange: ObservedInput): CaptureObserver['firstOrigin'] {
  for (const header of ['Origin', 'Referer'] as const) {
    const value = exchange.request.headers.find((h) => h.name.toLowerCase() === header.toLowerCase())?.value ?? '';
    if (/^https?:\/\/[^/]/i.test(value)) return { url: value.slice(0, 200), header };
  }
  return null;
}
