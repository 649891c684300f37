/** Renderings of a ReportDiff: the sentences and lists on a terminal, canonical JSON, and a self-contained page. */
import { escapeHtml, htmlPage, table } from './html.js';
import type { Change, Flow, ReportDiff } from './types.js';
import { verdictWord } from './words.js';

export const DIFF_FORMATS = ['text', 'json', 'html'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) =>
    `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

const flowText = (f: Flow) => `${f.dataType} → ${f.company}`;

function changeLines(title: string, c: Change<string>): string[] {
  if (c.added.length === 0 && c.removed.length === 0) return [];
  return [title, ...c.added.map((x) => `  + ${clean(x)}`), ...c.removed.map((x) => `  - ${clean(x)}`)];
}

function diffText(d: ReportDiff): string {
  const lines = [`${clean(d.old.label)} → ${clean(d.new.label)}`, '', ...d.headlines.map((h) => `• ${clean(h)}`)];
  const sections = [
    changeLines('Flows (data type → company):', { added: d.flows.added.map(flowText), removed: d.flows.removed.map(flowText) }),
    changeLines('Destinations:', d.destinations),
    changeLines('Companies:', d.companies),
    changeLines('Server countries:', d.serverCountries),
    changeLines('Company countries:', d.companyCountries),
  ].filter((s) => s.length > 0);
  for (const s of sections) lines.push('', ...s);
  return `${lines.join('\n')}\n`;
}

function changeTable(c: Change<string>): string {
  const rows = [...c.added.map((x) => ['<span class="sent">added</span>', `<code>${escapeHtml(x)}</code>`]),
    ...c.removed.map((x) => ['<span class="muted">removed</span>', `<code>${escapeHtml(x)}</code>`])];
  return table(['', 'value'], rows);
}

function diffHtml(d: ReportDiff): string {
  const verdictRows = [
    ...d.claims.map((c) => [escapeHtml(c.title), escapeHtml(c.before ? verdictWord(c.before) : '—'), escapeHtml(c.after ? verdictWord(c.after) : '—')]),
    ...d.declarations.map((c) => [`declaration: ${escapeHtml(c.statement)}`, escapeHtml(c.before ? verdictWord(c.before) : '—'), escapeHtml(c.after ? verdictWord(c.after) : '—')]),
  ];
  const flowRows = [...d.flows.added.map((f) => ['<span class="sent">started</span>', escapeHtml(f.dataType), escapeHtml(f.company)]),
    ...d.flows.removed.map((f) => ['<span class="muted">stopped</span>', escapeHtml(f.dataType), escapeHtml(f.company)])];
  const inputs = (s: ReportDiff['old']) => s.inputs.map((i) => `<code>${escapeHtml(i.path)}</code> <span class="hash">${escapeHtml(i.sha256)}</span>`).join('<br>');
  return htmlPage(`telltale diff: ${d.old.label} → ${d.new.label}`, `<header class="top"><h1>What changed: ${escapeHtml(d.old.label)} → ${escapeHtml(d.new.label)}</h1>
<p>${escapeHtml(d.schema)}</p></header>
<main>
<h2 id="headlines">In short</h2><ul class="plain">${d.headlines.map((h) => `<li>${escapeHtml(h)}</li>`).join('\n')}</ul>
<h2 id="verdicts">Verdicts that changed</h2>${table(['claim or declaration', escapeHtml(d.old.label), escapeHtml(d.new.label)], verdictRows)}
<h2 id="flows">Flows (data type → company)</h2>${table(['', 'data type', 'company'], flowRows)}
<h2 id="destinations">Destinations</h2>${changeTable(d.destinations)}
<h2 id="companies">Companies</h2>${changeTable(d.companies)}
<h2 id="countries">Countries</h2><h3>Server countries</h3>${changeTable(d.serverCountries)}<h3>Company countries</h3>${changeTable(d.companyCountries)}
<h2 id="inputs">Inputs</h2>${table(['side', 'inputs', 'findings', 'destinations'], [
    [escapeHtml(d.old.label), inputs(d.old), escapeHtml(d.old.findings), escapeHtml(d.old.destinations)],
    [escapeHtml(d.new.label), inputs(d.new), escapeHtml(d.new.findings), escapeHtml(d.new.destinations)],
  ])}
</main>`);
}

export function renderDiff(diff: ReportDiff, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'html':
      return diffHtml(diff);
    case 'text':
      return diffText(diff);
  }
}
