/**
 * Real headless Chromium (Debian's /usr/bin/chromium through playwright-core) for tests of the HTML report: a page is
 * opened from file:// with every network request aborted and counted, and everything it did is recorded — console
 * errors, script errors, dialogs — so a test can assert that nothing happened.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../../src/report/index.js';

export const CHROMIUM = process.env.TELLTALE_CHROMIUM ?? DEFAULT_CHROMIUM;

export interface PageRecord {
  page: Page;
  /** Requests other than the page itself (all aborted). */
  requests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  /** Milliseconds from navigation to data-ready="1" (or to load for pages without a script). */
  readyMs: number;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** Wait for the report script's data-ready attribute (default true). */
  waitReady?: boolean;
  timeoutMs?: number;
}

/** Opens a local file with the network cut off; resolves once the report's script says it is ready. */
export async function openFile(browser: Browser, file: string, options: OpenOptions = {}): Promise<PageRecord> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const url = `file://${file}`;
  const record: PageRecord = { page, requests: [], consoleErrors: [], pageErrors: [], dialogs: [], readyMs: 0 };
  page.on('request', (r) => { if (r.url() !== url) record.requests.push(r.url()); });
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  page.on('console', (m) => { if (m.type() === 'error') record.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => record.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    record.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 60_000 });
  if (options.waitReady !== false) {
    await page.waitForFunction('document.documentElement.dataset.ready', undefined, { timeout: options.timeoutMs ?? 60_000 });
  }
  record.readyMs = performance.now() - started;
  return record;
}

/** Paths of each chart's SVG, by chart id: a drawn chart has some. */
export async function chartPaths(page: Page): Promise<Record<string, number>> {
  return page.evaluate(`Object.fromEntries([...document.querySelectorAll('.plot')].map((d) => [d.id, d.querySelectorAll('svg path').length]))`);
}
