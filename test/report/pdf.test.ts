/**
 * The PDF: the demo printed by headless Chromium, read back with Debian's pdftotext (claims, companies, the input's
 * hash, page numbers and the footer); the hostile capture printed without any payload running; a page that misbehaves
 * while printing aborts the PDF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, isInputError, runDemo } from '../../src/index.js';
import { renderPdf } from '../../src/report/index.js';
import { CHROMIUM } from '../helpers/browser.js';
import { testNeeding } from '../helpers/needs.js';
import { sampleReport } from '../helpers/report-fixture.js';
import { PLANTED, writeScriptCapture } from '../helpers/script-payloads.js';

const work = mkdtempSync(join(tmpdir(), 'telltale-pdf-test-'));
const needs = { files: [CHROMIUM], tools: ['pdftotext', 'pdfinfo'] };

function pdfText(pdf: Uint8Array, name: string): { text: string; pages: number } {
  const file = join(work, name);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}

testNeeding('the demo PDF carries the claims, the companies, the input hash, page numbers and the footer', needs, async () => {
  const { report } = await runDemo(join(work, 'demo.json'));
  const pdf = await renderPdf(report, { analyzedAt: '2026-12-03T09:00:00.000Z' });
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), '%PDF-');
  const { text, pages } = pdfText(pdf, 'demo.pdf');
  assert.ok(pages >= 3, `${pages} pages`);
  for (const claim of ['Personal data sent before consent', 'Media uploaded before the user posted it', 'Identifiers assigned before any signup']) {
    assert.ok(text.includes(claim), `claim "${claim}" in the PDF`);
  }
  for (const company of ['ByteDance', 'Baidu', 'Tencent', 'Umeng']) assert.ok(text.includes(company), `company ${company} in the PDF`);
  const hash = report.inputs[0]!.sha256;
  assert.ok(text.includes(hash), 'the input SHA-256 in the PDF');
  assert.ok(text.includes(`page 1 of ${pages}`) && text.includes(`page ${pages} of ${pages}`), 'page numbers in the footer');
  assert.ok(text.includes(`telltale ${report.tool.version} · analysed 2026-12-03T09:00:00.000Z`), 'version and time of analysis in the footer');
  const missing = report.findings.map((f) => f.id).filter((id) => !new RegExp(`\\b${id}\\b`).test(text));
  assert.deepEqual(missing, [], 'every evidence card is printed (no pager in print)');
});

testNeeding('the PDF path: a capture full of script payloads prints with none of them running', needs, async () => {
  const capture = writeScriptCapture(work);
  const report = await analyze([capture.har], { profile: capture.profile, events: capture.events, reveal: true });
  let pwned = 'not checked';
  const pdf = await renderPdf(report, {
    inspect: async (page) => { pwned = String(await page.evaluate('typeof window.__pwned')); },
  });
  assert.equal(pwned, 'undefined', 'no payload set the global while the page was printed');
  const { text } = pdfText(pdf, 'hostile.pdf');
  assert.ok(text.includes(PLANTED), 'the payload is printed as text');
});

testNeeding('control: a page that opens a dialog while printing aborts the PDF', needs, async () => {
  await assert.rejects(
    renderPdf(sampleReport(), { inspect: async (page) => { await page.evaluate('setTimeout(() => alert(1)); 0'); await page.waitForTimeout(300); } }),
    /misbehaved while printing: a alert dialog/,
  );
});

test('a missing Chromium is a one-line input error naming it', async () => {
  await assert.rejects(renderPdf(sampleReport(), { chromium: '/nonexistent/chromium' }), (e) => {
    assert.ok(isInputError(e));
    assert.match(e.message, /^\/nonexistent\/chromium: Chromium not found/);
    return true;
  });
});
