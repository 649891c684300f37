/**
 * Personal values are masked in report excerpts unless the user asks to reveal them: the report is itself sensitive.
 * A masked value keeps its length and a few edge characters so an analyst can still tell values apart.
 * Masking is recorded in the model (which spans were masked, where the match sits) so renderers never have to guess
 * from the bullet characters.
 */
import type { EvidenceBytes, Span } from '../model.js';

export function maskValue(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 4) return '•'.repeat(chars.length);
  const keep = chars.length >= 12 ? 2 : 1;
  return chars.slice(0, keep).join('') + '•'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
}

/** Masks every occurrence of each secret in text, longest secrets first (so a value inside another is covered). */
export function maskExcerpt(text: string, secrets: readonly string[]): string {
  return maskText(text, secrets, null).text;
}

export interface MaskedText {
  text: string;
  /** Masked parts of `text` (sorted, disjoint). */
  masked: Span[];
  /** Where `matched` sits in `text`, or null when it does not occur. */
  match: Span | null;
}

interface Hit extends Span {
  secret: string;
}

/** Occurrences of the secrets in text, longest secret first; an occurrence overlapping an earlier one is left. */
function occurrences(text: string, secrets: readonly string[]): Hit[] {
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const hits: Hit[] = [];
  for (const secret of ordered) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + secret.length)) {
      const end = at + secret.length;
      if (!hits.some((h) => at < h.end && h.start < end)) hits.push({ start: at, end, secret });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * Text with the secrets masked (or kept, when `secrets` is empty), the masked spans, and where `matched` sits after
 * masking. The match is located in the original text, so masking it does not lose its place.
 */
export function maskText(text: string, secrets: readonly string[], matched: string | null, at?: number): MaskedText {
  const hits = occurrences(text, secrets);
  // The detector's own position when it gave one and the match is there; else its first occurrence.
  const matchAt = !matched ? -1 : at !== undefined && text.startsWith(matched, at) ? at : text.indexOf(matched);
  const original: Span | null = matchAt >= 0 ? { start: matchAt, end: matchAt + matched!.length } : null;
  let out = '';
  let from = 0;
  const masked: Span[] = [];
  // Where each original hit boundary lands in the output, to carry the match span across the replacements.
  const moved: { hit: Hit; to: Span }[] = [];
  for (const hit of hits) {
    out += text.slice(from, hit.start);
    const start = out.length;
    out += maskValue(hit.secret);
    const to = { start, end: out.length };
    masked.push(to);
    moved.push({ hit, to });
    from = hit.end;
  }
  out += text.slice(from);
  return { text: out, masked, match: original ? { start: movePos(original.start, moved, 'start'), end: movePos(original.end, moved, 'end') } : null };
}

/** An original position in the masked text: a position inside a masked hit snaps to the hit's edge. */
function movePos(pos: number, moved: readonly { hit: Hit; to: Span }[], edge: 'start' | 'end'): number {
  let shift = 0;
  for (const { hit, to } of moved) {
    const before = edge === 'start' ? pos < hit.start : pos <= hit.start;
    if (before) break;
    const inside = edge === 'start' ? pos < hit.end : pos <= hit.end;
    if (inside) return edge === 'start' ? to.start : to.end;
    shift = to.end - hit.end;
  }
  return pos + shift;
}

/**
 * A hex window of a binary view around a match: `before`/`after` bytes of context, the match capped at `maxMatch`
 * bytes, and every secret's bytes inside the window masked (written "••", never stored).
 */
export function maskedBytesWindow(
  view: Uint8Array, matchStart: number, matchEnd: number, secrets: readonly Uint8Array[], reveal: boolean,
  context = 24, maxMatch = 64,
): EvidenceBytes {
  const end = Math.min(matchEnd, matchStart + maxMatch);
  const from = Math.max(0, matchStart - context);
  const to = Math.min(view.length, end + context);
  const hidden = new Uint8Array(to - from);
  if (!reveal) {
    for (const secret of secrets) {
      if (secret.length === 0) continue;
      // A secret that starts before the window but reaches into it is masked too.
      for (let i = Math.max(0, from - secret.length + 1); i < to; i++) {
        if (!startsWith(view, i, secret)) continue;
        for (let j = Math.max(i, from); j < Math.min(i + secret.length, to); j++) hidden[j - from] = 1;
      }
    }
  }
  let hex = '';
  const masked: Span[] = [];
  for (let i = from; i < to; i++) {
    const isHidden = hidden[i - from] === 1;
    hex += isHidden ? '••' : view[i]!.toString(16).padStart(2, '0');
    if (!isHidden) continue;
    const last = masked[masked.length - 1];
    if (last && last.end === i - from) last.end++;
    else masked.push({ start: i - from, end: i - from + 1 });
  }
  return { offset: from, hex, match: { start: matchStart - from, end: end - from }, masked };
}

function startsWith(bytes: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at + needle.length > bytes.length) return false;
  for (let k = 0; k < needle.length; k++) if (bytes[at + k] !== needle[k]) return false;
  return true;
}
