/**
 * What a declaration is checked against: the claim context (findings placed on the timeline, destinations, unreadable
 * traffic), the claims themselves, identifier syncs, and who the recipients are (first or third party, and whether
 * their business is advertising).
 */
import { loadCatalog } from '../../catalog/index.js';
import type { IdentifierSync, ReportFinding } from '../../model.js';
import { createClaimContext, type ClaimContext } from '../claims/context.js';
import { groupUnreadable, type Unreadable } from '../claims/window.js';
import type { AssessInput } from '../input.js';
import { matchesDataType } from '../patterns.js';
import { describeHost, distinctSorted, formatBytes, listOf, plural, sortedIds } from '../text.js';
import type { Claim } from '../types.js';

export interface DeclarationInput extends AssessInput {
  claims: Claim[];
  identifierSyncs?: IdentifierSync[];
}

export type Party = 'first' | 'third' | 'unknown';

export interface Evidence {
  ctx: ClaimContext;
  claims: Claim[];
  syncs: IdentifierSync[];
  /** Whether any host was decided to be the app's own: without that, "third party" is only certain for known companies. */
  firstPartyKnown: boolean;
  party(host: string): Party;
  /** The recipient's business: its SDKs' categories when the host belongs to an SDK, else its company's. */
  roles(host: string): ReadonlySet<string>;
  /** Strong findings whose type matches any pattern ("device.*", "tracking.id", "custom.x"). */
  strongOf(patterns: readonly string[]): ReportFinding[];
  weakOf(patterns: readonly string[]): ReportFinding[];
  /** Unreadable traffic the device sent (request side, or the whole exchange), optionally only to some hosts. */
  unreadableSent(host?: (h: string) => boolean, minBytes?: number): Unreadable[];
  /** Whether detection looked for a data type at all (a profile value, or the profile-free detectors). */
  searched(type: string): boolean;
}

/** Types the profile-free detectors can report; custom.* only ever comes from a profile. */
const genericFindable = (type: string) => !type.startsWith('custom.');

export function evidenceOf(input: DeclarationInput): Evidence {
  const ctx = createClaimContext(input);
  const firstPartyKnown = input.destinations.some((d) => d.party === 'first');
  const catalog = loadCatalog();
  const sdkCategory = new Map<string, string>(catalog.sdks.map((s) => [s.id, s.category]));
  const roleCache = new Map<string, ReadonlySet<string>>();
  const searched = input.searched;
  return {
    ctx,
    claims: input.claims,
    syncs: input.identifierSyncs ?? [],
    firstPartyKnown,
    party: (host) => {
      const d = ctx.destination(host);
      if (d?.party === 'first') return 'first';
      // An uncatalogued host may be the app's own server when nobody said which hosts are.
      if (!d || (!firstPartyKnown && d.entity === null)) return 'unknown';
      return 'third';
    },
    roles: (host) => {
      const cached = roleCache.get(host);
      if (cached) return cached;
      const d = ctx.destination(host);
      const fromSdks: string[] = [];
      for (const s of d?.sdks ?? []) {
        const c = sdkCategory.get(s);
        if (c !== undefined) fromSdks.push(c);
      }
      const roles: ReadonlySet<string> = new Set<string>(fromSdks.length > 0 ? fromSdks : d?.entity?.categories ?? []);
      roleCache.set(host, roles);
      return roles;
    },
    strongOf: (patterns) => ctx.strong.filter((f) => matchesDataType(patterns, f.dataType)),
    weakOf: (patterns) => ctx.weak.filter((f) => matchesDataType(patterns, f.dataType)),
    unreadableSent: (host, minBytes) => ctx.unreadable.filter((u) => u.side !== 'response' && (!host || host(u.host))
      && !(minBytes !== undefined && u.kind === 'opaque-payload' && u.bytes > 0 && u.bytes < minBytes)),
    searched: (type) => !searched || (searched.generic && genericFindable(type)) || searched.profileTypes.some((t) => matchesDataType([type], t)),
  };
}

/** "device.imei and device.mac to ulogs.umeng.com (Umeng, part of Alibaba Group) (f2, f10)"; hosts joined by "; ". */
export function describeFindings(ev: Evidence, findings: readonly ReportFinding[], maxHosts = 4): string {
  const byHost = new Map<string, ReportFinding[]>();
  for (const f of findings) byHost.set(f.host, [...(byHost.get(f.host) ?? []), f]);
  const hosts = [...byHost.keys()].sort((a, b) => byHost.get(b)!.length - byHost.get(a)!.length || (a < b ? -1 : 1));
  const parts = hosts.slice(0, maxHosts).map((h) => {
    const fs = byHost.get(h)!;
    const ids = sortedIds(fs);
    const idText = ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
    return `${listOf(distinctSorted(fs.map((f) => f.dataType)))} to ${describeHost(h, ev.ctx.destination(h))} (${idText})`;
  });
  const rest = hosts.length - maxHosts;
  return parts.join('; ') + (rest > 0 ? `; and ${plural(rest, 'more host')}` : '');
}

/** "2 exchanges to android.bugly.qq.com (opaque-payload, 1.2 KiB)"-style list of unreadable traffic. */
export function describeUnreadableSent(items: readonly Unreadable[]): string {
  return listOf(groupUnreadable(items).map((u) => `${plural(u.count, 'unreadable exchange')} to ${u.host} (${u.kind}${u.bytes > 0 ? `, ${formatBytes(u.bytes)}` : ''})`), 4);
}
