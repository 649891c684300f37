/**
 * Policy as code (docs/policy.md): deny rules over data type, phase, destination country / entity / category / host,
 * party and confidence. `telltale check` fails when evaluatePolicy returns any violation.
 */
import { z } from 'zod';
import { countrySet, ENTITY_CATEGORIES } from '../catalog/index.js';
import { InputError } from '../errors.js';
import { jsonPath, readDataFile } from './files.js';
import type { Report, ReportDestination, ReportFinding } from '../model.js';
import { dataTypePatternSchema } from './laws-schema.js';
import { matchesDataType } from './patterns.js';
import { compareFindingIds, describeHost } from './text.js';
import type { Policy, PolicyRule, Violation } from './types.js';

const MAX_POLICY_BYTES = 1024 * 1024;
const PHASES = ['pre-consent', 'post-consent', 'after-decline', 'background', 'unknown'] as const;
const CONFIDENCES = ['possible', 'likely', 'confirmed'] as const;

const customOrPattern = z.union([z.string().regex(/^custom\.[A-Za-z0-9_.-]{1,100}$/), dataTypePatternSchema]);
const nonEmpty = <T extends z.ZodTypeAny>(item: T) => z.array(item).min(1).max(1000);

const denySchema = z.object({
  dataTypes: nonEmpty(customOrPattern).optional(),
  phases: nonEmpty(z.enum(PHASES)).optional(),
  countries: nonEmpty(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code like "CN"')).optional(),
  countrySets: nonEmpty(z.string().min(1)).optional(),
  countryOf: z.enum(['server', 'controller', 'any']).optional(),
  entities: nonEmpty(z.string().min(1).max(200)).optional(),
  categories: nonEmpty(z.enum(ENTITY_CATEGORIES)).optional(),
  hosts: nonEmpty(z.string().regex(/^[a-z0-9.-]{1,253}$/, 'expected a lower-case host name')).optional(),
  party: z.enum(['first', 'third']).optional(),
  minConfidence: z.enum(CONFIDENCES).optional(),
}).strict().refine(
  (d) => ['dataTypes', 'phases', 'countries', 'countrySets', 'entities', 'categories', 'hosts', 'party']
    .some((k) => d[k as keyof typeof d] !== undefined),
  { message: 'a deny rule needs at least one condition besides countryOf/minConfidence (it would match everything)' },
);

const ruleSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'rule ids are letters, digits, ".", "_" and "-"'),
  description: z.string().max(2000).optional(),
  deny: denySchema,
}).strict();

/** Most statements of each verdict the --declared files may have (issue #15): `declarations: { contradicted: 0 }`. */
const declarationLimitsSchema = z.object({
  contradicted: z.number().int().min(0).optional(),
  unverifiable: z.number().int().min(0).optional(),
}).strict().refine((d) => d.contradicted !== undefined || d.unverifiable !== undefined, { message: 'give contradicted and/or unverifiable' });

const policySchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  rules: z.array(ruleSchema).min(1).max(1000).optional(),
  declarations: declarationLimitsSchema.optional(),
}).strict().refine((p) => p.rules !== undefined || p.declarations !== undefined, { message: 'a policy needs rules, declarations limits, or both' });

function checkSemantics(policy: Policy, file: string): void {
  const seen = new Set<string>();
  policy.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) throw new InputError(file, `$.rules[${i}].id`, `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    rule.deny.countrySets?.forEach((name, j) => {
      try {
        countrySet(name);
      } catch {
        throw new InputError(file, `$.rules[${i}].deny.countrySets[${j}]`, `unknown country set "${name}" (known: countries-of-concern, padfa-foreign-adversaries, eu-eea, gdpr-adequacy)`);
      }
    });
  });
}

/** Validates an already parsed policy object. */
export function parsePolicy(data: unknown, file: string): Policy {
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, jsonPath(issue.path), issue.message);
  }
  const policy: Policy = { ...(parsed.data as Omit<Policy, 'rules'>), rules: (parsed.data.rules ?? []) as PolicyRule[] };
  checkSemantics(policy, file);
  return policy;
}

/** Reads a YAML or JSON policy file; InputError names the place of the first problem. */
export async function loadPolicy(path: string): Promise<Policy> {
  return parsePolicy((await readDataFile(path, 'policy', MAX_POLICY_BYTES)).data, path);
}

// ---- evaluation ----

const RANK: Record<(typeof CONFIDENCES)[number], number> = { possible: 0, likely: 1, confirmed: 2 };

function countriesOf(d: ReportDestination | undefined, of: PolicyRule['deny']['countryOf']): string[] {
  if (!d) return [];
  const server = d.serverCountry ? [d.serverCountry] : [];
  const controller = [d.entity?.country, d.entity?.parentCountry].filter((c): c is string => !!c);
  if (of === 'server') return server;
  if (of === 'controller') return controller;
  return [...server, ...controller];
}

function entityMatches(d: ReportDestination | undefined, wanted: readonly string[]): boolean {
  const e = d?.entity;
  if (!e) return false;
  const names = [e.id, e.name, e.parent ?? ''].map((n) => n.toLowerCase());
  return wanted.some((w) => names.includes(w.toLowerCase()));
}

function hostMatches(host: string, wanted: readonly string[]): boolean {
  return wanted.some((w) => host === w || host.endsWith(`.${w}`));
}

/** A compiled rule: one predicate per condition given, all of which must hold. */
function compile(rule: PolicyRule): (f: ReportFinding, d: ReportDestination | undefined) => boolean {
  const deny = rule.deny;
  const checks: ((f: ReportFinding, d: ReportDestination | undefined) => boolean)[] = [];
  const min = RANK[deny.minConfidence ?? 'likely'];
  checks.push((f) => RANK[f.confidence] >= min);
  if (deny.dataTypes) checks.push((f) => matchesDataType(deny.dataTypes!, f.dataType));
  if (deny.phases) checks.push((f) => deny.phases!.includes(f.phase));
  if (deny.countries || deny.countrySets) {
    const wanted = new Set([...(deny.countries ?? []), ...(deny.countrySets ?? []).flatMap((s) => [...countrySet(s)])]);
    checks.push((_, d) => countriesOf(d, deny.countryOf).some((c) => wanted.has(c)));
  }
  if (deny.entities) checks.push((_, d) => entityMatches(d, deny.entities!));
  if (deny.categories) checks.push((_, d) => (d?.entity?.categories ?? []).some((c) => deny.categories!.includes(c)));
  if (deny.hosts) checks.push((f) => hostMatches(f.host, deny.hosts!));
  if (deny.party) checks.push((_, d) => d?.party === deny.party);
  return (f, d) => checks.every((c) => c(f, d));
}

/** The facts of one violation; the rule id travels beside it (Violation.rule), so it is not repeated here. */
function message(f: ReportFinding, d: ReportDestination | undefined): string {
  const where = [d?.serverCountry ? `server in ${d.serverCountry}` : null, d?.party ? `${d.party} party` : null]
    .filter((x): x is string => x !== null).join(', ');
  return `${f.dataType} sent to ${describeHost(f.host, d)}${where ? ` [${where}]` : ''}, ` +
    `${f.phase}, ${f.confidence} (${f.id} at ${f.time}, ${f.path})`;
}

/** Every (rule, finding) pair that a deny rule matches, in policy rule order, then finding id order. */
export function evaluatePolicy(policy: Policy, report: Report): Violation[] {
  const destinations = new Map(report.destinations.map((d) => [d.host, d]));
  const findings = [...report.findings].sort((a, b) => compareFindingIds(a.id, b.id));
  const out: Violation[] = [];
  for (const rule of policy.rules) {
    const matches = compile(rule);
    for (const f of findings) {
      const d = destinations.get(f.host);
      if (!matches(f, d)) continue;
      const v: Violation = {
        rule: rule.id, finding: f.id, message: message(f, d),
        host: f.host, dataType: f.dataType, phase: f.phase, confidence: f.confidence, source: f.source, path: f.path,
      };
      if (rule.description) v.description = rule.description;
      out.push(v);
    }
  }
  if (policy.declarations) out.push(...declarationViolations(policy.declarations, report));
  return out;
}

/**
 * Declaration limits: past a limit, every statement with that verdict is a violation (so CI lists them all). A policy
 * with limits fails when no declaration was checked at all: a forgotten --declared must not pass silently.
 */
function declarationViolations(limits: NonNullable<Policy['declarations']>, report: Report): Violation[] {
  const results = report.declarations;
  if (!results) {
    return [{ rule: 'declarations', finding: '', message: 'the policy limits declaration verdicts, but no declaration was checked (give --declared FILE)' }];
  }
  const out: Violation[] = [];
  for (const verdict of ['contradicted', 'unverifiable'] as const) {
    const limit = limits[verdict];
    const matching = results.map((d, i) => ({ d, i })).filter(({ d }) => d.verdict === verdict);
    if (limit === undefined || matching.length <= limit) continue;
    for (const { d, i } of matching) {
      const cited = d.findings.length > 0 ? ` (${d.findings.join(', ')})` : '';
      out.push({
        rule: `declarations.${verdict}`, finding: d.findings[0] ?? '', declaration: i,
        message: `"${d.statement}" [${report.declarationSources?.[d.source]?.path ?? `declaration ${d.source}`}] is ${verdict}${cited}: ${d.why}`,
        description: `At most ${limit} ${verdict} declaration statement${limit === 1 ? '' : 's'}; ${matching.length} found.`,
      });
    }
  }
  return out;
}
