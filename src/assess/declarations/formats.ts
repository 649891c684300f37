/**
 * The three declaration formats `--declared` reads, told apart by content:
 *  - telltale.declaration/1 (JSON or YAML): `{ schema, source, statements: [{ id, text, kind, ... }] }`;
 *  - a Google Play Data safety record as google-play-scraper's datasafety() returns it (lib/datasafety.js):
 *    `{ sharedData: [{ data, optional, purpose, type }], collectedData: [...], securityPractices: [{ practice,
 *    description }], privacyPolicyUrl }` — `type` is the category, `data` the data type, both English display text;
 *  - an App Store privacy record as app-store-scraper's privacy() returns it (lib/privacy.js: Apple's privacyDetails
 *    unchanged): `{ privacyTypes: [{ identifier, dataCategories: [{ identifier, dataTypes }], purposes: [{ identifier,
 *    dataCategories }] }] }` — the tracking type lists categories itself, linked / not linked nest them under purposes.
 * A malformed file is an InputError naming the file and the JSON path of the first problem.
 */
import { z } from 'zod';
import { countrySet } from '../../catalog/index.js';
import { InputError } from '../../errors.js';
import { jsonPath, readDataFile } from '../files.js';
import { dataTypePatternSchema } from '../laws-schema.js';

const MAX_DECLARATION_BYTES = 4 * 1024 * 1024;

export const DECLARATION_SCHEMA = 'telltale.declaration/1';

// ---- telltale.declaration/1 ----

const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code like "SG"');
const CUSTOM_TYPE = /^custom\.[A-Za-z0-9_.-]{1,100}$/;
const dataTypePattern = z.string().refine((t) => CUSTOM_TYPE.test(t) || dataTypePatternSchema.safeParse(t).success,
  { message: 'expected a data-type id like "device.imei", a family like "device.*", "*", or "custom.NAME"' });
const base = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'statement ids are letters, digits, ".", "_" and "-"'),
  text: z.string().min(1).max(2000),
};

const ownStatementSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('storage-countries'), countries: z.array(country).min(1).max(300) }).strict(),
  z.object({ ...base, kind: z.literal('no-collection-before-consent') }).strict(),
  z.object({ ...base, kind: z.literal('no-third-party-sharing'), except: z.array(z.string().min(1).max(253)).max(1000).default([]) }).strict(),
  z.object({ ...base, kind: z.literal('not-collected'), dataTypes: z.array(dataTypePattern).min(1).max(100) }).strict(),
  z.object({ ...base, kind: z.literal('not-shared'), dataTypes: z.array(dataTypePattern).min(1).max(100) }).strict(),
  z.object({
    ...base, kind: z.literal('no-transfer-to'),
    countries: z.array(country).min(1).max(300).optional(),
    countrySets: z.array(z.string().min(1)).min(1).max(10).optional(),
  }).strict().refine((s) => s.countries !== undefined || s.countrySets !== undefined, { message: 'no-transfer-to needs countries or countrySets' }),
]);
export type OwnStatement = z.infer<typeof ownStatementSchema>;
export type OwnStatementKind = OwnStatement['kind'];

const ownSchema = z.object({
  schema: z.literal(DECLARATION_SCHEMA),
  /** Where the statements were made: a privacy policy URL, a court filing, a press statement. */
  source: z.string().min(1).max(2000),
  app: z.string().max(300).optional(),
  statements: z.array(ownStatementSchema).max(1000),
  /** Remarks for the reader (telltale declare lists what it did not draft, and why): not statements, not checked. */
  notes: z.array(z.string().max(5000)).max(1000).optional(),
  /** A Data safety answer sheet (telltale declare writes one): kept for the developer, not checked as statements. */
  dataSafety: z.unknown().optional(),
}).strict();

// ---- Google Play Data safety (google-play-scraper datasafety()) ----

const playEntrySchema = z.object({
  data: z.string().min(1),
  optional: z.boolean().nullable().optional(),
  purpose: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
});
const playSchema = z.object({
  sharedData: z.array(playEntrySchema).max(1000),
  collectedData: z.array(playEntrySchema).max(1000),
  securityPractices: z.array(z.object({ practice: z.string().min(1), description: z.string().nullable().optional() })).max(100).optional(),
  privacyPolicyUrl: z.string().nullable().optional(),
});
export type PlayRecord = z.infer<typeof playSchema>;
export type PlayEntry = z.infer<typeof playEntrySchema>;

// ---- App Store privacy details (app-store-scraper privacy()) ----

export const APPLE_PRIVACY_TYPES = ['DATA_USED_TO_TRACK_YOU', 'DATA_LINKED_TO_YOU', 'DATA_NOT_LINKED_TO_YOU', 'DATA_NOT_COLLECTED'] as const;
export const APPLE_PURPOSES = ['THIRD_PARTY_ADVERTISING', 'DEVELOPERS_ADVERTISING', 'ANALYTICS', 'PRODUCT_PERSONALIZATION', 'APP_FUNCTIONALITY', 'OTHER_PURPOSES'] as const;

const appleCategorySchema = z.object({
  identifier: z.string().min(1).max(100),
  dataCategory: z.string().nullable().optional(),
  dataTypes: z.array(z.string().min(1)).max(100).default([]),
});
const applePurposeSchema = z.object({
  identifier: z.string().min(1).max(100),
  purpose: z.string().nullable().optional(),
  dataCategories: z.array(appleCategorySchema).max(100).default([]),
});
const applePrivacyTypeSchema = z.object({
  identifier: z.enum(APPLE_PRIVACY_TYPES),
  privacyType: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  dataCategories: z.array(appleCategorySchema).max(100).default([]),
  purposes: z.array(applePurposeSchema).max(100).default([]),
});
const appleSchema = z.object({
  managePrivacyChoicesUrl: z.string().nullable().optional(),
  privacyTypes: z.array(applePrivacyTypeSchema).max(10),
});
export type AppleRecord = z.infer<typeof appleSchema>;
export type AppleCategory = z.infer<typeof appleCategorySchema>;

// ---- reading ----

export type DeclarationKind = 'telltale-declaration' | 'play-data-safety' | 'app-store-privacy';

interface FileFacts {
  path: string;
  sha256: string;
  bytes: number;
}

export type DeclarationFile = FileFacts & (
  | { kind: 'telltale-declaration'; source: string; statements: OwnStatement[] }
  | { kind: 'play-data-safety'; record: PlayRecord }
  | { kind: 'app-store-privacy'; record: AppleRecord }
);

function validate<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, jsonPath(issue.path), issue.message);
  }
  return parsed.data;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which format a parsed file is, from its content alone. */
export function declarationKindOf(data: unknown): DeclarationKind | null {
  if (!isObject(data)) return null;
  if ('schema' in data) return 'telltale-declaration';
  if ('sharedData' in data || 'collectedData' in data) return 'play-data-safety';
  if ('privacyTypes' in data) return 'app-store-privacy';
  return null;
}

function checkOwnSemantics(statements: readonly OwnStatement[], file: string): void {
  const seen = new Set<string>();
  statements.forEach((s, i) => {
    if (seen.has(s.id)) throw new InputError(file, `$.statements[${i}].id`, `duplicate statement id "${s.id}"`);
    seen.add(s.id);
    if (s.kind !== 'no-transfer-to') return;
    s.countrySets?.forEach((name, j) => {
      try {
        countrySet(name);
      } catch {
        throw new InputError(file, `$.statements[${i}].countrySets[${j}]`, `unknown country set "${name}" (known: countries-of-concern, padfa-foreign-adversaries, eu-eea, gdpr-adequacy)`);
      }
    });
  });
}

/** Validates already parsed content of `file`. */
export function parseDeclaration(data: unknown, facts: FileFacts): DeclarationFile {
  const file = facts.path;
  const kind = declarationKindOf(data);
  switch (kind) {
    case 'telltale-declaration': {
      const schema = (data as Record<string, unknown>).schema;
      if (schema !== DECLARATION_SCHEMA) {
        throw new InputError(file, '$.schema', `unknown schema ${JSON.stringify(schema)}; expected "${DECLARATION_SCHEMA}"`);
      }
      const own = validate(ownSchema, data, file);
      checkOwnSemantics(own.statements, file);
      return { ...facts, kind, source: own.source, statements: own.statements };
    }
    case 'play-data-safety':
      return { ...facts, kind, record: validate(playSchema, data, file) };
    case 'app-store-privacy':
      return { ...facts, kind, record: validate(appleSchema, data, file) };
    case null:
      throw new InputError(file, '$', 'not a declaration: expected a telltale.declaration/1 file ("schema"), a Google Play Data safety ' +
        'record ("sharedData"/"collectedData", google-play-scraper datasafety()) or an App Store privacy record ("privacyTypes", ' +
        'app-store-scraper privacy())');
  }
}

/** Reads one --declared file (JSON or YAML, at most 4 MiB). */
export async function loadDeclaration(path: string): Promise<DeclarationFile> {
  const f = await readDataFile(path, 'declaration', MAX_DECLARATION_BYTES);
  return parseDeclaration(f.data, { path, sha256: f.sha256, bytes: f.bytes });
}
