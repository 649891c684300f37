/**
 * Law mapping: which rules of catalog/laws.json each finding and each destination touches. The catalog says what a
 * rule covers; this file evaluates the rule's named conditions against the facts of the capture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIR, countrySet } from '../catalog/index.js';
import { createTimeline } from '../timeline/index.js';
import type { ReportDestination, ReportFinding } from '../model.js';
import { lawsFileSchema, type LawCondition, type LawRule, type LawsFile, type Regime } from './laws-schema.js';
import type { LawReference, ProfileContext } from './types.js';
import type { LawInput } from './input.js';
import type { DeviceProfile } from '../detect/types.js';
import { describeHost, distinctSorted, listOf } from './text.js';
import { matchesDataType } from './patterns.js';

let cachedLaws: LawsFile | null = null;

/** The validated law catalog, read once per process. A broken catalog is a packaging bug, not bad user input. */
export function loadLaws(): LawsFile {
  if (cachedLaws) return cachedLaws;
  const file = join(CATALOG_DIR, 'laws.json');
  const parsed = lawsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`catalog/laws.json: invalid at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  cachedLaws = parsed.data;
  return cachedLaws;
}

/** True when the profile context, or a device profile's account, marks the user as a child. */
export function isChildProfile(profile: ProfileContext | DeviceProfile | null | undefined): boolean {
  if (!profile) return false;
  return ('child' in profile && profile.child === true) || ('account' in profile && profile.account?.child === true);
}

/** Findings good enough to link identifiers: a "possible" match must not turn another finding into a linked one. */
const isStrong = (f: ReportFinding): boolean => f.confidence !== 'possible';

/** Who receives the data: the company when known (its hosts together), else the registrable domain. */
function recipientKey(host: string, d: ReportDestination | undefined): string {
  return d?.entity ? `entity:${d.entity.id}` : `domain:${d?.domain || host}`;
}

function recipientName(host: string, d: ReportDestination | undefined): string {
  return describeHost(host, d);
}

interface LawContext {
  destinations: Map<string, ReportDestination>;
  /** Strong findings per recipient key. */
  byRecipient: Map<string, ReportFinding[]>;
  /** Strong and weak findings per host. */
  byHost: Map<string, ReportFinding[]>;
  consentedAt: (timeIso: string) => boolean;
  child: boolean;
  sets: { concern: ReadonlySet<string>; padfa: ReadonlySet<string>; eea: ReadonlySet<string>; adequacy: ReadonlySet<string> };
  /**
   * linkedTypes per rule and recipient: it depends on nothing else, and asking it once per finding made the laws of
   * a capture with 20,000 findings to a few hosts quadratic (40 % of the whole run on the benchmark).
   */
  linked: Map<LawRule, Map<string, string[]>>;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function buildContext(input: LawInput): LawContext {
  const destinations = new Map(input.destinations.map((d) => [d.host, d]));
  const timeline = createTimeline(input.events ?? [], { offsetMs: input.offsetMs });
  return {
    destinations,
    byRecipient: groupBy(input.findings.filter(isStrong), (f) => recipientKey(f.host, destinations.get(f.host))),
    byHost: groupBy(input.findings, (f) => f.host),
    consentedAt: (time) => timeline.label(Date.parse(time)).consent === 'accepted',
    child: isChildProfile(input.profile),
    sets: {
      concern: countrySet('countries-of-concern'),
      padfa: countrySet('padfa-foreign-adversaries'),
      eea: countrySet('eu-eea'),
      adequacy: countrySet('gdpr-adequacy'),
    },
    linked: new Map(),
  };
}

/** "server in CN; controller Umeng in CN; parent Alibaba Group in CN" — only the facts that fall in `set`. */
function countryFacts(d: ReportDestination | undefined, set: ReadonlySet<string>): string[] {
  if (!d) return [];
  const facts: string[] = [];
  if (d.serverCountry && set.has(d.serverCountry)) facts.push(`server in ${d.serverCountry}`);
  const e = d.entity;
  if (e?.country && set.has(e.country)) facts.push(`controller ${e.name} in ${e.country}`);
  if (e?.parent && e.parentCountry && set.has(e.parentCountry)) facts.push(`parent ${e.parent} in ${e.parentCountry}`);
  return facts;
}

function countrySetFor(rule: LawRule, ctx: LawContext): ReadonlySet<string> {
  return rule.when.includes('recipient-padfa-adversary') ? ctx.sets.padfa : ctx.sets.concern;
}

/** What one evaluation of a rule is about: the findings it covers and the destination they went to. */
interface Subject {
  host: string;
  destination: ReportDestination | undefined;
  /** The findings of the rule's data types (one for finding scope, all to the host for destination scope). */
  findings: ReportFinding[];
  /** Listed-identifier types of the rule sent to the same recipient, when there are two or more. */
  linked: string[];
  /** For finding scope: the finding's own type, left out when naming what it was linked with. */
  self?: string;
}

/**
 * The data types that make the recipient's listed identifiers "linked": two or more listed types, or at least one
 * listed type together with sensitive data (rule.alsoLinksWith). Empty when nothing is linked.
 */
function linkedTypes(rule: LawRule, host: string, ctx: LawContext): string[] {
  const recipient = recipientKey(host, ctx.destinations.get(host));
  let byRecipient = ctx.linked.get(rule);
  if (!byRecipient) ctx.linked.set(rule, (byRecipient = new Map<string, string[]>()));
  let types = byRecipient.get(recipient);
  if (!types) byRecipient.set(recipient, (types = linkedTypesOf(rule, ctx.byRecipient.get(recipient) ?? [])));
  return types;
}

function linkedTypesOf(rule: LawRule, sent: readonly ReportFinding[]): string[] {
  const typesOf = (patterns: readonly string[]) =>
    distinctSorted(sent.filter((f) => matchesDataType(patterns, f.dataType)).map((f) => f.dataType));
  const listed = typesOf(rule.dataTypes);
  const sensitive = typesOf(rule.alsoLinksWith).filter((t) => !listed.includes(t));
  const linked = listed.length >= 2 || (listed.length === 1 && sensitive.length > 0);
  return linked ? distinctSorted([...listed, ...sensitive]) : [];
}

function holds(condition: LawCondition, rule: LawRule, s: Subject, ctx: LawContext): boolean {
  const d = s.destination;
  switch (condition) {
    case 'recipient-in-countries-of-concern':
      return countryFacts(d, ctx.sets.concern).length > 0;
    case 'recipient-padfa-adversary':
      return countryFacts(d, ctx.sets.padfa).length > 0;
    case 'linked-listed-identifier':
      return s.linked.length >= 2 && s.findings.some((f) => matchesDataType(rule.dataTypes, f.dataType));
    case 'no-prior-consent':
      return s.findings.some((f) => !ctx.consentedAt(f.time));
    case 'child':
      return ctx.child;
    case 'third-party':
      return d?.party === 'third';
    case 'server-without-gdpr-adequacy': {
      const c = d?.serverCountry;
      return !!c && !ctx.sets.eea.has(c) && !ctx.sets.adequacy.has(c);
    }
  }
}

/** Location findings say how precise they are; a rule for "precise within N m" skips coarser ones. */
function preciseEnough(rule: LawRule, f: ReportFinding): boolean {
  const meters = f.details?.precisionMeters;
  return rule.maxMeters === undefined || typeof meters !== 'number' || meters <= rule.maxMeters;
}

function renderNote(rule: LawRule, s: Subject, ctx: LawContext): string {
  const d = s.destination;
  const values: Record<string, string> = {
    dataType: s.findings[0]?.dataType ?? '',
    dataTypes: listOf(distinctSorted(s.findings.map((f) => f.dataType))),
    host: s.host,
    recipient: recipientName(s.host, d),
    countries: countryFacts(d, countrySetFor(rule, ctx)).join('; '),
    linked: listOf(s.linked.filter((t) => t !== s.self)),
    serverCountry: d?.serverCountry ?? 'an unknown country',
  };
  return rule.note.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function reference(regime: Regime, rule: LawRule, s: Subject, ctx: LawContext): LawReference {
  return { regime: regime.id, rule: rule.id, note: renderNote(rule, s, ctx), source: rule.sources[0]! };
}

function applies(rule: LawRule, s: Subject, ctx: LawContext): boolean {
  return s.findings.length > 0 && rule.when.every((c) => holds(c, rule, s, ctx));
}

function findingLaws(f: ReportFinding, ctx: LawContext): LawReference[] {
  const out: LawReference[] = [];
  for (const regime of loadLaws().regimes) {
    for (const rule of regime.rules) {
      if (rule.scope !== 'finding' || !matchesDataType(rule.dataTypes, f.dataType) || !preciseEnough(rule, f)) continue;
      const subject: Subject = {
        host: f.host, destination: ctx.destinations.get(f.host), findings: [f], linked: linkedTypes(rule, f.host, ctx),
        self: f.dataType,
      };
      if (applies(rule, subject, ctx)) out.push(reference(regime, rule, subject, ctx));
    }
  }
  return out;
}

function destinationLaws(d: ReportDestination, ctx: LawContext): LawReference[] {
  const sent = ctx.byHost.get(d.host) ?? [];
  const out: LawReference[] = [];
  for (const regime of loadLaws().regimes) {
    for (const rule of regime.rules) {
      if (rule.scope !== 'destination') continue;
      const findings = sent.filter((f) => matchesDataType(rule.dataTypes, f.dataType) && preciseEnough(rule, f));
      const subject: Subject = { host: d.host, destination: d, findings, linked: linkedTypes(rule, d.host, ctx) };
      if (applies(rule, subject, ctx)) out.push(reference(regime, rule, subject, ctx));
    }
  }
  return out;
}

/** The rules one finding touches. For many findings use lawsForFindings, which builds the context once. */
export function lawsForFinding(finding: ReportFinding, input: LawInput): LawReference[] {
  return findingLaws(finding, buildContext(input));
}

/** Rules touched, per finding id (findings that touch none are left out), in the order of input.findings. */
export function lawsForFindings(input: LawInput): Map<string, LawReference[]> {
  const ctx = buildContext(input);
  const out = new Map<string, LawReference[]>();
  for (const f of input.findings) {
    const laws = findingLaws(f, ctx);
    if (laws.length > 0) out.set(f.id, laws);
  }
  return out;
}

/** Rules touched, per destination host (hosts that touch none are left out), in the order of input.destinations. */
export function lawsForDestinations(input: LawInput): Map<string, LawReference[]> {
  const ctx = buildContext(input);
  const out = new Map<string, LawReference[]>();
  for (const d of input.destinations) {
    const laws = destinationLaws(d, ctx);
    if (laws.length > 0) out.set(d.host, laws);
  }
  return out;
}
