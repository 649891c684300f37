/** The HTML report as markup: escaping, CSP by hash, the embedded data, and every report field rendered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { escapeHtml, safeHref } from '../../src/report/html.js';
import { renderHtml } from '../../src/report/index.js';
import { buildPageData } from '../../src/report/page-data.js';
import { PAGE_DATA_ID, type PageData, type PageFinding } from '../../src/report/page-types.js';
import { packRecords, unpackRecords } from '../../src/report/pack.js';
import { citeLaw } from '../../src/report/laws.js';
import { blindSpotSentence, count, firstSentence } from '../../src/report/words.js';
import { richReport, sampleReport } from '../helpers/report-fixture.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64');

/** assert.match without pouring a megabyte of page into the failure message. */
function has(html: string, re: RegExp, message?: string): void {
  if (!re.test(html)) assert.fail(`${message ?? 'page'} does not match ${re}`);
}

function cspOf(html: string): string {
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.ok(csp, 'CSP meta present');
  return csp;
}

function pageFindings(html: string): PageFinding[] {
  const m = new RegExp(`<script type="application/json" id="${PAGE_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(m, 'page data block present');
  return unpackRecords<PageFinding>((JSON.parse(m[1]!) as PageData).findings);
}

test('escapeHtml escapes the five HTML specials and shows bidi/zero-width characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(escapeHtml('evil\u202Egnp.exe'), 'evil⟨U+202E⟩gnp.exe');
  assert.equal(safeHref('javascript:alert(1)'), '#');
  assert.equal(safeHref('https://www.ecfr.gov/x'), 'https://www.ecfr.gov/x');
});

test('HTML report: strict CSP allows exactly its one stylesheet and its one script, by hash', () => {
  const html = renderHtml(sampleReport());
  const csp = cspOf(html);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  assert.ok(csp.includes(`style-src '${`sha256-${sha256(style)}`}'`), 'the inline style is allowed by its hash');
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 1, 'one executable inline script');
  assert.ok(csp.includes(`script-src 'sha256-${sha256(scripts[0]!)}'`), 'the inline script is allowed by its hash');
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|\b(src|href)="https?:\/\/(?!www\.ecfr|leginfo)/, 'nothing is loaded');
});

test('HTML report escapes captured content everywhere, including inside the embedded data', () => {
  const report = sampleReport();
  report.destinations[0]!.host = '<img src=x onerror=alert(1)>.evil';
  report.findings[0]!.host = '</script><script>alert(1)</script>';
  report.findings[1]!.excerpt = '<!-- </script> <script>window.__pwned=1</script>';
  const html = renderHtml(report);
  assert.ok(!html.includes('<img src=x'), 'raw markup from a host name must not survive');
  // Every "</script" in the page closes one of our own three blocks: nothing from the capture ends a block early.
  assert.equal(html.match(/<\/script/gi)?.length, 3);
  assert.doesNotMatch(html, /<!--/);
  assert.equal(pageFindings(html)[1]!.excerpt, '<!-- </script> <script>window.__pwned=1</script>', 'the data block round-trips the text');
});

test('HTML report renders every second-wave field: inferred first party, syncs, declarations, pcap blind spots, app join', () => {
  const html = renderHtml(richReport());
  has(html, /First party: videoapp\.example \(INFERRED from the traffic, not given/);
  has(html, /<td>first \(inferred\)<\/td>/, 'the party column says the first party was inferred');
  has(html, /id="syncs"/);
  has(html, /set by <code>api\.videoapp\.example<\/code><br>sent to <code>sync\.adtech\.example<\/code> \(AdTech\)/);
  has(html, /Declared vs observed/);
  has(html, /We do not share your contacts with third parties\.<\/td><td><span class="verdict v-contradicted">CONTRADICTED/);
  has(html, /3 TLS connections to graph\.pinned\.example had no keys in the key log \(3 flows, server IPs 203\.0\.113\.5, 203\.0\.113\.6, 20\.0 KiB, 2019-04-01T10:00:01\.000Z to 2019-04-01T10:02:00\.000Z\); their content is unknown\./);
  has(html, /1 QUIC \(HTTP\/3\) connection to www\.video\.example could not be read \(1 flow\); its content is unknown/);
  has(html, /12 requests to ulogs\.umeng\.com carried opaque \(encrypted or unrecognised\) payloads \(39\.1 KiB\); their content is unknown\./);
  has(html, /in the code and sending/);
  has(html, /sending, not found in the code/);
  has(html, /Mega Holdings/, 'the owner column names the ultimate parent');
});

test('claims come first, with a verdict, a one-line why, the laws touched (with section) and links to evidence', () => {
  const html = renderHtml(richReport());
  const claims = html.indexOf('id="claims"');
  assert.ok(claims > 0 && claims < html.indexOf('id="charts"') && claims < html.indexOf('id="destinations"'));
  has(html, /<span class="verdict v-supported">SUPPORTED<\/span> Personal data sent before consent/);
  has(html, /<p class="why">Two findings left the device before consent\.<\/p>/);
  has(html, />28 CFR §202\.234<\/a>/);
  has(html, />CPRA Cal\. Civ\. Code §1798\.140\(ae\)<\/a>/);
  has(html, /<a href="#f1">f1<\/a> <a href="#f2">f2<\/a>/);
  has(html, /Missing to decide: a decline event/);
});

test('masking is read from the model: the page says masked or revealed from Report.masked, not from bullets', () => {
  const masked = renderHtml(richReport());
  has(masked, /personal values masked/);
  const revealed = richReport();
  revealed.masked = false;
  const html = renderHtml(revealed);
  has(html, /values REVEALED \(--reveal\)/);
  has(html, /Values are shown as captured/);
});

test('page data: laws deduplicated, claims per finding, Sankey flows and country values computed', () => {
  const data = buildPageData(richReport(), { print: false });
  assert.equal(data.laws.length, 2);
  const findings = unpackRecords<PageFinding>(data.findings);
  assert.deepEqual(findings[0]!.laws, [0, 1]);
  assert.deepEqual(findings[0]!.claims, ['pre-consent-collection']);
  const links = data.charts.sankey.links;
  assert.ok(links.some((l) => l.source === '0:tracking.id' && l.target === '1:AdTech' && l.value === 2));
  assert.ok(links.some((l) => l.source === '1:AdTech' && l.target === '2:SG' && l.value === 2));
  assert.ok(data.charts.sankey.nodes.some((n) => n.id === '2:SG' && n.label === 'servers in Singapore (SG)'));
  assert.deepEqual(data.charts.companyCountries.map((c) => c.code), ['CN'], 'AdTech is controlled from its parent\'s country');
  assert.deepEqual(data.charts.serverCountries.map((c) => [c.code, c.findings]), [['CN', 2], ['SG', 2], ['US', 1]]);
  assert.equal(data.charts.timeline.marks.length, 5);
  assert.equal(data.charts.timeline.events.length, 3);
});

test('page data: a large report aggregates timeline marks into buckets and keeps counts', () => {
  const report = sampleReport();
  const base = report.findings[0]!;
  report.findings = Array.from({ length: 10_000 }, (_, i) => ({
    ...base, id: `f${i + 1}`, time: new Date(Date.UTC(2019, 3, 1, 10) + i * 1000).toISOString(),
  }));
  const data = buildPageData(report, { print: false });
  assert.equal(data.charts.timeline.aggregated, true);
  assert.ok(data.charts.timeline.marks.length <= 2100, `${data.charts.timeline.marks.length} marks`);
  assert.equal(data.charts.timeline.marks.reduce((n, m) => n + m.count, 0), 10_000);
});

test('words: grammatical counts, first sentences that survive "1.5 s", law citations', () => {
  assert.equal(count(1, 'finding'), '1 finding');
  assert.equal(count(2, 'finding'), '2 findings');
  assert.equal(count(1, 'company'), '1 company');
  assert.equal(count(3, 'company'), '3 companies');
  assert.equal(count(12_345, 'entry'), '12,345 entries');
  assert.equal(firstSentence('It came 1.5 s after install, to Umeng (Umeng+). Then more.'), 'It came 1.5 s after install, to Umeng (Umeng+).');
  assert.equal(citeLaw({ regime: 'eu-gdpr', rule: 'art9-special-categories', source: 'x' }).label, 'GDPR Art. 9');
  assert.equal(citeLaw({ regime: 'eu-gdpr', rule: 'chapter-v-transfer', source: 'x' }).label, 'GDPR Chapter V');
  assert.equal(citeLaw({ regime: 'il-bipa', rule: '15(b)-notice-and-release', source: 'x' }).label, 'BIPA 740 ILCS 14/15(b)');
  assert.equal(citeLaw({ regime: 'us-padfa', rule: '9901-sensitive-data', source: 'x' }).label, 'PADFA 15 U.S.C. §9901');
  assert.equal(blindSpotSentence({ kind: 'tls-failed', host: 'a.example', count: 1, bytes: 0 }),
    '1 connection to a.example could not be intercepted (TLS failed, e.g. certificate pinning); nothing sent over it was seen.');
});

test('HTML rendering is deterministic', () => {
  assert.equal(renderHtml(richReport()), renderHtml(richReport()));
});

test('packed records round-trip, dictionary-encode repeated strings, and keep no prototype keys', () => {
  const records = Array.from({ length: 40 }, (_, i) => ({ id: `f${i}`, host: i % 2 ? 'a.example' : 'b.example', n: i, ...(i === 3 ? { extra: [1] } : {}) }));
  const packed = packRecords(records);
  assert.deepEqual(packed.keys, ['extra', 'host', 'id', 'n']);
  assert.deepEqual(packed.dicts[1], ['b.example', 'a.example']);
  assert.equal(packed.dicts[2], null, 'unique ids are stored as they are');
  assert.deepEqual(unpackRecords(packed), records);
  const crafted = unpackRecords<Record<string, unknown>>({ keys: ['__proto__', 'x'], dicts: [null, null], rows: [[{ polluted: true }, 1]] });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(crafted, [{ x: 1 }]);
});

test('large page data is gzip-compressed in the page, small stays readable JSON', () => {
  const big = sampleReport();
  big.findings = Array.from({ length: 5000 }, (_, i) => ({ ...big.findings[0]!, id: `f${i + 1}`, excerpt: `x${i}`.repeat(40) }));
  const html = renderHtml(big);
  has(html, /<script type="application\/octet-stream" id="telltale-data" data-encoding="gzip-base64">[A-Za-z0-9+/=]+<\/script>/);
  has(renderHtml(sampleReport()), /<script type="application\/json" id="telltale-data">\{/);
});

// --- The page read back by a real HTML parser (parse5, the WHATWG algorithm browsers use), independent of our writer.

interface ParsedNode {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  value?: string;
  childNodes?: ParsedNode[];
  content?: ParsedNode;
}

function* walkParsed(node: ParsedNode): Generator<ParsedNode> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walkParsed(child);
  if (node.content) yield* walkParsed(node.content);
}

const textOfParsed = (root: ParsedNode) => [...walkParsed(root)].filter((n) => n.nodeName === '#text').map((n) => n.value ?? '').join('');

test('parse5 reads hostile captured content as text; no handler, no remote load; every script and style is allowed by its hash', async () => {
  const { parse } = await import('parse5');
  const report = sampleReport();
  report.destinations[0]!.host = '<img src=x onerror=alert(1)>.evil';
  const html = renderHtml(report);
  const document = parse(html) as unknown as ParsedNode;
  const elements = [...walkParsed(document)].filter((n) => n.tagName !== undefined);

  assert.deepEqual(elements.filter((e) => ['img', 'iframe', 'object', 'embed'].includes(e.tagName!)).map((e) => e.tagName), []);
  assert.ok(textOfParsed(document).includes('<img src=x onerror=alert(1)>.evil') || html.includes(escapeHtml('<img src=x onerror=alert(1)>.evil')),
    'the hostile host name is kept as text (in the page or in its escaped data)');
  const attrs = elements.flatMap((e) => (e.attrs ?? []).map((a) => ({ tag: e.tagName!, ...a })));
  assert.deepEqual(attrs.filter((a) => /^on/i.test(a.name)), []);
  assert.deepEqual(attrs.filter((a) => ['src', 'href', 'action', 'srcset', 'poster'].includes(a.name) && /^(https?:)?\/\//i.test(a.value)), []);

  const csp = elements.find((e) => e.tagName === 'meta' && e.attrs?.some((a) => a.name === 'http-equiv' && a.value === 'Content-Security-Policy'));
  const policy = csp?.attrs?.find((a) => a.name === 'content')?.value ?? '';
  assert.match(policy, /default-src 'none'/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  for (const tag of ['script', 'style']) {
    for (const el of elements.filter((e) => e.tagName === tag && !(e.attrs ?? []).some((a) => a.name === 'type' && a.value !== 'module' && a.value !== 'text/javascript'))) {
      const body = textOfParsed(el);
      if (body.length === 0) continue;
      assert.ok(policy.includes(`'sha256-${sha256(body)}'`), `an inline ${tag} not allowed by its hash`);
    }
  }
});
