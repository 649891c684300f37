/**
 * A case-folding Aho–Corasick automaton over bytes, compiled to a dense DFA on an Int32Array.
 *
 * Why this shape: a full 256-column DFA for thousands of patterns does not fit in memory, so input bytes are first
 * mapped to byte classes (only bytes that occur in some pattern get their own class; A–Z share the class of a–z).
 * The table holds row offsets (state × classes) so the scan loop is one load and one add per byte, and states that
 * report a match are numbered last so "is there a match here?" is a single comparison.
 * Patterns must be given ASCII-lower-cased; callers verify the exact case of each hit themselves.
 */
import { InputError } from '../../errors.js';

/** 40 M entries = 160 MB: beyond this the profile is too large for one automaton. */
const MAX_TABLE_ENTRIES = 40_000_000;

export function foldByte(b: number): number {
  return b >= 65 && b <= 90 ? b + 32 : b;
}

export class FoldedAutomaton {
  /** Use FoldedAutomaton.build(). */
  constructor(
    private readonly classOf: Uint8Array,
    private readonly classes: number,
    private readonly delta: Int32Array,
    private readonly firstOutputRow: number,
    private readonly ownStart: Int32Array,
    private readonly ownList: Int32Array,
    private readonly dictLink: Int32Array,
    readonly states: number,
  ) {}

  /** Table size in bytes, for diagnostics and benchmarks. */
  get tableBytes(): number {
    return this.delta.byteLength;
  }

  static build(patterns: readonly Uint8Array[]): FoldedAutomaton {
    const { classOf, classes } = byteClasses(patterns);
    const trie = buildTrie(patterns, classOf, classes);
    return compile(trie, classOf, classes);
  }

  /** Calls onMatch(patternIndex, endExclusive) for every occurrence of every pattern (case-insensitively). */
  scan(bytes: Uint8Array, onMatch: (pattern: number, end: number) => void): void {
    const { delta, classOf, firstOutputRow } = this;
    let row = 0;
    for (let i = 0; i < bytes.length; i++) {
      row = delta[row + classOf[bytes[i]!]!]!;
      if (row >= firstOutputRow) this.report(row / this.classes, i + 1, onMatch);
    }
  }

  private report(state: number, end: number, onMatch: (pattern: number, end: number) => void): void {
    for (let s = state; s !== -1; s = this.dictLink[s]!) {
      for (let k = this.ownStart[s]!; k < this.ownStart[s + 1]!; k++) onMatch(this.ownList[k]!, end);
    }
  }
}

function byteClasses(patterns: readonly Uint8Array[]): { classOf: Uint8Array; classes: number } {
  const classOf = new Uint8Array(256);
  let classes = 1; // class 0: bytes that occur in no pattern
  for (const p of patterns) {
    for (const b of p) {
      if (classOf[b] === 0) classOf[b] = classes++;
    }
  }
  for (let b = 65; b <= 90; b++) classOf[b] = classOf[b + 32]!;
  return { classOf, classes };
}

interface Trie {
  /** Child of node n through class c, keyed n * classes + c. */
  edges: Map<number, number>;
  /** Per node, the classes of its children (to walk the trie breadth-first). */
  children: number[][];
  /** Patterns ending exactly at a node. */
  own: number[][];
}

function buildTrie(patterns: readonly Uint8Array[], classOf: Uint8Array, classes: number): Trie {
  const trie: Trie = { edges: new Map(), children: [[]], own: [[]] };
  patterns.forEach((pattern, index) => {
    let node = 0;
    for (const b of pattern) {
      const c = classOf[b]!;
      let next = trie.edges.get(node * classes + c);
      if (next === undefined) {
        next = trie.own.length;
        trie.edges.set(node * classes + c, next);
        trie.children[node]!.push(c);
        trie.children.push([]);
        trie.own.push([]);
      }
      node = next;
    }
    trie.own[node]!.push(index);
  });
  return trie;
}

function compile(trie: Trie, classOf: Uint8Array, classes: number): FoldedAutomaton {
  const nodes = trie.own.length;
  if (nodes * classes > MAX_TABLE_ENTRIES) {
    throw new InputError('device profile', null,
      `too many known-value spellings for one matcher (${nodes} states × ${classes} byte classes); split the profile`);
  }
  const { order, fail } = failLinks(trie, classes);
  // A node reports when it or a node on its failure chain ends a pattern.
  const reports = new Uint8Array(nodes);
  for (const n of order) reports[n] = trie.own[n]!.length > 0 || (n !== 0 && reports[fail[n]!]) ? 1 : 0;
  // Renumber: silent nodes first (BFS order, root = 0), reporting nodes last.
  const id = new Int32Array(nodes);
  let next = 0;
  for (const n of order) if (!reports[n]) id[n] = next++;
  const firstOutput = next;
  for (const n of order) if (reports[n]) id[n] = next++;

  const delta = new Int32Array(nodes * classes);
  const ownStart = new Int32Array(nodes + 1);
  const dictLink = new Int32Array(nodes).fill(-1);
  const ownList: number[] = [];
  const byId = new Array<number>(nodes);
  for (const n of order) byId[id[n]!] = n;
  for (let s = 0; s < nodes; s++) {
    const n = byId[s]!;
    ownStart[s] = ownList.length;
    ownList.push(...trie.own[n]!);
    // Nearest node on the failure chain that ends a pattern itself.
    let f = n === 0 ? -1 : fail[n]!;
    while (f > 0 && trie.own[f]!.length === 0) f = fail[f]!;
    dictLink[s] = f > 0 ? id[f]! : -1;
  }
  ownStart[nodes] = ownList.length;

  // Rows in BFS order: a node's failure target is shallower, so its row is already complete.
  for (const n of order) {
    const row = id[n]! * classes;
    const failRow = n === 0 ? -1 : id[fail[n]!]! * classes;
    for (let c = 0; c < classes; c++) {
      const child = trie.edges.get(n * classes + c);
      if (child !== undefined) delta[row + c] = id[child]! * classes;
      else delta[row + c] = failRow < 0 ? 0 : delta[failRow + c]!;
    }
  }
  return new FoldedAutomaton(
    classOf, classes, delta, firstOutput * classes, ownStart, Int32Array.from(ownList), dictLink, nodes);
}

function failLinks(trie: Trie, classes: number): { order: number[]; fail: Int32Array } {
  const fail = new Int32Array(trie.own.length);
  const order = [0];
  for (let head = 0; head < order.length; head++) {
    const u = order[head]!;
    for (const c of trie.children[u]!) {
      const v = trie.edges.get(u * classes + c)!;
      if (u !== 0) {
        let f = fail[u]!;
        let target = trie.edges.get(f * classes + c);
        while (target === undefined && f !== 0) {
          f = fail[f]!;
          target = trie.edges.get(f * classes + c);
        }
        fail[v] = target ?? 0;
      }
      order.push(v);
    }
  }
  return { order, fail };
}
