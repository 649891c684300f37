/**
 * Reading a report JSON written earlier (for `telltale diff`): checked against the parts of telltale.report/1 that
 * comparing needs, so a wrong or damaged file fails with one line naming the file and the place.
 */
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { REPORT_SCHEMA, type Report } from '../model.js';

/** Larger report files are refused rather than read into memory (a 100k-finding report is ~100 MB). */
const MAX_REPORT_BYTES = 1024 * 1024 * 1024;

const entity = z.object({
  id: z.string(), name: z.string(), parent: z.string().nullable(), country: z.string().nullable(),
  parentCountry: z.string().nullable().optional(), ultimateParent: z.string().nullable().optional(),
}).passthrough();

const reportShape = z.object({
  schema: z.literal(REPORT_SCHEMA),
  tool: z.object({ name: z.literal('telltale'), version: z.string() }).passthrough(),
  inputs: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number(), format: z.string() }).passthrough()),
  destinations: z.array(z.object({
    host: z.string(), domain: z.string(), entity: entity.nullable(), serverCountry: z.string().nullable(),
    party: z.enum(['first', 'third']), findings: z.number(),
  }).passthrough()),
  findings: z.array(z.object({
    id: z.string(), dataType: z.string(), host: z.string(), confidence: z.enum(['confirmed', 'likely', 'possible']),
  }).passthrough()),
  claims: z.array(z.object({ id: z.string(), verdict: z.string(), findings: z.array(z.string()), summary: z.string() }).passthrough()),
  declarations: z.array(z.object({ statement: z.string(), verdict: z.enum(['contradicted', 'consistent', 'unverifiable']) }).passthrough()).optional(),
  app: z.object({ scan: z.object({ app: z.object({ version: z.string().nullable() }).passthrough() }).passthrough() }).passthrough().optional(),
}).passthrough();

function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}

export async function loadReport(path: string): Promise<Report> {
  const size = (await stat(path)).size;
  if (size > MAX_REPORT_BYTES) throw new InputError(path, null, `report is ${size} bytes, more than the ${MAX_REPORT_BYTES} accepted`);
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(path, null, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (value && typeof value === 'object' && 'schema' in value && value.schema !== REPORT_SCHEMA) {
    throw new InputError(path, '$.schema', `expected "${REPORT_SCHEMA}" (a telltale analyze report), got ${JSON.stringify(value.schema).slice(0, 60)}`);
  }
  const parsed = reportShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(path, jsonPath(issue.path), `not a telltale report: ${issue.message}`);
  }
  return parsed.data as unknown as Report;
}
