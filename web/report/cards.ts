/**
 * Evidence cards: one per finding, with an anchor (#f12). The request line, time, receiver, decode chain, the matched
 * value highlighted in its context (a hex dump when the view is binary — never the raw bytes as text), masked spans
 * as the model marks them, rules touched, claims citing it, and the input's name, hash and entry.
 */
import type { EvidenceBytes, Span } from '../../src/model.js';
import type { PageData, PageFinding, PageHost } from '../../src/report/page-types.js';
import { h } from './dom.js';

export interface CardContext {
  data: PageData;
  /** The findings, unpacked from data.findings. */
  findings: PageFinding[];
  hosts: Map<string, { host: PageHost; index: number }>;
  phaseLabel: Map<string, string>;
}

/** Only web links leave the page; anything else (javascript:, data:, …) becomes inert. */
export function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

interface Segment {
  text: string;
  match: boolean;
  masked: boolean;
}

/** Splits text at the edges of the match and of the masked spans. */
function segments(text: string, match: Span | undefined, masked: readonly Span[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  if (match) { cuts.add(clamp(match.start)); cuts.add(clamp(match.end)); }
  for (const m of masked) { cuts.add(clamp(m.start)); cuts.add(clamp(m.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    if (a === b) continue;
    out.push({
      text: text.slice(a, b),
      match: match !== undefined && a >= match.start && b <= match.end,
      masked: masked.some((m) => a >= m.start && b <= m.end),
    });
  }
  return out;
}

function excerptBlock(f: PageFinding): HTMLElement {
  const pre = h('pre', { class: 'excerpt', 'aria-label': 'matched value in context' });
  for (const s of segments(f.excerpt, f.excerptMatch, f.excerptMasked ?? [])) {
    const inner = s.masked ? h('span', { class: 'masked', title: 'masked personal value' }, s.text) : s.text;
    pre.appendChild(s.match ? h('mark', {}, inner) : typeof inner === 'string' ? h('span', {}, inner) : inner);
  }
  return pre;
}

function inSpans(i: number, spans: readonly Span[]): boolean {
  return spans.some((s) => i >= s.start && i < s.end);
}

/** A classic hex dump (offset, 16 bytes, ASCII), the match marked and masked bytes shown as ••. */
export function hexDump(bytes: EvidenceBytes): HTMLElement {
  const pre = h('pre', { class: 'hexdump', 'aria-label': 'matched bytes in context, hex dump' });
  const count = bytes.hex.length / 2;
  for (let row = 0; row < count; row += 16) {
    const line = h('span', {});
    line.appendChild(document.createTextNode(`${(bytes.offset + row).toString(16).padStart(8, '0')}  `));
    const asciiParts: HTMLElement[] = [];
    for (let i = row; i < row + 16; i++) {
      if (i >= count) { line.appendChild(document.createTextNode('   ')); continue; }
      const pair = bytes.hex.slice(i * 2, i * 2 + 2);
      const masked = inSpans(i, bytes.masked);
      const inMatch = i >= bytes.match.start && i < bytes.match.end;
      const cell = masked ? h('span', { class: 'masked' }, pair) : h('span', {}, pair);
      line.appendChild(inMatch ? h('mark', {}, cell) : cell);
      line.appendChild(document.createTextNode(' '));
      const code = masked ? -1 : parseInt(pair, 16);
      const ch = masked ? '•' : code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '.';
      asciiParts.push(inMatch ? h('mark', {}, ch) : h('span', {}, ch));
    }
    line.appendChild(document.createTextNode(' '));
    for (const p of asciiParts) line.appendChild(p);
    pre.appendChild(line);
    pre.appendChild(document.createTextNode('\n'));
  }
  return pre;
}

function chain(path: string): HTMLElement {
  const dd = h('dd', { class: 'chain mono' });
  for (const step of path.split('|')) dd.appendChild(h('span', {}, step));
  return dd;
}

function receiver(f: PageFinding, ctx: CardContext): HTMLElement {
  const entry = ctx.hosts.get(f.host);
  const dd = h('dd', {}, h('a', { href: entry ? `#d-${entry.index}` : '#destinations' }, h('code', {}, f.host)));
  if (entry) {
    const host = entry.host;
    const who = host.company ?? 'unattributed';
    dd.appendChild(document.createTextNode(` — ${who}${host.owner ? ` (owner: ${host.owner})` : ''}; server ${host.serverCountry ?? '?'}, company ${host.controllerCountry ?? '?'}`));
  }
  return dd;
}

function row(dl: HTMLElement, term: string, value: HTMLElement | string): void {
  dl.appendChild(h('dt', {}, term));
  dl.appendChild(typeof value === 'string' ? h('dd', {}, value) : value);
}

export function card(f: PageFinding, ctx: CardContext): HTMLElement {
  const { data } = ctx;
  const phase = ctx.phaseLabel.get(f.phase) ?? f.phase;
  const header = h('header', {},
    h('a', { href: `#${f.id}`, class: 'anchor' }, h('b', {}, f.id)),
    h('b', {}, f.dataType),
    h('span', { class: `phase ph-${f.phase}` }, phase),
    h('span', { class: 'muted' }, `${f.confidence} · ${f.match}`));
  const dl = h('dl', {});
  row(dl, 'Request', h('dd', {}, h('code', {}, `${f.method} ${f.url ?? f.host}`)));
  row(dl, 'Time', f.time);
  row(dl, 'Sent to', receiver(f, ctx));
  row(dl, 'Where in it', chain(f.path));
  if (f.transform.length > 0) row(dl, 'Transform', `${f.transform.join(' → ')} (what was done to the value before it was sent)`);
  row(dl, 'Matched', h('dd', {}, f.excerptBytes ? hexDump(f.excerptBytes) : excerptBlock(f)));
  row(dl, 'Detector', `${f.detector}${f.field ? `, profile field ${f.field}` : ''}`);
  if (f.alsoMatches && f.alsoMatches.length > 0) row(dl, 'Also matches', f.alsoMatches.join(', '));
  if (f.details && Object.keys(f.details).length > 0) {
    row(dl, 'Details', Object.entries(f.details).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(' · '));
  }
  if (f.laws && f.laws.length > 0) {
    const dd = h('dd', {});
    for (const i of f.laws) {
      const law = data.laws[i];
      if (!law) continue;
      dd.appendChild(h('div', {}, h('a', { class: 'law', href: safeHref(law.source), rel: 'noreferrer noopener' }, law.section), ` ${law.note}`));
    }
    row(dl, 'Rules touched', dd);
  }
  if (f.claims && f.claims.length > 0) {
    const dd = h('dd', {});
    for (const c of f.claims) dd.append(h('a', { href: `#claim-${c}` }, c), ' ');
    row(dl, 'Cited by', dd);
  }
  const input = data.inputs[f.source.input];
  row(dl, 'Source', h('dd', {}, `input ${f.source.input} `, h('code', {}, input?.path ?? '?'), `, entry #${f.source.index} (0-based) · SHA-256 `,
    h('span', { class: 'hash' }, input?.sha256 ?? '?')));
  return h('article', { class: 'card', id: f.id }, header, dl);
}
