/**
 * Host → entity by longest matching domain suffix (android.bugly.qq.com → qq.com → Tencent), and the entity's
 * ownership chain up to its ultimate parent (DoubleClick → Google LLC → Alphabet Inc.).
 */
import type { CatalogEntity } from '../catalog/index.js';
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

  ref(id: string): EntityRef | null {
    const cached = this.refs.get(id);
    if (cached) return cached;
    const entity = this.byId.get(id);
    if (!entity) return null;
    const chain = this.ownershipChain(entity);
    const parent = chain[1] ?? null;
    const top = chain[chain.length - 1]!;
    const ref: EntityRef = {
      id: entity.id,
      name: entity.name,
      parent: parent?.name ?? null,
      country: entity.country,
      categories: [...entity.categories],
      sources: [...entity.sources],
    };
    if (top !== entity && top.country !== entity.country) ref.parentCountry = top.country;
    if (chain.length > 2) ref.ultimateParent = top.name;
    // Shared by every destination of this entity: frozen so no consumer can change another's report.
    Object.freeze(ref.categories);
    Object.freeze(ref.sources);
    Object.freeze(ref);
    this.refs.set(id, ref);
    return ref;
  }

  /** The entity, its parent, its parent's parent... (stops at an unknown parent or a cycle). */
  ownershipChain(entity: CatalogEntity): CatalogEntity[] {
    const chain = [entity];
    let current = entity;
    while (current.parent && chain.length <= MAX_PARENT_DEPTH) {
      const next = this.byId.get(current.parent);
      if (!next || chain.includes(next)) break;
      chain.push(next);
      current = next;
    }
    return chain;
  }
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
