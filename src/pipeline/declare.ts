/** `telltale declare`: analyze a capture, then draft the declarations it supports (assess/declarations/draft.ts). */
import { draftDeclaration, type DraftDeclaration } from '../assess/index.js';
import type { Report } from '../model.js';
import { VERSION } from '../version.js';
import { analyzeForAssessment, type AnalyzeOptions } from './analyze.js';

export interface DraftResult {
  draft: DraftDeclaration;
  report: Report;
}

export async function draftFromCapture(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<DraftResult> {
  const { report, assessInput } = await analyzeForAssessment(inputs, { ...options, declared: [], policy: null });
  const draft = draftDeclaration({ ...assessInput, claims: report.claims, identifierSyncs: report.identifierSyncs }, report.inputs, VERSION);
  return { draft, report };
}
