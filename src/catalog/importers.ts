/**
 * Imports third-party tracker lists that a user has, at run time (`--catalog FILE`), into catalog entities:
 *   - Exodus Privacy tracker list  {"trackers": {"<id>": {name, network_signature, website, categories?}}}
 *     https://reports.exodus-privacy.eu.org/api/trackers
 *   - DuckDuckGo Tracker Radar TDS  {"trackers": {...}, "entities": {"<name>": {domains, displayName}}, "domains": {...}}
 *     https://github.com/duckduckgo/tracker-blocklists
 *   - Disconnect services.json      {"categories": {"<Category>": [{"<Company>": {"<url>": ["domain", ...]}}]}}
 *     https://github.com/disconnectme/disconnect-tracking-protection
 *   - Ghostery TrackerDB export     {"organizations": {...}, "patterns": {"<id>": {organization, category, domains}}}
 *     https://github.com/ghostery/trackerdb (npm @ghostery/trackerdb, dist/trackerdb.json; CC BY-NC-SA 4.0)
 * These lists carry their own licences (DuckDuckGo and Disconnect: CC BY-NC-SA), which is why they are imported
 * from the user's copy and never shipped. Imported entities have no headquarters country: the lists do not say.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { cmp } from '../util/compare.js';
import { type ENTITY_CATEGORIES, entitySchema, type CatalogEntity } from './schema.js';

type Category = (typeof ENTITY_CATEGORIES)[number];
export type ImportFormat = 'exodus' | 'ddg-tds' | 'disconnect' | 'ghostery-trackerdb';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** Domains per imported entity; real lists stay far below (Google in TDS: a few hundred). */
const MAX_DOMAINS_PER_ENTITY = 5000;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/;

export interface ImportedCatalog {
  file: string;
  format: ImportFormat;
  entities: CatalogEntity[];
  /** Entries that could not be turned into a domain (e.g. regex network signatures), counted, not silently lost. */
  skipped: number;
}

export function importCatalogFile(file: string): ImportedCatalog {
  const json = readJson(file);
  const format = detectFormat(json);
  if (!format) {
    throw new InputError(file, null, 'not a known tracker list (expected Exodus trackers JSON, DuckDuckGo TDS, Disconnect services.json or Ghostery trackerdb.json)');
  }
  return importCatalogJson(json, file, format);
}

export function importCatalogJson(json: unknown, file: string, format: ImportFormat): ImportedCatalog {
  const source = pathToFileURL(file).href;
  const result = format === 'exodus' ? fromExodus(json, file, source)
    : format === 'ddg-tds' ? fromDuckDuckGo(json, file, source)
      : format === 'ghostery-trackerdb' ? fromTrackerDb(json, file, source)
        : fromDisconnect(json, file, source);
  const entities = uniqueIds(result.entities.filter((e) => e.domains.length > 0));
  for (const entity of entities) {
    const parsed = entitySchema.safeParse(entity);
    if (!parsed.success) throw new InputError(file, `entity "${entity.name}"`, parsed.error.issues[0]?.message ?? 'invalid');
  }
  return { file, format, entities, skipped: result.skipped };
}

/** Two names may slug to the same id ("Foo Inc" / "Foo, Inc."): number the later ones. Sorted by id. */
function uniqueIds(entities: CatalogEntity[]): CatalogEntity[] {
  const seen = new Set<string>();
  const out = entities.map((e) => {
    let id = e.id;
    for (let n = 2; seen.has(id); n++) id = `${e.id}-${n}`;
    seen.add(id);
    return id === e.id ? e : { ...e, id };
  });
  return out.sort((a, b) => cmp(a.id, b.id));
}

function readJson(file: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(file, null, 'file not found');
  }
  if (size > MAX_IMPORT_BYTES) throw new InputError(file, null, `too large for a tracker list (${size} bytes)`);
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, null, `invalid JSON (${(e as Error).message})`);
  }
}

export function detectFormat(json: unknown): ImportFormat | null {
  if (!isObject(json)) return null;
  if (isObject(json['entities']) && isObject(json['trackers'])) return 'ddg-tds';
  if (isObject(json['organizations']) && isObject(json['patterns'])) return 'ghostery-trackerdb';
  if (isObject(json['categories']) && !isObject(json['trackers'])) return 'disconnect';
  if (isObject(json['trackers'])) return 'exodus';
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Partial {
  entities: CatalogEntity[];
  skipped: number;
}

/** "acme.com", "*.acme.com", ".acme.com", "\\.acme\\.com" → "acme.com"; null for anything that is not a plain domain. */
export function plainDomain(raw: string): string | null {
  const d = raw.trim().toLowerCase()
    .replace(/^\^/, '').replace(/\$$/, '')
    .replaceAll('\\.', '.')
    .replace(/^\*\./, '').replace(/^\.+/, '').replace(/\.+$/, '')
    .replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return d.length <= 253 && DOMAIN.test(d) && d.includes('.') ? d : null;
}

export function slug(name: string): string {
  const s = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'unnamed';
}

function entity(id: string, name: string, categories: Set<Category>, domains: Set<string>, sources: string[]): CatalogEntity {
  return {
    id,
    name: name.slice(0, 200) || id,
    parent: null,
    country: null,
    categories: [...categories].sort(cmp),
    aliases: [],
    domains: [...domains].sort(cmp).slice(0, MAX_DOMAINS_PER_ENTITY),
    sources: [...new Set(sources)].sort(cmp),
  };
}

const EXODUS_CATEGORIES: Record<string, Category> = {
  advertisement: 'advertising', analytics: 'analytics', 'crash reporting': 'crash-reporting',
  identification: 'attribution', location: 'location', profiling: 'advertising',
};

function fromExodus(json: unknown, file: string, source: string): Partial {
  const trackers = (json as Record<string, unknown>)['trackers'];
  if (!isObject(trackers)) throw new InputError(file, '$.trackers', 'expected an object');
  const entities: CatalogEntity[] = [];
  let skipped = 0;
  for (const [key, value] of Object.entries(trackers)) {
    if (!isObject(value) || typeof value['name'] !== 'string') throw new InputError(file, `$.trackers.${key}`, 'expected {name, network_signature}');
    const domains = new Set<string>();
    const signature = typeof value['network_signature'] === 'string' ? value['network_signature'] : '';
    for (const part of signature.split('|')) {
      if (!part.trim()) continue;
      const d = plainDomain(part);
      if (d) domains.add(d);
      else skipped++;
    }
    const categories = new Set<Category>();
    for (const c of Array.isArray(value['categories']) ? value['categories'] : []) {
      const mapped = typeof c === 'string' ? EXODUS_CATEGORIES[c.toLowerCase()] : undefined;
      if (mapped) categories.add(mapped);
    }
    const website = typeof value['website'] === 'string' && /^https?:\/\//.test(value['website']) ? [value['website']] : [];
    entities.push(entity(`exodus-${slug(key)}`, value['name'], categories, domains, [source, ...website]));
  }
  return { entities, skipped };
}

const DDG_CATEGORIES: Record<string, Category> = {
  advertising: 'advertising', 'ad motivated tracking': 'advertising', 'ad fraud': 'advertising',
  analytics: 'analytics', 'audience measurement': 'analytics', 'third-party analytics marketing': 'analytics',
  'action pixels': 'advertising', 'session replay': 'analytics', 'social - comment': 'social',
  'social - share': 'social', 'social network': 'social', cdn: 'cdn', 'embedded content': 'other',
  'online payment': 'payments', 'tag manager': 'tag-manager', 'consent management platform': 'consent',
  'federated login': 'social', 'badge': 'other', 'support chat widget': 'customer-engagement',
};

function fromDuckDuckGo(json: unknown, file: string, source: string): Partial {
  const root = json as Record<string, unknown>;
  const entitiesIn = root['entities'] as Record<string, unknown>;
  const trackers = root['trackers'] as Record<string, unknown>;
  const categoriesByOwner = new Map<string, Set<Category>>();
  for (const tracker of Object.values(trackers)) {
    if (!isObject(tracker) || !isObject(tracker['owner']) || typeof tracker['owner']['name'] !== 'string') continue;
    const set = categoriesByOwner.get(tracker['owner']['name']) ?? new Set<Category>();
    for (const c of Array.isArray(tracker['categories']) ? tracker['categories'] : []) {
      const mapped = typeof c === 'string' ? DDG_CATEGORIES[c.toLowerCase()] : undefined;
      if (mapped) set.add(mapped);
    }
    categoriesByOwner.set(tracker['owner']['name'], set);
  }
  const entities: CatalogEntity[] = [];
  let skipped = 0;
  for (const [name, value] of Object.entries(entitiesIn)) {
    if (!isObject(value) || !Array.isArray(value['domains'])) throw new InputError(file, `$.entities["${name}"]`, 'expected {domains: [...]}');
    const domains = new Set<string>();
    for (const raw of value['domains']) {
      const d = typeof raw === 'string' ? plainDomain(raw) : null;
      if (d) domains.add(d);
      else skipped++;
    }
    const display = typeof value['displayName'] === 'string' && value['displayName'] ? value['displayName'] : name;
    entities.push(entity(`ddg-${slug(name)}`, display, categoriesByOwner.get(name) ?? new Set(), domains, [source]));
  }
  return { entities, skipped };
}

const TRACKERDB_CATEGORIES: Record<string, Category> = {
  advertising: 'advertising', site_analytics: 'analytics', customer_interaction: 'customer-engagement',
  social_media: 'social', cdn: 'cdn', hosting: 'cloud', consent: 'consent', audio_video_player: 'video',
  essential: 'other', misc: 'other', extensions: 'other', utilities: 'other', pornvertising: 'advertising',
};

/** Ghostery TrackerDB: one entity per organization, with the domains and categories of its patterns. */
function fromTrackerDb(json: unknown, file: string, source: string): Partial {
  const root = json as Record<string, unknown>;
  const organizations = root['organizations'] as Record<string, unknown>;
  const byOrg = new Map<string, { domains: Set<string>; categories: Set<Category> }>();
  let skipped = 0;
  for (const [key, pattern] of Object.entries(root['patterns'] as Record<string, unknown>)) {
    if (!isObject(pattern)) throw new InputError(file, `$.patterns.${key}`, 'expected {organization, category, domains}');
    const org = typeof pattern['organization'] === 'string' ? pattern['organization'] : `pattern-${key}`;
    const entry = byOrg.get(org) ?? { domains: new Set<string>(), categories: new Set<Category>() };
    for (const raw of Array.isArray(pattern['domains']) ? pattern['domains'] : []) {
      const d = typeof raw === 'string' ? plainDomain(raw) : null;
      if (d) entry.domains.add(d);
      else skipped++;
    }
    const category = typeof pattern['category'] === 'string' ? TRACKERDB_CATEGORIES[pattern['category']] : undefined;
    if (category) entry.categories.add(category);
    byOrg.set(org, entry);
  }
  const entities: CatalogEntity[] = [];
  for (const [org, { domains, categories }] of byOrg) {
    const info = organizations[org];
    const name = isObject(info) && typeof info['name'] === 'string' ? info['name'] : org;
    const website = isObject(info) && typeof info['website_url'] === 'string' && /^https?:\/\//.test(info['website_url']) ? [info['website_url']] : [];
    const e = entity(`ghostery-${slug(org)}`, name, categories, domains, [source, ...website]);
    const country = isObject(info) && typeof info['country'] === 'string' && /^[A-Z]{2}$/.test(info['country']) ? info['country'] : null;
    entities.push({ ...e, country });
  }
  return { entities, skipped };
}

const DISCONNECT_CATEGORIES: Record<string, Category> = {
  advertising: 'advertising', analytics: 'analytics', social: 'social', fingerprintinginvasive: 'analytics',
  fingerprintinggeneral: 'analytics', cryptomining: 'other', content: 'other', email: 'other',
  emailaggressive: 'other', disconnect: 'other', anti_fraud: 'security', consentmanagers: 'consent',
};

function fromDisconnect(json: unknown, file: string, source: string): Partial {
  const categories = (json as Record<string, unknown>)['categories'] as Record<string, unknown>;
  const merged = new Map<string, { name: string; categories: Set<Category>; domains: Set<string>; sources: string[] }>();
  let skipped = 0;
  for (const [categoryName, companies] of Object.entries(categories)) {
    if (!Array.isArray(companies)) throw new InputError(file, `$.categories.${categoryName}`, 'expected an array');
    const category = DISCONNECT_CATEGORIES[categoryName.toLowerCase()] ?? 'other';
    for (const company of companies) {
      if (!isObject(company)) throw new InputError(file, `$.categories.${categoryName}`, 'expected {company: {url: [domains]}}');
      for (const [name, sites] of Object.entries(company)) {
        if (!isObject(sites)) continue;
        const entry = merged.get(name) ?? { name, categories: new Set<Category>(), domains: new Set<string>(), sources: [source] };
        entry.categories.add(category);
        for (const [url, domains] of Object.entries(sites)) {
          if (!Array.isArray(domains)) continue; // "dnt", "session-replay" and similar flags
          if (/^https?:\/\/[^\s]+$/.test(url)) entry.sources.push(url);
          for (const raw of domains) {
            const d = typeof raw === 'string' ? plainDomain(raw) : null;
            if (d) entry.domains.add(d);
            else skipped++;
          }
        }
        merged.set(name, entry);
      }
    }
  }
  const entities = [...merged.values()].map((e) => entity(`disconnect-${slug(e.name)}`, e.name, e.categories, e.domains, e.sources));
  return { entities, skipped };
}
