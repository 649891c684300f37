/**
 * `npm run eval`: runs every section (sections.ts) — labelled captures generated independently of the detectors, and
 * the real captures of ../shared/corpus — and scores the detectors per data type AND per encoding family with n, TP,
 * FP, FN, precision and recall. It FAILS (exit 1) when a row falls under its floor (floors.ts), when a decoy is hit,
 * when a case crashes, or when a data type has fewer than 5 labelled cases.
 *
 *   npm run eval                      table on stdout; docs/accuracy.md and README's table rewritten
 *   npm run eval -- --json            the table as JSON on stdout (nothing written)
 *   npm run eval -- --sections oov    only some sections (nothing written; the per-type count is not checked)
 * Other options: --out DIR (keep the generated captures), --no-write, --seed N, --check (accepted; failing is the default).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATA_TYPES } from '../src/detect/index.js';
import { FLOORS, isPending, MIN_CASES_PER_TYPE, PENDING, floorOf } from './floors.js';
import { pct } from './markdown.js';
import {
  labelledSection, oovSection, realCountsSection, sdkSection, type Analyzer, type Section, type SectionResult,
} from './sections.js';
import type { TableRow } from './table.js';
import { realTrackingSection } from './real-captures.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS_DIR = process.env.TELLTALE_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus');

/** Every section, in the order they run. A new section is one file and one line here. */
export const SECTIONS: readonly Section[] = [
  labelledSection,
  oovSection,
  sdkSection,
  realCountsSection,
  realTrackingSection,
];

export interface CheckedRow extends TableRow {
  floorRecall: number;
  floorPrecision: number;
  /** Why the row is not enforced (its detector is not on this branch), or null. */
  pending: string | null;
  /** What is wrong with the row (empty when it passes or is pending). */
  problems: string[];
}

export interface EvalResult {
  schema: 'telltale.eval/1';
  sections: SectionResult[];
  rows: CheckedRow[];
  /** Labelled positive cases per data type across all sections; null when only some sections ran. */
  coverage: { dataType: string; n: number }[] | null;
  failures: string[];
}

export interface RunOptions {
  analyze?: Analyzer;
  /** Section ids to run (default: all). */
  sections?: readonly string[];
  seed?: number | null;
  /** Keep the generated captures here (default: a temporary directory, removed afterwards). */
  outDir?: string;
  corpusDir?: string;
}

async function defaultAnalyzer(): Promise<Analyzer> {
  const { analyze } = await import('../src/index.js');
  return analyze as unknown as Analyzer;
}

/** The families whose positive cases all carry one data type, so a pending type makes its family pending too. */
function singleTypeFamilies(sections: readonly SectionResult[]): Map<string, string> {
  const types = new Map<string, Set<string>>();
  for (const s of sections) for (const c of s.cases) if (c.kind === 'positive') types.set(c.family, (types.get(c.family) ?? new Set()).add(c.dataType));
  const out = new Map<string, string>();
  for (const [family, set] of types) if (set.size === 1) out.set(family, [...set][0]!);
  return out;
}

export function checkRows(sections: readonly SectionResult[]): CheckedRow[] {
  const families = singleTypeFamilies(sections);
  const rows: CheckedRow[] = [];
  for (const section of sections) {
    for (const score of section.scores) {
      for (const row of score.rows) {
        const floor = floorOf(row);
        const pending = isPending(row, families);
        const problems: string[] = [];
        const label = `${row.section}/${row.mode} ${row.axis === 'family' ? 'family ' : ''}${row.key}`;
        if (row.decoyHits > 0) problems.push(`${label}: ${row.decoyHits} finding(s) on decoys`);
        if (pending === null) {
          if (row.recall !== null && row.recall < floor.recall) problems.push(`${label}: recall ${pct(row.recall)} < ${pct(floor.recall)} (n ${row.n})`);
          if (row.precision !== null && row.precision < floor.precision) problems.push(`${label}: precision ${pct(row.precision)} < ${pct(floor.precision)}`);
          if (row.n > 0 && row.tp + row.fp === 0) problems.push(`${label}: no finding at all (n ${row.n})`);
        }
        rows.push({ ...row, floorRecall: floor.recall, floorPrecision: floor.precision, pending, problems });
      }
    }
  }
  return rows;
}

export function coverageOf(sections: readonly SectionResult[]): { dataType: string; n: number }[] {
  const counts = new Map<string, number>(DATA_TYPES.map((t) => [t, 0]));
  for (const s of sections) for (const c of s.cases) if (c.kind === 'positive' && counts.has(c.dataType)) counts.set(c.dataType, counts.get(c.dataType)! + 1);
  return [...counts].map(([dataType, n]) => ({ dataType, n }));
}

export async function runEval(options: RunOptions = {}): Promise<EvalResult> {
  const analyze = options.analyze ?? (await defaultAnalyzer());
  const chosen = options.sections ? SECTIONS.filter((s) => options.sections!.includes(s.id)) : SECTIONS;
  const unknown = (options.sections ?? []).filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown section(s): ${unknown.join(', ')} (known: ${SECTIONS.map((s) => s.id).join(', ')})`);
  const workDir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'telltale-eval-')));
  try {
    const sections: SectionResult[] = [];
    for (const section of chosen) {
      sections.push(await section.run({ analyze, workDir, seed: options.seed ?? null, corpusDir: options.corpusDir ?? CORPUS_DIR }));
    }
    const rows = checkRows(sections);
    const coverage = chosen.length === SECTIONS.length ? coverageOf(sections) : null;
    const failures = [
      ...sections.flatMap((s) => s.crashes.map((c) => `crashed: ${c}`)),
      ...sections.flatMap((s) => s.failures),
      ...rows.flatMap((r) => r.problems),
      ...(coverage ?? []).filter((c) => c.n < MIN_CASES_PER_TYPE).map((c) => `${c.dataType}: only ${c.n} labelled case(s), need ≥ ${MIN_CASES_PER_TYPE}`),
    ];
    return { schema: 'telltale.eval/1', sections, rows, coverage, failures };
  } finally {
    if (!options.outDir) await rm(workDir, { recursive: true, force: true });
  }
}

// --- rendering ---

function status(r: CheckedRow): string {
  if (r.pending) return 'pending';
  return r.problems.length > 0 ? '**FAIL**' : 'ok';
}

function rowLine(r: CheckedRow): string {
  return `| \`${r.key}\` | ${r.n} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.decoys} | ${r.decoyHits} | ${pct(r.precision)} | ${pct(r.recall)} | ${status(r)} |`;
}

const ROW_HEADER = ['| key | n | TP | FP | FN | decoys | decoy hits | precision | recall | status |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|'];

function sectionTables(result: EvalResult, section: SectionResult): string[] {
  const out: string[] = [];
  for (const mode of ['known', 'generic'] as const) {
    for (const axis of ['dataType', 'family'] as const) {
      const rows = result.rows.filter((r) => r.section === section.id && r.mode === mode && r.axis === axis);
      if (rows.length === 0) continue;
      out.push(`#### ${mode === 'known' ? 'Known values (with the profile)' : 'Generic detectors (no profile)'}, per ${axis === 'dataType' ? 'data type' : 'encoding family'}`, '', ...ROW_HEADER, ...rows.map(rowLine), '');
    }
  }
  return out;
}

/** Sum of the rows of one mode and axis over all sections, per key (README's table). */
function aggregate(rows: readonly CheckedRow[], mode: TableRow['mode'], axis: TableRow['axis']): Map<string, { n: number; tp: number; fp: number; decoyHits: number; pending: boolean }> {
  const out = new Map<string, { n: number; tp: number; fp: number; decoyHits: number; pending: boolean }>();
  for (const r of rows) {
    if (r.mode !== mode || r.axis !== axis) continue;
    const a = out.get(r.key) ?? { n: 0, tp: 0, fp: 0, decoyHits: 0, pending: false };
    a.n += r.n; a.tp += r.tp; a.fp += r.fp; a.decoyHits += r.decoyHits; a.pending ||= r.pending !== null;
    out.set(r.key, a);
  }
  return out;
}

function ratio(a: number, b: number): string {
  return b === 0 ? 'n/a' : pct(a / b);
}

/** The compact table README shows: per data type, known values and generic detectors side by side. */
export function renderSummaryTable(result: EvalResult): string {
  const known = aggregate(result.rows, 'known', 'dataType');
  const generic = aggregate(result.rows, 'generic', 'dataType');
  const keys = [...new Set([...known.keys(), ...generic.keys()])].sort();
  const cell = (a: { n: number; tp: number; fp: number; decoyHits: number; pending: boolean } | undefined) =>
    a === undefined ? '| | | |' : `| ${a.n} | ${ratio(a.tp, a.n)}${a.pending ? ' (pending)' : ''} | ${ratio(a.tp, a.tp + a.fp)} |`;
  const lines = ['| data type | known n | known recall | known precision | generic n | generic recall | generic precision |',
    '|---|---:|---:|---:|---:|---:|---:|'];
  for (const k of keys) lines.push(`| \`${k}\` ${cell(known.get(k))} ${cell(generic.get(k)).slice(2)}`);
  const families = [...aggregate(result.rows, 'known', 'family'), ...aggregate(result.rows, 'generic', 'family')];
  lines.push('', '| encoding family | n | recall | precision | decoy hits |', '|---|---:|---:|---:|---:|');
  for (const [k, a] of families.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    lines.push(`| ${k} | ${a.n} | ${ratio(a.tp, a.n)}${a.pending ? ' (pending)' : ''} | ${ratio(a.tp, a.tp + a.fp)} | ${a.decoyHits} |`);
  }
  lines.push('', result.failures.length === 0 ? 'Every floor met; no decoy hit; no crash.' : `${result.failures.length} failure(s): see docs/accuracy.md.`);
  return lines.join('\n');
}

export function renderMarkdown(result: EvalResult): string {
  const out: string[] = [
    '# Accuracy', '', '<!-- Generated by `npm run eval` (eval/run.ts). Do not edit by hand: re-run it. -->', '',
    `Floors (eval/floors.ts), per data type and per encoding family: known values recall ≥ ${pct(FLOORS.known.recall)}, `
      + `precision ≥ ${pct(FLOORS.known.precision)}; generic detectors recall ≥ ${pct(FLOORS.generic.recall)}, `
      + `precision ≥ ${pct(FLOORS.generic.precision)}; no finding on a decoy; no crashed case; ≥ ${MIN_CASES_PER_TYPE} labelled cases per data type.`,
    '',
    ...(Object.keys(PENDING).length > 0 ? ['Not enforced on this branch (pending):', '', ...Object.entries(PENDING).map(([t, why]) => `- \`${t}\`: ${why}`), ''] : []),
    result.failures.length === 0 ? '**Result: pass.**' : `**Result: FAIL** (${result.failures.length}):\n\n${result.failures.map((f) => `- ${f}`).join('\n')}`,
    '', '## Summary', '', renderSummaryTable(result), '',
    '## How it is scored', '',
    '- One HAR entry carries one labelled case (a positive or a look-alike decoy) and filler. A positive is recalled when',
    '  a finding on its entry has its data type (known values: `match` "known-value" only; labelled-corpus known values:',
    '  the same transform too). A finding on a labelled entry that recalls nothing there is a false positive, unless the',
    '  case `accepts` its type (a phone inside a contact list). Every finding on a decoy entry is a decoy hit.',
    '- Precision = TP / (TP + FP) per row; an FP counts in its own data type\'s row and in the family of the entry\'s case.',
    '- The generators (`eval/oov.ts`, `eval/sdk-cases.ts`, `eval/labelled.ts`) import nothing from `src/`: forms and key',
    '  names come from the documentation each case cites (see the case tables).',
    '',
  ];
  if (result.coverage) {
    out.push('## Labelled cases per data type', '', '| data type | n |', '|---|---:|',
      ...result.coverage.map((c) => `| \`${c.dataType}\` | ${c.n}${c.n < MIN_CASES_PER_TYPE ? ' **(< 5)**' : ''} |`), '');
  }
  for (const s of result.sections) {
    out.push(`## ${s.title}`, '', `Section \`${s.id}\`; inputs: ${s.inputs.map((i) => `\`${i.file}\` (${i.entries} exchanges, sha256 \`${i.sha256.slice(0, 16)}…\`)`).join(', ') || 'none'}.`, '');
    out.push(...sectionTables(result, s));
    const misses = s.scores.flatMap((sc) => sc.misses);
    if (s.scores.length > 0) {
      out.push(`#### Misses (${misses.length})`, '', ...(misses.length === 0 ? ['None.'] : misses.map((m) =>
        `- entry ${m.case.entry}: \`${m.case.dataType}\` (${m.case.family}) ${m.case.form}${m.found.length ? `; found instead: ${m.found.join('; ')}` : ''}`)), '');
      const fps = s.scores.flatMap((sc) => sc.falsePositives);
      out.push(`#### False positives and decoy hits (${fps.length})`, '', ...(fps.length === 0 ? ['None.'] : fps.map((f) =>
        `- entry ${f.case.entry} (${f.case.kind}: ${f.case.form}): \`${f.finding.dataType}\` ${f.finding.match}/${f.finding.confidence} at \`${f.finding.path}\``)), '');
    }
    if (s.crashes.length > 0) out.push('#### Crashes', '', ...s.crashes.map((c) => `- ${c}`), '');
    out.push(s.markdown, '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function renderJson(result: EvalResult): string {
  return `${JSON.stringify({
    schema: result.schema,
    passed: result.failures.length === 0,
    failures: result.failures,
    pending: PENDING,
    floors: FLOORS,
    coverage: result.coverage,
    sections: result.sections.map((s) => ({ id: s.id, title: s.title, inputs: s.inputs, crashes: s.crashes, failures: s.failures })),
    rows: result.rows.map(({ problems, ...r }) => ({ ...r, ok: problems.length === 0 })),
  }, null, 2)}\n`;
}

const README_BEGIN = '<!-- eval:begin (npm run eval rewrites this table) -->';
const README_END = '<!-- eval:end -->';

/** README with its table replaced (the markers must be there: a README without them is left alone). */
export function withReadmeTable(readme: string, result: EvalResult): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) return readme;
  return `${readme.slice(0, begin + README_BEGIN.length)}\n\n${renderSummaryTable(result)}\n\n${readme.slice(end)}`;
}

export function exitCodeOf(result: EvalResult): number {
  return result.failures.length === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' }, seed: { type: 'string' }, sections: { type: 'string' },
      json: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false }, check: { type: 'boolean', default: false },
    },
  });
  const seed = values.seed === undefined ? null : Number(values.seed);
  if (seed !== null && !Number.isSafeInteger(seed)) throw new Error(`--seed: not an integer: ${values.seed}`);
  const sections = values.sections?.split(',').map((s) => s.trim()).filter(Boolean);
  const result = await runEval({ outDir: values.out ? resolve(values.out) : undefined, seed, sections });
  if (values.json) {
    process.stdout.write(renderJson(result));
  } else {
    const markdown = renderMarkdown(result);
    process.stdout.write(markdown);
    // Only a full run with the default seeds describes the published numbers.
    if (!values['no-write'] && !sections && seed === null) {
      await writeFile(join(REPO_ROOT, 'docs', 'accuracy.md'), markdown);
      const readmePath = join(REPO_ROOT, 'README.md');
      await writeFile(readmePath, withReadmeTable(await readFile(readmePath, 'utf8'), result));
      process.stderr.write('wrote docs/accuracy.md and the table in README.md\n');
    }
  }
  if (result.failures.length > 0) process.stderr.write(`eval: FAIL\n${result.failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exitCode = exitCodeOf(result);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`eval: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
}
