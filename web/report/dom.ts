/**
 * DOM building for the report page. Captured text only ever enters the page through textContent (never innerHTML),
 * and characters that reorder or hide text (bidi overrides, zero-width) are shown as visible markers.
 */

// Keep in step with INVISIBLE_CHARS in src/report/html.ts.
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Record<string, string> = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? captured(c) : c);
  }
}

/** Captured text as nodes: plain text, with every invisible or reordering character shown as ⟨U+XXXX⟩. */
export function captured(text: string): Node {
  // matchAll works on a copy of the regex: no shared lastIndex between nested calls.
  const hits = [...text.matchAll(INVISIBLE)];
  if (hits.length === 0) return document.createTextNode(text);
  const frag = document.createDocumentFragment();
  let from = 0;
  for (const m of hits) {
    if (m.index > from) frag.appendChild(document.createTextNode(text.slice(from, m.index)));
    const marker = document.createElement('span');
    marker.className = 'ctl';
    marker.title = 'invisible or text-reordering character';
    marker.textContent = `⟨U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
    frag.appendChild(marker);
    from = m.index + m[0].length;
  }
  if (from < text.length) frag.appendChild(document.createTextNode(text.slice(from)));
  return frag;
}

/** Escapes text for the HTML that ECharts puts into its tooltips (they are set with innerHTML). */
export function escapeForTooltip(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(INVISIBLE, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : pluralForm}`;
}

/** The id a location hash names ("#f12" → "f12"); a malformed escape is taken as it stands. */
export function hashId(): string {
  const raw = location.hash.slice(1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
