/**
 * Terminal renderings: the human summary of an analysis (claims with verdicts, declared vs observed, top destinations,
 * findings by phase, blind spots, where the full report can be written), the hosts table and the app-scan summary.
 * Plain text; colour only when the caller says the terminal wants it.
 */
import type { AppScan, Report, ReportDestination } from '../model.js';
import { cmp } from '../util/compare.js';
import { companyOf, controllerCountry, ownerOf } from './who.js';
import { isSensitivePermission } from './permissions.js';
import {
  blindSpotOrder, blindSpotSentence, claimTitle, count, firstPartySentence, firstSentence, PHASE_ORDER, phaseWord, partyWord, verdictWord,
} from './words.js';

export interface TextOptions {
  /** ANSI colours for verdicts (a TTY that did not set NO_COLOR). */
  color?: boolean;
  /** Destinations listed before "and N more". */
  top?: number;
}

const COLORS: Record<string, string> = {
  supported: '31', contradicted: '31', 'not-supported': '32', consistent: '32', inconclusive: '33', unverifiable: '33',
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function verdictTag(verdict: string, color: boolean): string {
  const word = pad(verdictWord(verdict).toUpperCase(), 14);
  const code = COLORS[verdict];
  return color && code ? `\x1b[${code};1m${word}\x1b[0m` : word;
}

function heading(title: string, color: boolean): string {
  return color ? `\x1b[1m${title}\x1b[0m` : title;
}

/** One line, no control characters from the capture (they could move the cursor or recolour the terminal). */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) =>
    `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

function destinationLine(d: ReportDestination, report: Report, width: number): string {
  const owner = ownerOf(d);
  const who = `${companyOf(d)}${owner ? ` (${owner})` : ''}`;
  const where = `server ${d.serverCountry ?? '??'} · company ${controllerCountry(d) ?? '??'}`;
  const types = [...new Set(report.findings.filter((f) => f.host === d.host).map((f) => f.dataType))].sort(cmp);
  const shownTypes = types.slice(0, 4).join(', ') + (types.length > 4 ? ` +${types.length - 4}` : '');
  return `  ${pad(clean(d.host), width)}  ${pad(clean(who), 34)}  ${pad(where, 26)}  ${count(d.findings, 'finding')}${shownTypes ? `: ${shownTypes}` : ''}`;
}

export function renderSummary(report: Report, options: TextOptions = {}): string {
  const color = options.color === true;
  const top = options.top ?? 8;
  const s = report.summary;
  const lines: string[] = [];
  const confirmed = report.findings.filter((f) => f.confidence === 'confirmed').length;
  const blind = report.blindSpots.reduce((n, b) => n + b.count, 0);
  const inputs = report.inputs.map((i) => `${clean(i.path)} (sha256 ${i.sha256.slice(0, 12)}…)`).join(', ');
  if (inputs) lines.push(`telltale ${report.tool.version}: ${inputs}`);
  lines.push(
    `${count(s.exchanges, 'exchange')}, ${count(s.destinations, 'destination')}, ${count(s.findings, 'finding')} (${confirmed.toLocaleString('en-US')} confirmed)` +
      `, ${count(blind, 'blind spot')}`,
  );
  const fp = firstPartySentence(report.firstParty);
  if (fp) lines.push(clean(fp));
  if (report.masked === false) lines.push('Values are REVEALED (--reveal): this output holds personal data.');

  if (report.claims.length > 0) {
    lines.push('', heading('Claims', color));
    for (const c of report.claims) {
      lines.push(`  ${verdictTag(c.verdict, color)} ${claimTitle(c.id)}`);
      lines.push(`  ${' '.repeat(14)} ${clean(firstSentence(c.summary, 160))}`);
    }
  }
  if (report.declarations && report.declarations.length > 0) {
    lines.push('', heading('Declared vs observed', color));
    for (const d of report.declarations) {
      lines.push(`  ${verdictTag(d.verdict, color)} “${clean(d.statement)}”`);
      lines.push(`  ${' '.repeat(14)} ${clean(firstSentence(d.why, 160))}`);
    }
  }
  const receiving = [...report.destinations].filter((d) => d.findings > 0)
    .sort((a, b) => b.findings - a.findings || cmp(a.host, b.host));
  if (receiving.length > 0) {
    lines.push('', heading('Top destinations receiving personal data', color));
    const width = Math.min(34, Math.max(...receiving.slice(0, top).map((d) => clean(d.host).length)));
    for (const d of receiving.slice(0, top)) lines.push(destinationLine(d, report, width));
    if (receiving.length > top) lines.push(`  … and ${count(receiving.length - top, 'more destination')} (telltale hosts lists them all)`);
  }
  if (report.findings.length > 0) {
    const byPhase = PHASE_ORDER.map((p) => [p, report.findings.filter((f) => f.phase === p).length] as const).filter(([, n]) => n > 0);
    lines.push('', heading('Findings by phase', color));
    lines.push(`  ${byPhase.map(([p, n]) => `${phaseWord(p)}: ${n.toLocaleString('en-US')}`).join(' · ')}`);
  }
  if (report.identifierSyncs && report.identifierSyncs.length > 0) {
    lines.push('', `${count(report.identifierSyncs.length, 'identifier')} synced between companies.`);
  }
  lines.push('', heading('Blind spots', color));
  if (report.blindSpots.length === 0) lines.push('  none recorded (this covers only what was captured)');
  const spots = [...report.blindSpots].sort(blindSpotOrder);
  for (const b of spots.slice(0, top)) lines.push(`  ${clean(blindSpotSentence(b))}`);
  if (spots.length > top) lines.push(`  … and ${count(spots.length - top, 'more blind spot')}`);
  if (report.violations) lines.push('', `${count(report.violations.length, 'policy violation')}.`);
  for (const w of report.warnings) lines.push(`warning: ${clean(w)}`);
  lines.push('', 'Full report: add --format html|pdf|json|csv|sarif --out FILE (HTML: charts and every piece of evidence).');
  return `${lines.join('\n')}\n`;
}

/** `telltale hosts`: every destination with its owner and both countries — the journalist's first question. */
export function renderHostsTable(report: Report): string {
  const header = ['HOST', 'OWNER', 'PARENT', 'HQ', 'SERVER', 'PARTY', 'SDKS', 'EXCHANGES', 'FINDINGS'];
  const rows = report.destinations.map((d) => [
    clean(d.host), d.entity?.name ?? '-', d.entity?.parent ?? '-', d.entity?.parentCountry ?? d.entity?.country ?? '-',
    d.serverCountry ?? '-', partyWord(d.party, report.firstParty), d.sdks.join(',') || '-', String(d.exchanges), String(d.findings),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const table = [header, ...rows].map((r) => r.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
  const fp = firstPartySentence(report.firstParty);
  return fp && report.firstParty?.how === 'inferred' ? `${table}${fp}\n` : table;
}

/** `telltale scan` on a terminal: what is in the package, in a few lines. */
export function renderAppScanText(scan: AppScan): string {
  const a = scan.app;
  const lines = [
    `${a.platform} ${clean(a.id ?? scan.input.path)} ${a.version ? `version ${clean(a.version)}` : ''}`.trimEnd(),
    `${clean(scan.input.path)} (sha256 ${scan.input.sha256.slice(0, 12)}…)`,
    '',
    `${count(scan.sdks.length, 'SDK')} found in the code:`,
  ];
  for (const s of scan.sdks) lines.push(`  ${pad(clean(s.name), 28)} ${clean(s.entity.name)}${s.entity.country ? ` (${s.entity.country})` : ''} · ${s.category}`);
  const sensitive = scan.permissions.filter(isSensitivePermission);
  lines.push('', `${count(scan.permissions.length, 'permission')}, ${count(sensitive.length, 'sensitive one')}${sensitive.length ? ':' : '.'}`);
  for (const p of sensitive) lines.push(`  ${clean(p)}`);
  lines.push('', `${count(scan.hosts.length, 'host')} in code${scan.hosts.length ? ':' : '.'}`);
  for (const h of scan.hosts.slice(0, 20)) lines.push(`  ${clean(h)}`);
  if (scan.hosts.length > 20) lines.push(`  … and ${count(scan.hosts.length - 20, 'more host')}`);
  for (const w of scan.warnings) lines.push(`warning: ${clean(w)}`);
  lines.push('', 'Full scan: --format json|html --out FILE. Which SDKs send data: telltale analyze CAPTURE --app PACKAGE.');
  return `${lines.join('\n')}\n`;
}
