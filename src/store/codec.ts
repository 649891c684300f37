/**
 * How an Exchange is laid out in a row: bodies as BLOBs, everything else as one JSON record with a fixed key order,
 * so the same stored session always reads back — and hashes — the same.
 */
import type { Exchange, HttpMessage, NameValue, WebSocketMessage } from '../ingest/types.js';
import type { ExchangeExtras, StoredExchange } from './types.js';

interface StoredMessage {
  headers: [string, string][];
  cookies: [string, string][];
  mimeType: string | null;
  bodyTruncated: boolean;
  hasBody: boolean;
}

interface StoredMessageFrame {
  direction: 'send' | 'receive';
  time: string | null;
  opcode: number | null;
  data: string; // base64
  truncated: boolean;
}

export interface StoredRecord {
  time: string;
  timeMs: number;
  method: string;
  url: string;
  httpVersion: string | null;
  serverIp: string | null;
  request: StoredMessage;
  response: (StoredMessage & { status: number }) | null;
  notes: string[];
  messages?: StoredMessageFrame[];
  durationMs?: number | null;
  statusText?: string | null;
}

export interface ExchangeRow {
  record: string;
  requestBody: Buffer | null;
  responseBody: Buffer | null;
}

const pairs = (list: NameValue[]): [string, string][] => list.map((h) => [h.name, h.value]);
const nameValues = (list: [string, string][]): NameValue[] => list.map(([name, value]) => ({ name, value }));

function storedMessage(message: HttpMessage): StoredMessage {
  return {
    headers: pairs(message.headers),
    cookies: pairs(message.cookies),
    mimeType: message.mimeType,
    bodyTruncated: message.bodyTruncated,
    hasBody: message.body !== null,
  };
}

function blob(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function toRow(exchange: Exchange, extras: Partial<ExchangeExtras> = {}): ExchangeRow {
  const record: StoredRecord = {
    time: exchange.time,
    timeMs: exchange.timeMs,
    method: exchange.method,
    url: exchange.url,
    httpVersion: exchange.httpVersion,
    serverIp: exchange.serverIp,
    request: storedMessage(exchange.request),
    response: exchange.response ? { ...storedMessage(exchange.response), status: exchange.response.status } : null,
    notes: [...exchange.notes],
    durationMs: extras.durationMs ?? null,
    statusText: extras.statusText ?? null,
  };
  if (exchange.messages) {
    record.messages = exchange.messages.map((m) => ({
      direction: m.direction, time: m.time, opcode: m.opcode, data: Buffer.from(m.data).toString('base64'), truncated: m.truncated,
    }));
  }
  return { record: JSON.stringify(record), requestBody: blob(exchange.request.body), responseBody: blob(exchange.response?.body ?? null) };
}

/** Copies a BLOB into memory of its own, so consumers may use `.buffer` safely (as ingest promises). */
function bytesOf(value: Buffer | null, present: boolean): Uint8Array | null {
  if (!present) return null;
  return value === null ? new Uint8Array(0) : new Uint8Array(value);
}

export function fromRow(row: ExchangeRow, source: { input: number; index: number }): StoredExchange {
  const r = JSON.parse(row.record) as StoredRecord;
  const exchange: StoredExchange = {
    source,
    time: r.time,
    timeMs: r.timeMs,
    method: r.method,
    url: r.url,
    httpVersion: r.httpVersion,
    serverIp: r.serverIp,
    request: {
      headers: nameValues(r.request.headers),
      cookies: nameValues(r.request.cookies),
      body: bytesOf(row.requestBody, r.request.hasBody),
      mimeType: r.request.mimeType,
      bodyTruncated: r.request.bodyTruncated,
    },
    response: r.response
      ? {
        status: r.response.status,
        headers: nameValues(r.response.headers),
        cookies: nameValues(r.response.cookies),
        body: bytesOf(row.responseBody, r.response.hasBody),
        mimeType: r.response.mimeType,
        bodyTruncated: r.response.bodyTruncated,
      }
      : null,
    notes: r.notes,
    durationMs: r.durationMs ?? null,
    statusText: r.statusText ?? null,
  };
  if (r.messages) {
    exchange.messages = r.messages.map((m): WebSocketMessage => ({
      direction: m.direction, time: m.time, opcode: m.opcode, data: new Uint8Array(Buffer.from(m.data, 'base64')), truncated: m.truncated,
    }));
  }
  return exchange;
}
