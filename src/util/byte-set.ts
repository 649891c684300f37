/**
 * A bounded set of short byte strings, looked up straight from a view's bytes (no string is made): open addressing
 * over typed arrays, the bytes kept in one arena, so remembering costs no object per entry (nothing for the garbage
 * collector to trace). When the table is half full or the arena is full, everything is forgotten at once: forgetting
 * only costs time, and a stream's repeated values (the same ids in every event) are back after one sighting.
 *
 * Why not direct-mapped (one slot per hash, the newer entry replacing the older): two values sent in turn whose hashes
 * share a slot evict each other on every sighting, so the two most repeated words of a capture could miss forever.
 */
const SLOTS = 1 << 16;
const MAX_ENTRIES = SLOTS >> 1;
const ARENA_BYTES = 1 << 21;

function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  // Mix the high bits down: the slot is taken from the low ones.
  h ^= h >>> 15;
  return h | 0;
}

export class ByteStringSet {
  /** Made on the first add: a decode context (one per call when none is passed) costs nothing until it remembers. */
  private table: {
    hash: Int32Array;
    start: Int32Array;
    /** Length + 1; 0 marks an empty slot. */
    size: Int32Array;
    arena: Uint8Array;
  } | null = null;
  private entries = 0;
  private used = 0;

  /** Longest byte string remembered (longer ones are never added, so never found). */
  static readonly MAX_BYTES = 4096;

  has(bytes: Uint8Array): boolean {
    return this.hasRange(bytes, 0, bytes.length);
  }

  /** Whether bytes[start, end) is in the set (no slice made). */
  hasRange(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.table === null) return false;
    return this.slotOf(bytes, start, end, hashOf(bytes, start, end)) >= 0;
  }

  /** Keeps a copy: the caller's buffer may be a slice of a body that should be freed. */
  add(bytes: Uint8Array): void {
    if (bytes.length > ByteStringSet.MAX_BYTES) return;
    const h = hashOf(bytes, 0, bytes.length);
    if (this.table !== null && this.slotOf(bytes, 0, bytes.length, h) >= 0) return;
    const table = this.table ??= {
      hash: new Int32Array(SLOTS), start: new Int32Array(SLOTS), size: new Int32Array(SLOTS),
      arena: new Uint8Array(ARENA_BYTES),
    };
    if (this.entries >= MAX_ENTRIES || this.used + bytes.length > ARENA_BYTES) {
      table.size.fill(0);
      this.entries = 0;
      this.used = 0;
    }
    let slot = h & (SLOTS - 1);
    while (table.size[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    table.hash[slot] = h;
    table.start[slot] = this.used;
    table.size[slot] = bytes.length + 1;
    table.arena.set(bytes, this.used);
    this.used += bytes.length;
    this.entries++;
  }

  /** The slot holding bytes[start, end), or -1. */
  private slotOf(bytes: Uint8Array, start: number, end: number, h: number): number {
    const { hash, start: from, size, arena } = this.table!;
    const want = end - start + 1;
    for (let slot = h & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
      const kept = size[slot]!;
      if (kept === 0) return -1;
      if (kept === want && hash[slot] === h && sameBytes(arena, from[slot]!, bytes, start, end)) return slot;
    }
  }
}

function sameBytes(arena: Uint8Array, from: number, bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start, j = from; i < end; i++, j++) if (arena[j] !== bytes[i]) return false;
  return true;
}
