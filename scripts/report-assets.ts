/**
 * Build step for the HTML report (run by `npm run build`): writes dist/report-assets/, which the renderer inlines.
 *
 * - report.js: the page script (web/report/main.ts) with Apache ECharts bundled by esbuild — only the chart types and
 *   components the page uses (Sankey, map, scatter; SVG renderer), minified, as one IIFE.
 * - world.json: world-atlas's 110m countries (TopoJSON, ISC) converted to GeoJSON, each feature named by its ISO 3166-1
 *   alpha-2 code, already projected (Natural Earth) with d3-geo so that countries crossing the 180° meridian (Russia,
 *   Fiji) are clipped instead of drawing stray lines across the map (see ../shared/knowledge/blocks.md).
 * - countries.json: ISO 3166-1 alpha-2 → short English name (i18n-iso-countries, MIT), for labels.
 *
 * Everything here is build-time only (devDependencies); the shipped code reads the three generated files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { geoNaturalEarth1 } from 'd3-geo';
import { geoProject } from 'd3-geo-projection';
import countries from 'i18n-iso-countries';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'report-assets');
const require = createRequire(import.meta.url);

/** Countries shown on the map but never a server location worth the space. */
const DROPPED = new Set(['AQ']);

async function bundleScript(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'web', 'report', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'eof',
    outfile: join(OUT, 'report.js'),
    logLevel: 'warning',
  });
}

function shortName(alpha2: string): string | null {
  const official = countries.getName(alpha2, 'en', { select: 'official' });
  const alias = countries.getName(alpha2, 'en', { select: 'alias' });
  // "China" beats "People's Republic of China", but "UK" or "Korea, Republic of" do not beat the official name.
  if (alias && alias.length > 3 && !alias.includes(',')) return alias;
  return official ?? null;
}

function countryNames(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const code of Object.keys(countries.getAlpha2Codes()).sort()) {
    const name = shortName(code);
    if (name) out[code] = name;
  }
  return out;
}

function roundPositions(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 10) / 10;
  if (Array.isArray(value)) return value.map(roundPositions);
  return value;
}

/** GeoJSON in screen space has y pointing down; ECharts reads y as latitude (up), so flip it. */
function flipY(value: unknown): unknown {
  if (Array.isArray(value) && typeof value[0] === 'number') {
    const p = value as Position;
    return [p[0], -p[1]!];
  }
  if (Array.isArray(value)) return value.map(flipY);
  return value;
}

function worldMap(): FeatureCollection {
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as Topology;
  const collection = feature(topology, topology.objects.countries as GeometryCollection<{ name: string }>) as
    FeatureCollection<Geometry, { name: string }>;
  const named: Feature[] = [];
  for (const f of collection.features) {
    const numeric = typeof f.id === 'string' ? f.id : null;
    const alpha2 = numeric ? countries.numericToAlpha2(numeric) ?? null : null;
    if (alpha2 && DROPPED.has(alpha2)) continue;
    // Features without an ISO code (N. Cyprus, Somaliland, Kosovo) keep their map name; no data is keyed by it.
    named.push({ type: 'Feature', properties: { name: alpha2 ?? f.properties.name }, geometry: f.geometry });
  }
  const projection = geoNaturalEarth1().scale(160).translate([480, 250]).precision(0.2);
  const projected = geoProject({ type: 'FeatureCollection', features: named }, projection) as FeatureCollection;
  for (const f of projected.features) {
    if (!f.geometry || !('coordinates' in f.geometry)) continue;
    (f.geometry as { coordinates: unknown }).coordinates = roundPositions(flipY(f.geometry.coordinates));
  }
  projected.features.sort((a, b) => String(a.properties?.name).localeCompare(String(b.properties?.name)));
  return projected;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await bundleScript();
  writeFileSync(join(OUT, 'world.json'), JSON.stringify(worldMap()));
  writeFileSync(join(OUT, 'countries.json'), JSON.stringify(countryNames()));
}

await main();
