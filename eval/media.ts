/**
 * Small media files with real structure (not just magic bytes), so `file(1)` and any content sniffer recognise them.
 * Formats: PNG (ISO/IEC 15948: signature, IHDR, IDAT, IEND with CRCs), JPEG/JFIF (SOI, APP0, DQT-less body, EOI),
 * MP4 (ISO/IEC 14496-12 ftyp + mdat boxes), WebM (EBML header with DocType "webm", then a Segment).
 */
import { crc32, deflateSync } from 'node:zlib';
import type { Prng } from './prng.js';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), typed, u32(crc32(typed) >>> 0)]);
}

export function pngImage(prng: Prng, size = 16): Uint8Array {
  const ihdr = Buffer.concat([u32(size), u32(size), Buffer.from([8, 2, 0, 0, 0])]);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) rows.push(Buffer.concat([Buffer.from([0]), prng.bytes(size * 3)]));
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', new Uint8Array()),
  ]));
}

export function jpegImage(prng: Prng, bodyBytes = 2048): Uint8Array {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  // Entropy-coded data must not contain 0xFF followed by a marker byte; mask it out.
  const body = Buffer.from(prng.bytes(bodyBytes).map((b) => (b === 0xff ? 0xfe : b)));
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), app0, body, Buffer.from([0xff, 0xd9])]));
}

function mp4Box(type: string, payload: Uint8Array): Buffer {
  return Buffer.concat([u32(8 + payload.length), Buffer.from(type, 'latin1'), payload]);
}

export function mp4Video(prng: Prng, bodyBytes = 4096): Uint8Array {
  const ftyp = mp4Box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2avc1mp41', 'latin1')]));
  return new Uint8Array(Buffer.concat([ftyp, mp4Box('free', new Uint8Array()), mp4Box('mdat', prng.bytes(bodyBytes))]));
}

export function webmVideo(prng: Prng, bodyBytes = 4096): Uint8Array {
  const ebmlHeader = Buffer.from([
    0x1a, 0x45, 0xdf, 0xa3, 0x9f, // EBML, size 31
    0x42, 0x86, 0x81, 0x01, // EBMLVersion 1
    0x42, 0xf7, 0x81, 0x01, // EBMLReadVersion 1
    0x42, 0xf2, 0x81, 0x04, // EBMLMaxIDLength 4
    0x42, 0xf3, 0x81, 0x08, // EBMLMaxSizeLength 8
    0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, // DocType "webm"
    0x42, 0x87, 0x81, 0x02, // DocTypeVersion 2
    0x42, 0x85, 0x81, 0x02, // DocTypeReadVersion 2
  ]);
  const segment = Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  return new Uint8Array(Buffer.concat([ebmlHeader, segment, prng.bytes(bodyBytes)]));
}
