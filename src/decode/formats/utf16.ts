/**
 * UTF-16 text (RFC 2781), turned into UTF-8 so every other decoder and detector reads it. Java's "UTF-16" charset
 * writes big-endian with a byte-order mark (https://docs.oracle.com/javase/8/docs/api/java/nio/charset/Charset.html);
 * .NET's Encoding.Unicode and Windows APIs write little-endian, often without one. Recognised by a byte-order mark,
 * by a declared charset, or — undeclared — by the shape of ASCII-range text in UTF-16: every other byte zero.
 * The layer is named for the byte order found: `|utf16le`, `|utf16be`.
 */
import type { Decoder, DecodeInput } from '../types.js';
import { CH, isCleanBytes } from '../bytes.js';

/** Bytes sampled to recognise undeclared UTF-16. */
const SAMPLE_BYTES = 64;
/** Shortest undeclared UTF-16 text recognised (4 characters): shorter zero-padded runs are binary numbers. */
const MIN_UNDECLARED_BYTES = 8;
/** Share of sampled code units that must be printable ASCII with a zero high byte. */
const MIN_ASCII_UNITS = 0.9;

type Order = 'le' | 'be';

function declaredOrder(contentType: string | null | undefined): Order | 'bom' | null {
  const charset = /;\s*charset="?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === 'utf-16le') return 'le';
  if (charset === 'utf-16be') return 'be';
  // "UTF-16" alone: the byte-order mark decides, big-endian without one (RFC 2781 §4.3).
  return charset === 'utf-16' ? 'bom' : null;
}

function bomOrder(b: Uint8Array): Order | null {
  if (b.length < 2) return null;
  if (b[0] === 0xff && b[1] === 0xfe) return 'le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'be';
  return null;
}

function printableAscii(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The byte order whose code units in the sample are nearly all printable ASCII, or null. */
function sniffedOrder(b: Uint8Array): Order | null {
  const n = Math.min(b.length, SAMPLE_BYTES) & ~1;
  if (n < MIN_UNDECLARED_BYTES) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i + 1] === 0 && printableAscii(b[i]!)) le++;
    if (b[i] === 0 && printableAscii(b[i + 1]!)) be++;
  }
  const units = n / 2;
  if (le / units >= MIN_ASCII_UNITS) return 'le';
  if (be / units >= MIN_ASCII_UNITS) return 'be';
  return null;
}

/**
 * Whether decoded blob bytes may be UTF-16 text (a byte-order mark, or the first `head` bytes ASCII-range UTF-16):
 * blob.ts keeps such blobs so this decoder can read them.
 */
export function mayBeUtf16Text(b: Uint8Array, head = b.length): boolean {
  return bomOrder(b) !== null || sniffedOrder(b.subarray(0, head)) !== null;
}

function orderOf(input: DecodeInput): { order: Order; skip: number } | null {
  const b = input.bytes;
  const bom = bomOrder(b);
  if (bom) return { order: bom, skip: 2 };
  const declared = declaredOrder(input.contentType);
  if (declared === 'le' || declared === 'be') return { order: declared, skip: 0 };
  if (declared === 'bom') return { order: 'be', skip: 0 };
  const sniffed = sniffedOrder(b);
  return sniffed ? { order: sniffed, skip: 0 } : null;
}

export const utf16Decoder: Decoder = {
  name: 'utf16',
  maxFit: 90,
  covers: true,
  fit(input) {
    const b = input.bytes;
    if (b.length < 4) return 0;
    if (bomOrder(b) !== null && b.length % 2 === 0) return 90;
    if (declaredOrder(input.contentType) !== null) return 90;
    // Undeclared: only bytes that cannot be UTF-8 text (zero bytes) are worth sniffing.
    return b.indexOf(0) >= 0 && sniffedOrder(b) !== null ? 60 : 0;
  },
  mayFit(first, mask, length) {
    return length >= 4 && ((mask & CH.CONTROL) !== 0 || first === 0xff || first === 0xfe);
  },
  decode(input, limits) {
    const found = orderOf(input);
    if (!found || input.bytes.length > limits.maxBlobBytes) return null;
    const units = input.bytes.subarray(found.skip);
    if (units.length === 0 || units.length % 2 !== 0) return null;
    let text: string;
    try {
      text = new TextDecoder(found.order === 'le' ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(units);
    } catch {
      return null; // unpaired surrogates: not UTF-16 text
    }
    const bytes = Buffer.from(text, 'utf8');
    // Binary data read as UTF-16 gives control characters and unassigned code points: not text, not this format.
    if (!isCleanBytes(bytes)) return null;
    return [{
      selector: null, bytes, key: input.key, layer: `utf16${found.order}`,
      mimeType: input.mimeType, contentType: input.contentType?.replace(/;\s*charset="?[\w-]+"?/i, '') ?? null,
    }];
  },
};
