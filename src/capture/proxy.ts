/**
 * The intercepting proxy (mockttp): every request is passed through untouched and every completed exchange —
 * HTTP/1.1, HTTP/2, WebSocket — is handed to `onExchange`; every TLS handshake the client refused is handed to
 * `onExchange` as a `tls-failed` exchange. The proxy binds only the address it is told (127.0.0.1 by default).
 */
import { lookup } from 'node:dns/promises';
import { isIP, type Server, type Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { CompletedRequest, Mockttp } from 'mockttp';
import type { Exchange, WebSocketMessage } from '../ingest/index.js';
import type { ExchangeExtras } from '../store/index.js';
import { exchangeOf, tlsFailureOf } from './exchange.js';

export interface ProxyOptions {
  ca: { cert: string; key: string };
  /** 0 picks a free port. */
  port: number;
  listen: string;
  /** PEM texts of extra CAs trusted for upstream servers. */
  upstreamCas: string[];
  /** Bodies above this are passed through but not kept (the exchange is flagged truncated). */
  maxBodyBytes: number;
  onExchange: (exchange: Exchange, extras: ExchangeExtras) => void;
}

export interface RunningProxy {
  port: number;
  address: string;
  url: string;
  stop(): Promise<void>;
}

const DNS_TIMEOUT_MS = 2000;

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  // Loaded on demand: mockttp is large, and every other command of the CLI would pay for it.
  const { getLocal } = await import('mockttp');
  const proxy = getLocal({
    https: { cert: options.ca.cert, key: options.ca.key },
    http2: true,
    recordTraffic: false,
    maxBodySize: options.maxBodyBytes,
  });
  const trusted = options.upstreamCas.map((cert) => ({ cert }));
  await proxy.forAnyRequest().thenPassThrough({ additionalTrustedCAs: trusted });
  await proxy.forAnyWebSocket().thenPassThrough({ additionalTrustedCAs: trusted });

  const serverIpOf = serverIpResolver();
  const connectTargets = new Map<string, string>();
  subscribe(proxy, options, serverIpOf, connectTargets);

  await proxy.start(0);
  const server = internalServer(proxy);
  trackConnectTargets(server, connectTargets);
  await rebind(server, options.port, options.listen);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.listen.includes(':') ? `[${options.listen}]` : options.listen;
  return { port, address: options.listen, url: `http://${host}:${port}`, stop: () => proxy.stop() };
}

/**
 * mockttp listens on every interface and has no host option. Its server is a plain net.Server, so it is moved to
 * the requested address right after start (within the same tick of the event loop's I/O phase; nothing can have
 * connected to the random port yet). Checked at every start: if mockttp's internals change, this fails loudly.
 */
function internalServer(proxy: Mockttp): Server {
  const server = (proxy as unknown as { server?: Server }).server;
  if (!server || typeof server.listen !== 'function' || typeof server.close !== 'function') {
    throw new Error('mockttp internals changed: cannot bind the proxy to a chosen address');
  }
  return server;
}

async function rebind(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** CONNECT targets by client address: a TLS failure without SNI (a bare IP) still names its destination. */
function trackConnectTargets(server: Server, targets: Map<string, string>): void {
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    if (req.url) targets.set(key, req.url);
    socket.once('close', () => targets.delete(key));
  });
}

function splitAuthority(authority: string): { host: string; port: number | null } {
  const m = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(authority);
  return m ? { host: m[1]!, port: m[2] ? Number(m[2]) : null } : { host: authority, port: null };
}

/**
 * The server address of a host: the host itself when it is an IP, else what the system resolver answers (the same
 * resolver the proxy connects with), remembered per host. Bounded in time: DNS trouble never stalls a capture.
 */
function serverIpResolver(): (host: string) => Promise<string | null> {
  const memo = new Map<string, Promise<string | null>>();
  return (host) => {
    const bare = host.replace(/^\[|\]$/g, '');
    if (isIP(bare)) return Promise.resolve(bare);
    let found = memo.get(bare);
    if (!found) {
      found = Promise.race([
        lookup(bare).then((r) => r.address, () => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), DNS_TIMEOUT_MS).unref()),
      ]);
      memo.set(bare, found);
    }
    return found;
  };
}

function subscribe(
  proxy: Mockttp, options: ProxyOptions, serverIpOf: (host: string) => Promise<string | null>, connectTargets: Map<string, string>,
): void {
  const pending = new Map<string, CompletedRequest>();
  const sockets = new Map<string, { request: CompletedRequest; messages: WebSocketMessage[]; accepted: boolean }>();
  const emit = (request: CompletedRequest, response: Parameters<typeof exchangeOf>[1], notes: string[], messages?: WebSocketMessage[]) => {
    void serverIpOf(request.destination.hostname).then((ip) => {
      const { exchange, extras } = exchangeOf(request, response, ip, notes);
      if (messages && messages.length > 0) exchange.messages = messages;
      options.onExchange(exchange, extras);
    });
  };

  void proxy.on('request', (request) => pending.set(request.id, request));
  void proxy.on('response', (response) => {
    const request = pending.get(response.id);
    if (!request) return;
    pending.delete(response.id);
    emit(request, response, []);
  });
  void proxy.on('abort', (aborted) => {
    const request = pending.get(aborted.id) ?? { ...aborted, body: { buffer: Buffer.alloc(0) }, rawTrailers: [], trailers: {} } as unknown as CompletedRequest;
    pending.delete(aborted.id);
    if (sockets.has(aborted.id)) return;
    emit(request, null, [`aborted${aborted.error?.code ? `: ${aborted.error.code}` : ''}`]);
  });

  void proxy.on('websocket-request', (request) => sockets.set(request.id, { request, messages: [], accepted: false }));
  void proxy.on('websocket-accepted', (response) => {
    const socket = sockets.get(response.id);
    if (socket) socket.accepted = true;
  });
  const onMessage = (direction: 'send' | 'receive') => (m: { streamId: string; content: Uint8Array; isBinary: boolean; eventTimestamp: number; timingEvents: { startTime: number; startTimestamp: number } }) => {
    const socket = sockets.get(m.streamId);
    if (!socket) return;
    const atMs = m.timingEvents.startTime + (m.eventTimestamp - m.timingEvents.startTimestamp);
    socket.messages.push({
      direction, time: new Date(atMs).toISOString(), opcode: m.isBinary ? 2 : 1, data: new Uint8Array(m.content), truncated: false,
    });
  };
  // mockttp names directions from its own side: "received" came from the client (the device sent it).
  void proxy.on('websocket-message-received', onMessage('send'));
  void proxy.on('websocket-message-sent', onMessage('receive'));
  void proxy.on('websocket-close', (close) => {
    const socket = sockets.get(close.streamId);
    if (!socket) return;
    sockets.delete(close.streamId);
    emit(socket.request, null, ['websocket', ...(socket.accepted ? [] : ['websocket-rejected'])], socket.messages);
  });

  void proxy.on('tls-client-error', (failure) => {
    const key = `${failure.remoteIpAddress}:${failure.remotePort}`;
    const target = connectTargets.get(key);
    const fromConnect = target ? splitAuthority(target) : null;
    const host = failure.tlsMetadata.sniHostname ?? fromConnect?.host ?? 'unknown-host';
    const atMs = failure.timingEvents.startTime + (failure.timingEvents.failureTimestamp - failure.timingEvents.connectTimestamp);
    const client = failure.remoteIpAddress?.replace(/^::ffff:/, '') ?? null;
    options.onExchange(tlsFailureOf(host, fromConnect?.port ?? null, atMs, failure.failureCause, client), { durationMs: null, statusText: null });
  });
}
