/** Sentences shared by several claims: who received findings, when relative to an event. */
import type { ReportFinding, ReportSignal } from '../../model.js';
import { describeHost, distinctSorted, listOf, plural, secondsBetween } from '../text.js';
import type { ClaimContext } from './context.js';

/** "2 third-party hosts, a (Umeng, part of Alibaba Group) and b; and 1 first-party host, api.example.com". */
export function hostsPhrase(ctx: ClaimContext, findings: readonly { host: string }[]): string {
  const hosts = distinctSorted(findings.map((f) => f.host));
  const party = (h: string) => ctx.destination(h)?.party ?? 'unknown';
  const groups: [string, string[]][] = [
    ['third-party host', hosts.filter((h) => party(h) === 'third').map((h) => describeHost(h, ctx.destination(h)))],
    ['first-party host', hosts.filter((h) => party(h) === 'first')],
    ['unattributed host', hosts.filter((h) => party(h) === 'unknown')],
  ];
  const parts = groups.filter(([, list]) => list.length > 0).map(([word, list]) => `${plural(list.length, word)}, ${listOf(list)}`);
  return parts.join('; and ');
}

/** ", 3.0 s after install" when an install event precedes the moment; "" otherwise. */
export function sinceInstall(ctx: ClaimContext, timeIso: string): string {
  const install = ctx.eventsOf('install')[0];
  const t = Date.parse(timeIso);
  const at = install ? Date.parse(install.at) : NaN;
  return Number.isFinite(at) && at <= t ? `, ${secondsBetween(at, t)} after install` : '';
}

/** "device.imei to ulogs.umeng.com (Umeng, part of Alibaba Group) at 2019-04-01T10:00:03.000Z". */
export function firstFindingPhrase(ctx: ClaimContext, findings: readonly ReportFinding[]): string {
  const first = [...findings].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))[0];
  if (!first) return '';
  return `${first.dataType} to ${describeHost(first.host, ctx.destination(first.host))} at ${first.time}${sinceInstall(ctx, first.time)}`;
}

/** Which ids a response handed out, from the signal's details ("device_id, install_id"). */
export function assignedIds(signal: ReportSignal): string {
  for (const key of ['ids', 'fields', 'keys', 'field', 'key', 'name']) {
    const v = signal.details[key];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  const keys = Object.keys(signal.details).sort();
  return keys.length > 0 ? keys.join(', ') : 'an identifier';
}

/** "5 pre-consent, 2 post-consent" from the findings' display phases. */
export function phaseCounts(findings: readonly ReportFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.phase, (counts.get(f.phase) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([p, n]) => `${n} ${p}`).join(', ');
}
