/** Rendering of an app scan (`telltale scan`), schema telltale.appscan/1: canonical JSON or a self-contained page. */
import type { AppScan } from '../model.js';
import { escapeHtml, htmlPage, table } from './html.js';

export function renderAppScan(scan: AppScan, format: 'json' | 'html'): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(scan, null, 2)}\n`;
    case 'html':
      return renderAppScanHtml(scan);
  }
}

function renderAppScanHtml(scan: AppScan): string {
  const a = scan.app;
  const facts = table(['platform', 'id', 'version', 'file', 'SHA-256'], [[
    escapeHtml(a.platform), escapeHtml(a.id ?? '—'), escapeHtml(a.version ?? '—'), escapeHtml(scan.input.path),
    `<code>${escapeHtml(scan.input.sha256)}</code>`,
  ]]);
  const sdks = table(['SDK', 'company', 'country', 'category', 'classes', 'evidence'], scan.sdks.map((s) => [
    escapeHtml(s.name), escapeHtml(s.entity.name), escapeHtml(s.entity.country ?? '—'), escapeHtml(s.category),
    escapeHtml(s.classCount), `<code>${escapeHtml([...s.evidence, ...s.nativeLibs].join('\n'))}</code>`,
  ]));
  const permissions = table(['permission'], scan.permissions.map((p) => [escapeHtml(p)]));
  const hosts = table(['host in code'], scan.hosts.map((h) => [escapeHtml(h)]));
  const warnings = scan.warnings.length
    ? `<h2>Partial result</h2><ul>${scan.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  return htmlPage('telltale app scan', `<h1>App scan: ${escapeHtml(a.label ?? a.id ?? scan.input.path)}</h1>
<p class="muted">${escapeHtml(scan.schema)}</p>${facts}${warnings}
<h2>SDKs found in the code</h2>${sdks}
<h2>Permissions</h2>${permissions}
<h2>Hosts in code</h2>${hosts}`);
}
