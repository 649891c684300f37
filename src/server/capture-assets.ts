/**
 * The capture page (HTML, script, style), served from the capture's own origin under a strict CSP: no inline script,
 * nothing from elsewhere. The script renders every value with textContent, never as HTML: hosts, paths and notes come
 * from captured traffic, which an app under test controls.
 */

export const CAPTURE_BUTTONS: { label: string; kind: string; value?: string; cls?: string }[] = [
  { label: 'Consent accepted', kind: 'consent', value: 'accepted', cls: 'accept' },
  { label: 'Consent declined', kind: 'consent', value: 'declined', cls: 'decline' },
  { label: 'Install', kind: 'install' },
  { label: 'Launch', kind: 'launch' },
  { label: 'Sign up', kind: 'signup' },
  { label: 'Log in', kind: 'login' },
  { label: 'Log out', kind: 'logout' },
  { label: 'Record', kind: 'record' },
  { label: 'Next', kind: 'next' },
  { label: 'Save', kind: 'save' },
  { label: 'Post', kind: 'post' },
  { label: 'Background', kind: 'background' },
  { label: 'Foreground', kind: 'foreground' },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function capturePageHtml(): string {
  const buttons = CAPTURE_BUTTONS.map((b) => `<button type="button" class="mark ${b.cls ?? ''}" data-kind="${escapeHtml(b.kind)}"`
    + `${b.value ? ` data-value="${escapeHtml(b.value)}"` : ''}>${escapeHtml(b.label)}</button>`).join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>telltale capture</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header><h1>telltale capture</h1><p id="status">connecting…</p></header>
<main>
  <section id="marks" aria-label="Mark what you just did">
    <div class="buttons">
      ${buttons}
    </div>
    <form id="note-form"><input id="note" name="note" maxlength="2000" placeholder="note (what you see, what you did)" autocomplete="off"><button type="submit" class="mark">Add note</button></form>
    <p id="last-event" role="status"></p>
  </section>
  <section><h2>Events</h2><ol id="events" reversed></ol></section>
  <section><h2>Destinations</h2>
    <table><thead><tr><th>host</th><th>company</th><th>server country</th><th>exchanges</th><th>findings</th></tr></thead><tbody id="destinations"></tbody></table>
  </section>
  <section><h2>Findings</h2>
    <p class="legend"><span class="phase-pre-consent">pre-consent</span> <span class="phase-post-consent">post-consent</span> <span class="phase-after-decline">after decline</span> <span class="phase-background">background</span> <span class="phase-unknown">no event yet</span></p>
    <table><thead><tr><th>time</th><th>phase</th><th>data</th><th>host</th><th>where</th><th>confidence</th></tr></thead><tbody id="findings"></tbody></table>
  </section>
  <section><h2>Exchanges</h2>
    <table><thead><tr><th>time</th><th>phase</th><th>method</th><th>status</th><th>url</th></tr></thead><tbody id="exchanges"></tbody></table>
  </section>
</main>
</body>
</html>
`;
}

export const CAPTURE_CSS = `
body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header { background: #1b1b1b; color: #fff; padding: 0.6em 1em; display: flex; gap: 1em; align-items: baseline; }
h1 { font-size: 1.2em; margin: 0; } h2 { font-size: 1.05em; margin: 1em 0 0.4em; }
main { padding: 0 1em 2em; }
.buttons { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5em, 1fr)); gap: 0.5em; margin-top: 1em; }
button.mark { font-size: 1.1em; padding: 0.9em 0.4em; border-radius: 0.4em; border: 1px solid #888; background: #fff; cursor: pointer; }
button.mark:active { background: #ddd; } button.accept { background: #d8f5d8; } button.decline { background: #f8d8d8; }
#note-form { display: flex; gap: 0.5em; margin-top: 0.5em; } #note { flex: 1; font-size: 1.1em; padding: 0.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; } th, td { text-align: left; padding: 0.2em 0.5em; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
td.url { word-break: break-all; }
.phase-pre-consent { background: #ffe0b3; } .phase-post-consent { background: #d8f5d8; } .phase-after-decline { background: #f8c8c8; }
.phase-background { background: #d8e4f8; } .phase-unknown { background: #eee; }
.legend span { padding: 0.1em 0.5em; border-radius: 0.3em; }
`;

export const CAPTURE_JS = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const MAX_ROWS = 500;
  const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text == null ? '' : String(text); if (cls) td.className = cls; return td; };
  const row = (cells, phase) => { const tr = document.createElement('tr'); if (phase) tr.className = 'phase-' + phase; cells.forEach((c) => tr.appendChild(c)); return tr; };
  const prepend = (tbody, tr) => { tbody.insertBefore(tr, tbody.firstChild); while (tbody.children.length > MAX_ROWS) tbody.removeChild(tbody.lastChild); };
  const clock = (iso) => (typeof iso === 'string' ? iso.slice(11, 23) : '');
  const destinations = new Map();

  async function mark(kind, value) {
    const body = value === undefined ? { kind } : { kind, value };
    const res = await fetch('/api/events', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json();
    $('last-event').textContent = res.ok ? 'marked ' + answer.kind + (answer.value ? ' (' + answer.value + ')' : '') + ' at ' + clock(answer.at) : 'not marked: ' + answer.error;
  }
  document.querySelectorAll('button[data-kind]').forEach((b) => b.addEventListener('click', () => { void mark(b.dataset.kind, b.dataset.value); }));
  $('note-form').addEventListener('submit', (e) => { e.preventDefault(); const text = $('note').value.trim(); if (text) { void mark('note', text); $('note').value = ''; } });

  const handlers = {
    event: (item) => { const li = document.createElement('li'); li.textContent = clock(item.event.at) + ' ' + item.event.kind + (item.event.value ? ': ' + item.event.value : ''); $('events').insertBefore(li, $('events').firstChild); },
    exchange: (item) => prepend($('exchanges'), row([cell(clock(item.time)), cell(item.phase), cell(item.method), cell(item.status === null ? (item.notes[0] || '—') : item.status), cell(item.url, 'url')], item.phase)),
    finding: (item) => prepend($('findings'), row([cell(clock(item.time)), cell(item.phase), cell(item.dataType), cell(item.host), cell(item.path, 'url'), cell(item.confidence)], item.phase)),
    destination: (item) => {
      let tr = destinations.get(item.host);
      const cells = [cell(item.host), cell(item.entity || '—'), cell(item.country || '—'), cell(item.exchanges), cell(item.findings)];
      const fresh = row(cells);
      if (tr) tr.replaceWith(fresh); else $('destinations').appendChild(fresh);
      destinations.set(item.host, fresh);
    },
    stopped: () => { $('status').textContent = 'capture stopped'; },
  };
  const stream = new EventSource('/api/stream');
  stream.onopen = () => { $('status').textContent = 'live'; };
  stream.onerror = () => { $('status').textContent = 'disconnected — retrying'; };
  stream.onmessage = (e) => { const item = JSON.parse(e.data); const h = handlers[item.type]; if (h) h(item); };
})();
`;
