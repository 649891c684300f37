/**
 * A bounded set of short byte strings, looked up straight from a view's bytes (no string is made): a direct-mapped
 * table keyed by an FNV-1a hash, where a colliding entry simply replaces the older one. Forgetting an entry only costs
 * time, so the table can stay small and fixed.
 */
const SLOTS = 1 << 16;

function hashOf(bytes: Uint8Array): number {
  let h = 0x811c9dc5 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0) & (SLOTS - 1);
}

export class ByteStringSet {
  /** Made on the first add: a decode context (one per call when none is passed) costs nothing until it remembers. */
  private slots: (Uint8Array | undefined)[] | null = null;

  has(bytes: Uint8Array): boolean {
    if (this.slots === null) return false;
    const kept = this.slots[hashOf(bytes)];
    if (kept === undefined || kept.length !== bytes.length) return false;
    for (let i = 0; i < bytes.length; i++) if (kept[i] !== bytes[i]) return false;
    return true;
  }

  /** Keeps a copy: the caller's buffer may be a slice of a body that should be freed. */
  add(bytes: Uint8Array): void {
    this.slots ??= new Array<Uint8Array | undefined>(SLOTS);
    this.slots[hashOf(bytes)] = Uint8Array.prototype.slice.call(bytes);
  }
}
