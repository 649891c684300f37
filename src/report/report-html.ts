/**
 * The analysis report as one self-contained page: claims first (verdict, one-line why, the laws they touch, links to
 * the evidence), declared vs observed, charts, destinations, identifier syncs, evidence cards, blind spots in plain
 * words, the app join and the inputs with their hashes. Tables and text are rendered here; the page script (web/report)
 * draws the charts, sorts and filters tables and pages through the evidence cards from the embedded data.
 */
import type { Report, ReportDestination, ReportFinding } from '../model.js';
import { cmp } from '../util/compare.js';
import { countryName, reportAssets } from './assets.js';
import { escapeHtml, htmlPage, safeHref, table } from './html.js';
import { lawsOfFindings, type LawCitation } from './laws.js';
import { buildPageData, dataBlock } from './page-data.js';
import { companyOf, controllerCountry, ownerOf } from './who.js';
import { PAGE_DATA_ID, WORLD_DATA_ID } from './page-types.js';
import {
  blindSpotOrder, blindSpotSentence, claimTitle, count, firstPartySentence, firstSentence, formatBytes, partyWord, PHASE_ORDER, phaseWord,
  verdictWord,
} from './words.js';
import { appJoinSection } from './app-html.js';

export interface HtmlOptions {
  /** Render for print (the PDF): every evidence card up to the print limit, no interactive controls. */
  print?: boolean;
}

/** Evidence links listed under a claim before "and N more". */
const CLAIM_LINKS_MAX = 40;

function verdictBadge(verdict: string): string {
  return `<span class="verdict v-${escapeHtml(verdict)}">${escapeHtml(verdictWord(verdict).toUpperCase())}</span>`;
}

function findingLinks(ids: readonly string[], max = CLAIM_LINKS_MAX, claim?: string): string {
  const shown = ids.slice(0, max).map((id) => `<a href="#${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(' ');
  const rest = ids.length - Math.min(ids.length, max);
  const more = rest > 0
    ? ` <a href="#evidence"${claim ? ` data-claim="${escapeHtml(claim)}"` : ''}>and ${escapeHtml(count(rest, 'more finding'))}</a>`
    : '';
  return ids.length === 0 ? '<span class="muted">none</span>' : `<span class="evidence-links">${shown}${more}</span>`;
}

function lawList(laws: readonly LawCitation[]): string {
  if (laws.length === 0) return '';
  const items = laws.map((l) =>
    `<li><a class="law" href="${escapeHtml(safeHref(l.source))}" rel="noreferrer noopener" title="${escapeHtml(l.rule)}">${escapeHtml(l.label)}</a></li>`);
  return `<ul class="laws" aria-label="rules touched">${items.join('')}</ul>`;
}

function claimsSection(report: Report, byId: Map<string, ReportFinding>, print: boolean): string {
  if (report.claims.length === 0) return '<h2 id="claims">Claims</h2><p class="muted">No claims were evaluated.</p>';
  const articles = report.claims.map((c) => {
    const findings = c.findings.map((id) => byId.get(id)).filter((f): f is ReportFinding => f !== undefined);
    const laws = lawsOfFindings(findings);
    const why = firstSentence(c.summary);
    const missing = c.missing?.length
      ? `<p class="muted">Missing to decide: ${escapeHtml(c.missing.join('; '))}</p>` : '';
    const exchanges = c.exchanges?.length
      ? `<p class="muted">Also shown by ${escapeHtml(count(c.exchanges.length, 'exchange'))} without a finding of ${c.exchanges.length === 1 ? 'its' : 'their'} own: ${
        escapeHtml(c.exchanges.slice(0, 10).map((x) => `${inputName(report, x.input)} entry #${x.index}`).join(', '))}${c.exchanges.length > 10 ? ' …' : ''}</p>`
      : '';
    return `<article class="claim c-${escapeHtml(c.verdict)}" id="claim-${escapeHtml(c.id)}">
<h3>${verdictBadge(c.verdict)} ${escapeHtml(claimTitle(c.id))} <code class="muted">${escapeHtml(c.id)}</code></h3>
<p class="why">${escapeHtml(why)}</p>
${why.length < c.summary.length ? `<details${print ? ' open' : ''}><summary>Full reasoning</summary><p>${escapeHtml(c.summary)}</p></details>` : ''}${missing}
${laws.length ? `<div><span class="muted">Rules touched:</span> ${lawList(laws)}</div>` : ''}
<div><span class="muted">Evidence (${escapeHtml(count(c.findings.length, 'finding'))}):</span> ${findingLinks(c.findings, CLAIM_LINKS_MAX, c.id)}</div>${exchanges}
</article>`;
  });
  return `<h2 id="claims">Claims</h2>
<p class="muted">Each claim is a testable statement from the lawsuit that motivated telltale. “Supported” means the traffic shows it; the rules listed are those the evidence touches (facts, not a legal conclusion).</p>
${articles.join('\n')}`;
}

function declarationsSection(report: Report): string {
  const list = report.declarations;
  if (!list || list.length === 0) {
    return '<h2 id="declared">Declared vs observed</h2><p class="muted">No declarations were given (<code>--declared</code>): nothing to compare with.</p>';
  }
  const rows = list.map((d, i) => [
    escapeHtml(`${i + 1}`), escapeHtml(`declaration file #${d.source + 1}`), escapeHtml(d.statement), verdictBadge(d.verdict),
    escapeHtml(d.why), findingLinks(d.findings, 20),
  ]);
  const contradicted = list.filter((d) => d.verdict === 'contradicted').length;
  return `<h2 id="declared">Declared vs observed</h2>
<p>${escapeHtml(count(list.length, 'statement'))} the vendor made, checked against the traffic: ${escapeHtml(count(contradicted, 'statement'))} contradicted.</p>
${table(['#', 'source', 'statement', 'verdict', 'why', 'evidence'], rows)}`;
}

function chart(id: string, title: string, explain: string, size: { wide?: boolean; tall?: boolean } = {}): string {
  return `<div class="chart${size.wide ? ' wide' : ''}"><h3>${escapeHtml(title)}</h3><p class="muted">${escapeHtml(explain)}</p>
<div class="plot${size.tall ? ' tall' : ''}" id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(title)}"></div></div>`;
}

function chartsSection(report: Report): string {
  if (report.findings.length === 0 && report.destinations.length === 0) return '';
  return `<h2 id="charts">Where the data went</h2>
<noscript><p class="muted">The charts need the page's inline script (nothing is loaded from the network).</p></noscript>
<div class="charts">
${chart('chart-sankey', 'Data type → company → server country', 'Each band is a number of findings: what was sent, to which company, and where its servers are.', { wide: true, tall: true })}
${chart('chart-server-map', 'Server countries', 'Where the servers that received traffic are, from their IP addresses (IP database; a CDN may answer from near the tester).')}
${chart('chart-company-map', 'Company countries', 'Where the companies that control the receiving hosts are headquartered (ultimate parent).')}
${chart('chart-timeline', 'Timeline', 'Tester events as vertical lines; findings as marks, coloured by phase. Click a mark to open its evidence.', { wide: true })}
</div>`;
}

interface HostFacts {
  dataTypes: string[];
  firstSeen: string | null;
  phases: string[];
}

function hostFacts(findings: readonly ReportFinding[]): Map<string, HostFacts> {
  const acc = new Map<string, { types: Set<string>; first: string | null; phases: Set<string> }>();
  for (const f of findings) {
    let a = acc.get(f.host);
    if (!a) acc.set(f.host, (a = { types: new Set(), first: null, phases: new Set() }));
    a.types.add(f.dataType);
    if (a.first === null || f.time < a.first) a.first = f.time;
    a.phases.add(f.phase);
  }
  const out = new Map<string, HostFacts>();
  for (const [host, a] of acc) {
    out.set(host, {
      dataTypes: [...a.types].sort(cmp), firstSeen: a.first,
      phases: PHASE_ORDER.filter((p) => a.phases.has(p)),
    });
  }
  return out;
}

function phaseBadge(phase: string): string {
  return `<span class="phase ph-${escapeHtml(phase)}">${escapeHtml(phaseWord(phase))}</span>`;
}

function countriesCell(d: ReportDestination): string {
  const server = d.serverCountries && d.serverCountries.length > 1 ? d.serverCountries.join(', ') : d.serverCountry;
  const controller = controllerCountry(d);
  return `server ${escapeHtml(server ?? '?')}${server && !server.includes(',') ? ` <span class="muted">(${escapeHtml(countryName(server))})</span>` : ''}<br>company ${escapeHtml(controller ?? '?')}`;
}

function destinationsSection(report: Report): string {
  const facts = hostFacts(report.findings);
  const rows = report.destinations.map((d, i) => {
    const f = facts.get(d.host);
    return `<tr id="d-${i}"><td><code>${escapeHtml(d.host)}</code></td><td>${escapeHtml(partyWord(d.party, report.firstParty))}</td>`
      + `<td>${escapeHtml(companyOf(d))}</td><td>${escapeHtml(ownerOf(d) ?? (d.entity ? d.entity.name : '—'))}</td>`
      + `<td>${countriesCell(d)}</td><td>${escapeHtml(d.sdks.join(', ') || '—')}</td>`
      + `<td>${escapeHtml(f?.dataTypes.join(', ') || '—')}</td><td data-sort="${escapeHtml(f?.firstSeen ?? '')}">${escapeHtml(f?.firstSeen ?? '—')}</td>`
      + `<td>${f ? f.phases.map(phaseBadge).join(' ') : '—'}</td><td data-sort="${d.exchanges}">${d.exchanges}</td><td data-sort="${d.findings}">${d.findings}</td></tr>`;
  });
  const headers = ['host', 'party', 'company', 'owner (at capture)', 'countries', 'SDK', 'data types', 'first seen', 'phase',
    'exchanges', 'findings'];
  const head = headers.map((h) => `<th class="sortable" scope="col">${escapeHtml(h)}</th>`).join('');
  const fp = firstPartySentence(report.firstParty);
  return `<h2 id="destinations">Destinations</h2>
${fp ? `<p${report.firstParty?.how === 'inferred' ? ' class="inferred"' : ''}>${escapeHtml(fp)}</p>` : ''}
<div class="filters noprint"><label>Filter <input type="search" id="destinations-filter" placeholder="host, company, country, data type…"></label> <span class="muted">Click a column header to sort.</span></div>
${rows.length === 0 ? '<p class="muted">None.</p>' : `<table id="destinations-table"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`}`;
}

function syncsSection(report: Report): string {
  const syncs = report.identifierSyncs;
  if (!syncs || syncs.length === 0) return '';
  const rows = syncs.map((s) => [
    `<code>${escapeHtml(s.value)}</code>`,
    s.parties.map((p) => `${escapeHtml(p.role === 'set' ? 'set by' : 'sent to')} <code>${escapeHtml(p.host)}</code>${p.entity ? ` (${escapeHtml(p.entity)})` : ''}`).join('<br>'),
    findingLinks(s.findings, 20),
  ]);
  return `<h2 id="syncs">Identifier syncs</h2>
<p>${escapeHtml(count(syncs.length, 'identifier'))} travelled between companies: the same value set by one and sent to another lets them link what they know about this device.${report.masked === false ? '' : ' Values are masked.'}</p>
${table(['value', 'parties', 'evidence'], rows)}`;
}

function evidenceSection(report: Report, print: boolean): string {
  const types = [...new Set(report.findings.map((f) => f.dataType))].sort(cmp);
  const options = (values: readonly string[], label: (v: string) => string) =>
    values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(label(v))}</option>`).join('');
  const phases = PHASE_ORDER.filter((p) => report.findings.some((f) => f.phase === p));
  const masked = report.masked === false
    ? '<p class="inferred"><strong>Values are shown as captured (--reveal): this report holds personal data.</strong></p>'
    : '<p class="muted">Personal values are masked (<span class="masked">•••</span>); run with <code>--reveal</code> to show them.</p>';
  return `<h2 id="evidence">Evidence</h2>
<p>${escapeHtml(count(report.findings.length, 'finding'))}. Each card names the exact place in the input: the entry, the decode chain that led to the value, and the matched bytes in context.</p>
${masked}
<div class="filters noprint"><label>Search <input type="search" id="evidence-filter" placeholder="id, host, data type, path…"></label>
<label>Data type <select id="evidence-type"><option value="">all</option>${options(types, (v) => v)}</select></label>
<label>Phase <select id="evidence-phase"><option value="">all</option>${options(phases, phaseWord)}</select></label>
<label>Claim <select id="evidence-claim"><option value="">any</option>${options(report.claims.filter((c) => c.findings.length > 0).map((c) => c.id), claimTitle)}</select></label></div>
<div class="pager noprint" id="evidence-pager"></div>
<div id="cards" aria-live="polite">${print ? '' : '<noscript><p class="muted">Evidence cards are drawn by the page\'s inline script; the same evidence is in the JSON report.</p></noscript>'}</div>`;
}

function blindSpotsSection(report: Report): string {
  const spots = [...report.blindSpots].sort(blindSpotOrder);
  const total = spots.reduce((n, b) => n + b.count, 0);
  const intro = total === 0
    ? 'No blind spots were recorded: every captured exchange could be read. That covers only what was captured — traffic that bypassed the capture is not here.'
    : `What telltale could not see (${count(total, 'exchange')} or connections). “Nothing found” there does not mean “nothing sent”.`;
  return `<h2 id="blind-spots">Blind spots</h2><p>${escapeHtml(intro)}</p>
${spots.length ? `<ul class="plain">${spots.map((b) => `<li>${escapeHtml(blindSpotSentence(b))}</li>`).join('\n')}</ul>` : ''}`;
}

function inputName(report: Report, input: number): string {
  return report.inputs[input]?.path ?? `input ${input}`;
}

function inputsSection(report: Report): string {
  const rows = report.inputs.map((i, n) => [
    escapeHtml(`${n}`), `<code>${escapeHtml(i.path)}</code>`, escapeHtml(i.format), escapeHtml(formatBytes(i.bytes)),
    `<span class="hash">${escapeHtml(i.sha256)}</span>`,
  ]);
  return `<h2 id="inputs">Inputs</h2>
<p class="muted">SHA-256 of every input as read. Re-running telltale ${escapeHtml(report.tool.version)} on the same inputs gives the same JSON report, byte for byte.</p>
${table(['#', 'input', 'format', 'size', 'SHA-256'], rows)}`;
}

function violationsSection(report: Report): string {
  if (!report.violations) return '';
  const rows = report.violations.map((v) => [
    `<code>${escapeHtml(v.rule)}</code>`, escapeHtml(v.message), findingLinks([v.finding]),
  ]);
  return `<h2 id="violations">Policy violations</h2><p>${escapeHtml(count(report.violations.length, 'violation'))} of the policy.</p>${table(['rule', 'what', 'evidence'], rows)}`;
}

function summaryStats(report: Report): string {
  const s = report.summary;
  const confirmed = report.findings.filter((f) => f.confidence === 'confirmed').length;
  const companies = new Set(report.destinations.filter((d) => d.entity).map((d) => d.entity!.ultimateParent ?? d.entity!.parent ?? d.entity!.name)).size;
  const blind = report.blindSpots.reduce((n, b) => n + b.count, 0);
  const stats: [string, string][] = [
    [String(s.exchanges), s.exchanges === 1 ? 'exchange' : 'exchanges'],
    [String(s.destinations), s.destinations === 1 ? 'destination' : 'destinations'],
    [String(companies), companies === 1 ? 'company group' : 'company groups'],
    [String(s.findings), `${s.findings === 1 ? 'finding' : 'findings'} (${confirmed} confirmed)`],
    [String(blind), blind === 1 ? 'blind spot' : 'blind spots'],
  ];
  return `<div class="cards-row">${stats.map(([n, label]) => `<div class="stat"><b>${escapeHtml(Number(n).toLocaleString('en-US'))}</b>${escapeHtml(label)}</div>`).join('')}</div>`;
}

function toc(report: Report): string {
  const links: [string, string][] = [['claims', 'Claims'], ['declared', 'Declared vs observed']];
  if (report.findings.length > 0 || report.destinations.length > 0) links.push(['charts', 'Charts']);
  links.push(['destinations', 'Destinations']);
  if (report.identifierSyncs?.length) links.push(['syncs', 'Identifier syncs']);
  links.push(['evidence', 'Evidence'], ['blind-spots', 'Blind spots']);
  if (report.app) links.push(['app', 'App']);
  if (report.violations) links.push(['violations', 'Policy']);
  links.push(['inputs', 'Inputs']);
  return `<nav class="toc" aria-label="sections">${links.map(([id, label]) => `<a href="#${id}">${escapeHtml(label)}</a>`).join('')}</nav>`;
}

function headerBlock(report: Report): string {
  const names = report.inputs.map((i) => i.path).join(', ') || 'no input';
  const fp = firstPartySentence(report.firstParty);
  const values = report.masked === false ? 'values REVEALED (--reveal)' : 'personal values masked';
  return `<header class="top"><h1>telltale report: ${escapeHtml(names)}</h1>
<p>telltale ${escapeHtml(report.tool.version)} · ${escapeHtml(report.schema)} · ${escapeHtml(values)}</p>
${fp ? `<p${report.firstParty?.how === 'inferred' ? ' class="inferred"' : ''}>${escapeHtml(fp)}</p>` : ''}</header>`;
}

function warningsBlock(report: Report): string {
  if (report.warnings.length === 0) return '';
  return `<h2 id="warnings">Warnings</h2><ul class="plain">${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
}

export function renderReportHtml(report: Report, options: HtmlOptions = {}): string {
  const print = options.print === true;
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const assets = reportAssets();
  const body = `${headerBlock(report)}
${toc(report)}
<main>
${summaryStats(report)}
${warningsBlock(report)}
${claimsSection(report, byId, print)}
${declarationsSection(report)}
${chartsSection(report)}
${destinationsSection(report)}
${syncsSection(report)}
${evidenceSection(report, print)}
${blindSpotsSection(report)}
${report.app ? appJoinSection(report.app) : ''}
${violationsSection(report)}
${inputsSection(report)}
</main>`;
  return htmlPage({
    title: `telltale report: ${report.inputs.map((i) => i.path).join(', ')}`,
    body,
    script: assets.script,
    dataBlocks: [
      dataBlock(PAGE_DATA_ID, buildPageData(report, { print })),
      { id: WORLD_DATA_ID, text: assets.world.replace(/</g, '\\u003c') },
    ],
    rootAttrs: print ? { 'data-print': '1' } : {},
  });
}
