/**
 * Personal values are masked in report excerpts unless the user asks to reveal them: the report is itself sensitive.
 * A masked value keeps its length and a few edge characters so an analyst can still tell values apart.
 */
export function maskValue(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 4) return '•'.repeat(chars.length);
  const keep = chars.length >= 12 ? 2 : 1;
  return chars.slice(0, keep).join('') + '•'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
}

/** Masks every occurrence of each secret in text, longest secrets first (so a value inside another is covered). */
export function maskExcerpt(text: string, secrets: readonly string[]): string {
  let out = text;
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(maskValue(secret));
  }
  return out;
}
