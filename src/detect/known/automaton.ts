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
    private readonly lengths: Int32Array,
    private readonly classOf: Uint8Array,
    private readonly classes: number,
    private readonly delta: Int32Array,
    private readonly firstOutputRow: number,
    private readonly ownStart: Int32Array,
    private readonly ownList: Int32Array,
    private readonly dictLink: Int32Array,
    readonly states: number,
  ) {
    this.longest = lengths.reduce((m, l) => Math.max(m, l), 1);
  }

  /** Bytes of the longest pattern. */
  private readonly longest: number;

  /** Table size in bytes, for diagnostics and benchmarks. */
  get tableBytes(): number {
    return this.delta.byteLength;
  }

  static build(patterns: readonly Uint8Array[]): FoldedAutomaton {
    const { classOf, classes } = byteClasses(patterns);
    const trie = buildTrie(patterns, classOf, classes);
    return compile(trie, Int32Array.from(patterns, (p) => p.length), classOf, classes);
  }

  /**
   * Calls onMatch(patternIndex, endExclusive) for every occurrence of every pattern (case-insensitively), in order of
   * end, longer patterns first at the same end.
   */
  scan(bytes: Uint8Array, onMatch: (pattern: number, end: number) => void): void {
    if (bytes.length < INTERLEAVE_MIN_BYTES) {
      this.scanOne(bytes, onMatch);
      return;
    }
    this.scanTwo(bytes, onMatch);
  }

  private scanOne(bytes: Uint8Array, onMatch: (pattern: number, end: number) => void): void {
    const { delta, classOf, firstOutputRow } = this;
    let row = 0;
    for (let i = 0; i < bytes.length; i++) {
      row = delta[row + classOf[bytes[i]!]!]!;
      if (row >= firstOutputRow) this.report(row / this.classes, i + 1, onMatch);
    }
  }

  /**
   * Why two walks: each step of a DFA waits for the previous one (the next row depends on the last load), so one walk
   * leaves the CPU idle most of each step. Two walks over the two halves of a long view, interleaved, run side by side.
   * The first walk runs on past the middle by the longest pattern less one byte and keeps only matches starting before
   * the middle; the second starts at the middle from the root and keeps the rest. Matches are gathered, then handed
   * over merged by end (the first walk's first at the same end: they are the longer ones), as one walk would.
   */
  private scanTwo(bytes: Uint8Array, onMatch: (pattern: number, end: number) => void): void {
    const { delta, classOf, firstOutputRow } = this;
    const n = bytes.length;
    const split = n >>> 1;
    const firstEnd = Math.min(n, split + this.longest - 1);
    const common = Math.min(firstEnd, n - split);
    const first = this.firstFound;
    const second = this.secondFound;
    let a = 0;
    let b = 0;
    for (let i = 0; i < common; i++) {
      a = delta[a + classOf[bytes[i]!]!]!;
      b = delta[b + classOf[bytes[split + i]!]!]!;
      if (a >= firstOutputRow) this.gather(a / this.classes, i + 1, split, first);
      if (b >= firstOutputRow) this.gather(b / this.classes, split + i + 1, 0, second);
    }
    for (let i = common; i < firstEnd; i++) {
      a = delta[a + classOf[bytes[i]!]!]!;
      if (a >= firstOutputRow) this.gather(a / this.classes, i + 1, split, first);
    }
    for (let i = split + common; i < n; i++) {
      b = delta[b + classOf[bytes[i]!]!]!;
      if (b >= firstOutputRow) this.gather(b / this.classes, i + 1, 0, second);
    }
    if (first.length + second.length > 0) handOver(first, second, onMatch);
  }

  /** Appends (pattern, end) pairs of the state's matches that start before `before` (0: all). */
  private gather(state: number, end: number, before: number, out: number[]): void {
    for (let s = state; s !== -1; s = this.dictLink[s]!) {
      for (let k = this.ownStart[s]!; k < this.ownStart[s + 1]!; k++) {
        const pattern = this.ownList[k]!;
        if (before === 0 || end - this.lengths[pattern]! < before) out.push(pattern, end);
      }
    }
  }

  private readonly firstFound: number[] = [];
  private readonly secondFound: number[] = [];

  private report(state: number, end: number, onMatch: (pattern: number, end: number) => void): void {
    for (let s = state; s !== -1; s = this.dictLink[s]!) {
      for (let k = this.ownStart[s]!; k < this.ownStart[s + 1]!; k++) onMatch(this.ownList[k]!, end);
    }
  }
}

/** Views shorter than this are walked once: splitting costs more than it saves. */
const INTERLEAVE_MIN_BYTES = 256;

/** Hands over the two walks' matches (pattern, end pairs, each list in order of end) merged by end, first walk first. */
function handOver(first: number[], second: number[], onMatch: (pattern: number, end: number) => void): void {
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    if (j >= second.length || (i < first.length && first[i + 1]! <= second[j + 1]!)) {
      onMatch(first[i]!, first[i + 1]!);
      i += 2;
    } else {
      onMatch(second[j]!, second[j + 1]!);
      j += 2;
    }
  }
  first.length = 0;
  second.length = 0;
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

function compile(trie: Trie, lengths: Int32Array, classOf: Uint8Array, classes: number): FoldedAutomaton {
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
    lengths, classOf, classes, delta, firstOutput * classes, ownStart, Int32Array.from(ownList), dictLink, nodes);
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
