/** `telltale diff OLD NEW`: read two reports written by analyze and compare them. */
import { diffReports, type DiffOptions, type ReportDiff } from '../report/index.js';
import { loadReport } from './report-file.js';

export async function diff(oldPath: string, newPath: string, options: DiffOptions = {}): Promise<ReportDiff> {
  const [before, after] = await Promise.all([loadReport(oldPath), loadReport(newPath)]);
  return diffReports(before, after, options);
}
