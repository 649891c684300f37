/**
 * `npm run bench:report`: how fast a big HTML report opens, in real headless Chromium (file://, network cut off),
 * side by side in the same run with a reference page holding the same findings as a plain static <table> (what the
 * first renderer wrote). Also the render time and size, and the time to jump to the last finding.
 *
 *   BENCH_FINDINGS=100000 npm run bench:report      (default 100,000 findings)
 * Needs Debian's chromium. Results go to stdout and bench/out/report-results.md.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { render } from '../../src/index.js';
import { escapeHtml } from '../../src/report/html.js';
import { launch, openFile } from '../../test/helpers/browser.js';
import { syntheticReport } from './gen-report.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench', 'out');
const N = Number(process.env.BENCH_FINDINGS ?? 100_000);

function staticTable(report: ReturnType<typeof syntheticReport>): string {
  const rows = report.findings.map((f) => `<tr id="${f.id}"><td>${f.id}</td><td>${escapeHtml(f.dataType)}</td><td>${f.confidence}</td><td>${f.phase}</td><td>${f.time}</td><td>${escapeHtml(f.host)}</td><td><code>${escapeHtml(f.path)}</code></td><td><code>${escapeHtml(f.excerpt)}</code></td></tr>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><table>${rows.join('\n')}</table></body></html>`;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const report = syntheticReport(N);
  const t0 = performance.now();
  const html = render(report, 'html');
  const renderMs = performance.now() - t0;
  const page = join(OUT, 'report-100k.html');
  writeFileSync(page, html);
  const reference = join(OUT, 'report-100k-table.html');
  writeFileSync(reference, staticTable(report));

  const browser = await launch();
  try {
    const runs: { ready: number; jump: number; errors: number; requests: number; marks: Record<string, number> }[] = [];
    const refRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const opened = await openFile(browser, page, { timeoutMs: 120_000 });
      const marks: Record<string, number> = await opened.page.evaluate(
        `Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))`);
      marks['domInteractive'] = await opened.page.evaluate(`performance.getEntriesByType('navigation')[0].domInteractive`);
      const jumpStart = performance.now();
      await opened.page.evaluate(`location.hash = '#f${N}'`);
      await opened.page.waitForSelector(`#f${N}`);
      runs.push({ ready: opened.readyMs, jump: performance.now() - jumpStart, errors: opened.consoleErrors.length + opened.pageErrors.length, requests: opened.requests.length, marks });
      await opened.page.context().close();
    }
    // The reference page has no script: it is ready when it has loaded. It takes minutes, so it is opened once.
    const refOpened = await openFile(browser, reference, { timeoutMs: 600_000, waitReady: false });
    refRuns.push(refOpened.readyMs);
    await refOpened.page.context().close();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ready = median(runs.map((r) => r.ready));
    const medianRun = runs.find((r) => r.ready === ready)!;
    const stage = (name: string) => (medianRun.marks[name] ?? NaN).toFixed(0);
    const jump = median(runs.map((r) => r.jump));
    const ref = median(refRuns);
    const mb = (f: string) => (statSync(f).size / 1e6).toFixed(1);
    const lines = [
      `Report of ${N.toLocaleString('en-US')} findings, 300 destinations. Machine: ${process.env.BENCH_MACHINE ?? '2 cores, shared with other jobs'}; Node ${process.version}; Chromium (Debian).`,
      '',
      '| page | size (MB) | open → ready (ms, median of 3) | jump to the last finding (ms) | console errors | requests |',
      '|---|---|---|---|---|---|',
      `| telltale HTML (paged evidence, charts, data inlined) | ${mb(page)} | ${ready.toFixed(0)} | ${jump.toFixed(0)} | ${runs[0]!.errors} | ${runs[0]!.requests} |`,
      `| reference: same findings as one static <table> (one run) | ${mb(reference)} | ${ref.toFixed(0)} | — | — | — |`,
      '',
      `Where the time goes (median run, ms since navigation): page parsed ${stage('domInteractive')}, script started ${stage('telltale:start')}, data decompressed and parsed ${stage('telltale:data')}, findings unpacked ${stage('telltale:unpacked')}, first cards and tables ${stage('telltale:cards')}, charts drawn ${stage('telltale:charts')}.`,
      `Readable (claims, tables, first evidence page) after ${stage('telltale:cards')} ms; the charts finish after that.`,
      `Rendering the HTML in Node: ${renderMs.toFixed(0)} ms. Open time telltale / reference: ${(ready / ref).toFixed(2)}×.`,
      `Target: under 5,000 ms to open — ${ready < 5000 ? 'met' : 'NOT met'}.`,
    ];
    const text = lines.join('\n');
    console.log(text);
    writeFileSync(join(OUT, 'report-results.md'), `${text}\n`);
  } finally {
    await browser.close();
  }
}

await main();
