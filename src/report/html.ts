/**
 * Self-contained HTML report: one file, no scripts, nothing loaded from the network. A strict Content-Security-Policy
 * forbids everything but the one inline stylesheet (allowed by its hash), so even a missed escape could not run code.
 * Every value from the capture is escaped: a request body may well contain `<script>`.
 */
import { createHash } from 'node:crypto';
import type { Report, ReportFinding } from '../model.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return (typeof value === 'string' ? value : value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as number | boolean)).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:76rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,monospace;word-break:break-all}
.supported{color:#a40e26;font-weight:600}.not-supported{color:#1a7f37}.inconclusive{color:#9a6700}
.muted{color:#57606a}.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.4rem}`;

function styleHash(style: string): string {
  return `sha256-${createHash('sha256').update(style).digest('base64')}`;
}

export function contentSecurityPolicy(style: string = STYLE): string {
  return `default-src 'none'; style-src '${styleHash(style)}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** A table of already-escaped cells. */
export function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function findingRow(f: ReportFinding): string[] {
  return [
    escapeHtml(f.id), escapeHtml(f.dataType), escapeHtml(f.confidence), escapeHtml(f.phase), escapeHtml(f.time),
    escapeHtml(f.host), `<code>${escapeHtml(f.path)}</code>`, escapeHtml(f.transform.join(' → ') || 'plain'),
    `<code>${escapeHtml(f.excerpt)}</code>`,
  ];
}

export function renderHtml(report: Report): string {
  const s = report.summary;
  const cards = [
    ['exchanges', s.exchanges], ['destinations', s.destinations], ['findings', s.findings],
    ['blind spots', report.blindSpots.reduce((n, b) => n + b.count, 0)],
  ].map(([label, n]) => `<div class="card"><b>${escapeHtml(n)}</b>${escapeHtml(label)}</div>`).join('');
  const claims = table(['claim', 'verdict', 'summary', 'findings'], report.claims.map((c) => [
    escapeHtml(c.id), `<span class="${escapeHtml(c.verdict)}">${escapeHtml(c.verdict)}</span>`,
    escapeHtml(c.summary) + (c.missing?.length ? `<br><span class="muted">missing: ${escapeHtml(c.missing.join('; '))}</span>` : ''),
    escapeHtml(c.findings.slice(0, 12).join(', ') + (c.findings.length > 12 ? ` … (${c.findings.length})` : '')),
  ]));
  const destinations = table(
    ['host', 'owner', 'parent', 'HQ country', 'server country', 'party', 'SDKs', 'exchanges', 'findings'],
    report.destinations.map((d) => [
      escapeHtml(d.host), escapeHtml(d.entity?.name ?? '—'), escapeHtml(d.entity?.parent ?? '—'),
      escapeHtml(d.entity?.parentCountry ?? d.entity?.country ?? '—'), escapeHtml(d.serverCountry ?? '—'),
      escapeHtml(d.party), escapeHtml(d.sdks.join(', ') || '—'), escapeHtml(d.exchanges), escapeHtml(d.findings),
    ]),
  );
  const findings = table(
    ['id', 'data type', 'confidence', 'phase', 'time', 'host', 'path', 'transform', 'excerpt'],
    report.findings.map(findingRow),
  );
  const blind = table(['kind', 'host', 'exchanges', 'bytes'], report.blindSpots.map((b) => [
    escapeHtml(b.kind), escapeHtml(b.host), escapeHtml(b.count), escapeHtml(b.bytes),
  ]));
  const inputs = table(['input', 'format', 'bytes', 'SHA-256'], report.inputs.map((i) => [
    escapeHtml(i.path), escapeHtml(i.format), escapeHtml(i.bytes), `<code>${escapeHtml(i.sha256)}</code>`,
  ]));
  const warnings = report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  const body = `<h1>telltale report</h1>
<p class="muted">${escapeHtml(report.schema)} · telltale ${escapeHtml(report.tool.version)} · personal values are ${report.findings.some((f) => f.excerpt.includes('•')) ? 'masked' : 'shown as captured'}.</p>
<div class="cards">${cards}</div>
${warnings ? `<h2>Warnings</h2><ul>${warnings}</ul>` : ''}
<h2>Claims</h2>${claims}
<h2>Destinations</h2>${destinations}
<h2>Findings</h2>${findings}
<h2>Blind spots</h2><p class="muted">What could not be seen: “nothing found” there does not mean “nothing sent”.</p>${blind}
<h2>Inputs</h2>${inputs}`;
  return htmlPage('telltale report', body);
}

/** The page shell shared by every HTML output: strict CSP, one hashed inline stylesheet, no scripts. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
