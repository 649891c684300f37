/**
 * Blobs inside a longer text: "Bearer eyJ…", "v=2;data=SGVsbG8…", a hex token after a prefix. Candidate runs are
 * found with two linear regexes (one character class each, no nesting), then handed to the whole-value blob decoders;
 * the first plausible result names the layer and the selector carries the byte offset (`|base64:@12`).
 * Bounded: texts over maxScanBytes are skipped and at most MAX_RUNS runs are tried per text.
 */
import type { Decoder, DecodedPart, DecodeInput, DecodeLimits } from '../types.js';
import { CH, CH_ALNUM, charMask, classOfByte, isCleanText, maskCoversAll, rememberBlobRun, SHORT_LENGTH_CAP, startsAsText, textOf, utf8 } from '../bytes.js';
import { isAbsoluteUrl } from './percent.js';
import { DEFAULT_DECODE_LIMITS } from '../limits.js';
import { ByteStringSet } from '../../util/byte-set.js';

const MAX_RUNS = 500;
const BLOB_CHARS = CH_ALNUM | CH.PLUS | CH.SLASH | CH.EQUALS | CH.MINUS | CH.UNDERSCORE | CH.DOLLAR;
const JWT_RUN = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

const runPatterns = new Map<number, RegExp>();

function blobRunPattern(minChars: number): RegExp {
  let pattern = runPatterns.get(minChars);
  if (!pattern) {
    pattern = new RegExp(`[A-Za-z0-9+/_$-]{${minChars},}={0,2}`, 'g');
    runPatterns.set(minChars, pattern);
  }
  return pattern;
}

interface Run {
  start: number;
  text: string;
  /** CH classes of the run's characters (charMask of its bytes). */
  mask: number;
}

function maskOf(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= classOfByte(text.charCodeAt(i));
  return mask;
}

/**
 * Runs of `text`; `bytes` are its UTF-8 bytes when the text is ASCII (then scanned as bytes: faster), else null.
 * `rejected` (bytes only): runs known not to decode, left out as they are met, though still counted against MAX_RUNS.
 */
function runsOf(text: string, bytes: Uint8Array | null, minChars: number, rejected: ByteStringSet | null): Run[] {
  const runs: Run[] = [];
  const taken: [number, number][] = [];
  // Every JWT starts with "eyJ": skip the regex when there is none.
  const jwts = text.includes('eyJ') ? text.matchAll(JWT_RUN) : [];
  for (const m of jwts) {
    runs.push({ start: m.index ?? 0, text: m[0], mask: maskOf(m[0]) });
    taken.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    if (runs.length >= MAX_RUNS) return runs;
  }
  if (minChars < 1) return regexRuns(text, minChars, runs, taken);
  return bytes ? byteRuns(text, bytes, minChars, runs, taken, rejected) : charRuns(text, minChars, runs, taken);
}

/**
 * The blob-run regex below, as a character-class scan: maximal runs of ≥ minChars blob characters plus up to two '='.
 * byteRuns is the same scan over the bytes of an ASCII text.
 */
function charRuns(text: string, minChars: number, runs: Run[], taken: [number, number][]): Run[] {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || !RUN_CHAR[c]) {
      i++;
      continue;
    }
    const start = i;
    let mask = classOfByte(c);
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d >= 128 || !RUN_CHAR[d]) break;
      mask |= classOfByte(d);
      i++;
    }
    if (i - start < minChars) continue;
    if (text.charCodeAt(i) === 0x3d) {
      i += text.charCodeAt(i + 1) === 0x3d ? 2 : 1;
      mask |= CH.EQUALS;
    }
    if (taken.length && taken.some(([s, e]) => start < e && i > s)) continue;
    runs.push({ start, text: text.slice(start, i), mask });
    if (runs.length >= MAX_RUNS) break;
  }
  return runs;
}

function byteRuns(text: string, bytes: Uint8Array, minChars: number, runs: Run[], taken: [number, number][],
  rejected: ByteStringSet | null): Run[] {
  const n = bytes.length;
  // Runs met, kept or known rejected: the bound is on runs met, as when every run was kept and rejected later.
  let met = runs.length;
  let i = 0;
  while (i < n) {
    if (!RUN_CHAR[bytes[i]!]) {
      i++;
      continue;
    }
    const start = i++;
    while (i < n && RUN_CHAR[bytes[i]!]) i++;
    if (i - start < minChars) continue;
    if (bytes[i] === 0x3d) i += bytes[i + 1] === 0x3d ? 2 : 1;
    if (taken.length && taken.some(([s, e]) => start < e && i > s)) continue;
    met++;
    // The text and mask are made only for a run still to try (most runs of a log were tried in an earlier line).
    if (rejected === null || !rejected.hasRange(bytes, start, i)) runs.push({ start, text: text.slice(start, i), mask: byteMask(bytes, start, i) });
    if (met >= MAX_RUNS) break;
  }
  return runs;
}

function byteMask(bytes: Uint8Array, start: number, end: number): number {
  let mask = 0;
  for (let i = start; i < end; i++) mask |= classOfByte(bytes[i]!);
  return mask;
}

/** Characters of a blob run: [A-Za-z0-9+/_$-] (a table over all byte values; zero from 128 up). */
const RUN_CHAR = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_$-') table[c.charCodeAt(0)] = 1;
  return table;
})();

function regexRuns(text: string, minChars: number, runs: Run[], taken: [number, number][]): Run[] {
  for (const m of text.matchAll(blobRunPattern(minChars))) {
    const start = m.index ?? 0;
    if (taken.some(([s, e]) => start < e && start + m[0].length > s)) continue;
    runs.push({ start, text: m[0], mask: maskOf(m[0]) });
    if (runs.length >= MAX_RUNS) break;
  }
  return runs;
}

function byteOffset(text: string, charIndex: number, asciiOnly: boolean): number {
  return asciiOnly ? charIndex : Buffer.byteLength(text.slice(0, charIndex), 'utf8');
}

/** Bound on remembered rejected runs (cleared when full). */
const MAX_REJECTED_RUNS = 50_000;

export function createEmbeddedDecoder(blobDecoders: readonly Decoder[]): Decoder {
  /**
   * Whether a run decodes depends only on its text and the limits (key, layers and content type are the view's and
   * only copied into parts): a token repeated through a log, or sent again in the next upload, is rejected once.
   * Under the default limits the rejected runs are remembered across views; under others, within one view. Only
   * failures are remembered: a run that decodes is decoded again for its own parts.
   */
  const rejectedUnderDefaults = new Set<string>();
  /** The same for runs of ASCII texts, by their bytes: no string is made for a run met again. */
  const rejectedAsciiUnderDefaults = new ByteStringSet();
  const rejectedRuns = (limits: DecodeLimits): Set<string> =>
    limits === DEFAULT_DECODE_LIMITS ? rejectedUnderDefaults : new Set<string>();

  const tryRun = (run: Run, runBytes: Uint8Array, input: DecodeInput, limits: DecodeLimits): { decoder: Decoder; parts: DecodedPart[] } | null => {
    const runInput: DecodeInput = {
      bytes: runBytes, mimeType: null, contentEncoding: null, contentType: input.contentType, key: input.key,
      layers: input.layers,
    };
    rememberBlobRun(runBytes, run.text, run.mask);
    // A run has no media type or encoding (blob decoders ignore contentType) and its mask is exact up to MASK_EDGE·2.
    const first = runBytes[0];
    const shaped = maskCoversAll(runBytes);
    const shortLength = Math.min(runBytes.length, SHORT_LENGTH_CAP);
    for (const decoder of blobDecoders) {
      if (shaped && decoder.mayFit && !decoder.mayFit(first, run.mask, shortLength)) continue;
      if (decoder.fit(runInput) <= 0) continue;
      const parts = decoder.decode(runInput, limits);
      if (parts && parts.length) return { decoder, parts };
    }
    return null;
  };

  return {
    name: 'embedded',
    maxFit: 5,
    covers: false,
    fit(input) {
      if (input.bytes.length < 17) return 0;
      // A text of blob characters only was tried whole; embedded blobs need something around them.
      const mask = charMask(input.bytes);
      if ((mask & ~BLOB_CHARS) === 0 || (mask & CH_ALNUM) === 0) return 0;
      return startsAsText(input.bytes) ? 5 : 0;
    },
    mayFit(_first, mask, length) {
      return length >= 17 && (mask & ~BLOB_CHARS) !== 0 && (mask & CH_ALNUM) !== 0;
    },
    decode(input, limits) {
      const n = input.bytes.length;
      if (n < limits.minBlobChars || n > limits.maxScanBytes || !isCleanText(input.bytes)) return null;
      const text = textOf(input.bytes);
      if (isAbsoluteUrl(text)) return null; // the query and path layers own URLs
      const asciiOnly = text.length === n;
      const wholeLength = text.trim().length;
      const parts: DecodedPart[] = [];
      const rejected = rejectedRuns(limits);
      const rejectedBytes = asciiOnly && limits === DEFAULT_DECODE_LIMITS ? rejectedAsciiUnderDefaults : null;
      for (const run of runsOf(text, asciiOnly ? input.bytes : null, limits.minBlobChars, rejectedBytes)) {
        if (run.text.length === wholeLength) continue; // the whole value was already tried as a blob
        if (rejectedBytes === null && rejected.has(run.text)) continue;
        // Run characters are ASCII, so in an ASCII text the run's bytes are a slice of the view's.
        const runBytes = asciiOnly ? input.bytes.subarray(run.start, run.start + run.text.length) : utf8(run.text);
        const found = tryRun(run, runBytes, input, limits);
        if (!found) {
          if (rejectedBytes !== null) {
            rejectedBytes.add(runBytes);
          } else {
            if (rejected.size >= MAX_REJECTED_RUNS) rejected.clear();
            rejected.add(run.text);
          }
          continue;
        }
        const at = `@${byteOffset(text, run.start, asciiOnly)}`;
        for (const part of found.parts) {
          parts.push({ ...part, layer: found.decoder.name, selector: (part.selector ?? '') + at });
        }
      }
      return parts.length ? parts : null;
    },
  };
}
