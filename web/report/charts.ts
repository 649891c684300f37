/**
 * The charts, drawn with Apache ECharts (only the parts registered below are bundled): a Sankey of data type →
 * company → server country, two world maps (server countries, company countries) and the timeline. The SVG renderer
 * draws them (crisp in the PDF); tooltips are built from escaped text only, without inline styles, so the page's
 * strict Content-Security-Policy holds. Animation is off: the page is drawn once, the same way every time.
 */
import * as echarts from 'echarts/core';
import { MapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, DataZoomComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { CountryValue, PageData } from '../../src/report/page-types.js';
import { byId, escapeForTooltip as esc, h } from './dom.js';

echarts.use([
  SankeyChart, MapChart, ScatterChart, TooltipComponent, GridComponent, VisualMapComponent, LegendComponent,
  MarkLineComponent, DataZoomComponent, SVGRenderer,
]);

const FONT = 'system-ui, sans-serif';

function init(id: string): echarts.ECharts | null {
  const el = byId(id);
  if (!el) return null;
  return echarts.init(el, null, { renderer: 'svg' });
}

function emptyNote(id: string, text: string): void {
  byId(id)?.replaceChildren(h('p', { class: 'muted' }, text));
}

interface TooltipParams {
  dataType?: string;
  name?: string;
  value?: unknown;
  data?: unknown;
  seriesName?: string;
}

function sankey(data: PageData): echarts.ECharts | null {
  const { nodes, links } = data.charts.sankey;
  if (links.length === 0) {
    emptyNote('chart-sankey', 'No findings: nothing to draw.');
    return null;
  }
  const chart = init('chart-sankey');
  if (!chart) return null;
  const label = new Map(nodes.map((n) => [n.id, n.label]));
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: {
      trigger: 'item',
      formatter: (p: TooltipParams) => {
        if (p.dataType === 'edge') {
          const d = p.data as { source: string; target: string; value: number };
          return `${esc(label.get(d.source) ?? '')} → ${esc(label.get(d.target) ?? '')}<br>${d.value} finding${d.value === 1 ? '' : 's'}`;
        }
        return `${esc(label.get(p.name ?? '') ?? '')}<br>${String(p.value)} finding${p.value === 1 ? '' : 's'}`;
      },
    },
    series: [{
      type: 'sankey',
      left: 8, right: 200, top: 8, bottom: 8,
      nodeGap: 8,
      draggable: false,
      emphasis: { focus: 'adjacency' },
      data: nodes.map((n) => ({ name: n.id, depth: n.column })),
      links,
      label: { formatter: (p: TooltipParams) => label.get(p.name ?? '') ?? '', fontSize: 11 },
      lineStyle: { color: 'source', opacity: 0.3 },
    }],
  });
  return chart;
}

function worldMap(id: string, values: readonly CountryValue[], what: string): echarts.ECharts | null {
  if (values.length === 0) {
    emptyNote(id, `No ${what} known.`);
    return null;
  }
  const chart = init(id);
  if (!chart) return null;
  const byCode = new Map(values.map((v) => [v.code, v]));
  const max = values.reduce((m, v) => Math.max(m, v.findings), 1);
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: {
      trigger: 'item',
      formatter: (p: TooltipParams) => {
        const v = byCode.get(p.name ?? '');
        if (!v) return esc(p.name ?? '');
        return `${esc(v.name)} (${esc(v.code)})<br>${v.destinations} destination${v.destinations === 1 ? '' : 's'}, ${v.findings} finding${v.findings === 1 ? '' : 's'}<br>${v.examples.map(esc).join('<br>')}`;
      },
    },
    visualMap: {
      min: 0, max, calculable: false, left: 8, bottom: 8, itemHeight: 80, text: [`${max} findings`, '0'],
      inRange: { color: ['#ffd8b5', '#cf222e', '#82071e'] },
      textStyle: { fontSize: 11 },
    },
    series: [{
      type: 'map', map: 'world', aspectScale: 1, roam: false, left: 0, right: 0, top: 0, bottom: 24,
      itemStyle: { areaColor: '#eaeef2', borderColor: '#fff', borderWidth: 0.5 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#fb8f44' } },
      select: { disabled: true },
      data: values.map((v) => ({ name: v.code, value: v.findings })),
    }],
  });
  return chart;
}

function timeline(data: PageData): echarts.ECharts | null {
  const t = data.charts.timeline;
  if (t.marks.length === 0 && t.events.length === 0) {
    emptyNote('chart-timeline', 'No timed findings or events.');
    return null;
  }
  const chart = init('chart-timeline');
  if (!chart) return null;
  const el = byId('chart-timeline');
  if (el) el.style.height = `${Math.max(260, 80 + t.rows.length * 26)}px`;
  chart.resize();
  const maxCount = t.marks.reduce((m, x) => Math.max(m, x.count), 1);
  const range = timeRange([...t.marks.map((m) => m.time), ...t.events.map((e) => e.time)]);
  const phases = data.phases.filter((p) => t.marks.some((m) => m.phase === p.id));
  const series = phases.map((p, i) => ({
    name: p.label,
    type: 'scatter',
    itemStyle: { color: p.color, opacity: 0.85 },
    symbolSize: (v: [number, string, number]) => 7 + 11 * Math.sqrt(v[2] / maxCount),
    data: t.marks.filter((m) => m.phase === p.id).map((m) => [m.time, m.row, m.count, m.finding]),
    ...(i === 0 ? {
      markLine: {
        symbol: 'none', silent: true,
        lineStyle: { color: '#24292f', type: 'dashed', width: 1 },
        label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10 },
        data: t.events.map((e) => ({ xAxis: e.time, name: e.label })),
      },
    } : {}),
  }));
  if (series.length === 0) {
    series.push({
      name: 'events', type: 'scatter', itemStyle: { color: '#6e7781', opacity: 0 }, symbolSize: () => 1, data: [],
      markLine: {
        symbol: 'none', silent: true, lineStyle: { color: '#24292f', type: 'dashed', width: 1 },
        label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10 },
        data: t.events.map((e) => ({ xAxis: e.time, name: e.label })),
      },
    });
  }
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    legend: { top: 0, data: phases.map((p) => p.label) },
    grid: { left: 150, right: 90, top: 46, bottom: 36 },
    tooltip: {
      trigger: 'item',
      formatter: (p: TooltipParams) => {
        const v = p.value as [number, string, number, string];
        const when = new Date(v[0]).toISOString();
        return `${esc(v[1])} · ${esc(p.seriesName ?? '')}<br>${when}<br>${v[2] > 1 ? `${v[2]} findings, first ` : ''}${esc(v[3])}`;
      },
    },
    xAxis: { type: 'time', min: range.min, max: range.max, axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: { type: 'category', data: t.rows, axisLabel: { fontSize: 11 } },
    series,
  });
  chart.on('click', (p) => {
    const v = (p as TooltipParams).value as [number, string, number, string] | undefined;
    if (v && typeof v[3] === 'string') location.hash = `#${v[3]}`;
  });
  return chart;
}

/** The time axis covers every mark and event, with a little room on both sides so nothing sits on the axis. */
function timeRange(times: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const pad = Math.max(1000, (max - min) * 0.03);
  return { min: min - pad, max: max + pad };
}

/** Draws every chart; resolves once each has finished rendering. */
export function drawCharts(data: PageData, world: unknown): Promise<void> {
  if (world) echarts.registerMap('world', world as Parameters<typeof echarts.registerMap>[1]);
  const charts = [
    sankey(data),
    world ? worldMap('chart-server-map', data.charts.serverCountries, 'server countries') : null,
    world ? worldMap('chart-company-map', data.charts.companyCountries, 'company countries') : null,
    timeline(data),
  ].filter((c): c is echarts.ECharts => c !== null);
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  return Promise.all(charts.map((c) => new Promise<void>((resolve) => {
    c.on('finished', () => resolve());
    // A chart that finished before the listener was attached does not fire again: nudge it.
    c.resize();
  }))).then(() => undefined);
}
