/**
 * The sections of `npm run eval`. A section generates (or reads) labelled captures, runs the analyzer over them and
 * returns its rows (table.ts), its crashes and its own markdown. run.ts lists the sections; adding one is one file
 * exporting a Section and one line in that list.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { EvalCase } from './cases.js';
import { generateLabelledCorpus, type Label } from './labelled.js';
import { code, scoreSection } from './markdown.js';
import { generateOovCapture } from './oov.js';
import { score, type ScoredFinding } from './score.js';
import { generateSdkCases } from './sdk-cases.js';
import { scoreCases, type SectionScore } from './table.js';

/** The part of a report a section reads. */
export interface AnalyzedReport {
  findings: (ScoredFinding & { alsoMatches?: string[] })[];
  summary: { exchanges: number };
}

/** analyze() as the evaluation calls it; tests pass a wrapper (a detector broken on purpose). */
export type Analyzer = (inputs: string[], options: { profile?: string; reveal?: boolean }) => Promise<AnalyzedReport>;

export interface SectionContext {
  analyze: Analyzer;
  /** A directory the section may write its generated captures into. */
  workDir: string;
  seed: number | null;
  /** ../shared/corpus (or TELLTALE_CORPUS). */
  corpusDir: string;
}

export interface SectionInput {
  file: string;
  sha256: string;
  entries: number;
}

export interface SectionResult {
  id: string;
  title: string;
  inputs: SectionInput[];
  cases: EvalCase[];
  scores: SectionScore[];
  /** Cases (or whole inputs) whose analysis threw: each one fails the run. */
  crashes: string[];
  /** Other reasons this section fails the run (e.g. a confirmed finding without a profile). */
  failures: string[];
  /** Section-specific detail for docs/accuracy.md. */
  markdown: string;
}

export interface Section {
  id: string;
  title: string;
  run(ctx: SectionContext): Promise<SectionResult>;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/**
 * Findings of one HAR, and the cases that crashed. The whole file is analyzed once; when that throws, the entries are
 * split in halves and each half analyzed alone, recursively, so a crash is pinned on its case (a one-entry HAR) in
 * about 2·log2(n) analyses while every other case is still scored.
 */
export async function analyzeIsolated(analyze: Analyzer, harPath: string, options: { profile?: string },
  describe: (entry: number) => string): Promise<{ findings: ScoredFinding[]; crashes: string[] }> {
  try {
    const report = await analyze([harPath], { ...options, reveal: true });
    return { findings: report.findings, crashes: [] };
  } catch (whole) {
    const har = JSON.parse(await readFile(harPath, 'utf8')) as { log: { entries: unknown[] } & Record<string, unknown> };
    const dir = `${harPath}.isolated`;
    await mkdir(dir, { recursive: true });
    const findings: ScoredFinding[] = [];
    const crashes: string[] = [];
    let written = 0;
    const part = async (indexes: number[]): Promise<void> => {
      const file = join(dir, `${written++}.har`);
      await writeFile(file, JSON.stringify({ log: { ...har.log, entries: indexes.map((i) => har.log.entries[i]) } }));
      try {
        const report = await analyze([file], { ...options, reveal: true });
        for (const f of report.findings) findings.push({ ...f, source: { input: f.source.input, index: indexes[f.source.index]! } });
      } catch (e) {
        if (indexes.length === 1) {
          crashes.push(`${basename(harPath)} entry ${indexes[0]} (${describe(indexes[0]!)}): ${messageOf(e)}`);
          return;
        }
        const half = Math.ceil(indexes.length / 2);
        await part(indexes.slice(0, half));
        await part(indexes.slice(half));
      }
    };
    const all = har.log.entries.map((_, i) => i);
    const half = Math.ceil(all.length / 2);
    await part(all.slice(0, half));
    if (all.length > 1) await part(all.slice(half));
    if (crashes.length === 0) crashes.push(`${basename(harPath)}: the whole file crashed (${messageOf(whole)}) but no part of it alone did`);
    return { findings, crashes };
  }
}

function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
}

function describeCase(cases: readonly EvalCase[]): (entry: number) => string {
  return (entry) => {
    const c = cases.find((x) => x.entry === entry);
    return c ? `${c.kind} ${c.dataType}, ${c.form}` : 'filler';
  };
}

// --- the labelled corpus (eval/labelled.ts): known values in every location and transform, plus generic items ---

const DIGEST_WORDS = /^(md5|sha1|sha256|sha512)$/;

/** The encoding family of a labelled-corpus transform, for the per-family rows. */
export function familyOfTransform(transform: readonly string[]): string {
  if (transform.length === 0) return 'plain';
  if (transform.some((t) => t.startsWith('salted-'))) return 'salted-digest';
  const digests = transform.filter((t) => DIGEST_WORDS.test(t)).length;
  if (digests >= 2) return 'digest-2-layer';
  if (digests === 1) return 'digest';
  if (transform.some((t) => ['e7', 'pair-string', 'lon-lat-order', 'scaled-1e6'].includes(t))) return 'coordinates';
  if (transform.some((t) => ['base64', 'base64url', 'hex', 'url-encoded', 'form-encoded'].includes(t))) return 'encoding';
  return 'normalisation';
}

export function casesOfLabels(labels: readonly Label[]): EvalCase[] {
  return labels.map((l): EvalCase => {
    const known = l.kind === 'known' || (l.kind === 'decoy' && l.field !== null);
    return {
      entry: l.entry, kind: l.kind === 'decoy' ? 'decoy' : 'positive', mode: known ? 'known' : 'generic', dataType: l.dataType,
      family: known ? familyOfTransform(l.transform) : 'dictionary-keys', form: l.transform.join('+') || 'plain', where: l.where,
      value: l.value, planted: l.planted, source: 'eval/labelled.ts (telltale\'s own corpus)',
      ...(l.accepts ? { accepts: l.accepts } : {}), ...(l.kind === 'known' ? { transform: l.transform } : {}),
    };
  });
}

export const labelledSection: Section = {
  id: 'labelled',
  title: 'Labelled corpus (eval/labelled.ts): profile values in 17 locations and every transform; generic items under dictionary keys',
  async run(ctx) {
    const dir = join(ctx.workDir, 'labelled');
    const corpus = await generateLabelledCorpus(dir, ctx.seed ?? undefined);
    const cases = casesOfLabels(corpus.labels);
    const describe = describeCase(cases);
    const withProfile = await analyzeIsolated(ctx.analyze, corpus.harPath, { profile: corpus.profilePath }, describe);
    const withoutProfile = await analyzeIsolated(ctx.analyze, corpus.harPath, {}, describe);
    const confirmedWithoutProfile = withoutProfile.findings.filter((f) => f.confidence === 'confirmed');
    const known = score('known', corpus.labels, withProfile.findings);
    const generic = score('generic', corpus.labels, withoutProfile.findings);
    return {
      id: this.id, title: this.title, cases,
      inputs: [{ file: 'labelled.har', sha256: await sha256Of(corpus.harPath), entries: corpus.entries }],
      scores: [scoreCases(this.id, 'known', cases, withProfile.findings), scoreCases(this.id, 'generic', cases, withoutProfile.findings)],
      crashes: [...new Set([...withProfile.crashes, ...withoutProfile.crashes])],
      failures: confirmedWithoutProfile.length > 0
        ? [`labelled: ${confirmedWithoutProfile.length} confirmed finding(s) without a profile`] : [],
      markdown: ['### Known values: per transform and location', '', scoreSection(known), '',
        '### Generic detectors on the dictionary-keyed items', '', scoreSection(generic)].join('\n'),
    };
  },
};

// --- the out-of-vocabulary app capture (eval/oov.ts) ---

export const oovSection: Section = {
  id: 'oov',
  title: 'Out-of-vocabulary app capture (eval/oov.ts): profile values in forms SDK authors write, with look-alike decoys',
  async run(ctx) {
    const capture = await generateOovCapture(join(ctx.workDir, 'oov'), ctx.seed ?? undefined);
    const analysis = await analyzeIsolated(ctx.analyze, capture.harPath, { profile: capture.profilePath }, describeCase(capture.cases));
    return {
      id: this.id, title: this.title, cases: capture.cases,
      inputs: [{ file: 'oov.har', sha256: await sha256Of(capture.harPath), entries: capture.entries }],
      scores: [scoreCases(this.id, 'known', capture.cases, analysis.findings)],
      crashes: analysis.crashes, failures: [], markdown: casesTable(capture.cases),
    };
  },
};

// --- generic detectors on SDK-documented fields (eval/sdk-cases.ts) ---

export const sdkSection: Section = {
  id: 'sdk-keys',
  title: 'Generic detectors on SDK-documented fields and uploads (eval/sdk-cases.ts), no profile',
  async run(ctx) {
    const capture = await generateSdkCases(join(ctx.workDir, 'sdk'), ctx.seed ?? undefined);
    const analysis = await analyzeIsolated(ctx.analyze, capture.harPath, {}, describeCase(capture.cases));
    const confirmed = analysis.findings.filter((f) => f.confidence === 'confirmed');
    return {
      id: this.id, title: this.title, cases: capture.cases,
      inputs: [{ file: 'sdk-cases.har', sha256: await sha256Of(capture.harPath), entries: capture.entries }],
      scores: [scoreCases(this.id, 'generic', capture.cases, analysis.findings)],
      crashes: analysis.crashes,
      failures: confirmed.length > 0 ? [`sdk-keys: ${confirmed.length} confirmed finding(s) without a profile`] : [],
      markdown: casesTable(capture.cases),
    };
  },
};

/** The cases of a generated capture with their sources (the labels are the documentation of the test). */
function casesTable(cases: readonly EvalCase[]): string {
  const lines = ['| entry | kind | data type | family | form | source |', '|---:|---|---|---|---|---|'];
  for (const c of cases) lines.push(`| ${c.entry} | ${c.kind} | \`${c.dataType}\` | ${c.family} | ${code(c.form, 90)} | ${code(c.source, 90)} |`);
  return ['<details><summary>Cases and their sources</summary>', '', ...lines, '', '</details>'].join('\n');
}

// --- real captures without labels: counts, and no confirmed finding without a profile ---

const REAL_HAR_DIRS = ['har/mitmproxy', 'har/pagexray'];

export const realCountsSection: Section = {
  id: 'real-counts',
  title: 'Real captures (../shared/corpus/har), no profile: findings by data type; nothing may be confirmed',
  async run(ctx) {
    const inputs: SectionInput[] = [];
    const crashes: string[] = [];
    const failures: string[] = [];
    const lines = ['| capture | exchanges | findings by data type | confirmed |', '|---|---:|---|---:|'];
    for (const sub of REAL_HAR_DIRS) {
      const folder = join(ctx.corpusDir, sub);
      if (!existsSync(folder)) {
        failures.push(`real-counts: ${folder} not found (the corpus is needed: ../shared/corpus or TELLTALE_CORPUS)`);
        continue;
      }
      for (const name of (await readdir(folder)).filter((n) => n.endsWith('.har')).sort()) {
        const file = join(folder, name);
        const rel = relative(ctx.corpusDir, file);
        try {
          const report = await ctx.analyze([file], {});
          const byType = new Map<string, number>();
          for (const f of report.findings) byType.set(f.dataType, (byType.get(f.dataType) ?? 0) + 1);
          const confirmed = report.findings.filter((f) => f.confidence === 'confirmed');
          if (confirmed.length > 0) failures.push(`${rel}: ${confirmed.length} confirmed finding(s) without a profile`);
          const types = [...byType].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
          lines.push(`| ${code(rel)} | ${report.summary.exchanges} | ${types} | ${confirmed.length} |`);
          inputs.push({ file: rel, sha256: await sha256Of(file), entries: report.summary.exchanges });
        } catch (e) {
          crashes.push(`${rel}: ${messageOf(e)}`);
          lines.push(`| ${code(rel)} | | crashed: ${code(messageOf(e), 100)} | |`);
        }
      }
    }
    return { id: this.id, title: this.title, inputs, cases: [], scores: [], crashes, failures, markdown: lines.join('\n') };
  },
};
