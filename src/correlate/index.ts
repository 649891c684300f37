/**
 * The correlate stage's door. Runs after attribute (it needs owners) and before timeline: what only the whole capture
 * shows. `CaptureObserver` is fed every exchange during the streaming pass (bounded memory); at the end,
 * `decideFirstParty` says who the first party is and `correlateIdentifiers` finds synced and assigned identifiers.
 */
import type { Attributor } from '../attribute/index.js';
import { registrableDomain } from '../attribute/index.js';
import type { Finding, Signal } from '../detect/types.js';
import { FirstPartyHosts } from './first-party.js';
import { findAssignments, findSyncs, type Parties } from './identifiers.js';
import type { CaptureObserver } from './observer.js';
import type { CorrelateResult, FirstPartyResult } from './types.js';

export type * from './types.js';
export {
  CaptureObserver, isDocumentRequest, MAX_VALUES, MAX_OCCURRENCES, OBSERVED_REQUEST_HEADERS, type ObservedInput,
} from './observer.js';
export { decideFirstParty, FirstPartyHosts } from './first-party.js';
export { MIN_ASSIGNED_LIFETIME_S } from './identifiers.js';

const FIRST_PARTY = '#first-party';

export interface CorrelateInput {
  observer: CaptureObserver;
  /** Owners as of the capture (attributor.asOf(first exchange time)). */
  attributor: Attributor;
  firstParty: FirstPartyResult;
  /** Findings and signals detect already made: a sync replaces a tracker-id finding at the same place, and an
   *  assignment a registration endpoint already reported is not reported twice. */
  findings: readonly Finding[];
  signals: readonly Signal[];
}

export function correlateIdentifiers(input: CorrelateInput): CorrelateResult & { replaced: Set<Finding> } {
  const { observer, attributor } = input;
  const parties = new CaptureParties(new FirstPartyHosts(input.firstParty.domains, attributor), attributor);
  const syncs = findSyncs(observer.values, parties);
  const replaced = new Set<Finding>();
  const byPlace = new Map<string, Finding>();
  for (const f of input.findings) {
    if (f.dataType === 'tracking.id' && f.match === 'key') byPlace.set(placeOf(f), f);
  }
  for (const sync of syncs) {
    for (const f of sync.findings) {
      const named = byPlace.get(placeOf(f));
      if (named && named.matched === f.matched) {
        replaced.add(named);
        f.details = { ...f.details, knownAs: named.detector };
      }
    }
  }
  const reported = new Set(input.signals.filter((s) => s.kind === 'id-assigned').map((s) => placeOf(s)));
  const signals = findAssignments(observer.values).filter((s) => !reported.has(placeOf(s)));
  const warnings: string[] = [];
  if (observer.forgottenValues > 0) {
    warnings.push(`identifier correlation kept ${observer.values.size} distinct values and forgot ${observer.forgottenValues} seen only once: a value sent once early and again late may be missed`);
  }
  return { findings: syncs.flatMap((s) => s.findings), signals, syncs, warnings, replaced };
}

/** Companies of the capture's hosts. A class (not closures made per analysis) so that findSyncs stays optimised. */
class CaptureParties implements Parties {
  constructor(private readonly firstParty: FirstPartyHosts, private readonly attributor: Attributor) {}

  isFirstParty(host: string): boolean {
    return this.firstParty.includes(host);
  }

  companyOf(host: string): string {
    if (this.firstParty.includes(host)) return FIRST_PARTY;
    return this.attributor.companyOfHost(host) ?? `domain:${registrableDomain(host)}`;
  }

  entityNameOf(host: string): string | null {
    return this.attributor.entityOfHost(host)?.name ?? null;
  }
}

function placeOf(x: { source: { input: number; index: number }; path: string }): string {
  return `${x.source.input}:${x.source.index}\u0000${x.path}`;
}
