import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { renderHtml, escapeHtml } from '../../src/report/html.js';
import { sampleReport } from '../helpers/report-fixture.js';

test('escapeHtml escapes the five HTML specials', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('HTML report escapes captured content and has a strict CSP matching its only stylesheet', () => {
  const report = sampleReport();
  report.destinations[0]!.host = '<img src=x onerror=alert(1)>.evil';
  const html = renderHtml(report);
  assert.ok(!html.includes('<script>'), 'raw <script> from an excerpt must not survive');
  assert.ok(!html.includes('<img src=x'), 'raw markup from a host name must not survive');
  assert.ok(html.includes('&lt;script&gt;'));
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.ok(csp, 'CSP meta present');
  assert.match(csp!, /default-src 'none'/);
  assert.doesNotMatch(csp!, /unsafe-inline|script-src/);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const hash = createHash('sha256').update(style).digest('base64');
  assert.ok(csp!.includes(`'sha256-${hash}'`), 'the inline style is allowed by its hash');
  assert.doesNotMatch(html, /\b(src|href)="https?:/, 'nothing is loaded from the network');
});
