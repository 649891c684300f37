/**
 * Media container sniffing by magic bytes, and reading the duration where the container states it.
 * Formats and the fields read (offsets per the public specifications):
 *  - ISO BMFF (MP4, MOV, M4A, HEIC/AVIF): `ftyp` box brand; duration from `mvhd` (ISO/IEC 14496-12 §8.2.2).
 *  - Matroska/WebM: EBML magic 1A45DFA3, DocType; Duration (0x4489) × TimecodeScale (0x2AD7B1)
 *    (https://www.matroska.org/technical/elements.html).
 *  - JPEG FFD8FF, PNG 89504E47…, GIF87a/89a, WebP RIFF…WEBP, WAV RIFF…WAVE (duration = data size / byte rate).
 *  - AAC ADTS frames (sync 0xFFF; duration = frames × 1024 / sample rate, ISO/IEC 13818-7), MP3 with ID3 tag.
 *  - Ogg (OggS): Opus (OpusHead; duration = last granule − pre-skip at 48 kHz, RFC 7845 §4), Vorbis, Theora.
 *  - AMR and AMR-WB storage format: "#!AMR\n" / "#!AMR-WB\n" (RFC 4867 §5; voice messages of messaging apps).
 */
import type { DataTypeId } from '../types.js';

export interface MediaSniff {
  /** Short format name used in detector names ("mp4", "jpeg", "opus", ...). */
  format: string;
  dataType: Extract<DataTypeId, 'media.video' | 'media.image' | 'media.audio'>;
  /** The magic bytes as printable text, e.g. "ftypisom", "\xFF\xD8\xFF". */
  signature: string;
}

const ascii = (b: Uint8Array, start: number, len: number): string =>
  String.fromCharCode(...b.subarray(start, Math.min(b.length, start + len)));

function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);
}

function hex(b: Uint8Array, len: number): string {
  return [...b.subarray(0, len)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
const HANDLER_SCAN_BYTES = 1 << 20;

/** ISO BMFF: classify by brand, then by track handlers ('vide'/'soun') when the moov box is readable. */
function sniffIsoBmff(b: Uint8Array): MediaSniff | null {
  const box = ascii(b, 4, 4);
  if (box === 'moov' || box === 'wide') return { format: 'mov', dataType: 'media.video', signature: box };
  if (box !== 'ftyp') return null;
  const brand = ascii(b, 8, 4);
  const signature = `ftyp${brand}`;
  if (HEIF_BRANDS.has(brand)) {
    return { format: brand.startsWith('avi') ? 'avif' : 'heic', dataType: 'media.image', signature };
  }
  if (AUDIO_BRANDS.has(brand)) return { format: 'm4a', dataType: 'media.audio', signature };
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, HANDLER_SCAN_BYTES));
  const hasVideo = head.includes('hdlr\0\0\0\0\0\0\0\0vide', 0, 'latin1');
  const hasSound = head.includes('hdlr\0\0\0\0\0\0\0\0soun', 0, 'latin1');
  if (!hasVideo && hasSound) return { format: 'm4a', dataType: 'media.audio', signature };
  return { format: brand === 'qt  ' ? 'mov' : 'mp4', dataType: 'media.video', signature };
}

function sniffEbml(b: Uint8Array, mimeType: string | null): MediaSniff | null {
  if (!startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const head = ascii(b, 0, 64);
  const format = head.includes('webm') ? 'webm' : head.includes('matroska') ? 'mkv' : null;
  if (format === null) return null;
  const tracks = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 65536));
  const audioOnly = mimeType?.startsWith('audio/')
    || (!tracks.includes(Buffer.from([0x83, 0x81, 0x01])) && tracks.includes(Buffer.from([0x83, 0x81, 0x02])));
  return { format, dataType: audioOnly ? 'media.audio' : 'media.video', signature: '1a 45 df a3' };
}

function isAdtsFrameAt(b: Uint8Array, i: number): number {
  if (i + 7 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xf6) !== 0xf0) return 0;
  const len = ((b[i + 3]! & 0x03) << 11) | (b[i + 4]! << 3) | (b[i + 5]! >> 5);
  return len >= 7 ? len : 0;
}

function sniffOgg(b: Uint8Array): MediaSniff | null {
  if (ascii(b, 0, 4) !== 'OggS') return null;
  const first = ascii(b, 28, 8);
  if (first.startsWith('OpusHead')) return { format: 'opus', dataType: 'media.audio', signature: 'OggS…OpusHead' };
  if (first.startsWith('\x01vorbis')) return { format: 'vorbis', dataType: 'media.audio', signature: 'OggS…vorbis' };
  if (first.startsWith('\x80theora')) return { format: 'theora', dataType: 'media.video', signature: 'OggS…theora' };
  return { format: 'ogg', dataType: 'media.audio', signature: 'OggS' };
}

/**
 * First bytes every format below starts with (JPEG/ADTS FF, PNG 89, 'G'IF, 'R'IFF, 'I'D3, EBML 1A, 'O'ggS, '#'!AMR), or the
 * first letter of an ISO BMFF box type at offset 4 ('f'typ, 'm'oov, 'w'ide): one look rules out most text views.
 */
function mayBeMedia(b: Uint8Array): boolean {
  const first = b[0];
  const box = b[4];
  return first === 0xff || first === 0x89 || first === 0x47 || first === 0x52 || first === 0x49 || first === 0x1a
    || first === 0x4f || first === 0x23 || box === 0x66 || box === 0x6d || box === 0x77;
}

/** Recognise a media file from its first bytes; `mimeType` only breaks ties (audio-only WebM). */
export function sniffMedia(b: Uint8Array, mimeType: string | null = null): MediaSniff | null {
  if (b.length < 16 || !mayBeMedia(b)) return null;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { format: 'jpeg', dataType: 'media.image', signature: hex(b, 3) };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { format: 'png', dataType: 'media.image', signature: '\x89PNG' };
  const head = ascii(b, 0, 12);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return { format: 'gif', dataType: 'media.image', signature: head.slice(0, 6) };
  if (head.startsWith('RIFF') && head.endsWith('WEBP')) return { format: 'webp', dataType: 'media.image', signature: 'RIFF…WEBP' };
  if (head.startsWith('RIFF') && head.endsWith('WAVE')) return { format: 'wav', dataType: 'media.audio', signature: 'RIFF…WAVE' };
  if (head.startsWith('ID3')) return { format: 'mp3', dataType: 'media.audio', signature: 'ID3' };
  if (head.startsWith('#!AMR\n') || head.startsWith('#!AMR-WB\n')) return { format: 'amr', dataType: 'media.audio', signature: head.slice(0, head.indexOf('\n')) };
  const len = isAdtsFrameAt(b, 0);
  if (len > 0 && (len === b.length || isAdtsFrameAt(b, len) > 0)) return { format: 'aac', dataType: 'media.audio', signature: hex(b, 2) };
  return sniffIsoBmff(b) ?? sniffEbml(b, mimeType) ?? sniffOgg(b);
}

/** Recognise from the declared content type alone (chunks without a header). */
export function mediaTypeOfMime(mimeType: string | null): MediaSniff['dataType'] | null {
  if (!mimeType) return null;
  if (mimeType.startsWith('video/')) return 'media.video';
  if (mimeType.startsWith('audio/')) return 'media.audio';
  if (mimeType.startsWith('image/') && mimeType !== 'image/svg+xml') return 'media.image';
  return null;
}

// ---- durations ---------------------------------------------------------------------------------------------------

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

function mp4Duration(b: Uint8Array): number | null {
  const t = Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf('mvhd', 0, 'latin1');
  if (t < 0 || t + 36 > b.length) return null;
  const d = view(b);
  const version = b[t + 4];
  const [scale, duration] = version === 1
    ? [d.getUint32(t + 24), Number(d.getBigUint64(t + 28))]
    : [d.getUint32(t + 16), d.getUint32(t + 20)];
  if (scale === 0 || duration === 0xffffffff) return null;
  return duration / scale;
}

function ebmlUint(b: Uint8Array, at: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + b[at + i]!;
  return v;
}

function webmDuration(b: Uint8Array): number | null {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 65536));
  const d = head.indexOf(Buffer.from([0x44, 0x89]));
  if (d < 0 || d + 3 > head.length) return null;
  const size = head[d + 2]! & 0x7f;
  if ((head[d + 2]! & 0x80) === 0 || (size !== 4 && size !== 8) || d + 3 + size > head.length) return null;
  const dv = view(b);
  const ticks = size === 4 ? dv.getFloat32(d + 3) : dv.getFloat64(d + 3);
  let scaleNs = 1_000_000;
  const s = head.indexOf(Buffer.from([0x2a, 0xd7, 0xb1]));
  if (s >= 0 && s + 4 <= head.length && (head[s + 3]! & 0xf8) === 0x80) {
    const n = head[s + 3]! & 0x07;
    if (n > 0 && s + 4 + n <= head.length) scaleNs = ebmlUint(head, s + 4, n);
  }
  const seconds = (ticks * scaleNs) / 1e9;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function wavDuration(b: Uint8Array): number | null {
  const d = view(b);
  let byteRate = 0;
  for (let at = 12, chunks = 0; at + 8 <= b.length && chunks < 64; chunks++) {
    const id = ascii(b, at, 4);
    const size = d.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 20 <= b.length) byteRate = d.getUint32(at + 16, true);
    if (id === 'data') return byteRate > 0 ? size / byteRate : null;
    at += 8 + size + (size % 2);
  }
  return null;
}

const ADTS_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
const MAX_ADTS_FRAMES = 1_000_000;

function aacDuration(b: Uint8Array): number | null {
  const rate = ADTS_SAMPLE_RATES[(b[2]! >> 2) & 0x0f];
  if (!rate) return null;
  let samples = 0;
  let i = 0;
  for (let frames = 0; frames < MAX_ADTS_FRAMES; frames++) {
    const len = isAdtsFrameAt(b, i);
    if (len === 0) break;
    samples += ((b[i + 6]! & 0x03) + 1) * 1024;
    i += len;
  }
  return samples / rate;
}

function oggDuration(b: Uint8Array, format: string): number | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const last = buf.lastIndexOf('OggS', b.length - 14, 'latin1');
  if (last < 0) return null;
  const granule = Number(view(b).getBigInt64(last + 6, true));
  if (granule <= 0) return null;
  if (format === 'opus') return (granule - view(b).getUint16(28 + 10, true)) / 48000; // pre-skip, 48 kHz clock
  if (format === 'vorbis' && b.length >= 28 + 16) {
    const rate = view(b).getUint32(28 + 12, true);
    return rate > 0 ? granule / rate : null;
  }
  return null;
}

/** Duration in seconds where the container states it in the bytes at hand; null otherwise. */
export function mediaDurationSeconds(format: string, b: Uint8Array): number | null {
  try {
    const seconds = format === 'mp4' || format === 'mov' || format === 'm4a' ? mp4Duration(b)
      : format === 'webm' || format === 'mkv' ? webmDuration(b)
        : format === 'wav' ? wavDuration(b)
          : format === 'aac' ? aacDuration(b)
            : format === 'opus' || format === 'vorbis' ? oggDuration(b, format) : null;
    return seconds !== null && Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) / 1000 : null;
  } catch {
    return null; // a truncated header: the duration is simply not readable from these bytes
  }
}

/** Find an `mvhd` box anywhere in a chunk (moov is often written at the end of the file). */
export function chunkDurationSeconds(b: Uint8Array): number | null {
  return mediaDurationSeconds('mp4', b);
}
