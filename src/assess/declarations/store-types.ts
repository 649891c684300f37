/**
 * catalog/store-data-types.json: the data types of Google Play's Data safety section and Apple's App Store privacy
 * details, mapped to telltale data types, and the store rules a verdict applies (each with its source). Play records
 * name types by English display name only; Apple records carry category identifiers and English type names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATALOG_DIR } from '../../catalog/index.js';
import { DATA_TYPES, type DataTypeId } from '../../detect/types.js';

const url = z.string().url();
const telltaleType = z.enum(DATA_TYPES);

const storeTypeSchema = z.object({
  name: z.string().min(1),
  /** The telltale data types that are this store type; empty when traffic cannot show it (health, purchases, ...). */
  telltale: z.array(telltaleType),
  note: z.string().optional(),
  source: url,
}).strict();

const categorySchema = z.object({
  /** Apple's category identifier ("IDENTIFIERS"); Play categories have none. */
  identifier: z.string().regex(/^[A-Z_]+$/).optional(),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  note: z.string().optional(),
  source: url,
  dataTypes: z.array(storeTypeSchema).min(1),
}).strict();

const storeSchema = z.object({
  id: z.enum(['play', 'apple']),
  name: z.string().min(1),
  sources: z.array(url).min(1),
  categories: z.array(categorySchema).min(1),
  /** telltale types the store has no name for, with the reason. */
  notMapped: z.array(z.object({ telltale: telltaleType, reason: z.string().min(1) }).strict()),
}).strict();

const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  store: z.enum(['play', 'apple']),
  applies: z.enum(['collected', 'shared', 'security', 'linked', 'tracking']),
  text: z.string().min(1),
  sources: z.array(url).min(1),
}).strict();

export const storeTypesFileSchema = z.object({
  about: z.string(),
  stores: z.array(storeSchema).length(2),
  rules: z.array(ruleSchema).min(1),
}).strict();

export type StoreId = 'play' | 'apple';
export type StoreTypesFile = z.infer<typeof storeTypesFileSchema>;
export type StoreRule = z.infer<typeof ruleSchema>;

/** One store data type, with its category. */
export interface StoreType {
  store: StoreId;
  name: string;
  category: string;
  /** Apple's category identifier. */
  categoryId?: string;
  telltale: DataTypeId[];
}

export interface StoreTypes {
  file: StoreTypesFile;
  /** Play type by lower-cased display name. */
  play: Map<string, StoreType>;
  /** Apple category by identifier, with its types. */
  appleCategories: Map<string, { name: string; types: StoreType[] }>;
  /** Apple type by lower-cased display name. */
  apple: Map<string, StoreType>;
  /** The store type a telltale type belongs to, per store. */
  ofTelltale(store: StoreId, type: string): StoreType | undefined;
  rule(id: string): StoreRule;
}

let cached: StoreTypes | null = null;

/** The validated table, read once per process. A broken table is a packaging bug, not bad user input. */
export function loadStoreTypes(): StoreTypes {
  if (cached) return cached;
  const parsed = storeTypesFileSchema.safeParse(JSON.parse(readFileSync(join(CATALOG_DIR, 'store-data-types.json'), 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`catalog/store-data-types.json: invalid at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const file = parsed.data;
  const play = new Map<string, StoreType>();
  const apple = new Map<string, StoreType>();
  const appleCategories = new Map<string, { name: string; types: StoreType[] }>();
  const reverse = { play: new Map<string, StoreType>(), apple: new Map<string, StoreType>() };
  for (const store of file.stores) {
    for (const c of store.categories) {
      const types: StoreType[] = [];
      for (const t of c.dataTypes) {
        const type: StoreType = { store: store.id, name: t.name, category: c.name, ...(c.identifier ? { categoryId: c.identifier } : {}), telltale: t.telltale };
        types.push(type);
        (store.id === 'play' ? play : apple).set(t.name.toLowerCase(), type);
        for (const tt of t.telltale) reverse[store.id].set(tt, type);
      }
      if (store.id === 'apple' && c.identifier) appleCategories.set(c.identifier, { name: c.name, types });
    }
  }
  const rules = new Map(file.rules.map((r) => [r.id, r]));
  cached = {
    file, play, apple, appleCategories,
    ofTelltale: (store, type) => reverse[store].get(type),
    rule: (id) => {
      const r = rules.get(id);
      if (!r) throw new Error(`catalog/store-data-types.json: no rule "${id}"`);
      return r;
    },
  };
  return cached;
}
