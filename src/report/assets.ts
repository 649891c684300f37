/**
 * The generated assets the HTML report inlines (made by `npm run build`, scripts/report-assets.ts): the page script
 * with ECharts bundled, the projected world map, and country names. Read once per process.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** <package root>/dist/report-assets — the same place from src/report (tsx) and dist/report (built). */
export const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'report-assets');

export interface ReportAssets {
  script: string;
  /** The world map as JSON text (GeoJSON, projected, features named by ISO alpha-2). */
  world: string;
  countryNames: Readonly<Record<string, string>>;
}

let cached: ReportAssets | null = null;

function read(name: string): string {
  const file = join(ASSETS_DIR, name);
  if (!existsSync(file)) {
    throw new Error(`HTML report assets are missing (${file}): run \`npm run build\` first`);
  }
  return readFileSync(file, 'utf8');
}

export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const script = read('report.js');
  // An inline script ends at the first "</script"; the build never emits one, and this keeps it that way.
  if (/<\/script/i.test(script)) throw new Error('report.js contains "</script": it cannot be inlined safely');
  cached = {
    script,
    world: read('world.json'),
    countryNames: JSON.parse(read('countries.json')) as Record<string, string>,
  };
  return cached;
}

export function countryName(code: string | null | undefined): string {
  if (!code) return 'unknown';
  return reportAssets().countryNames[code] ?? code;
}
