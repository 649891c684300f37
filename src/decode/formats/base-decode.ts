/**
 * Base64 and hex decoding into a caller's buffer, for blob candidates (see scratchBlobPart). Inputs have passed the
 * decoder's SHAPE check (alphabet characters, then at most two '='), and the output is byte for byte what Node's
 * Buffer.from(text, 'base64' | 'base64url' | 'hex') gives for such text: full 4-character groups give 3 bytes, a tail
 * of 2 or 3 characters gives 1 or 2 bytes, a lone trailing character gives none.
 */

const SIXBITS = (() => {
  const table = new Int8Array(128).fill(-1);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < letters.length; i++) table[letters.charCodeAt(i)] = i;
  // Node accepts both alphabets in either encoding name.
  table[0x2b] = 62; // +
  table[0x2d] = 62; // -
  table[0x2f] = 63; // /
  table[0x5f] = 63; // _
  return table;
})();

/** Decodes SHAPE-checked base64 or base64url text into `out` (large enough: 3/4 of the length); returns the length. */
export function base64Into(text: string, out: Uint8Array): number {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  let o = 0;
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    const v = (SIXBITS[text.charCodeAt(i)] << 18) | (SIXBITS[text.charCodeAt(i + 1)] << 12) |
      (SIXBITS[text.charCodeAt(i + 2)] << 6) | SIXBITS[text.charCodeAt(i + 3)];
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  const rest = end - i;
  if (rest >= 2) {
    const v = (SIXBITS[text.charCodeAt(i)] << 18) | (SIXBITS[text.charCodeAt(i + 1)] << 12) |
      (rest === 3 ? SIXBITS[text.charCodeAt(i + 2)] << 6 : 0);
    out[o++] = v >> 16;
    if (rest === 3) out[o++] = (v >> 8) & 0xff;
  }
  return o;
}

function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/** Decodes SHAPE-checked hex text of even length into `out`; returns the length. */
export function hexInto(text: string, out: Uint8Array): number {
  const n = text.length >> 1;
  for (let i = 0; i < n; i++) out[i] = (nibble(text.charCodeAt(2 * i)) << 4) | nibble(text.charCodeAt(2 * i + 1));
  return n;
}
