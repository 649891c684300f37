/**
 * The HTML report read back by a real HTML parser (parse5, the WHATWG parsing algorithm browsers use): captured
 * content is text, never markup; nothing runs and nothing loads; the CSP allows exactly the one inline stylesheet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parse } from 'parse5';
import { renderHtml, escapeHtml } from '../../src/report/html.js';
import { sampleReport } from '../helpers/report-fixture.js';

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  value?: string;
  childNodes?: Node[];
  content?: Node;
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
  if (node.content) yield* walk(node.content);
}

const textOf = (root: Node) => [...walk(root)].filter((n) => n.nodeName === '#text').map((n) => n.value ?? '').join('');

test('escapeHtml escapes the five HTML specials', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('HTML report: hostile captured content stays text, nothing runs or loads, the CSP allows only its stylesheet', () => {
  const report = sampleReport();
  report.destinations[0]!.host = '<img src=x onerror=alert(1)>.evil';
  const html = renderHtml(report);
  const document = parse(html) as unknown as Node;
  const elements = [...walk(document)].filter((n) => n.tagName !== undefined);

  // Markup from the capture became text: the parser saw no <img> and no <script>, and reads the text back verbatim.
  assert.deepEqual(elements.filter((e) => ['script', 'img', 'iframe', 'object', 'embed'].includes(e.tagName!)).map((e) => e.tagName), []);
  const text = textOf(document);
  assert.ok(text.includes('<img src=x onerror=alert(1)>.evil'), 'the hostile host name is shown as text');
  assert.ok(text.includes('=HYPERLINK("x"),<script>'), 'the hostile excerpt is shown as text');

  // No event handlers, nothing fetched from anywhere.
  const attrs = elements.flatMap((e) => (e.attrs ?? []).map((a) => ({ tag: e.tagName!, ...a })));
  assert.deepEqual(attrs.filter((a) => /^on/i.test(a.name)), []);
  assert.deepEqual(attrs.filter((a) => ['src', 'href', 'action', 'srcset', 'poster'].includes(a.name) && /^(https?:)?\/\//i.test(a.value)), []);

  // The CSP: default-src 'none', no script-src or unsafe-inline, and the inline stylesheet allowed by its hash.
  const csp = elements.find((e) => e.tagName === 'meta' && e.attrs?.some((a) => a.name === 'http-equiv' && a.value === 'Content-Security-Policy'));
  const policy = csp?.attrs?.find((a) => a.name === 'content')?.value ?? '';
  assert.match(policy, /default-src 'none'/);
  assert.doesNotMatch(policy, /unsafe-inline|script-src/);
  const styles = elements.filter((e) => e.tagName === 'style');
  assert.equal(styles.length, 1);
  const css = textOf(styles[0]!);
  assert.ok(policy.includes(`'sha256-${createHash('sha256').update(css).digest('base64')}'`), 'the inline style is allowed by its hash');
});
