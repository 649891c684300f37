/**
 * What changed between two reports (two app versions, or an accept and a decline run): destinations, companies,
 * countries and (data type → company) flows added and removed, claims and declarations whose verdict changed — and
 * one sentence per change, "v9.2 started sending contacts to ByteDance".
 *
 * Flows count confirmed and likely findings only: a "possible" finding is too weak to say an app "started sending".
 */
import type { Report } from '../model.js';
import { cmp } from '../util/compare.js';
import { countryName } from './assets.js';
import type { Change, DeclarationChange, DiffSide, Flow, ReportDiff, VerdictChange } from './types.js';
import { companyOf, controllerCountry, FIRST_PARTY_LABEL } from './who.js';
import { claimTitle, verdictWord } from './words.js';

export interface DiffOptions {
  /** Names for the two sides in sentences (default: app version, else input file names). */
  oldLabel?: string;
  newLabel?: string;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function defaultLabel(report: Report): string {
  const version = report.app?.scan.app.version;
  if (version) return /^v/i.test(version) ? version : `v${version}`;
  return report.inputs.map((i) => baseName(i.path)).join(' + ') || 'report';
}

function side(report: Report, label: string): DiffSide {
  return {
    label,
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256 })),
    findings: report.findings.length,
    destinations: report.destinations.length,
  };
}

function change<T>(before: Map<string, T>, after: Map<string, T>): Change<T> {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort(cmp).map((k) => after.get(k)!);
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort(cmp).map((k) => before.get(k)!);
  return { added, removed };
}

function setOf(values: Iterable<string | null>): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) if (v) out.set(v, v);
  return out;
}

function companies(report: Report): Map<string, string> {
  return setOf(report.destinations.map((d) => (d.party === 'first' && !d.entity ? null : companyOf(d))));
}

function flows(report: Report): Map<string, Flow> {
  const byHost = new Map(report.destinations.map((d) => [d.host, d]));
  const out = new Map<string, Flow>();
  for (const f of report.findings) {
    if (f.confidence === 'possible') continue;
    const company = companyOf(byHost.get(f.host));
    out.set(`${f.dataType}\u0000${company}`, { dataType: f.dataType, company });
  }
  return out;
}

function claimChanges(before: Report, after: Report): VerdictChange[] {
  const a = new Map(before.claims.map((c) => [c.id as string, c.verdict as string]));
  const b = new Map(after.claims.map((c) => [c.id as string, c.verdict as string]));
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort(cmp);
  return ids.filter((id) => a.get(id) !== b.get(id))
    .map((id) => ({ id, title: claimTitle(id), before: a.get(id) ?? null, after: b.get(id) ?? null }));
}

function declarationChanges(before: Report, after: Report): DeclarationChange[] {
  const a = new Map((before.declarations ?? []).map((d) => [d.statement, d.verdict]));
  const b = new Map((after.declarations ?? []).map((d) => [d.statement, d.verdict]));
  const statements = [...new Set([...a.keys(), ...b.keys()])].sort(cmp);
  return statements.filter((s) => a.get(s) !== b.get(s))
    .map((statement) => ({ statement, before: a.get(statement) ?? null, after: b.get(statement) ?? null }));
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Added or removed flows as sentences, one per company: "v9.2 started sending contacts and location to X". */
function flowSentences(label: string, verb: string, list: readonly Flow[]): string[] {
  const byCompany = new Map<string, string[]>();
  for (const f of list) byCompany.set(f.company, [...(byCompany.get(f.company) ?? []), f.dataType]);
  return [...byCompany.entries()].sort(([a], [b]) => cmp(a, b)).map(([company, types]) =>
    `${label} ${verb} ${listWords([...types].sort(cmp))} to ${company === FIRST_PARTY_LABEL ? 'the app itself (first party)' : company}.`);
}

function verdictPhrase(v: string | null): string {
  return v === null ? 'not evaluated' : verdictWord(v);
}

function headlines(d: Omit<ReportDiff, 'headlines'>): string[] {
  const oldL = d.old.label;
  const newL = d.new.label;
  const out: string[] = [];
  for (const c of d.claims) {
    out.push(`Claim “${c.title}”: ${verdictPhrase(c.before)} in ${oldL}, ${verdictPhrase(c.after)} in ${newL}.`);
  }
  for (const c of d.declarations) {
    out.push(`Declaration “${c.statement}”: ${verdictPhrase(c.before)} in ${oldL}, ${verdictPhrase(c.after)} in ${newL}.`);
  }
  out.push(...flowSentences(newL, 'started sending', d.flows.added));
  out.push(...flowSentences(newL, 'stopped sending', d.flows.removed));
  const countries = (codes: readonly string[]) => listWords(codes.map((c) => `${countryName(c)} (${c})`));
  if (d.serverCountries.added.length) out.push(`${newL} reached servers in ${countries(d.serverCountries.added)}, which ${oldL} did not.`);
  if (d.serverCountries.removed.length) out.push(`${newL} no longer reached servers in ${countries(d.serverCountries.removed)}.`);
  if (d.companyCountries.added.length) out.push(`${newL} sent traffic to companies controlled from ${countries(d.companyCountries.added)}, which ${oldL} did not.`);
  if (d.companyCountries.removed.length) out.push(`${newL} no longer sent traffic to companies controlled from ${countries(d.companyCountries.removed)}.`);
  if (d.companies.added.length) out.push(`${newL} contacted ${listWords(d.companies.added)} for the first time.`);
  if (d.companies.removed.length) out.push(`${newL} no longer contacted ${listWords(d.companies.removed)}.`);
  if (out.length === 0) out.push(`No change in destinations, companies, countries, flows or verdicts between ${oldL} and ${newL}.`);
  return out;
}

export function diffReports(before: Report, after: Report, options: DiffOptions = {}): ReportDiff {
  let oldLabel = options.oldLabel ?? defaultLabel(before);
  let newLabel = options.newLabel ?? defaultLabel(after);
  if (oldLabel === newLabel) {
    oldLabel = `${oldLabel} (old)`;
    newLabel = `${newLabel} (new)`;
  }
  const body: Omit<ReportDiff, 'headlines'> = {
    schema: 'telltale.diff/1',
    old: side(before, oldLabel),
    new: side(after, newLabel),
    destinations: change(setOf(before.destinations.map((d) => d.host)), setOf(after.destinations.map((d) => d.host))),
    companies: change(companies(before), companies(after)),
    serverCountries: change(setOf(before.destinations.map((d) => d.serverCountry)), setOf(after.destinations.map((d) => d.serverCountry))),
    companyCountries: change(setOf(before.destinations.map(controllerCountry)), setOf(after.destinations.map(controllerCountry))),
    flows: change(flows(before), flows(after)),
    claims: claimChanges(before, after),
    declarations: declarationChanges(before, after),
  };
  return { ...body, headlines: headlines(body) };
}
