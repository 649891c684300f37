/**
 * HTML primitives shared by every page telltale writes: escaping, tables, and the page shell.
 *
 * A page is one self-contained file: inline CSS and (optionally) one inline script, nothing loaded from anywhere.
 * Its Content-Security-Policy allows exactly that stylesheet and that script by their SHA-256 hashes — no
 * 'unsafe-inline', no other source — so even a missed escape could not run code. Every value from a capture is
 * escaped: a request body may well contain `<script>`.
 */
import { createHash } from 'node:crypto';
import { STYLE } from './style.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters that reorder or hide text (bidi overrides and isolates, zero-width characters): shown as visible
 * markers so a host name or a value cannot pretend to be something else on the page.
 */
export const INVISIBLE_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function visibleCodePoint(c: string): string {
  return `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value as number | boolean);
}

/** Escapes the five HTML specials (safe in text and in quoted attributes) and makes invisible characters visible. */
export function escapeHtml(value: unknown): string {
  return asText(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(INVISIBLE_CHARS, visibleCodePoint);
}

/** Only web links leave a page; anything else from a report (javascript:, data:, …) becomes an inert "#". */
export function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

/** A table of already-escaped cells. */
export function table(headers: string[], rows: string[][], attrs = ''): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${attrs}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

/** The policy of a page with this stylesheet and (optionally) this one script. */
export function contentSecurityPolicy(style: string = STYLE, script: string | null = null): string {
  const scriptSrc = script === null ? '' : ` script-src '${sha256(script)}';`;
  return `default-src 'none';${scriptSrc} style-src '${sha256(style)}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export interface PageParts {
  title: string;
  /** Already-escaped body markup. */
  body: string;
  /** The one inline script (allowed by hash), or none. */
  script?: string;
  /** Inert data blocks (never executed), already safe for inlining (see page-data.ts dataBlock). */
  dataBlocks?: { id: string; text: string; encoding?: string }[];
  /** Attributes on <html>, e.g. data-print. */
  rootAttrs?: Record<string, string>;
}

/** The page shell shared by every HTML output. */
export function htmlPage(title: string, body: string): string;
export function htmlPage(parts: PageParts): string;
export function htmlPage(titleOrParts: string | PageParts, body?: string): string {
  const parts: PageParts = typeof titleOrParts === 'string' ? { title: titleOrParts, body: body ?? '' } : titleOrParts;
  const script = parts.script ?? null;
  const attrs = Object.entries(parts.rootAttrs ?? {}).map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('');
  const blocks = (parts.dataBlocks ?? []).map((b) => (b.encoding
    ? `<script type="application/octet-stream" id="${escapeHtml(b.id)}" data-encoding="${escapeHtml(b.encoding)}">${b.text}</script>`
    : `<script type="application/json" id="${escapeHtml(b.id)}">${b.text}</script>`)).join('\n');
  return `<!DOCTYPE html>
<html lang="en"${attrs}><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(STYLE, script)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}</style></head>
<body>
${parts.body}
${blocks}${script === null ? '' : `\n<script>${script}</script>`}
</body></html>
`;
}
