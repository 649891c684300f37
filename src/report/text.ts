/** The short human summary printed by the CLI: what left, to whom, where, and what the claims say. */
import type { Report } from '../model.js';
import { cmp } from '../util/compare.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function renderSummary(report: Report): string {
  const s = report.summary;
  const lines: string[] = [];
  const confirmed = report.findings.filter((f) => f.confidence === 'confirmed').length;
  lines.push(
    `${s.exchanges} exchanges, ${s.destinations} destinations, ${s.findings} findings (${confirmed} confirmed)` +
      `, ${report.blindSpots.reduce((n, b) => n + b.count, 0)} blind spots`,
  );
  const types = Object.entries(s.byDataType).sort(([a], [b]) => cmp(a, b));
  if (types.length > 0) lines.push(`data types: ${types.map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  const receiving = report.destinations.filter((d) => d.findings > 0);
  if (receiving.length > 0) {
    lines.push('', 'destinations receiving personal data:');
    for (const d of receiving) {
      const owner = d.entity
        ? `${d.entity.name}${d.entity.parent ? ` (${d.entity.parent})` : ''}`
        : d.party === 'first' ? 'first party (the app)' : 'unknown owner';
      const where = `server ${d.serverCountry ?? '??'}, controller ${d.entity?.parentCountry ?? d.entity?.country ?? '??'}`;
      lines.push(`  ${pad(d.host, 32)} ${pad(owner, 34)} ${pad(where, 28)} ${d.findings} findings`);
    }
  }
  if (report.claims.length > 0) {
    lines.push('', 'claims:');
    for (const c of report.claims) lines.push(`  ${pad(c.verdict, 14)} ${c.id}`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** `telltale hosts`: every destination with its owner and both countries — the journalist's first question. */
export function renderHostsTable(report: Report): string {
  const header = ['HOST', 'OWNER', 'PARENT', 'HQ', 'SERVER', 'PARTY', 'SDKS', 'EXCHANGES', 'FINDINGS'];
  const rows = report.destinations.map((d) => [
    d.host, d.entity?.name ?? '-', d.entity?.parent ?? '-', d.entity?.parentCountry ?? d.entity?.country ?? '-',
    d.serverCountry ?? '-', d.party, d.sdks.join(',') || '-', String(d.exchanges), String(d.findings),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
