/** Small wording and ordering helpers shared by claims, law notes and policy messages. */
import { cmp } from '../util/compare.js';
import type { ReportDestination, ReportFinding } from '../model.js';

/** "f2" before "f10": finding ids sort by their number, other ids after them byte-wise. */
export function compareFindingIds(a: string, b: string): number {
  const na = /^f(\d{1,9})$/.exec(a);
  const nb = /^f(\d{1,9})$/.exec(b);
  if (na && nb) return Number(na[1]) - Number(nb[1]);
  if (na) return -1;
  if (nb) return 1;
  return cmp(a, b);
}

export function sortedIds(findings: readonly ReportFinding[]): string[] {
  return [...new Set(findings.map((f) => f.id))].sort(compareFindingIds);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "a, b and c"; lists longer than `max` end with "and N more". */
export function listOf(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function distinctSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(cmp);
}

export function dataTypesOf(findings: readonly ReportFinding[]): string[] {
  return distinctSorted(findings.map((f) => f.dataType));
}

/** "ulogs.umeng.com (Umeng, part of Alibaba Group)" or the bare host when the company is unknown. */
export function describeHost(host: string, destination: ReportDestination | undefined): string {
  const entity = destination?.entity;
  if (!entity) return host;
  const parent = entity.parent && entity.parent !== entity.name ? `, part of ${entity.parent}` : '';
  return `${host} (${entity.name}${parent})`;
}

export function secondsBetween(fromMs: number, toMs: number): string {
  return `${((toMs - fromMs) / 1000).toFixed(1)} s`;
}

export function formatBytes(n: number): string {
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}
