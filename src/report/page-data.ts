/**
 * What the page script gets: the findings for evidence cards (laws deduplicated), who each host is, and the chart
 * models (Sankey, the two world maps, the timeline) computed here so that the browser only draws them.
 * Everything is sorted: the same report gives the same bytes.
 */
import { gzipSync } from 'node:zlib';
import type { Report, ReportDestination } from '../model.js';
import { cmp } from '../util/compare.js';
import { countryName } from './assets.js';
import { citeLaw } from './laws.js';
import { packRecords } from './pack.js';
import type {
  CountryValue, PageData, PageFinding, PageHost, PageLaw, SankeyLink, SankeyNode, TimelineEvent, TimelineMark,
} from './page-types.js';
import { PHASES } from './style.js';
import { companyOf, controllerCountry, ownerOf } from './who.js';

export const PAGE_SIZE = 50;
/** Evidence cards printed into a PDF at most; the rest stay in the JSON and HTML reports (the PDF says so). */
export const PRINT_CARD_LIMIT = 2000;
/**
 * Above this many findings, timeline marks are aggregated into time buckets (one mark per bucket, type and phase),
 * with as many buckets as keep the marks near this number: thousands of SVG marks would slow the page's opening.
 */
const TIMELINE_MARKS_MAX = 2000;
/** Nodes per Sankey column; smaller ones are folded into "N others". */
const SANKEY_COLUMN_MAX = 25;

function pageHost(d: ReportDestination): PageHost {
  return {
    host: d.host, company: d.entity || d.party === 'first' ? companyOf(d) : null, owner: ownerOf(d),
    serverCountry: d.serverCountry, controllerCountry: controllerCountry(d), party: d.party,
  };
}

function claimsByFinding(report: Report): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of report.claims) {
    for (const id of c.findings) {
      const list = out.get(id);
      if (list) list.push(c.id);
      else out.set(id, [c.id]);
    }
  }
  return out;
}

function pageFindings(report: Report): { findings: PageFinding[]; laws: PageLaw[] } {
  const laws: PageLaw[] = [];
  const lawIndex = new Map<string, number>();
  const claims = claimsByFinding(report);
  const findings = report.findings.map((f) => {
    const { laws: refs, ...rest } = f;
    const out: PageFinding = rest;
    if (refs && refs.length > 0) {
      out.laws = refs.map((ref) => {
        const key = `${ref.regime}\u0000${ref.rule}\u0000${ref.note}\u0000${ref.source}`;
        let i = lawIndex.get(key);
        if (i === undefined) {
          const c = citeLaw(ref);
          i = laws.push({ section: c.label, short: c.short, note: ref.note, source: ref.source }) - 1;
          lawIndex.set(key, i);
        }
        return i;
      });
    }
    const cited = claims.get(f.id);
    if (cited) out.claims = cited;
    return out;
  });
  return { findings, laws };
}

/** Keeps the `max - 1` heaviest nodes of a column and folds the rest into one "N others" node. */
function foldColumn(weights: Map<string, number>, max: number, othersId: string): Map<string, string> {
  const ranked = [...weights.entries()].sort(([a, x], [b, y]) => y - x || cmp(a, b));
  const rename = new Map<string, string>();
  ranked.forEach(([id], i) => rename.set(id, ranked.length > max && i >= max - 1 ? othersId : id));
  return rename;
}

function sankey(report: Report, byHost: Map<string, ReportDestination>): PageData['charts']['sankey'] {
  const flows = new Map<string, number>();
  const weight = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const triples: [string, string, string][] = [];
  for (const f of report.findings) {
    const d = byHost.get(f.host);
    const triple: [string, string, string] = [f.dataType, companyOf(d), d?.serverCountry ?? 'unknown'];
    triples.push(triple);
    triple.forEach((name, col) => weight[col]!.set(name, (weight[col]!.get(name) ?? 0) + 1));
  }
  const renames = weight.map((w, col) => foldColumn(w, SANKEY_COLUMN_MAX, `\u0000others${col}`));
  const labelOf = (col: number, name: string): string => {
    if (name.startsWith('\u0000others')) {
      const folded = [...renames[col]!.values()].filter((v) => v === name).length;
      return `${folded} others`;
    }
    return col === 2 ? (name === 'unknown' ? 'servers: country unknown' : `servers in ${countryName(name)} (${name})`) : name;
  };
  const nodes = new Map<string, SankeyNode>();
  for (const t of triples) {
    const ids = t.map((name, col) => {
      const folded = renames[col]!.get(name)!;
      const id = `${col}:${folded}`;
      if (!nodes.has(id)) nodes.set(id, { id, label: labelOf(col, folded), column: col as 0 | 1 | 2 });
      return id;
    });
    for (const [a, b] of [[ids[0]!, ids[1]!], [ids[1]!, ids[2]!]] as const) {
      const key = `${a}\u0001${b}`;
      flows.set(key, (flows.get(key) ?? 0) + 1);
    }
  }
  const links: SankeyLink[] = [...flows.entries()].map(([key, value]) => {
    const [source, target] = key.split('\u0001') as [string, string];
    return { source, target, value };
  }).sort((x, y) => cmp(x.source, y.source) || cmp(x.target, y.target));
  return { nodes: [...nodes.values()].sort((x, y) => x.column - y.column || cmp(x.id, y.id)), links };
}

function countryValues(
  report: Report, keyOf: (d: ReportDestination) => string | null, exampleOf: (d: ReportDestination) => string,
): CountryValue[] {
  const byCode = new Map<string, { destinations: number; findings: number; examples: Set<string> }>();
  for (const d of report.destinations) {
    const code = keyOf(d);
    if (!code) continue;
    const v = byCode.get(code) ?? { destinations: 0, findings: 0, examples: new Set<string>() };
    v.destinations++;
    v.findings += d.findings;
    v.examples.add(exampleOf(d));
    byCode.set(code, v);
  }
  return [...byCode.entries()].sort(([a], [b]) => cmp(a, b)).map(([code, v]) => ({
    code, name: countryName(code), destinations: v.destinations, findings: v.findings,
    examples: [...v.examples].sort(cmp).slice(0, 6),
  }));
}

function eventLabel(e: Report['events'][number]): string {
  return e.value !== undefined && e.kind !== 'note' ? `${e.kind}: ${e.value}` : e.kind;
}

function timeline(report: Report): PageData['charts']['timeline'] {
  const rows = [...new Set(report.findings.map((f) => f.dataType))].sort(cmp);
  const events: TimelineEvent[] = report.events.map((e) => ({ time: Date.parse(e.at), label: eventLabel(e) }))
    .filter((e) => Number.isFinite(e.time));
  const timed = report.findings.map((f) => ({ f, time: Date.parse(f.time) })).filter((x) => Number.isFinite(x.time));
  if (timed.length <= TIMELINE_MARKS_MAX) {
    const marks: TimelineMark[] = timed.map(({ f, time }) => ({ time, row: f.dataType, phase: f.phase, count: 1, finding: f.id }));
    return { rows, marks, events, aggregated: false };
  }
  let first = Infinity;
  let last = -Infinity;
  for (const { time } of timed) {
    if (time < first) first = time;
    if (time > last) last = time;
  }
  const buckets = Math.max(20, Math.floor(TIMELINE_MARKS_MAX / Math.max(1, rows.length)));
  const width = Math.max(1, (last - first) / buckets);
  const marksByKey = new Map<string, TimelineMark>();
  for (const { f, time } of timed) {
    const bucket = Math.floor((time - first) / width);
    const key = `${bucket}\u0000${f.dataType}\u0000${f.phase}`;
    const mark = marksByKey.get(key);
    if (mark) mark.count++;
    else marksByKey.set(key, { time: first + bucket * width, row: f.dataType, phase: f.phase, count: 1, finding: f.id });
  }
  const marks = [...marksByKey.values()].sort((a, b) => a.time - b.time || cmp(a.row, b.row) || cmp(a.phase, b.phase));
  return { rows, marks, events, aggregated: true };
}

export function buildPageData(report: Report, options: { print: boolean }): PageData {
  const byHost = new Map(report.destinations.map((d) => [d.host, d]));
  const { findings, laws } = pageFindings(report);
  return {
    masked: report.masked !== false,
    print: options.print,
    pageSize: PAGE_SIZE,
    printLimit: PRINT_CARD_LIMIT,
    findings: packRecords(findings),
    laws,
    hosts: report.destinations.map(pageHost),
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256 })),
    phases: PHASES.map((p) => ({ ...p })),
    charts: {
      sankey: sankey(report, byHost),
      serverCountries: countryValues(report, (d) => d.serverCountry, (d) => d.host),
      companyCountries: countryValues(report, controllerCountry, (d) => companyOf(d)),
      timeline: timeline(report),
    },
  };
}

/** JSON for an inline data block: "<" is escaped so no "</script" or "<!--" can end or confuse the block. */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Page data larger than this is gzip-compressed (and base64-encoded) in the page: a 100k-finding report opens fast. */
export const COMPRESS_ABOVE = 1_000_000;

export interface DataBlock {
  id: string;
  /** Safe to inline: JSON with "<" escaped, or base64. */
  text: string;
  encoding?: 'gzip-base64';
}

/** A data block for the page: plain JSON when small (readable in the page source), compressed when large. */
export function dataBlock(id: string, value: unknown): DataBlock {
  const json = jsonForScriptBlock(value);
  if (json.length <= COMPRESS_ABOVE) return { id, text: json };
  // Level 6 and no timestamp in the header: the same data gives the same bytes.
  return { id, text: gzipSync(json, { level: 6 }).toString('base64'), encoding: 'gzip-base64' };
}

