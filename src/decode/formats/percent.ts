/** Percent-decoding to bytes (not to a string): form values and query parameters often carry binary (%1F%8B...). */
import { utf8 } from '../bytes.js';

// Global regexes keep state (lastIndex, which matchAll copies): the test uses its own non-global twin.
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
const HAS_ESCAPE = /%[0-9A-Fa-f]{2}/;

export function hasPercentEscape(text: string): boolean {
  return HAS_ESCAPE.test(text);
}

/** Bytes of `text` with every valid %XX replaced by that byte; `plusIsSpace` for form/query encoding. */
export function percentDecode(text: string, plusIsSpace: boolean): Uint8Array {
  const source = plusIsSpace && text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!source.includes('%')) return utf8(source);
  const chunks: Uint8Array[] = [];
  let last = 0;
  let pending: number[] = [];
  const flush = () => {
    if (pending.length) chunks.push(Uint8Array.from(pending));
    pending = [];
  };
  for (const match of source.matchAll(ESCAPE)) {
    const at = match.index ?? 0;
    if (at > last) {
      flush();
      chunks.push(utf8(source.slice(last, at)));
    }
    pending.push(parseInt(match[1], 16));
    last = at + 3;
  }
  flush();
  if (last < source.length) chunks.push(utf8(source.slice(last)));
  return Buffer.concat(chunks);
}

export function percentDecodeText(text: string, plusIsSpace: boolean): string {
  return Buffer.from(percentDecode(text, plusIsSpace)).toString('utf8');
}

export interface Pair {
  name: string;
  value: string;
  hasEquals: boolean;
}

/** Splits `a=1&b=2` into raw (still encoded) pairs. */
export function splitPairs(text: string): Pair[] {
  const pairs: Pair[] = [];
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    pairs.push(eq < 0
      ? { name: piece, value: '', hasEquals: false }
      : { name: piece.slice(0, eq), value: piece.slice(eq + 1), hasEquals: true });
  }
  return pairs;
}

/** Text looks like an absolute URL (scheme://...). */
export function isAbsoluteUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]{0,15}:\/\/[^\s/?#]/.test(text);
}
