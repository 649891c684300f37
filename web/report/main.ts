/**
 * The report page's script (bundled with ECharts into dist/report-assets/report.js by `npm run build`). It reads the
 * inert JSON blocks the renderer embedded, draws the charts, makes the destinations table sortable and filterable,
 * and pages through the evidence cards. It loads nothing: the page's CSP forbids every source.
 * When done it sets data-ready="1" on <html> (the PDF printer and the tests wait for it).
 */
import { PAGE_DATA_ID, WORLD_DATA_ID, type PageData, type PageFinding } from '../../src/report/page-types.js';
import type { CardContext } from './cards.js';
import { drawCharts } from './charts.js';
import { unpackRecords } from '../../src/report/pack.js';
import { readBlock } from './data.js';
import { byId, hashId } from './dom.js';
import { EvidenceList } from './evidence.js';
import { enhanceTable } from './tables.js';

async function main(): Promise<void> {
  // Marks for the benchmark's breakdown (bench/report): reading, unpacking, first cards, charts.
  performance.mark('telltale:start');
  const data = await readBlock<PageData>(PAGE_DATA_ID);
  performance.mark('telltale:data');
  if (!data) {
    document.documentElement.dataset.ready = '1';
    return;
  }
  const findings = unpackRecords<PageFinding>(data.findings);
  performance.mark('telltale:unpacked');
  const ctx: CardContext = {
    data,
    findings,
    hosts: new Map(data.hosts.map((host, index) => [host.host, { host, index }])),
    phaseLabel: new Map(data.phases.map((p) => [p.id, p.label])),
  };
  enhanceTable('destinations-table', 'destinations-filter');
  new EvidenceList(data, ctx).start();
  performance.mark('telltale:cards');
  await drawCharts(data, await readBlock<unknown>(WORLD_DATA_ID));
  // A #f12 link opened from elsewhere must land on its card even after the charts changed the layout.
  if (location.hash.length > 1) byId(hashId())?.scrollIntoView({ block: 'start' });
  performance.mark('telltale:charts');
  document.documentElement.dataset.ready = '1';
}

void main().catch((e: unknown) => {
  document.documentElement.dataset.ready = 'error';
  console.error('telltale report:', e);
});
