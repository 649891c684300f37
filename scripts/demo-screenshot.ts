/**
 * `npm run docs:screenshot`: runs the demo, opens its HTML report in headless Chromium (file://, network cut off) and
 * writes the pictures the README shows: docs/report-demo.png (the top: claims first) and docs/report-demo-charts.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../src/index.js';
import { launch, openFile } from '../test/helpers/browser.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'telltale-screenshot-'));
try {
  const { written } = await runDemo(join(work, 'telltale-demo.json'));
  const browser = await launch();
  try {
    const opened = await openFile(browser, written.find((f) => f.endsWith('.html'))!, { viewport: { width: 1280, height: 1450 } });
    if (opened.requests.length > 0 || opened.consoleErrors.length > 0) {
      throw new Error(`the demo page misbehaved: ${[...opened.requests, ...opened.consoleErrors].join('; ')}`);
    }
    await opened.page.screenshot({ path: join(ROOT, 'docs', 'report-demo.png'), clip: { x: 0, y: 0, width: 1280, height: 1150 } });
    const charts = await opened.page.locator('#charts').boundingBox();
    if (!charts) throw new Error('the demo page has no charts section');
    // Scrolled, not resized: a resize would make the charts redraw while the picture is taken.
    await opened.page.evaluate(`window.scrollTo(0, ${Math.floor(charts.y - 50)})`);
    await opened.page.screenshot({ path: join(ROOT, 'docs', 'report-demo-charts.png') });
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
