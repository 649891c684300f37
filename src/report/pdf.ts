/**
 * PDF: the same HTML page, printed by headless Chromium (Debian's /usr/bin/chromium driven by playwright-core), with
 * page numbers, tool version, input hashes and the time of analysis in every page's footer.
 *
 * The page is loaded with every network request aborted, in a fresh profile, and it must come up clean: a request
 * attempt, a dialog, a script error or a console error aborts the PDF instead of printing a page that misbehaved.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { InputError } from '../errors.js';
import type { Report } from '../model.js';
import { escapeHtml } from './html.js';
import { renderReportHtml } from './report-html.js';
import type { PdfOptions } from './types.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The flags every headless run uses: no sandbox (containers), no GPU, nothing reaching out on its own. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** A4 at 96 dpi minus margins: the page is laid out (and the charts sized) at the width it is printed at. */
const PRINT_VIEWPORT = { width: 760, height: 1000 };

export interface PdfRenderOptions extends PdfOptions {
  /** Called with the loaded page before printing (tests check what the page did). */
  inspect?: (page: Page) => Promise<void>;
}

export function chromiumPath(options: PdfOptions = {}): string {
  return options.chromium ?? process.env.TELLTALE_CHROMIUM ?? DEFAULT_CHROMIUM;
}

function footer(report: Report, analyzedAt: string): string {
  const inputs = report.inputs.length <= 2
    ? report.inputs.map((i) => `${i.path} sha256:${i.sha256}`).join(' · ')
    : `${report.inputs.length} inputs (SHA-256 of each on the Inputs page)`;
  return `<div style="font:7px sans-serif;color:#444;width:100%;padding:0 10mm;display:flex;justify-content:space-between;gap:4mm">
<span>telltale ${escapeHtml(report.tool.version)} · analysed ${escapeHtml(analyzedAt)} · ${escapeHtml(inputs)}</span>
<span style="white-space:nowrap">page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

export async function renderPdf(report: Report, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  const executablePath = chromiumPath(options);
  if (!existsSync(executablePath)) {
    throw new InputError(executablePath, null, 'Chromium not found; the PDF is printed by it (apt-get install chromium, or set TELLTALE_CHROMIUM)');
  }
  const timeout = options.timeoutMs ?? 120_000;
  const html = renderReportHtml(report, { print: true });
  const profile = await mkdtemp(join(tmpdir(), 'telltale-pdf-'));
  // Loaded here, not at the top: playwright-core costs ~0.3 s to load, and every other command would pay it.
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport: PRINT_VIEWPORT, offline: true, timeout,
  });
  try {
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      problems.push(`request to ${route.request().url().slice(0, 200)}`);
      return route.abort();
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('dialog', (d) => {
      problems.push(`a ${d.type()} dialog`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await page.setContent(html, { waitUntil: 'load', timeout });
    await page.waitForFunction('document.documentElement.dataset.ready', undefined, { timeout });
    if (await page.evaluate('document.documentElement.dataset.ready') !== '1') problems.push('the page script failed');
    if (options.inspect) await options.inspect(page);
    if (problems.length > 0) throw new Error(`the report page misbehaved while printing: ${problems.slice(0, 3).join('; ')}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>',
      footerTemplate: footer(report, options.analyzedAt ?? new Date().toISOString()),
      margin: { top: '12mm', bottom: '16mm', left: '10mm', right: '10mm' },
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
