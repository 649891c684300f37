/**
 * Turns tshark's HTTP/1.x, HTTP/2 and WebSocket packets into exchanges. tshark reassembles TCP, decrypts TLS,
 * de-chunks HTTP/1 bodies and reassembles HTTP/2 frames; pairing requests with responses, gathering HTTP/2 DATA
 * frames per stream and attaching WebSocket messages to their handshake is done here.
 *
 *   HTTP/1: responses answer requests in order on a connection (RFC 9112 §9.3), so each connection keeps a queue;
 *     1xx interim responses answer nothing, except 101 which hands the connection to WebSocket.
 *   HTTP/2: a request and its response share a stream id on a connection (RFC 9113 §5); the exchange is complete at
 *     the response's END_STREAM or a RST_STREAM.
 * Bodies are as sent (Content-Encoding intact, de-chunked), cut at maxBodyBytes. Exchanges still open when the
 * capture ends are emitted then (without a response, or with the messages seen so far).
 */
import type { Exchange, HttpMessage, HttpResponse, NameValue, SourceRef, WebSocketMessage } from '../types.js';
import { formatIsoUtc } from '../time.js';
import { int, layerList, raw, rawList, text, texts, type Endpoints, type Layer } from './ek.js';

export interface AssemblerOptions {
  input: number;
  maxBodyBytes: number;
  /** The scheme and server name of a connection, as the flow table knows it (TLS → https). */
  connection: (e: Endpoints, frame: number) => { secure: boolean; serverName: string | null };
}

interface Pending {
  source: SourceRef;
  timeMs: number;
  method: string;
  url: string;
  httpVersion: string;
  serverIp: string;
  client: string;
  request: HttpMessage;
  response: HttpResponse | null;
  messages: WebSocketMessage[];
  messageBytes: number;
  notes: string[];
}

interface Http1Connection {
  queue: Pending[];
  upgraded: Pending | null;
}

interface Http2Stream {
  exchange: Pending | null;
  requestBody: Buffer[];
  responseBody: Buffer[];
}

const HTTP2_DATA = 0;
const HTTP2_HEADERS = 1;
const HTTP2_RST_STREAM = 3;
const WS_CONTINUATION = 0;
const WS_TEXT = 1;
const WS_BINARY = 2;

function endpointKey(address: string, port: number): string {
  return `${address}|${port}`;
}

/** "Name: value\r\n" header lines (from their raw bytes when tshark gave them) → name/value pairs. */
function headerLines(layer: Layer, field: string): NameValue[] {
  const lines = rawList(layer, 'http', field).map((b) => b.toString('latin1'));
  const source = lines.length > 0 ? lines : texts(layer, 'http', field);
  const out: NameValue[] = [];
  for (const line of source) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).replace(/\r?\n$/, '').trim() });
  }
  return out;
}

/**
 * The body as sent, de-chunked: tshark's file data; for a Content-Encoded body (which tshark leaves compressed, as
 * asked) its chunks joined, or the entity it hands on as data.
 */
function http1Body(layer: Layer): Buffer | null {
  const file = raw(layer, 'http', 'http.file_data');
  if (file) return file;
  const chunks = rawList(layer, 'http', 'http.chunk_data');
  if (chunks.length > 0) return Buffer.concat(chunks);
  const entity = layer.data_raw;
  return typeof entity === 'string' ? Buffer.from(entity, 'hex') : null;
}

function headerValue(headers: NameValue[], name: string): string | null {
  return headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
}

function bareMime(headers: NameValue[]): string | null {
  const type = headerValue(headers, 'content-type');
  return type ? type.split(';', 1)[0]!.trim().toLowerCase() || null : null;
}

function message(headers: NameValue[], body: Buffer | null, maxBodyBytes: number): HttpMessage {
  const cut = body !== null && body.length > maxBodyBytes;
  return {
    headers, cookies: [], body: body && body.length > 0 ? (cut ? body.subarray(0, maxBodyBytes) : body) : null,
    mimeType: bareMime(headers), bodyTruncated: cut,
  };
}

function urlOf(target: string, host: string | null, secure: boolean, serverIp: string, serverPort: number): string {
  if (/^https?:\/\//i.test(target)) return target;
  const defaultPort = secure ? 443 : 80;
  const authority = host ?? (serverIp.includes(':') ? `[${serverIp}]` : serverIp) + (serverPort === defaultPort ? '' : `:${serverPort}`);
  return `${secure ? 'https' : 'http'}://${authority}${target.startsWith('/') ? target : `/${target}`}`;
}

export class HttpAssembler {
  private readonly http1 = new Map<number, Http1Connection>();
  private readonly http2 = new Map<string, Http2Stream>();
  /** Responses that arrived on a connection with no request waiting (the capture began mid-conversation). */
  orphanResponses = 0;

  constructor(private readonly options: AssemblerOptions) {}

  /** Feeds one packet; returns the exchanges it completed. */
  packet(layers: Layer, frame: number, timeMs: number, e: Endpoints): Exchange[] {
    const done: Exchange[] = [];
    const http = layerList(layers, 'http');
    for (const [part, layer] of http.entries()) this.http1Message(layer, frame, part, http.length, timeMs, e, done);
    for (const layer of layerList(layers, 'http2')) this.http2Frame(layer, frame, timeMs, e, done);
    for (const layer of layerList(layers, 'websocket')) this.websocketFrame(layer, timeMs, e);
    return done;
  }

  /** Everything still open when the capture ends. */
  finish(): Exchange[] {
    const out: Exchange[] = [];
    for (const connection of this.http1.values()) {
      for (const pending of connection.queue) out.push(this.complete(pending, 'no-response'));
      if (connection.upgraded) out.push(this.complete(connection.upgraded, null));
    }
    for (const stream of this.http2.values()) {
      if (stream.exchange) out.push(this.completeHttp2(stream, 'no-response'));
    }
    this.http1.clear();
    this.http2.clear();
    return out;
  }

  private connection1(stream: number): Http1Connection {
    let c = this.http1.get(stream);
    if (!c) this.http1.set(stream, (c = { queue: [], upgraded: null }));
    return c;
  }

  private http1Message(layer: Layer, frame: number, part: number, parts: number, timeMs: number, e: Endpoints, done: Exchange[]): void {
    const method = text(layer, 'http', 'http.request.method');
    const body = http1Body(layer);
    const connection = this.connection1(e.stream);
    if (method !== null) {
      const headers = headerLines(layer, 'http.request.line');
      const { secure } = this.options.connection(e, frame);
      const target = text(layer, 'http', 'http.request.uri') ?? '/';
      const source: SourceRef = { input: this.options.input, index: frame };
      if (parts > 1 && part > 0) source.part = part;
      connection.queue.push({
        source, timeMs, method, httpVersion: text(layer, 'http', 'http.request.version') ?? 'HTTP/1.1',
        url: urlOf(target, headerValue(headers, 'host'), secure, e.dst, e.dstPort), serverIp: e.dst,
        client: endpointKey(e.src, e.srcPort), request: message(headers, body, this.options.maxBodyBytes),
        response: null, messages: [], messageBytes: 0, notes: [],
      });
      return;
    }
    const status = int(layer, 'http', 'http.response.code');
    if (status === null) return;
    if (status >= 100 && status < 200 && status !== 101) return;
    const pending = connection.queue.shift();
    if (!pending) {
      this.orphanResponses++;
      return;
    }
    const headers = headerLines(layer, 'http.response.line');
    pending.response = { ...message(headers, body, this.options.maxBodyBytes), status };
    if (status === 101 && (headerValue(headers, 'upgrade') ?? '').toLowerCase() === 'websocket') {
      pending.notes.push('websocket');
      connection.upgraded = pending;
      return;
    }
    done.push(this.complete(pending, null));
  }

  private http2Frame(layer: Layer, frame: number, timeMs: number, e: Endpoints, done: Exchange[]): void {
    const type = int(layer, 'http2', 'http2.type');
    const id = int(layer, 'http2', 'http2.streamid');
    if (type === null || id === null || id === 0) return;
    const key = `${e.stream}|${id}`;
    let stream = this.http2.get(key);
    if (!stream) {
      // A stream is followed from its request HEADERS; frames of one whose start the capture missed are skipped.
      if (type !== HTTP2_HEADERS) return;
      this.http2.set(key, (stream = { exchange: null, requestBody: [], responseBody: [] }));
    }
    const endStream = /^(1|true)$/i.test(text(layer, 'http2', 'http2.flags.end_stream') ?? '');
    if (type === HTTP2_HEADERS) {
      const headers = this.http2Headers(layer);
      const method = headerValue(headers, ':method');
      if (method === null && !stream.exchange) {
        this.http2.delete(key);
        return;
      }
      if (method !== null && !stream.exchange) {
        const { secure, serverName } = this.options.connection(e, frame);
        const path = headerValue(headers, ':path') ?? '/';
        const authority = headerValue(headers, ':authority') ?? serverName;
        stream.exchange = {
          source: { input: this.options.input, index: frame, stream: id }, timeMs, method, httpVersion: 'HTTP/2',
          url: urlOf(path, authority, (headerValue(headers, ':scheme') ?? (secure ? 'https' : 'http')) === 'https', e.dst, e.dstPort),
          serverIp: e.dst, client: endpointKey(e.src, e.srcPort), request: message(headers, null, this.options.maxBodyBytes),
          response: null, messages: [], messageBytes: 0, notes: [],
        };
      } else if (stream.exchange) {
        const status = Number(headerValue(headers, ':status'));
        // Interim (1xx) header blocks and trailers add nothing the report uses.
        if (Number.isInteger(status) && status >= 200 && !stream.exchange.response) {
          stream.exchange.response = { ...message(headers, null, this.options.maxBodyBytes), status };
        }
      }
    } else if (type === HTTP2_DATA && stream.exchange) {
      const fromClient = endpointKey(e.src, e.srcPort) === stream.exchange.client;
      // The frame's own bytes only: on the END_STREAM frame tshark also shows the whole body again, decompressed.
      const frameLength = raw(layer, 'http2', 'http2.length')?.readUIntBE(0, 3) ?? Infinity;
      for (const data of rawList(layer, 'http2', 'http2.data.data')) {
        if (data.length <= frameLength) (fromClient ? stream.requestBody : stream.responseBody).push(data);
      }
    }
    const fromServer = stream.exchange !== null && endpointKey(e.src, e.srcPort) !== stream.exchange.client;
    if (stream.exchange && ((endStream && fromServer) || type === HTTP2_RST_STREAM)) {
      done.push(this.completeHttp2(stream, type === HTTP2_RST_STREAM ? 'stream-reset' : null));
      this.http2.delete(key);
    }
  }

  private http2Headers(layer: Layer): NameValue[] {
    const names = texts(layer, 'http2', 'http2.header.name');
    const rawValues = rawList(layer, 'http2', 'http2.header.value');
    const values = rawValues.length === names.length ? rawValues.map((b) => b.toString('utf8')) : texts(layer, 'http2', 'http2.header.value');
    return names.map((name, i) => ({ name, value: values[i] ?? '' }));
  }

  private completeHttp2(stream: Http2Stream, note: string | null): Exchange {
    const pending = stream.exchange!;
    const max = this.options.maxBodyBytes;
    pending.request = message(pending.request.headers, joinCapped(stream.requestBody, max + 1), max);
    if (pending.response) {
      pending.response = { ...message(pending.response.headers, joinCapped(stream.responseBody, max + 1), max), status: pending.response.status };
    }
    stream.exchange = null;
    return this.complete(pending, note);
  }

  private websocketFrame(layer: Layer, timeMs: number, e: Endpoints): void {
    const pending = this.http1.get(e.stream)?.upgraded;
    const opcode = int(layer, 'websocket', 'websocket.opcode');
    if (!pending || opcode === null) return;
    const data = raw(layer, 'websocket', 'websocket.payload') ?? Buffer.alloc(0);
    const direction = endpointKey(e.src, e.srcPort) === pending.client ? 'send' : 'receive';
    const max = this.options.maxBodyBytes;
    if (pending.messageBytes + data.length > max) {
      if (!pending.notes.includes('messages-cut')) pending.notes.push('messages-cut');
      return;
    }
    pending.messageBytes += data.length;
    const last = pending.messages[pending.messages.length - 1];
    if (opcode === WS_CONTINUATION && last && last.direction === direction) {
      last.data = Buffer.concat([last.data, data]);
    } else if (opcode === WS_TEXT || opcode === WS_BINARY) {
      pending.messages.push({ direction, time: isoOf(timeMs), opcode, data, truncated: false });
    }
  }

  private complete(pending: Pending, note: string | null): Exchange {
    const exchange: Exchange = {
      source: pending.source,
      time: isoOf(pending.timeMs),
      timeMs: Math.floor(pending.timeMs),
      method: pending.method,
      url: pending.url,
      httpVersion: pending.httpVersion,
      serverIp: pending.serverIp,
      request: pending.request,
      response: pending.response,
      notes: note ? [...pending.notes, note] : pending.notes,
    };
    if (pending.messages.length > 0) exchange.messages = pending.messages;
    return exchange;
  }
}

function joinCapped(pieces: Buffer[], cap: number): Buffer | null {
  if (pieces.length === 0) return null;
  const whole = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  return whole.length > cap ? whole.subarray(0, cap) : whole;
}

/** Capture times carry microseconds or more; the report's times are milliseconds, truncated (never moved later). */
function isoOf(ms: number): string {
  return formatIsoUtc(Math.floor(ms));
}
