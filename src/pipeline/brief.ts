/**
 * The brief of an exchange: what the calling thread keeps of it once decode and detect are done, wherever they ran.
 */
import { OBSERVED_REQUEST_HEADERS } from '../correlate/index.js';
import type { Exchange, NameValue, SourceRef } from '../ingest/index.js';

/**
 * What merging reads of an exchange: all a detection thread sends back of one it read itself. Request headers are
 * kept only when the capture observer reads them (OBSERVED_REQUEST_HEADERS); both paths merge briefs, so they cannot
 * differ.
 */
export interface ExchangeBrief {
  source: SourceRef;
  time: string;
  timeMs: number;
  method: string;
  url: string;
  serverIp: string | null;
  page?: string;
  notes: string[];
  /** WebSocket messages captured with the exchange. */
  messages: number;
  request: { headers: NameValue[] };
  response: { status: number; mimeType: string | null; cookies: number; bodyTruncated: boolean; bodyBytes: number } | null;
}

export function briefOf(exchange: Exchange): ExchangeBrief {
  const { response } = exchange;
  const brief: ExchangeBrief = {
    source: exchange.source,
    time: exchange.time,
    timeMs: exchange.timeMs,
    method: exchange.method,
    url: exchange.url,
    serverIp: exchange.serverIp,
    notes: exchange.notes,
    messages: exchange.messages?.length ?? 0,
    request: { headers: exchange.request.headers.filter((h) => OBSERVED_REQUEST_HEADERS.has(h.name.toLowerCase())) },
    response: response === null ? null : {
      status: response.status,
      mimeType: response.mimeType,
      cookies: response.cookies.length,
      bodyTruncated: response.bodyTruncated,
      bodyBytes: response.body?.length ?? 0,
    },
  };
  if (exchange.page !== undefined) brief.page = exchange.page;
  return brief;
}
