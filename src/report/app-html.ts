/**
 * App packages on the page: the `telltale scan` report (SDKs, permissions with the sensitive ones marked, hosts in
 * code) and, in an analysis report made with --app, which SDKs were present and sending.
 */
import type { AppScan, ReportAppJoin } from '../model.js';
import { escapeHtml, htmlPage, table } from './html.js';
import { isSensitivePermission, PERMISSION_SOURCES } from './permissions.js';
import { count } from './words.js';

const STATUS_WORDS: Record<string, string> = {
  'present-sending': 'in the code and sending',
  'present-silent': 'in the code, not seen sending',
  'sending-not-found-in-code': 'sending, not found in the code',
};

function statusCell(status: string): string {
  const cls = status === 'present-sending' ? 'sent' : status === 'present-silent' ? 'silent' : 'danger';
  return `<span class="${cls}">${escapeHtml(STATUS_WORDS[status] ?? status)}</span>`;
}

/** The --app section of an analysis report. */
export function appJoinSection(app: ReportAppJoin): string {
  const a = app.scan.app;
  const sending = app.sdks.filter((s) => s.status === 'present-sending').length;
  const sdkRows = app.sdks.map((s) => [
    `<code>${escapeHtml(s.id)}</code>`, statusCell(s.status),
    s.hosts.length ? s.hosts.map((h) => `<code>${escapeHtml(h)}</code>`).join('<br>') : '—',
  ]);
  const gapRows = app.permissionGaps.map((g) => [
    escapeHtml(g.dataType), `<code>${escapeHtml(g.permission)}</code>`, escapeHtml(g.hosts.join(', ')), escapeHtml(g.note),
  ]);
  return `<h2 id="app">App: ${escapeHtml(a.label ?? a.id ?? app.scan.input.path)}</h2>
<p>${escapeHtml(a.platform)} package <code>${escapeHtml(a.id ?? '?')}</code> version ${escapeHtml(a.version ?? '?')}, file <code>${escapeHtml(app.scan.input.path)}</code> (SHA-256 <span class="hash">${escapeHtml(app.scan.input.sha256)}</span>).
${escapeHtml(count(app.scan.sdks.length, 'SDK'))} found in the code; ${escapeHtml(count(sending, 'SDK'))} present and sending.</p>
<h3>SDKs: present and sending</h3>
${table(['SDK', 'status', 'hosts in the traffic'], sdkRows)}
${gapRows.length ? `<h3>Data sent without the permission to read it</h3>${table(['data type', 'permission', 'sent to', 'note'], gapRows)}` : ''}`;
}

function permissionsTable(permissions: readonly string[]): string {
  const rows = permissions.map((p) => isSensitivePermission(p)
    ? [`<code class="danger">${escapeHtml(p)}</code>`, '<span class="danger">sensitive (runtime / protected)</span>']
    : [`<code>${escapeHtml(p)}</code>`, '<span class="muted">normal</span>']);
  const sensitive = permissions.filter(isSensitivePermission).length;
  return `<p>${escapeHtml(count(permissions.length, 'permission'))}, ${escapeHtml(count(sensitive, 'sensitive one'))} (Android “dangerous” runtime permissions and iOS protected resources; sources: ${
    PERMISSION_SOURCES.map((u) => `<a href="${escapeHtml(u)}" rel="noreferrer noopener">${escapeHtml(new URL(u).hostname)}</a>`).join(', ')}).</p>
${table(['permission', 'kind'], rows)}`;
}

/** `telltale scan --format html`. */
export function renderAppScanHtml(scan: AppScan): string {
  const a = scan.app;
  const facts = table(['platform', 'id', 'version', 'file', 'SHA-256'], [[
    escapeHtml(a.platform), escapeHtml(a.id ?? '—'), escapeHtml(a.version ?? '—'), `<code>${escapeHtml(scan.input.path)}</code>`,
    `<span class="hash">${escapeHtml(scan.input.sha256)}</span>`,
  ]]);
  const sdks = table(['SDK', 'company', 'country', 'category', 'classes', 'evidence'], scan.sdks.map((s) => [
    escapeHtml(s.name), escapeHtml(s.entity.name), escapeHtml(s.entity.country ?? '—'), escapeHtml(s.category),
    escapeHtml(s.classCount), `<code>${escapeHtml([...s.evidence, ...s.nativeLibs].join('\n'))}</code>`,
  ]));
  const hostRows = (scan.hostsInCode ?? []).map((h) => [
    `<code>${escapeHtml(h.host)}</code>`, escapeHtml(h.via), `<code>${escapeHtml(h.files.join('\n'))}</code>`,
    `<code>${escapeHtml(h.urls.join('\n'))}</code>`,
  ]);
  const hosts = hostRows.length
    ? table(['host in code', 'found as', 'files', 'URLs'], hostRows)
    : table(['host in code'], scan.hosts.map((h) => [`<code>${escapeHtml(h)}</code>`]));
  const warnings = scan.warnings.length
    ? `<h2 id="partial">Partial result</h2><ul class="plain">${scan.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  return htmlPage('telltale app scan', `<header class="top"><h1>App scan: ${escapeHtml(a.label ?? a.id ?? scan.input.path)}</h1>
<p>${escapeHtml(scan.schema)} · ${escapeHtml(count(scan.sdks.length, 'SDK'))} · ${escapeHtml(count(scan.permissions.length, 'permission'))} · ${escapeHtml(count(scan.hosts.length, 'host'))} in code</p></header>
<main>${facts}${warnings}
<h2 id="sdks">SDKs found in the code</h2>
<p class="muted">Which of them actually send data shows only with traffic: <code>telltale analyze CAPTURE --app ${escapeHtml(scan.input.path)}</code>.</p>${sdks}
<h2 id="permissions">Permissions</h2>${permissionsTable(scan.permissions)}
<h2 id="hosts">Hosts in code</h2>${hosts}</main>`);
}
