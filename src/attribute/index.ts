/**
 * The attribute stage's door: for a host seen in traffic and the server IPs it resolved to, who receives the data
 * (entity, parent, headquarters country), which SDKs talk to it, and where the server is (country, ASN).
 * Server country and controller jurisdiction are separate facts and are never merged.
 */
import { getDomain } from 'tldts';
import { importCatalogFile, loadCatalog, type CatalogSdk } from '../catalog/index.js';
import { cmp } from '../util/compare.js';
import { EntityIndex, normalizeHost } from './entities.js';
import { isNonPublicIp, parseIp, type ParsedIp } from './ip.js';
import { openIpDatabases, type IpDatabases } from './ipdb.js';
import type {
  AttributeOptions, Attributor, Destination, DestinationSummary, EntityRef, HostObservation, IpInfo,
} from './types.js';

export type * from './types.js';
export { parseIp, isNonPublicIp } from './ip.js';
export { normalizeHost } from './entities.js';

/** Registrable domain of a host (public suffix list, private suffixes included); IP literals are their own. */
export { registrableDomain };

/** Per-host and per-IP memo tables stop growing here (a capture with millions of random hosts stays bounded). */
const MEMO_LIMIT = 200_000;

// Async by contract: loading a user's catalog or IP database may become asynchronous without breaking callers.
// eslint-disable-next-line @typescript-eslint/require-await
export async function createAttributor(options: AttributeOptions = {}): Promise<Attributor> {
  const catalog = loadCatalog();
  const imported = (options.catalogs ?? []).map((file) => importCatalogFile(file).entities);
  const entities = new EntityIndex([catalog.entities, ...imported]);
  const shared: SharedIndexes = {
    entities,
    sdks: new SdkIndex(catalog.sdks),
    ipdb: openIpDatabases({ countryMmdb: options.ipCountryDb, asnMmdb: options.ipAsnDb }),
    firstParty: new FirstParty(options.firstParty ?? [], entities),
    ipMemo: new Map(),
  };
  return new CatalogAttributor(shared, null);
}

interface SharedIndexes {
  entities: EntityIndex;
  sdks: SdkIndex;
  ipdb: IpDatabases;
  firstParty: FirstParty;
  /** null: not an IP address. */
  ipMemo: Map<string, IpInfo | null>;
}

type HostDescription = Omit<Destination, 'serverIps' | 'serverCountry' | 'serverCountries' | 'asn'>;

/**
 * An attributor whose entities show their owners as of `date` (null: today's); indexes are shared between dates.
 * A class, not an object of closures: every analysis makes attributors, and the methods of one class stay the same
 * functions from one analysis to the next, so the code that calls them is optimised once per thread instead of once
 * per input (fresh closures are new call targets, which throws that code away).
 */
class CatalogAttributor implements Attributor {
  private readonly hostMemo = new Map<string, HostDescription>();

  constructor(private readonly shared: SharedIndexes, private readonly date: string | null) {}

  lookupIp(ip: string): IpInfo {
    return this.infoOf(ip.trim()) ?? { country: null, asn: null };
  }

  entityOfHost(host: string): EntityRef | null {
    return this.describeHost(host).entity;
  }

  companyOfHost(host: string): string | null {
    const id = this.describeHost(host).entity?.id;
    return id === undefined ? null : this.shared.entities.topOwnerId(id, this.date);
  }

  asOf(time: string): Attributor {
    return new CatalogAttributor(this.shared, time);
  }

  attribute(obs: HostObservation): Destination {
    const described = this.describeHost(obs.host);
    const serverIps: string[] = [];
    const infos: IpInfo[] = [];
    for (const raw of obs.serverIps) {
      const ip = raw.trim();
      const info = this.infoOf(ip);
      if (info && !serverIps.includes(ip)) {
        serverIps.push(ip);
        infos.push(info);
      }
    }
    if (serverIps.length > 1) sortTogether(serverIps, infos);
    // A host given as an IP literal is its own server address.
    if (serverIps.length === 0) {
      const self = this.infoOf(described.host);
      if (self) infos.push(self);
    }
    const countries = infos.map((i) => i.country).filter((c): c is string => c !== null);
    return {
      host: described.host,
      domain: described.domain,
      entity: described.entity,
      serverIps,
      serverCountry: mostCommon(countries),
      serverCountries: countries.length > 1 ? [...new Set(countries)].sort(cmp) : countries,
      asn: infos.find((i) => i.asn !== null)?.asn ?? null,
      party: described.party,
      sdks: [...described.sdks],
    };
  }

  private infoOf(ip: string): IpInfo | null {
    const memo = this.shared.ipMemo;
    let info = memo.get(ip);
    if (info === undefined) {
      const parsed = parseIp(ip);
      info = parsed ? lookupParsedIp(parsed, this.shared.ipdb) : null;
      if (memo.size < MEMO_LIMIT) memo.set(ip, info);
    }
    return info;
  }

  private describeHost(rawHost: string): HostDescription {
    let described = this.hostMemo.get(rawHost);
    if (!described) {
      const { entities, sdks, firstParty } = this.shared;
      const host = normalizeHost(rawHost);
      const entityId = entities.entityIdOfHost(host);
      described = {
        host,
        domain: registrableDomain(host),
        entity: entityId ? entities.ref(entityId, this.date) : null,
        party: firstParty.includes(host, entityId) ? 'first' : 'third',
        sdks: sdks.ofHost(host),
      };
      if (this.hostMemo.size < MEMO_LIMIT) this.hostMemo.set(rawHost, described);
    }
    return described;
  }
}

/** Sorts IPs (text order) and keeps their infos aligned. */
function sortTogether(ips: string[], infos: IpInfo[]): void {
  const order = ips.map((_, i) => i).sort((a, b) => cmp(ips[a]!, ips[b]!));
  const sortedIps = order.map((i) => ips[i]!);
  const sortedInfos = order.map((i) => infos[i]!);
  ips.splice(0, ips.length, ...sortedIps);
  infos.splice(0, infos.length, ...sortedInfos);
}

function lookupParsedIp(parsed: ParsedIp, ipdb: IpDatabases): IpInfo {
  if (isNonPublicIp(parsed)) return { country: null, asn: null };
  return { country: ipdb.country(parsed), asn: ipdb.asn(parsed) };
}

/** Registrable domain under the full public suffix list (private suffixes included: a customer's bucket on
 *  s3.amazonaws.com is its own site). IP literals and single labels are their own domain. */
function registrableDomain(host: string): string {
  if (parseIp(host)) return host;
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

function mostCommon(values: string[]): string | null {
  if (values.length <= 1) return values[0] ?? null;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [v, n] of [...counts].sort((a, b) => cmp(a[0], b[0]))) {
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

/** SDK ids whose network signatures (host suffixes) match a host. */
class SdkIndex {
  private readonly bySuffix = new Map<string, string[]>();

  constructor(sdks: ReadonlyArray<CatalogSdk>) {
    for (const sdk of sdks) {
      for (const suffix of sdk.network) {
        const key = normalizeHost(suffix);
        const list = this.bySuffix.get(key) ?? [];
        if (!list.includes(sdk.id)) list.push(sdk.id);
        this.bySuffix.set(key, list);
      }
    }
  }

  ofHost(host: string): string[] {
    const found = new Set<string>();
    let dot = -1;
    do {
      for (const id of this.bySuffix.get(host.slice(dot + 1)) ?? []) found.add(id);
      dot = host.indexOf('.', dot + 1);
    } while (dot >= 0);
    return [...found].sort(cmp);
  }
}

/** The app's own hosts: listed domains and everything below them, and any host of the same catalog entity. */
class FirstParty {
  private readonly suffixes: Set<string>;
  private readonly entityIds: Set<string>;

  constructor(list: string[], entities: EntityIndex) {
    this.suffixes = new Set(list.map(normalizeHost).filter(Boolean));
    this.entityIds = new Set([...this.suffixes].map((d) => entities.entityIdOfHost(d)).filter((id): id is string => id !== null));
  }

  includes(host: string, entityId: string | null): boolean {
    if (entityId !== null && this.entityIds.has(entityId)) return true;
    let dot = -1;
    do {
      if (this.suffixes.has(host.slice(dot + 1))) return true;
      dot = host.indexOf('.', dot + 1);
    } while (dot >= 0);
    return false;
  }
}

/**
 * Counts destinations (or any weight per destination, e.g. its exchanges or findings) by server country,
 * by controller jurisdiction (ultimate parent's country) and by entity. Keys are sorted.
 */
export function summarizeDestinations(
  destinations: ReadonlyArray<Destination>,
  weight: (d: Destination) => number = () => 1,
): DestinationSummary {
  const byCountry = new Map<string, number>();
  const byJurisdiction = new Map<string, number>();
  const byEntity = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const d of destinations) {
    const n = weight(d);
    add(byCountry, d.serverCountry ?? 'unknown', n);
    add(byJurisdiction, jurisdictionOf(d.entity) ?? 'unknown', n);
    add(byEntity, d.entity?.name ?? 'unattributed', n);
  }
  return { byCountry: sortedRecord(byCountry), byJurisdiction: sortedRecord(byJurisdiction), byEntity: sortedRecord(byEntity) };
}

/** Categories whose business is following people: an entity with any of them is a tracker. */
export const TRACKER_CATEGORIES: ReadonlySet<string> = new Set([
  'advertising', 'analytics', 'attribution', 'customer-engagement', 'tag-manager',
]);

export function isTracker(entity: EntityRef | null): boolean {
  return entity !== null && entity.categories.some((c) => TRACKER_CATEGORIES.has(c));
}

/** The country whose law ultimately controls the entity: its top parent's, else its own. */
export function jurisdictionOf(entity: EntityRef | null): string | null {
  if (!entity) return null;
  return entity.parentCountry !== undefined ? entity.parentCountry : entity.country;
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort((a, b) => cmp(a[0], b[0])));
}
