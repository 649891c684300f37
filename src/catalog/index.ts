/**
 * The catalog's door: loads and validates the data files under <package>/catalog once per process.
 * Data (JSON) and code are kept apart; attribute/, appscan/ and assess/ read the catalog only through here.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import {
  countriesFileSchema, entitiesFileSchema, sdksFileSchema, trackerIdsFileSchema,
  type CatalogEntity, type CatalogSdk, type CountrySet, type TrackerIdRule,
} from './schema.js';

export * from './schema.js';

/** <package root>/catalog — the same relative place from src/catalog (tsx) and dist/catalog (built). */
export const CATALOG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'catalog');

export interface Catalog {
  entities: CatalogEntity[];
  sdks: CatalogSdk[];
  countrySets: CountrySet[];
  /** Well-known tracker identifiers by key name (tracker-ids.json). */
  trackerIds: TrackerIdRule[];
}

let cached: Catalog | null = null;

function readCatalogFile<T>(name: string, schema: z.ZodType<T>, empty: T): T {
  const file = join(CATALOG_DIR, name);
  if (!existsSync(file)) return empty;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`catalog/${name}: invalid at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

export function loadCatalog(): Catalog {
  if (cached) return cached;
  cached = {
    entities: readCatalogFile('entities.json', entitiesFileSchema, { entities: [] }).entities,
    sdks: readCatalogFile('sdks.json', sdksFileSchema, { sdks: [] }).sdks,
    countrySets: readCatalogFile('countries.json', countriesFileSchema, { sets: [] }).sets,
    trackerIds: readCatalogFile('tracker-ids.json', trackerIdsFileSchema, { rules: [] }).rules,
  };
  return cached;
}

/** Countries of a named set ("countries-of-concern", "padfa-foreign-adversaries", "eu-eea", "gdpr-adequacy"). */
export function countrySet(id: string): ReadonlySet<string> {
  const set = loadCatalog().countrySets.find((s) => s.id === id);
  if (!set) throw new Error(`catalog: unknown country set "${id}"`);
  return new Set(set.countries);
}

export { importCatalogFile, importCatalogJson, detectFormat, type ImportedCatalog, type ImportFormat } from './importers.js';

/**
 * Cross-entry checks the schema cannot express: unique ids, parents and SDK entities that exist, no ownership
 * cycles, and every domain owned by exactly one entity. Returns problems as sentences (empty = consistent).
 */
export function catalogProblems(catalog: Pick<Catalog, 'entities' | 'sdks'> & Partial<Pick<Catalog, 'trackerIds'>>): string[] {
  const problems: string[] = [];
  const byId = new Map<string, CatalogEntity>();
  for (const e of catalog.entities) {
    if (byId.has(e.id)) problems.push(`entity id "${e.id}" is used twice`);
    byId.set(e.id, e);
  }
  const owner = new Map<string, string>();
  for (const e of catalog.entities) {
    if (e.parent !== null && !byId.has(e.parent)) problems.push(`entity "${e.id}": parent "${e.parent}" does not exist`);
    if (e.parent === e.id) problems.push(`entity "${e.id}" is its own parent`);
    for (const d of e.domains) {
      const prev = owner.get(d);
      if (prev !== undefined && prev !== e.id) problems.push(`domain "${d}" belongs to both "${prev}" and "${e.id}"`);
      else if (prev === e.id) problems.push(`entity "${e.id}" lists domain "${d}" twice`);
      owner.set(d, e.id);
    }
  }
  for (const e of catalog.entities) problems.push(...ownershipProblems(e, byId));
  for (const e of catalog.entities) {
    const seen = new Set<string>([e.id]);
    for (let p = e.parent; p !== null; p = byId.get(p)?.parent ?? null) {
      if (seen.has(p)) {
        problems.push(`entity "${e.id}": ownership cycle through "${p}"`);
        break;
      }
      seen.add(p);
    }
  }
  for (const s of catalog.sdks) {
    if (!byId.has(s.entity)) problems.push(`sdk "${s.id}": entity "${s.entity}" does not exist`);
  }
  for (const r of catalog.trackerIds ?? []) {
    if (!byId.has(r.entity)) problems.push(`tracker id "${r.id}": entity "${r.entity}" does not exist`);
    if (r.keys.length + r.keyPrefixes.length === 0) problems.push(`tracker id "${r.id}": no key and no key prefix`);
  }
  return problems;
}

/** Ownership periods must be in date order, name existing parents, and end with the entity's current parent. */
function ownershipProblems(e: CatalogEntity, byId: ReadonlyMap<string, CatalogEntity>): string[] {
  const periods = e.ownership ?? [];
  const problems: string[] = [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    if (p.parent !== null && !byId.has(p.parent)) problems.push(`entity "${e.id}": ownership parent "${p.parent}" does not exist`);
    if (p.parent === e.id) problems.push(`entity "${e.id}": owns itself from ${p.since}`);
    if (i > 0 && periods[i - 1]!.since >= p.since) problems.push(`entity "${e.id}": ownership periods out of date order at ${p.since}`);
  }
  const last = periods[periods.length - 1];
  if (last && last.parent !== e.parent) {
    problems.push(`entity "${e.id}": the last ownership period names "${String(last.parent)}", the parent is "${String(e.parent)}"`);
  }
  return problems;
}
