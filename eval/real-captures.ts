/**
 * tracking.id on real captures: telltale's identifier syncs and first-party decision on every HAR of
 * ../shared/corpus/har, scored against the hand-made labels in test/fixtures/real-labels/har-labels.json (judged by
 * reading the captures, not by running telltale). Used by `npm run eval` and by test/eval/real-captures.test.ts.
 *
 * Scoring: a reported sync is a true positive when its value is a labelled sync's value or one of its other forms
 * (base64, prefixed); several reported forms of one labelled sync count once for recall and are not false positives.
 * A reported sync that matches an `uncertain` label counts neither way; any other reported sync (a labelled decoy, or
 * a value the labels do not know) is a false positive. Party recall: of the registrable domains a labelled sync
 * reaches, the share telltale names as parties of the matching syncs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDomain } from 'tldts';
import { analyze } from '../src/index.js';
import type { Report } from '../src/model.js';
import type { Section } from './sections.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REAL_LABELS_FILE = join(REPO_ROOT, 'test', 'fixtures', 'real-labels', 'har-labels.json');

export interface LabelledSync { value: string; forms: string[]; parties: string[]; why: string }
export interface CaptureLabels {
  file: string;
  firstParty: { domains: string[]; how: string; why: string };
  syncs: LabelledSync[];
  uncertain: { value: string; why: string }[];
  decoys: { value: string; why: string }[];
}

export interface CaptureScore {
  file: string;
  exchanges: number;
  trackingIdFindings: number;
  syncFindings: number;
  reportedSyncs: number;
  tp: number;
  fp: string[];
  fn: string[];
  uncertainReported: number;
  decoysReported: string[];
  partiesLabelled: number;
  partiesFound: number;
  firstParty: { expected: string[]; got: string[]; how: string; ok: boolean };
}

export interface RealCaptureScores {
  captures: CaptureScore[];
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  partyRecall: number | null;
  firstPartyCorrect: number;
}

export function loadRealLabels(file = REAL_LABELS_FILE): CaptureLabels[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { schema: string; captures: CaptureLabels[] };
  if (parsed.schema !== 'telltale.real-labels/1') throw new Error(`${file}: unknown schema ${parsed.schema}`);
  return parsed.captures;
}

function domainOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** Scores one report against its labels (pure: the test and the eval share it). */
export function scoreCapture(labels: CaptureLabels, report: Report): CaptureScore {
  const syncs = report.identifierSyncs ?? [];
  const labelOf = (value: string) => labels.syncs.find((s) => s.value === value || s.forms.includes(value));
  const found = new Set<LabelledSync>();
  const fp: string[] = [];
  const decoysReported: string[] = [];
  const partiesByLabel = new Map<LabelledSync, Set<string>>();
  let uncertainReported = 0;
  for (const sync of syncs) {
    const label = labelOf(sync.value);
    if (label) {
      found.add(label);
      const parties = partiesByLabel.get(label) ?? new Set<string>();
      for (const p of sync.parties) parties.add(domainOf(p.host));
      partiesByLabel.set(label, parties);
    } else if (labels.uncertain.some((u) => u.value === sync.value)) {
      uncertainReported++;
    } else {
      fp.push(sync.value);
      if (labels.decoys.some((d) => d.value === sync.value)) decoysReported.push(sync.value);
    }
  }
  let partiesLabelled = 0;
  let partiesFound = 0;
  for (const label of labels.syncs) {
    partiesLabelled += label.parties.length;
    const got = partiesByLabel.get(label) ?? new Set();
    partiesFound += label.parties.filter((p) => got.has(p)).length;
  }
  const got = report.firstParty?.domains ?? [];
  const expected = [...labels.firstParty.domains].sort();
  return {
    file: labels.file,
    exchanges: report.summary.exchanges,
    trackingIdFindings: report.findings.filter((f) => f.dataType === 'tracking.id').length,
    syncFindings: report.findings.filter((f) => f.match === 'sync').length,
    reportedSyncs: syncs.length,
    tp: found.size,
    fp,
    fn: labels.syncs.filter((s) => !found.has(s)).map((s) => s.value),
    uncertainReported,
    decoysReported,
    partiesLabelled,
    partiesFound,
    firstParty: {
      expected, got, how: report.firstParty?.how ?? 'none',
      ok: JSON.stringify(expected) === JSON.stringify(got) && report.firstParty?.how === labels.firstParty.how,
    },
  };
}

export async function scoreRealCaptures(corpusDir: string, labels = loadRealLabels()): Promise<RealCaptureScores> {
  const captures: CaptureScore[] = [];
  for (const l of labels) {
    const report = await analyze([join(corpusDir, l.file)], { reveal: true });
    captures.push(scoreCapture(l, report));
  }
  return summarize(captures);
}

export function summarize(captures: CaptureScore[]): RealCaptureScores {
  const tp = captures.reduce((n, c) => n + c.tp, 0);
  const fp = captures.reduce((n, c) => n + c.fp.length, 0);
  const fn = captures.reduce((n, c) => n + c.fn.length, 0);
  const labelled = captures.reduce((n, c) => n + c.partiesLabelled, 0);
  const foundParties = captures.reduce((n, c) => n + c.partiesFound, 0);
  // Precision counts reported syncs: several forms of one labelled sync are each correct.
  const correct = captures.reduce((n, c) => n + c.reportedSyncs - c.fp.length - c.uncertainReported, 0);
  return {
    captures, tp, fp, fn,
    precision: correct + fp === 0 ? null : correct / (correct + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
    partyRecall: labelled === 0 ? null : foundParties / labelled,
    firstPartyCorrect: captures.filter((c) => c.firstParty.ok).length,
  };
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

/** The eval section (markdown), appended to docs/accuracy.md by eval/run.ts. */
export function renderRealCaptureScores(s: RealCaptureScores): string {
  const out = [
    '',
    '## tracking.id on real captures (hand labels, no profile)',
    '',
    'Labels: `test/fixtures/real-labels/har-labels.json` (judged by reading each capture; scoring in `eval/real-captures.ts`).',
    '',
    `Synced identifiers: precision ${pct(s.precision)}, recall ${pct(s.recall)} (${s.tp} of ${s.tp + s.fn} labelled syncs found, `
      + `${s.fp} false), party recall ${pct(s.partyRecall)}; first party right on ${s.firstPartyCorrect} of ${s.captures.length} captures.`,
    '',
    '| capture | exchanges | tracking.id findings | syncs reported | found / labelled | false | uncertain | first party (how) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const c of s.captures) {
    out.push(`| \`${c.file}\` | ${c.exchanges} | ${c.trackingIdFindings} | ${c.reportedSyncs} | ${c.tp} / ${c.tp + c.fn.length} | ${c.fp.length} | `
      + `${c.uncertainReported} | ${c.firstParty.got.length > 0 ? c.firstParty.got.join(', ') : 'none'} (${c.firstParty.how})${c.firstParty.ok ? '' : ' ✗'} |`);
  }
  const misses = s.captures.flatMap((c) => [...c.fn.map((v) => `- missed in \`${c.file}\`: \`${v}\``), ...c.fp.map((v) => `- false in \`${c.file}\`: \`${v}\``)]);
  if (misses.length > 0) out.push('', ...misses);
  return `${out.join('\n')}\n`;
}

/** Floors for synced identifiers on the real captures: the generic detectors' floors (eval/floors.ts). */
const SYNC_FLOOR = { precision: 0.9, recall: 0.8 };

/**
 * The `npm run eval` section: tracking.id syncs and first party on every labelled real HAR. It fails the run when a
 * capture is missing, precision or recall of synced identifiers falls under the floors, a labelled decoy is reported,
 * the first party is wrong anywhere, or Wikipedia (no third-party trackers) yields any tracking.id.
 */
export const realTrackingSection: Section = {
  id: 'real-tracking',
  title: 'tracking.id and first party on real captures (hand labels, no profile)',
  async run(ctx) {
    const labels = loadRealLabels();
    const missing = labels.map((l) => join(ctx.corpusDir, l.file)).filter((f) => !existsSync(f));
    const base = { id: this.id, title: this.title, cases: [], scores: [] };
    if (missing.length > 0) {
      return { ...base, inputs: [], crashes: [], failures: missing.map((f) => `real-tracking: ${f} not found`), markdown: '' };
    }
    const crashes: string[] = [];
    const captures: CaptureScore[] = [];
    for (const l of labels) {
      try {
        captures.push(scoreCapture(l, await analyze([join(ctx.corpusDir, l.file)], { reveal: true })));
      } catch (e) {
        crashes.push(`${l.file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const s = summarize(captures);
    const failures: string[] = [];
    if (s.precision !== null && s.precision < SYNC_FLOOR.precision) failures.push(`real-tracking: sync precision ${pct(s.precision)} < ${pct(SYNC_FLOOR.precision)}`);
    if (s.recall !== null && s.recall < SYNC_FLOOR.recall) failures.push(`real-tracking: sync recall ${pct(s.recall)} < ${pct(SYNC_FLOOR.recall)}`);
    for (const c of captures) {
      if (c.decoysReported.length > 0) failures.push(`real-tracking: ${c.file}: labelled decoys reported as syncs: ${c.decoysReported.length}`);
      if (!c.firstParty.ok) failures.push(`real-tracking: ${c.file}: first party ${c.firstParty.got.join(',') || 'none'} (${c.firstParty.how}), expected ${c.firstParty.expected.join(',')}`);
      if (/wikipedia/.test(c.file) && c.trackingIdFindings > 0) failures.push(`real-tracking: ${c.file}: ${c.trackingIdFindings} tracking.id finding(s) on a capture without trackers`);
    }
    const inputs = await Promise.all(labels.map(async (l) => {
      const file = join(ctx.corpusDir, l.file);
      return { file: l.file, sha256: createHash('sha256').update(await readFile(file)).digest('hex'), entries: captures.find((c) => c.file === l.file)?.exchanges ?? 0 };
    }));
    return { ...base, inputs, crashes, failures, markdown: renderRealCaptureScores(s).replace(/^\n## [^\n]*\n\n/, '') };
  },
};
