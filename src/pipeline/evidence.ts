/**
 * Evidence kept with each finding while the exchange is still in memory: the request URL (for the request line of an
 * evidence card) and, when the matched view is binary, a masked hex window around the match — so a renderer can show
 * the exact bytes as a hex dump instead of mangled text. Both are taken here because the exchange and its decoded
 * views are dropped once detection is done.
 */
import type { DecodedExchange, View } from '../decode/index.js';
import type { Finding } from '../detect/index.js';
import type { EvidenceBytes } from '../model.js';
import { maskedBytesWindow } from './mask.js';

export interface CollectedFinding extends Finding {
  /** The request URL as captured (masked later, in build.ts). */
  url: string;
  /** A hex window when the view is binary (already masked unless --reveal). */
  bytes?: EvidenceBytes;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function withEvidence(decoded: DecodedExchange, findings: readonly Finding[], reveal: boolean): CollectedFinding[] {
  if (findings.length === 0) return [];
  const url = decoded.exchange.url;
  const views = new Map<string, View>();
  for (const v of decoded.views) if (!views.has(v.path)) views.set(v.path, v);
  let secrets: Uint8Array[] | null = null;
  return findings.map((f) => {
    const view = views.get(f.path);
    const end = view ? matchEnd(view.bytes, f) : -1;
    if (!view || end < 0 || !isBinary(view.bytes, f.offset, end)) return { ...f, url };
    secrets ??= findings.map((x) => Buffer.from(x.matched, 'utf8'));
    return { ...f, url, bytes: maskedBytesWindow(view.bytes, f.offset, end, secrets, reveal) };
  });
}

/** End of the match in the view's bytes, or -1 when the matched text is not literally there (derived evidence). */
function matchEnd(bytes: Uint8Array, f: Finding): number {
  const needle = Buffer.from(f.matched, 'utf8');
  if (needle.length === 0 || f.offset < 0 || f.offset + needle.length > bytes.length) return -1;
  for (let k = 0; k < needle.length; k++) if (bytes[f.offset + k] !== needle[k]) return -1;
  return f.offset + needle.length;
}

/**
 * A view is shown as bytes when the context around the match holds control bytes (other than tab and line breaks)
 * or is not valid UTF-8: printing it as text would hide or alter what was sent.
 */
export function isBinary(bytes: Uint8Array, start: number, end: number, context = 24): boolean {
  let from = Math.max(0, start - context);
  let to = Math.min(bytes.length, end + context);
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return true;
  }
  // Widen to whole UTF-8 characters before judging validity (the window may cut one in half).
  while (from > 0 && from > start - context - 3 && (bytes[from]! & 0xc0) === 0x80) from--;
  while (to < bytes.length && to < end + context + 3 && (bytes[to]! & 0xc0) === 0x80) to++;
  try {
    UTF8.decode(bytes.subarray(from, to));
    return false;
  } catch {
    return true;
  }
}
