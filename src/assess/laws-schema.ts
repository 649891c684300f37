/**
 * Schema of catalog/laws.json: legal regimes and the rules a finding or a destination can touch. The data file says
 * *what* each rule covers (data types, conditions, a note template, sources); src/assess/laws.ts only evaluates the
 * named conditions. Notes state facts and the rule they touch; they never conclude that something is unlawful.
 */
import { z } from 'zod';
import { DATA_TYPES } from '../detect/types.js';

const sourceUrl = z.string().url();

/** Conditions the code knows how to evaluate; a rule applies only when all of its conditions hold. */
export const LAW_CONDITIONS = [
  /** Server country, entity country or parent country is in countries-of-concern (28 CFR 202.601). */
  'recipient-in-countries-of-concern',
  /** Server country, entity country or parent country is in padfa-foreign-adversaries. */
  'recipient-padfa-adversary',
  /** The same recipient got two different listed-identifier types, or one with sensitive data (28 CFR 202.212). */
  'linked-listed-identifier',
  /** No "consent accepted" event at or before the finding (or no events at all). */
  'no-prior-consent',
  /** The profile marks the user as a child. */
  'child',
  /** The destination is a third party. */
  'third-party',
  /** The server country is known, outside the EU/EEA and without an adequacy decision. */
  'server-without-gdpr-adequacy',
] as const;
export type LawCondition = (typeof LAW_CONDITIONS)[number];

const KNOWN_TYPES: ReadonlySet<string> = new Set(DATA_TYPES);
const FAMILY = /^[a-z]+\.\*$/;

/** "*", "device.*" or an exact data-type id. */
export const dataTypePatternSchema = z.string().refine(
  (s) => s === '*' || FAMILY.test(s) || KNOWN_TYPES.has(s),
  { message: 'expected a data-type id, a family like "device.*", or "*"' },
);

export const lawRuleSchema = z.object({
  /** Rule id within the regime ("202.234-listed-identifier"). */
  id: z.string().regex(/^[a-z0-9][a-z0-9.()-]*$/),
  title: z.string().min(1),
  /** finding: checked per finding; destination: per host, over the findings sent to it. */
  scope: z.enum(['finding', 'destination']),
  dataTypes: z.array(dataTypePatternSchema).min(1),
  when: z.array(z.enum(LAW_CONDITIONS)).default([]),
  /**
   * For linked-listed-identifier: other data types that link a listed identifier sent to the same recipient
   * (28 CFR 202.212(b): a listed identifier linked "to other sensitive personal data").
   */
  alsoLinksWith: z.array(dataTypePatternSchema).default([]),
  /** For location data: the rule covers coordinates at least this precise, when the finding says how precise. */
  maxMeters: z.number().positive().optional(),
  /**
   * Note template. Placeholders: {dataType} {dataTypes} {host} {recipient} {countries} {linked} {serverCountry}.
   * Facts only.
   */
  note: z.string().min(1),
  sources: z.array(sourceUrl).min(1),
}).strict();
export type LawRule = z.infer<typeof lawRuleSchema>;

export const regimeSchema = z.object({
  /** "us-28cfr202", "us-padfa", "il-bipa", "us-coppa", "ca-cpra", "eu-gdpr". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  jurisdiction: z.string().min(1),
  /** Date from which the regime applies (ISO date), when it matters for reading a capture. */
  effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  sources: z.array(sourceUrl).min(1),
  rules: z.array(lawRuleSchema).min(1),
}).strict();
export type Regime = z.infer<typeof regimeSchema>;

export const lawsFileSchema = z.object({ regimes: z.array(regimeSchema).min(1) }).strict();
export type LawsFile = z.infer<typeof lawsFileSchema>;
