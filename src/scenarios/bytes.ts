/** Deterministic payload bytes for the scenarios: filler, an MP4 file, multipart bodies, gzip. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'fflate';

/** Bytes that look random (an encrypted SDK envelope, compressed video) but are the same on every run. */
export function pseudoRandomBytes(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 0, at = 0; at < length; block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    out.set(digest.subarray(0, Math.min(digest.length, length - at)), at);
    at += digest.length;
  }
  return out;
}

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, size);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
}

/** Movie header (ISO/IEC 14496-12 §8.2.2, version 0): timescale 1000, the given duration, identity matrix. */
function mvhd(durationMs: number): Uint8Array {
  const head = u32s(0, 0, 0, 1000, durationMs, 0x00010000); // version+flags, creation, modification, timescale, duration, rate
  const volume = new Uint8Array([0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]); // volume 1.0, reserved 2 + 8 bytes
  const matrix = u32s(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
  const tail = u32s(0, 0, 0, 0, 0, 0, 2); // pre_defined ×6, next_track_ID
  return box('mvhd', head, volume, matrix, tail);
}

/**
 * A small MP4 (ftyp isom + moov/mvhd + mdat) as a phone camera writes it; `file` reports it as "ISO Media, MP4 Base
 * Media v1". The media data is filler: the point is the container a detector must recognise.
 */
export function mp4File(seed: string, durationMs: number, mediaBytes: number): Uint8Array {
  const enc = new TextEncoder();
  const ftyp = box('ftyp', enc.encode('isom'), u32s(0x200), enc.encode('isomiso2avc1mp41'));
  const moov = box('moov', mvhd(durationMs));
  const mdat = box('mdat', pseudoRandomBytes(seed, mediaBytes));
  return concat(ftyp, moov, mdat);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface FormPart {
  name: string;
  value: string | Uint8Array;
  filename?: string;
  contentType?: string;
}

/** multipart/form-data (RFC 7578) with CRLF line ends. */
export function multipartBody(boundary: string, parts: readonly FormPart[]): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const file = p.filename !== undefined ? `; filename="${p.filename}"` : '';
    const type = p.contentType ? `\r\nContent-Type: ${p.contentType}` : '';
    chunks.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}${type}\r\n\r\n`));
    chunks.push(typeof p.value === 'string' ? enc.encode(p.value) : p.value);
    chunks.push(enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  return concat(...chunks);
}

/** gzip with a fixed header (mtime 0) from a pure-JS deflate, so the bytes do not depend on the zlib build. */
export function gzipJson(value: unknown): Uint8Array {
  return gzipSync(new TextEncoder().encode(JSON.stringify(value)), { level: 6, mtime: 0 });
}
