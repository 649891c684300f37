/**
 * Builds catalog/entities.json from the hand-written scripts/catalog/*.src files (format: README.md beside this file).
 * Validates every entry with the catalog schema and the cross-entry checks before writing; `--check` compares
 * instead of writing (for CI).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogProblems, entitiesFileSchema, ENTITY_CATEGORIES, type CatalogEntity } from '../../src/catalog/index.js';
import { cmp } from '../../src/util/compare.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, '..', '..', 'catalog', 'entities.json');

const SOURCE_KEYS: Record<string, (arg: string) => string> = {
  xray: () => 'https://github.com/TrackerControl/tracker-control-android/blob/master/app/src/main/assets/xray-blacklist.json',
  v2fly: (name) => `https://github.com/v2fly/domain-list-community/blob/master/data/${name}`,
  exodus: (n) => `https://reports.exodus-privacy.eu.org/en/trackers/${n}/`,
  wp: (title) => `https://en.wikipedia.org/wiki/${title}`,
};

function expandSource(token: string, where: string): string {
  if (/^https?:\/\//.test(token)) return token;
  const [key, arg = ''] = token.split(/:(.*)/s) as [string, string?];
  const expand = SOURCE_KEYS[key];
  if (!expand) throw new Error(`${where}: unknown source key "${token}"`);
  return expand(arg);
}

export function parseSource(text: string, file: string): CatalogEntity[] {
  const entities: CatalogEntity[] = [];
  text.split('\n').forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const line = raw.replace(/\s+$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    if (/^\s/.test(line)) {
      const current = entities[entities.length - 1];
      if (!current) throw new Error(`${where}: indented line before any entity`);
      const body = line.trim();
      if (body.startsWith('@')) (current.ownership ??= []).push(parseOwnership(body.slice(1).trim(), where));
      else if (body.startsWith('!')) current.note = [current.note, body.slice(1).trim()].filter(Boolean).join(' ');
      else current.domains.push(...body.split(/\s+/).map((d) => d.toLowerCase()));
      return;
    }
    entities.push(parseHeader(line, where));
  });
  return entities;
}

/** "@ 2016-11 salesforce SOURCES...": from that date on, the parent (an entity id, or "-" for none) owned the entity. */
function parseOwnership(body: string, where: string): NonNullable<CatalogEntity['ownership']>[number] {
  const [since, parent, ...sources] = body.split(/\s+/);
  if (!since || !parent || sources.length === 0) throw new Error(`${where}: expected "@ DATE PARENT-or-- SOURCE..."`);
  return { parent: parent === '-' ? null : parent, since, sources: sources.map((s) => expandSource(s, where)) };
}

function parseHeader(line: string, where: string): CatalogEntity {
  const fields = line.split('|').map((f) => f.trim());
  if (fields.length !== 7) throw new Error(`${where}: expected 7 |-separated fields, got ${fields.length}`);
  const [id, name, parent, country, categories, aliases, sources] = fields as [string, string, string, string, string, string, string];
  const cats = categories === '-' ? [] : categories.split(',').map((c) => c.trim());
  for (const c of cats) {
    if (!(ENTITY_CATEGORIES as readonly string[]).includes(c)) throw new Error(`${where}: unknown category "${c}"`);
  }
  return {
    id,
    name,
    parent: parent === '-' ? null : parent,
    country: country === '-' ? null : country,
    categories: cats as CatalogEntity['categories'],
    aliases: aliases === '-' ? [] : aliases.split(';').map((a) => a.trim()).filter(Boolean),
    domains: [],
    sources: sources.split(/\s+/).filter(Boolean).map((s) => expandSource(s, where)),
  };
}

export function buildEntities(dir = HERE): CatalogEntity[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.src')).sort(cmp);
  const entities = files.flatMap((f) => parseSource(readFileSync(join(dir, f), 'utf8'), f));
  const sorted = entities
    .map((e) => ({ ...e, domains: [...new Set(e.domains)].sort(cmp), sources: [...new Set(e.sources)] }))
    .sort((a, b) => cmp(a.id, b.id));
  const parsed = entitiesFileSchema.safeParse({ entities: sorted });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid entity at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const problems = catalogProblems({ entities: sorted, sdks: [] });
  if (problems.length) throw new Error(`catalog problems:\n  ${problems.join('\n  ')}`);
  return sorted;
}

function main(): void {
  const json = `${JSON.stringify({ entities: buildEntities() }, null, 1)}\n`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUT, 'utf8');
    if (current !== json) {
      console.error('catalog/entities.json is stale: run node --import tsx scripts/catalog/build-entities.ts');
      process.exit(1);
    }
    return;
  }
  writeFileSync(OUT, json);
  const entities = (JSON.parse(json) as { entities: CatalogEntity[] }).entities;
  const domains = entities.reduce((n, e) => n + e.domains.length, 0);
  console.error(`wrote ${OUT}: ${entities.length} entities, ${domains} domains`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
