/**
 * Finds where a JSON value ends without parsing it: tracks string/escape state and bracket nesting, byte by byte,
 * across chunk boundaries. This is the hot loop of HAR ingestion (every byte of a HAR passes through it), so it
 * allocates nothing and keeps its state in locals while it runs.
 *
 * It checks only what it must to find the end reliably: balanced and matching brackets, bounded depth, terminated
 * strings. Commas, colons and literals are left to JSON.parse (for entries) or to the HAR navigator.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** '{'+2 = '}' and '['+2 = ']' in ASCII: the expected closer is the opener plus two. */
const CLOSER_DISTANCE = 2;
/** Bytes of a string examined in JavaScript before handing the rest of the search to a native indexOf. */
const SHORT_STRING_BYTES = 24;

/** 1 for the bytes that matter outside strings: quote and brackets. */
const STRUCTURAL = new Uint8Array(256);
for (const b of [QUOTE, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET]) STRUCTURAL[b] = 1;

/** A structural problem at index `at` of the chunk being scanned. */
export class ScanError extends Error {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

export class JsonValueScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Expected closing byte for each open level. */
  private readonly closers: Uint8Array;
  /** Chunk and position of its next backslash at or after the scan point (-1: none left in that chunk). */
  private backslashBuf: Uint8Array | null = null;
  private nextBackslash = -1;

  constructor(private readonly maxDepth: number) {
    this.closers = new Uint8Array(maxDepth + 1);
  }

  /** Prepares to scan a new value whose first byte ('{', '[' or '"') is the next one scanned. */
  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** Nesting depth reached so far (0 between values). */
  get currentDepth(): number {
    return this.depth;
  }

  /**
   * Scans `buf` from `start`. A chunk's bytes must not change while it is being scanned (pass a new array for new
   * content): the position of its next backslash is cached between calls. Returns the index just past the value's
   * last byte, or -1 when the chunk ended first (call again with the next chunk at index 0). Throws ScanError on mismatched brackets or excessive depth.
   */
  scan(buf: Uint8Array, start: number): number {
    const len = buf.length;
    const closers = this.closers;
    const maxDepth = this.maxDepth;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let i = start;
    while (i < len) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        // Short strings (header names, keys) end within a few bytes: a plain loop beats a native call there.
        const shortEnd = Math.min(len, i + SHORT_STRING_BYTES);
        let c = 0;
        while (i < shortEnd) {
          c = buf[i]!;
          if (c === QUOTE || c === BACKSLASH) break;
          i++;
        }
        if (i === shortEnd) {
          if (i === len) break;
          // Long strings (bodies, base64) are searched natively; the next backslash is remembered per chunk.
          const quote = buf.indexOf(QUOTE, i);
          if (this.backslashBuf !== buf || (this.nextBackslash >= 0 && this.nextBackslash < i)) {
            this.backslashBuf = buf;
            this.nextBackslash = buf.indexOf(BACKSLASH, i);
          }
          const backslash = this.nextBackslash;
          const stop = quote < 0 ? backslash : backslash < 0 ? quote : Math.min(quote, backslash);
          if (stop < 0) break; // the string goes on in the next chunk
          i = stop;
          c = buf[i]!;
        }
        i++;
        if (c === BACKSLASH) {
          escaped = true;
          continue;
        }
        inString = false;
        if (depth === 0) return this.finish(i);
        continue;
      }
      // Outside strings most bytes are indentation, digits and punctuation: skip them with one table lookup each.
      let c = buf[i]!;
      while (STRUCTURAL[c] === 0) {
        if (++i === len) break;
        c = buf[i]!;
      }
      if (i === len) break;
      i++;
      if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth >= maxDepth) throw new ScanError(i - 1, `nesting deeper than ${maxDepth} levels`);
        closers[depth++] = c + CLOSER_DISTANCE;
      } else {
        if (depth === 0 || closers[depth - 1] !== c) {
          throw new ScanError(i - 1, `unexpected '${String.fromCharCode(c)}'`);
        }
        depth--;
        if (depth === 0) return this.finish(i);
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  private finish(end: number): number {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    return end;
  }
}
