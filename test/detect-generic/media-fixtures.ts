/**
 * Small media files built byte by byte from the container specifications (ISO/IEC 14496-12 boxes, Matroska EBML,
 * RFC 7845 Ogg Opus, ISO/IEC 13818-7 ADTS, JFIF, PNG). Each is checked against libmagic's `file` in media.test.ts,
 * so the sniffer is never tested only against our own writer.
 */
import { createHash } from 'node:crypto';

const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const box = (type: string, ...payload: Buffer[]): Buffer => {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
};

/** Deterministic filler bytes (SHA-256 counter stream): looks random, is the same on every run. */
export function pseudoRandom(length: number, seed = 'telltale'): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

export function ftyp(brand: string, compatible: string[]): Buffer {
  return box('ftyp', Buffer.from(brand, 'latin1'), u32(0x200), ...compatible.map((c) => Buffer.from(c, 'latin1')));
}

function mvhd(timescale: number, duration: number): Buffer {
  const b = Buffer.alloc(100);
  b.writeUInt32BE(timescale, 12);
  b.writeUInt32BE(duration, 16);
  b.writeUInt32BE(0x00010000, 20); // rate 1.0
  b.writeUInt16BE(0x0100, 24); // volume 1.0
  [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((v, i) => b.writeUInt32BE(v, 36 + i * 4)); // unity matrix
  b.writeUInt32BE(2, 96); // next track id
  return box('mvhd', b);
}

function hdlr(handler: string): Buffer {
  return box('hdlr', Buffer.alloc(8), Buffer.from(handler, 'latin1'), Buffer.alloc(12), Buffer.from('Handler\0', 'latin1'));
}

export function moov(seconds: number, handler: 'vide' | 'soun'): Buffer {
  return box('moov', mvhd(1000, Math.round(seconds * 1000)), box('trak', box('mdia', hdlr(handler))));
}

/** A faststart MP4 (moov before mdat) of the given duration. */
export function mp4(seconds: number, mdatBytes = 2048): Buffer {
  return Buffer.concat([ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']), moov(seconds, 'vide'), box('mdat', pseudoRandom(mdatBytes))]);
}

export function m4a(seconds: number): Buffer {
  return Buffer.concat([ftyp('M4A ', ['M4A ', 'mp42', 'isom']), moov(seconds, 'soun'), box('mdat', pseudoRandom(512))]);
}

export function heic(): Buffer {
  return Buffer.concat([ftyp('heic', ['mif1', 'heic']), box('meta', Buffer.alloc(4), hdlr('pict')), box('mdat', pseudoRandom(512))]);
}

export function jpeg(bytes = 1500): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, pseudoRandom(bytes), Buffer.from([0xff, 0xd9])]);
}

export function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(64, 0);
  ihdr.writeUInt32BE(64, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), u32(13), Buffer.from('IHDR'), ihdr, u32(0),
    u32(200), Buffer.from('IDAT'), pseudoRandom(200), u32(0)]);
}

const ebml = (id: number[], payload: Buffer): Buffer => Buffer.concat([Buffer.from(id), Buffer.from([0x80 | payload.length]), payload]);

export function webm(seconds: number): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], Buffer.concat([
    ebml([0x42, 0x86], Buffer.from([1])), ebml([0x42, 0xf7], Buffer.from([1])), ebml([0x42, 0x82], Buffer.from('webm')),
    ebml([0x42, 0x87], Buffer.from([4])), ebml([0x42, 0x85], Buffer.from([2]))]));
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(seconds * 1000);
  const info = ebml([0x15, 0x49, 0xa9, 0x66], Buffer.concat([ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])),
    ebml([0x44, 0x89], duration)]));
  const tracks = ebml([0x16, 0x54, 0xae, 0x6b], ebml([0xae], Buffer.concat([ebml([0xd7], Buffer.from([1])), ebml([0x83], Buffer.from([1]))])));
  const segment = Buffer.concat([Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), info, tracks]);
  return Buffer.concat([header, segment, pseudoRandom(1024)]);
}

function oggPage(headerType: number, granule: bigint, packet: Buffer, seq: number): Buffer {
  const h = Buffer.alloc(27);
  h.write('OggS', 0, 'latin1');
  h[5] = headerType;
  h.writeBigInt64LE(granule, 6);
  h.writeUInt32LE(0x1234, 14);
  h.writeUInt32LE(seq, 18);
  h[26] = 1;
  return Buffer.concat([h, Buffer.from([packet.length]), packet]);
}

export function opus(seconds: number): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; head[9] = 1;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  const tags = Buffer.concat([Buffer.from('OpusTags'), Buffer.from([8, 0, 0, 0]), Buffer.from('telltale'), Buffer.alloc(4)]);
  return Buffer.concat([oggPage(2, 0n, head, 0), oggPage(0, 0n, tags, 1), oggPage(0, 1000n, pseudoRandom(200), 2),
    oggPage(4, BigInt(312 + Math.round(seconds * 48000)), pseudoRandom(200, 'last'), 3)]);
}

/** AAC-LC ADTS stream, 44.1 kHz stereo, `frames` frames of 100 bytes. */
export function adts(frames: number): Buffer {
  const frame = (): Buffer => {
    const len = 100;
    const h = Buffer.from([0xff, 0xf1, 0x50, 0x80 | ((len >> 11) & 3), (len >> 3) & 0xff, ((len & 7) << 5) | 0x1f, 0xfc]);
    return Buffer.concat([h, pseudoRandom(len - 7)]);
  };
  return Buffer.concat(Array.from({ length: frames }, frame));
}
