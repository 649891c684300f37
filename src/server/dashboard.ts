/**
 * `telltale serve`: the stored sessions in the browser. `/` lists them, `/sessions/N` is the session's report (the
 * report renderer's own HTML, served as is), `/diff?a=N&b=M` puts two sessions' summaries side by side. Bound to
 * 127.0.0.1 unless told otherwise, and then every request needs the random token printed at start.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { analyze, listSessions, render, renderSummary, type Report, type SessionInfo } from '../index.js';
import { createGuard, HttpError, listen, send, sendJson, urlOf } from './http.js';

export interface DashboardOptions {
  store: string;
  port: number;
  listen: string;
}

export interface Dashboard {
  url: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

const DASHBOARD_CSS = `body{font:15px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b}table{border-collapse:collapse}
th,td{text-align:left;padding:.25em .7em;border-bottom:1px solid #ddd}.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
pre{background:#f6f6f6;padding:.8em;overflow:auto;white-space:pre-wrap}`;

/**
 * The report renderer's HTML carries its own strict CSP (a meta tag: what it may load and run is its business); the
 * header adds what a meta tag cannot say. Both apply, so the page gets the stricter of the two.
 */
const REPORT_CSP = "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>`
    + `<link rel="stylesheet" href="/style.css"></head><body>${body}</body></html>\n`;
}

function sessionsPage(sessions: SessionInfo[]): string {
  const rows = sessions.map((s) => `<tr><td><a href="/sessions/${s.id}">session:${s.id}</a></td><td>${escapeHtml(s.startedAt)}</td>`
    + `<td>${escapeHtml(s.endedAt ?? 'not closed')}</td><td>${s.exchanges}</td><td>${s.events}</td><td>${escapeHtml(s.label ?? '')}</td></tr>`).join('');
  // The CSP forbids forms (form-action 'none'): consecutive sessions are linked, any pair is a URL away.
  const pairs = sessions.length >= 2 ? sessions.slice(1).map((s, i) => `<li><a href="/diff?a=${sessions[i]!.id}&amp;b=${s.id}">session:${sessions[i]!.id} vs session:${s.id}</a></li>`).join('') : '';
  return page('telltale sessions', `<h1>Capture sessions</h1><table><thead><tr><th>id</th><th>started</th><th>ended</th><th>exchanges</th>`
    + `<th>events</th><th>label</th></tr></thead><tbody>${rows || '<tr><td colspan="6">no sessions yet</td></tr>'}</tbody></table>`
    + (pairs ? `<h2>Compare</h2><ul>${pairs}</ul><p>Any two: <code>/diff?a=N&amp;b=M</code></p>` : ''));
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  let port = options.port;
  const guard = createGuard(options.listen, () => port);
  /** Reports of closed sessions do not change: computed once. */
  const cache = new Map<number, Report>();

  const reportOf = async (id: number): Promise<Report> => {
    const session = listSessions(options.store).find((s) => s.id === id);
    if (!session) throw new HttpError(404, `no session:${id}`);
    const cached = cache.get(id);
    if (cached) return cached;
    const report = await analyze([`session:${id}`], { store: options.store });
    if (session.endedAt !== null) cache.set(id, report);
    return report;
  };

  const idParam = (value: string | null | undefined): number => {
    if (!value || !/^\d{1,15}$/.test(value)) throw new HttpError(400, 'a session id is a number');
    return Number(value);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') throw new HttpError(405, 'read-only');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', sessionsPage(listSessions(options.store)));
    if (path === '/style.css') return send(res, 200, 'text/css; charset=utf-8', DASHBOARD_CSS);
    if (path === '/api/sessions') return sendJson(res, 200, { sessions: listSessions(options.store) });
    const sessionMatch = /^\/sessions\/([^/.]+)(\.json)?$/.exec(path);
    if (sessionMatch) {
      const report = await reportOf(idParam(sessionMatch[1]));
      if (sessionMatch[2]) return send(res, 200, 'application/json; charset=utf-8', render(report, 'json'));
      return send(res, 200, 'text/html; charset=utf-8', render(report, 'html'), REPORT_CSP);
    }
    if (path === '/diff') {
      const [a, b] = [idParam(url.searchParams.get('a')), idParam(url.searchParams.get('b'))];
      const [ra, rb] = await Promise.all([reportOf(a), reportOf(b)]);
      // TODO(diff): the library has no report diff yet; until it does, the two summaries sit side by side.
      const column = (id: number, r: Report) => `<div><h2><a href="/sessions/${id}">session:${id}</a></h2><pre>${escapeHtml(renderSummary(r))}</pre></div>`;
      return send(res, 200, 'text/html; charset=utf-8', page(`session:${a} vs session:${b}`,
        `<h1>session:${a} vs session:${b}</h1><p><a href="/">all sessions</a></p><div class="pair">${column(a, ra)}${column(b, rb)}</div>`));
    }
    throw new HttpError(404, `no page ${path}`);
  }

  const server = createServer((req, res) => {
    if (!guard.check(req, res)) return;
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  port = await listen(server, options.port, options.listen);
  const base = urlOf(options.listen, port);
  return {
    url: guard.token ? `${base}?token=${guard.token}` : base,
    port,
    token: guard.token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
