/**
 * Host → entity by longest matching domain suffix (android.bugly.qq.com → qq.com → Tencent), and the entity's
 * ownership chain up to its ultimate parent (DoubleClick → Google LLC → Alphabet Inc.).
 */
import type { CatalogEntity, OwnershipPeriod } from '../catalog/index.js';
import type { EntityRef } from './types.js';

/** Ownership chains deeper than this are treated as broken data (a cycle), not followed. */
const MAX_PARENT_DEPTH = 16;
/** Hostnames have at most 127 labels; stop early on junk. */
const MAX_LABELS = 127;

export class EntityIndex {
  private readonly byId = new Map<string, CatalogEntity>();
  private readonly bySuffix = new Map<string, string>();
  private readonly refs = new Map<string, EntityRef>();

  /** Earlier lists win: a suffix or id already known is not overridden by a later (imported) list. */
  constructor(lists: ReadonlyArray<ReadonlyArray<CatalogEntity>>) {
    for (const list of lists) {
      for (const entity of list) {
        if (this.byId.has(entity.id)) continue;
        this.byId.set(entity.id, entity);
        for (const domain of entity.domains) {
          const key = normalizeHost(domain);
          if (key && !this.bySuffix.has(key)) this.bySuffix.set(key, entity.id);
        }
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  entity(id: string): CatalogEntity | undefined {
    return this.byId.get(id);
  }

  /** Entity id owning the longest catalog suffix of host, or null. */
  entityIdOfHost(host: string): string | null {
    const normalized = normalizeHost(host);
    if (!normalized) return null;
    let dot = -1;
    let labels = 0;
    do {
      const hit = this.bySuffix.get(normalized.slice(dot + 1));
      if (hit !== undefined) return hit;
      dot = normalized.indexOf('.', dot + 1);
      labels++;
    } while (dot >= 0 && labels < MAX_LABELS);
    return null;
  }

  /**
   * The entity as the report shows it, with its owners as of `asOf` (an ISO date or time; null: today's owners).
   * An entity with dated ownership is shown under the owner of that day (Krux in 2015: independent).
   */
  ref(id: string, asOf: string | null = null): EntityRef | null {
    const cacheKey = asOf === null ? id : `${id}@${asOf}`;
    const cached = this.refs.get(cacheKey);
    if (cached) return cached;
    const entity = this.byId.get(id);
    if (!entity) return null;
    const chain = this.ownershipChain(entity, asOf);
    const parent = chain[1] ?? null;
    const top = chain[chain.length - 1]!;
    const ref: EntityRef = {
      id: entity.id,
      name: entity.name,
      parent: parent?.name ?? null,
      country: entity.country,
      categories: [...entity.categories],
      sources: [...entity.sources, ...ownershipSources(entity)],
    };
    if (top !== entity && top.country !== entity.country) ref.parentCountry = top.country;
    if (chain.length > 2) ref.ultimateParent = top.name;
    const since = asOf === null ? currentPeriod(entity)?.since : periodAt(entity, asOf)?.since;
    if (since !== undefined && parent !== null) ref.ownedSince = since;
    // Shared by every destination of this entity: frozen so no consumer can change another's report.
    Object.freeze(ref.categories);
    Object.freeze(ref.sources);
    Object.freeze(ref);
    if (this.refs.size < MAX_CACHED_REFS) this.refs.set(cacheKey, ref);
    return ref;
  }

  /** Id of the entity at the top of the host entity's ownership chain as of `asOf`: who ultimately controls it. */
  topOwnerId(id: string, asOf: string | null = null): string | null {
    const entity = this.byId.get(id);
    if (!entity) return null;
    const chain = this.ownershipChain(entity, asOf);
    return chain[chain.length - 1]!.id;
  }

  /** The entity, its parent, its parent's parent... as of `asOf` (stops at an unknown parent or a cycle). */
  ownershipChain(entity: CatalogEntity, asOf: string | null = null): CatalogEntity[] {
    const chain = [entity];
    let current = entity;
    for (let parentId = parentAt(current, asOf); parentId && chain.length <= MAX_PARENT_DEPTH; parentId = parentAt(current, asOf)) {
      const next = this.byId.get(parentId);
      if (!next || chain.includes(next)) break;
      chain.push(next);
      current = next;
    }
    return chain;
  }
}

/** Refs are cached per (entity, date); a capture has one date, so this only bounds hostile use. */
const MAX_CACHED_REFS = 100_000;

/**
 * The ownership period in force at `asOf`: the last one that started on or before it. Dates compare as text, so a
 * period since "2016" starts before "2016-05-01". Before the first period, the first one stands (nothing older known).
 */
function periodAt(entity: CatalogEntity, asOf: string): OwnershipPeriod | undefined {
  const periods = entity.ownership;
  if (!periods || periods.length === 0) return undefined;
  let found = periods[0];
  for (const p of periods) if (p.since <= asOf) found = p;
  return found;
}

function currentPeriod(entity: CatalogEntity): OwnershipPeriod | undefined {
  const periods = entity.ownership;
  return periods && periods.length > 0 ? periods[periods.length - 1] : undefined;
}

function parentAt(entity: CatalogEntity, asOf: string | null): string | null {
  if (asOf === null) return entity.parent;
  const period = periodAt(entity, asOf);
  return period ? period.parent : entity.parent;
}

function ownershipSources(entity: CatalogEntity): string[] {
  const own = new Set(entity.sources);
  const extra: string[] = [];
  for (const p of entity.ownership ?? []) {
    for (const s of p.sources) {
      if (!own.has(s) && !extra.includes(s)) extra.push(s);
    }
  }
  return extra;
}

/** Lower case, no trailing dot(s), no IPv6 brackets, no port. "" for empty input. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.indexOf(':');
  if (colon >= 0 && h.indexOf(':', colon + 1) < 0) h = h.slice(0, colon);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}
