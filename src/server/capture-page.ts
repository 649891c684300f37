/**
 * The capture page's HTTP face (`http://127.0.0.1:U/`): the page, `POST /api/events` (mark an event, 201 + the
 * stamped event), `GET /api/stream` (server-sent events: exchanges, findings, destinations, events), `GET /ca.pem`.
 * It only parses HTTP and calls the running CaptureSession.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { EVENT_KINDS, isInputError, type CaptureSession, type EventKind, type LiveItem } from '../index.js';
import { CAPTURE_CSS, CAPTURE_JS, capturePageHtml } from './capture-assets.js';
import { createGuard, HttpError, listen, readJson, send, sendJson, urlOf } from './http.js';

export interface CapturePageOptions {
  port: number;
  listen: string;
}

export interface CapturePage {
  url: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;

export async function startCapturePage(session: CaptureSession, options: CapturePageOptions): Promise<CapturePage> {
  let port = options.port;
  const guard = createGuard(options.listen, () => port);
  const streams = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    if (!guard.check(req, res)) return;
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) sendJson(res, e.status, { error: e.message });
      else if (isInputError(e)) sendJson(res, 400, { error: e.message });
      else sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = `${req.method ?? 'GET'} ${path}`;
    switch (route) {
      case 'GET /':
        return send(res, 200, 'text/html; charset=utf-8', capturePageHtml());
      case 'GET /app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', CAPTURE_JS);
      case 'GET /app.css':
        return send(res, 200, 'text/css; charset=utf-8', CAPTURE_CSS);
      case 'GET /ca.pem':
        return send(res, 200, 'application/x-x509-ca-cert', await readFile(session.ca.certPath));
      case 'GET /api/session':
        return sendJson(res, 200, { id: session.id, proxy: session.proxyUrl, ca: session.ca.certPath, exchanges: session.exchangeCount() });
      case 'POST /api/events':
        return sendJson(res, 201, session.mark(...eventOf(await readJson(req))));
      case 'GET /api/stream':
        return openStream(res);
      default:
        throw new HttpError(path.startsWith('/api/') && ['/api/events', '/api/stream'].includes(path) ? 405 : 404, `no route ${route}`);
    }
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.write(': telltale live feed\n\n');
    streams.add(res);
    const unsubscribe = session.subscribe((item: LiveItem) => res.write(`data: ${JSON.stringify(item)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  port = await listen(server, options.port, options.listen);
  const url = urlOf(options.listen, port);
  return {
    url: guard.token ? `${url}?token=${guard.token}` : url,
    port,
    token: guard.token,
    close: async () => {
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `{"kind": "consent", "value": "accepted"}` → arguments of session.mark; the session validates kind and value. */
function eventOf(body: unknown): [EventKind, string | undefined] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'send {"kind": "...", "value"?: "..."}');
  const { kind, value, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new HttpError(400, `unknown keys: ${Object.keys(rest).sort().join(', ')}`);
  if (typeof kind !== 'string' || !(EVENT_KINDS as readonly string[]).includes(kind)) {
    throw new HttpError(400, `kind must be one of ${EVENT_KINDS.join(', ')}`);
  }
  if (value !== undefined && typeof value !== 'string') throw new HttpError(400, 'value must be a string');
  return [kind as EventKind, value];
}
