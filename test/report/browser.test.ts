/**
 * The HTML report in real headless Chromium, opened from file:// with every network request aborted and counted:
 * nothing is requested, nothing errs, the charts are drawn, every in-page link lands on its target, the tables sort
 * and filter, the evidence pages, and script payloads from a hostile capture never run.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { analyze, render, runDemo, type Report } from '../../src/index.js';
import { chartPaths, CHROMIUM, launch, openFile } from '../helpers/browser.js';
import { testNeeding } from '../helpers/needs.js';
import { sampleReport } from '../helpers/report-fixture.js';
import { PAYLOADS, PLANTED, writeScriptCapture } from '../helpers/script-payloads.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-browser-'));
const needs = { files: [CHROMIUM] };
let browser: Browser | null = null;
/** The demo, analysed once for every test here. */
let demo: { report: Report; html: string } | null = null;

before(async () => {
  if (statSync(CHROMIUM, { throwIfNoEntry: false })) browser = await launch();
  const { report, written } = await runDemo(join(work, 'demo.json'));
  demo = { report, html: written.find((f) => f.endsWith('.html'))! };
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

function chromiumOrFail(): Browser {
  assert.ok(browser, 'Chromium was launched');
  return browser;
}

testNeeding('demo report: zero requests, no console errors, every chart drawn, a screenshot taken', needs, async () => {
  const opened = await openFile(chromiumOrFail(), demo!.html, { viewport: { width: 1280, height: 2400 } });
  assert.deepEqual(opened.requests, [], 'the page requested nothing');
  assert.deepEqual(opened.consoleErrors, []);
  assert.deepEqual(opened.pageErrors, []);
  assert.equal(await opened.page.evaluate('document.documentElement.dataset.ready'), '1');
  const paths = await chartPaths(opened.page);
  assert.deepEqual(Object.keys(paths).sort(), ['chart-company-map', 'chart-sankey', 'chart-server-map', 'chart-timeline']);
  for (const [id, n] of Object.entries(paths)) assert.ok(n > 5, `${id} drew ${n} SVG paths`);
  const cards = await opened.page.locator('article.card').count();
  assert.equal(cards, 22, 'one evidence card per finding on the first page');
  const shot = join(work, 'demo.png');
  await opened.page.screenshot({ path: shot });
  assert.ok(statSync(shot).size > 50_000, 'the screenshot has content');
  await opened.page.context().close();
});

testNeeding('every in-page link of the demo report lands on an element that exists', needs, async () => {
  const opened = await openFile(chromiumOrFail(), demo!.html);
  const hrefs: string[] = await opened.page.evaluate(`[...new Set([...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')))]`);
  assert.ok(hrefs.length > 40, `${hrefs.length} in-page links`);
  const missing: string[] = [];
  for (const href of hrefs) {
    // Follow the link as a reader would (the page script may first have to show the card's page).
    await opened.page.evaluate(`location.hash = ${JSON.stringify(href)}`);
    const found = await opened.page.evaluate(`!!document.getElementById(decodeURIComponent(${JSON.stringify(href.slice(1))}))`);
    if (!found) missing.push(href);
  }
  assert.deepEqual(missing, []);
  // The check can fail: a link to an id nothing defines is reported.
  await opened.page.evaluate(`location.hash = '#f9999'`);
  assert.equal(await opened.page.evaluate(`!!document.getElementById('f9999')`), false);
  assert.deepEqual(opened.consoleErrors, []);
  await opened.page.context().close();
});

testNeeding('evidence pages: a link to a finding on a later page shows that page; filters narrow the list', needs, async () => {
  const report = sampleReport();
  const base = report.findings[0]!;
  report.findings = Array.from({ length: 130 }, (_, i) => ({
    ...base, id: `f${i + 1}`, dataType: i % 2 === 0 ? 'device.imei' : 'account.email', time: new Date(Date.UTC(2019, 3, 1, 10) + i * 1000).toISOString(),
  }));
  report.claims = [{ id: 'pre-consent-collection', verdict: 'supported', findings: report.findings.map((f) => f.id), summary: 'All of them.' }];
  const html = join(work, 'pages.html');
  writeFileSync(html, render(report, 'html'));
  const opened = await openFile(chromiumOrFail(), html);
  const { page } = opened;
  assert.equal(await page.locator('article.card').count(), 50, 'one page of cards at a time');
  assert.equal(await page.locator('#f120').count(), 0);
  await page.evaluate(`location.hash = '#f120'`);
  await page.waitForSelector('#f120');
  assert.match(await page.locator('#evidence-pager').innerText(), /101–130 of 130 findings · page 3 of 3/);
  await page.selectOption('#evidence-type', 'account.email');
  assert.match(await page.locator('#evidence-pager').innerText(), /of 65 findings/);
  await page.fill('#evidence-filter', 'f13');
  // f13 is an imei finding: filtered out by the type; f130 is an email one.
  assert.deepEqual(await page.locator('article.card').evaluateAll((els) => els.map((e) => e.id)), ['f130']);
  // The claim's "and N more" link filters the evidence by that claim.
  await page.selectOption('#evidence-type', '');
  await page.fill('#evidence-filter', '');
  await page.locator('a[data-claim="pre-consent-collection"]').click();
  assert.equal(await page.locator('#evidence-claim').inputValue(), 'pre-consent-collection');
  assert.deepEqual(opened.consoleErrors, []);
  await page.context().close();
});

testNeeding('a large report (compressed page data) opens, pages and reaches its last finding', needs, async () => {
  const report = sampleReport();
  const base = report.findings[0]!;
  report.findings = Array.from({ length: 4000 }, (_, i) => ({ ...base, id: `f${i + 1}`, excerpt: `${'x'.repeat(200)}${i}` }));
  const html = join(work, 'large.html');
  writeFileSync(html, render(report, 'html'));
  assert.match(readFileSync(html, 'utf8'), /data-encoding="gzip-base64"/);
  const opened = await openFile(chromiumOrFail(), html);
  assert.equal(await opened.page.locator('article.card').count(), 50);
  await opened.page.evaluate(`location.hash = '#f4000'`);
  await opened.page.waitForSelector('#f4000');
  assert.deepEqual([...opened.consoleErrors, ...opened.pageErrors], []);
  await opened.page.context().close();
});

testNeeding('destinations table sorts by a column and filters rows', needs, async () => {
  const opened = await openFile(chromiumOrFail(), demo!.html);
  const { page } = opened;
  const firstHost = () => page.locator('#destinations-table tbody tr:visible td:first-child').first().innerText();
  const findingsHeader = page.locator('#destinations-table th', { hasText: /^findings/ });
  await findingsHeader.click();
  await findingsHeader.click();
  assert.equal(await firstHost(), 'log.snssdk.com', 'descending by findings puts the biggest receiver first');
  await page.fill('#destinations-filter', 'baidu');
  assert.equal(await page.locator('#destinations-table tbody tr:visible').count(), 1);
  assert.equal(await firstHost(), 'hmma.baidu.com');
  await page.context().close();
});

testNeeding('a capture full of script payloads renders with none of them running', needs, async () => {
  const capture = writeScriptCapture(work);
  const report = await analyze([capture.har], { profile: capture.profile, events: capture.events, reveal: true });
  assert.ok(report.findings.length >= 3, 'the planted payload was found, so it reaches excerpts and URLs');
  // Also names a crafted catalog or report could carry: a host, a company, a first-party domain, a law's link.
  report.destinations[0]!.host = PAYLOADS[1];
  report.destinations[1]!.entity = { id: 'x', name: PAYLOADS[0], parent: PAYLOADS[2], country: 'CN', categories: [] };
  report.firstParty = { domains: [PAYLOADS[3]], how: 'inferred' };
  report.findings[0]!.laws = [{ regime: 'eu-gdpr', rule: 'art9-x', note: PAYLOADS[0], source: PAYLOADS[4] }];
  const html = join(work, 'hostile.html');
  writeFileSync(html, render(report, 'html'));
  const opened = await openFile(chromiumOrFail(), html);
  const { page } = opened;
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', 'no payload set the global');
  assert.deepEqual(opened.dialogs, [], 'no payload opened a dialog');
  assert.deepEqual(opened.requests, [], 'no payload made a request (an <img src=x> would)');
  assert.deepEqual(opened.pageErrors, []);
  assert.deepEqual(opened.consoleErrors, []);
  // The payloads are on the page as text — shown, not dropped.
  const text: string = await page.evaluate('document.body.innerText');
  assert.ok(text.includes(PLANTED), 'the planted value is shown as text');
  assert.ok(text.includes('onerror="window.__pwned=2'), 'the attribute payload is shown as text');
  assert.ok(text.includes('evil⟨U+202E⟩gnp.exe⟨U+2066⟩'), 'bidi overrides are made visible');
  const lawHref = await page.locator('a.law').first().getAttribute('href');
  assert.equal(lawHref, '#', 'a javascript: link from a report becomes inert');
  // Follow every link and hover the charts: still nothing runs.
  for (const href of await page.evaluate(`[...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href'))`) as string[]) {
    await page.evaluate(`location.hash = ${JSON.stringify(href)}`);
  }
  await page.mouse.move(300, 300);
  await page.mouse.move(600, 400);
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');
  assert.deepEqual(opened.dialogs, []);
  await page.context().close();
});

testNeeding('control: the same checks catch a payload inserted raw into a page without the CSP', needs, async () => {
  const control = join(work, 'control.html');
  writeFileSync(control, `<!DOCTYPE html><html><body>${PAYLOADS[1]}<script>document.documentElement.dataset.ready='1'</script></body></html>`);
  const opened = await openFile(chromiumOrFail(), control);
  await opened.page.waitForFunction('window.__pwned === 2');
  assert.equal(await opened.page.evaluate('window.__pwned'), 2, 'the detector sees a payload that ran');
  assert.equal(opened.dialogs.length, 1, 'and the dialog it opened');
  assert.equal(opened.requests.length, 1, 'and the request its <img src=x> made');
  await opened.page.context().close();
  assert.ok(readFileSync(control, 'utf8').includes('onerror'));
});
