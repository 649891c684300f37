/**
 * What both HTTP faces share: strict security headers, bounded JSON bodies, and the guard that keeps a page bound to
 * 127.0.0.1 from being driven by other sites (DNS rebinding: the Host header must be ours) and, when listening beyond
 * loopback, requires a random token.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';

/** Nothing from elsewhere, no inline script: the pages load only their own script and style. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MAX_JSON_BODY = 16 * 1024;

export function securityHeaders(csp: string = PAGE_CSP): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, csp?: string): void {
  res.writeHead(status, { ...securityHeaders(csp), 'Content-Type': type });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** A JSON body of at most 16 KiB, sent as application/json (which a cross-site form cannot send without CORS). */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'send Content-Type: application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_JSON_BODY) throw new HttpError(413, `body larger than ${MAX_JSON_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

export function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === 'localhost' || address.startsWith('127.');
}

export interface Guard {
  /** Set when the face listens beyond loopback: every request must carry it (?token= once, then a cookie). */
  token: string | null;
  check(req: IncomingMessage, res: ServerResponse): boolean;
}

const TOKEN_COOKIE = 'telltale_token';

export function createGuard(listen: string, port: () => number): Guard {
  const token = isLoopback(listen) ? null : randomBytes(24).toString('base64url');
  const sameToken = (given: string | null): boolean => {
    if (token === null || given === null) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  return {
    token,
    check(req, res) {
      if (token === null) {
        // On loopback, a page of another site may still reach us through DNS rebinding: its Host header gives it away.
        const host = (req.headers.host ?? '').toLowerCase();
        const allowed = [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`];
        if (!allowed.includes(host)) {
          sendJson(res, 403, { error: 'unexpected Host header' });
          return false;
        }
        return true;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const fromQuery = url.searchParams.get('token');
      const fromCookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === TOKEN_COOKIE)?.[1] ?? null;
      if (sameToken(fromQuery)) {
        res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
        return true;
      }
      if (sameToken(fromCookie) || sameToken(bearer(req))) return true;
      sendJson(res, 401, { error: 'token required: open the URL printed at start' });
      return false;
    },
  };
}

function bearer(req: IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7) : null;
}

export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}
