/**
 * Schemas of the data catalog (files under <repo>/catalog/). Data lives in JSON files; this module only describes and
 * validates it — the same split mockttp makes between serializable definitions and the code that uses them.
 * Every entry carries at least one source URL.
 */
import { z } from 'zod';

const sourceUrl = z.string().url();
const sources = z.array(sourceUrl).min(1);
const countryCode = z.string().regex(/^[A-Z]{2}$/);

export const ENTITY_CATEGORIES = [
  'analytics', 'advertising', 'crash-reporting', 'push', 'social', 'cdn', 'cloud', 'location', 'payments',
  'attribution', 'customer-engagement', 'tag-manager', 'consent', 'video', 'maps', 'security', 'platform', 'other',
] as const;

/** A date as catalogs write it: a year, a month or a day ("2016", "2016-11", "2016-11-01"). */
export const catalogDate = z.string().regex(/^(19|20)\d\d(-[01]\d(-[0-3]\d)?)?$/);

/**
 * One period of an entity's ownership: from `since` on, `parent` (an entity id, or null: independent) owned it,
 * until the next period starts. The last period's parent is the entity's current `parent`.
 */
export const ownershipPeriodSchema = z.object({
  parent: z.string().nullable(),
  since: catalogDate,
  sources,
}).strict();
export type OwnershipPeriod = z.infer<typeof ownershipPeriodSchema>;

export const entitySchema = z.object({
  /** Stable slug: "umeng", "alibaba", "tencent", "google", "meta". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Entity id of the parent company, or null. */
  parent: z.string().nullable(),
  /** Headquarters country. */
  country: countryCode.nullable(),
  categories: z.array(z.enum(ENTITY_CATEGORIES)),
  /** Other names, including native-script names ("友盟", "腾讯"). */
  aliases: z.array(z.string()).default([]),
  /** Registrable domains or host suffixes owned/operated by the entity. */
  domains: z.array(z.string().regex(/^[a-z0-9.-]+$/)),
  sources,
  /** Caveats a reader should know (ownership changes, registration vs. operating country...). */
  note: z.string().optional(),
  /** Dated ownership, oldest first (Krux: independent, then Salesforce from 2016-11). Absent: `parent` at all times. */
  ownership: z.array(ownershipPeriodSchema).optional(),
}).strict();
export type CatalogEntity = z.infer<typeof entitySchema>;

export const sdkSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Entity id (must exist in entities). */
  entity: z.string(),
  category: z.enum(ENTITY_CATEGORIES),
  code: z.object({
    /** Java package/class prefixes, dot-separated, ending with "." for packages ("com.umeng.analytics."). */
    android: z.array(z.string()).default([]),
    /** Objective-C/Swift class or framework names/prefixes. */
    ios: z.array(z.string()).default([]),
    /** Native library file names ("libBugly.so"). */
    nativeLibs: z.array(z.string()).default([]),
  }).strict(),
  /** Host suffixes this SDK talks to ("ulogs.umeng.com", "umeng.com"). */
  network: z.array(z.string()).default([]),
  sources,
}).strict();
export type CatalogSdk = z.infer<typeof sdkSchema>;

export const countrySetSchema = z.object({
  id: z.string(),
  name: z.string(),
  countries: z.array(countryCode),
  note: z.string().optional(),
  sources,
}).strict();
export type CountrySet = z.infer<typeof countrySetSchema>;

export const entitiesFileSchema = z.object({ entities: z.array(entitySchema) }).strict();
export const sdksFileSchema = z.object({ sdks: z.array(sdkSchema) }).strict();
export const countriesFileSchema = z.object({ sets: z.array(countrySetSchema) }).strict();

/**
 * A well-known tracker identifier by name (catalog/tracker-ids.json): a key (or cookie-name prefix) under which a
 * vendor's own documentation says it carries its identifier of the browser or device. Found per exchange, without a
 * profile, as data type tracking.id.
 */
export const trackerIdRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Entity id of the vendor (must exist in entities). */
  entity: z.string(),
  /** Key names as written; compared case-insensitively without `_ - . $`. */
  keys: z.array(z.string().min(1)).default([]),
  /** Cookie-name prefixes ("AMCV_"), compared case-sensitively. */
  keyPrefixes: z.array(z.string().min(1)).default([]),
  /** Where the key sits in the request. */
  carriers: z.array(z.enum(['query', 'cookie', 'body', 'header'])).min(1),
  /** Registrable domains or host suffixes the rule is limited to (short generic keys such as "cid"). */
  hosts: z.array(z.string().regex(/^[a-z0-9.-]+$/)).optional(),
  /** A regular expression whose first group is the identifier inside the value (AMCV_: "MCMID|<id>"). */
  pattern: z.string().optional(),
  sources,
}).strict();
export type TrackerIdRule = z.infer<typeof trackerIdRuleSchema>;
export const trackerIdsFileSchema = z.object({ rules: z.array(trackerIdRuleSchema) }).strict();
