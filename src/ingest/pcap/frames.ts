/**
 * A streaming reader of pcap and pcapng files at the block level: every packet with its frame number (1-based, counted
 * as tshark counts them: every packet block in file order), capture time, link type and bytes. It dissects nothing
 * beyond that; tshark does the dissection. telltale reads the file itself for three things tshark's output lacks:
 * the SHA-256 of every byte, exact per-flow byte counts and times (flows.ts), and splitting a large capture into
 * flow-complete pieces (split.ts).
 *
 * Formats: pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html), microsecond and nanosecond, both
 * byte orders; pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html) sections, interfaces with
 * if_tsresol / if_tsoffset, Enhanced, Simple and obsolete Packet Blocks, and Decryption Secrets Blocks (noted).
 */
import { InputError } from '../../errors.js';
import type { ByteSource } from '../source.js';

/** Larger blocks are not packets anyone captured: a corrupt length, refused before allocating. */
const MAX_BLOCK_BYTES = 256 * (1 << 20);

export interface Frame {
  /** 1-based, as Wireshark and tshark number frames. */
  number: number;
  /** Capture time, epoch milliseconds (fractional); NaN for a Simple Packet Block, which has no time. */
  timeMs: number;
  linkType: number;
  /** Captured bytes of the packet (a view into the reader's buffer: copy before keeping). */
  data: Buffer;
  /** The whole block as found in the file (pcapng) or record header + data (pcap), for copying into a split file. */
  raw: Buffer;
}

/** A block that is not a packet: pcapng section/interface/secrets/name blocks, the pcap file header. */
export interface HeaderBlock {
  raw: Buffer;
  /** pcapng Decryption Secrets Block (TLS key log embedded in the capture). */
  secrets: boolean;
}

/** A capture stopped mid-write (a killed tcpdump) ends inside a block: everything before it is still good. */
export class TruncatedCapture extends Error {
  constructor(readonly offset: number) {
    super(`the capture ends inside a packet at byte ${offset}`);
  }
}

export interface FrameVisitor {
  frame(frame: Frame): void | Promise<void>;
  header(block: HeaderBlock): void | Promise<void>;
}

interface Interface {
  linkType: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  offsetSeconds: number;
}

/** Buffered access to a ByteSource: `need(n)` makes n bytes available from `at`, across chunk boundaries. */
class Cursor {
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;

  constructor(private readonly source: ByteSource, readonly path: string) {}

  /** Absolute file offset of the next unread byte. */
  offset(): number {
    return this.source.offset() - (this.buf.length - this.at);
  }

  async need(n: number): Promise<Buffer | null> {
    while (this.buf.length - this.at < n) {
      if (this.source.pos < this.source.buf.length) {
        this.buf = Buffer.concat([this.buf.subarray(this.at), this.source.buf.subarray(this.source.pos)]);
        this.at = 0;
        this.source.pos = this.source.buf.length;
        continue;
      }
      if (!(await this.source.fill())) return this.buf.length - this.at === 0 ? null : this.truncated();
    }
    return this.buf.subarray(this.at, this.at + n);
  }

  skip(n: number): void {
    this.at += n;
  }

  private truncated(): never {
    throw new TruncatedCapture(this.offset());
  }
}

const PCAP_MAGICS: Record<number, { littleEndian: boolean; nanos: boolean }> = {
  0xa1b2c3d4: { littleEndian: false, nanos: false },
  0xd4c3b2a1: { littleEndian: true, nanos: false },
  0xa1b23c4d: { littleEndian: false, nanos: true },
  0x4d3cb2a1: { littleEndian: true, nanos: true },
};

/** Reads every block; a file cut inside its last block is not an error: the offset of the cut is returned. */
export async function readFrames(source: ByteSource, path: string, visitor: FrameVisitor): Promise<number | null> {
  try {
    await readBlocks(source, path, visitor);
    return null;
  } catch (e) {
    if (e instanceof TruncatedCapture) return e.offset;
    throw e;
  }
}

async function readBlocks(source: ByteSource, path: string, visitor: FrameVisitor): Promise<void> {
  const cursor = new Cursor(source, path);
  const head = await cursor.need(4);
  if (!head) throw new InputError(path, 'byte 0', 'empty file');
  const magic = head.readUInt32BE(0);
  if (magic === 0x0a0d0d0a) return readPcapng(cursor, visitor);
  const pcap = PCAP_MAGICS[magic];
  if (!pcap) throw new InputError(path, 'byte 0', 'not a pcap or pcapng file');
  return readPcap(cursor, visitor, pcap.littleEndian, pcap.nanos);
}

async function readPcap(cursor: Cursor, visitor: FrameVisitor, le: boolean, nanos: boolean): Promise<void> {
  const header = (await cursor.need(24))!;
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  // The low 28 bits hold the link type; the top bits may carry FCS information.
  const linkType = u32(header, 20) & 0x0fffffff;
  await visitor.header({ raw: Buffer.from(header), secrets: false });
  cursor.skip(24);
  let number = 0;
  for (;;) {
    const at = cursor.offset();
    const record = await cursor.need(16);
    if (!record) return;
    const captured = u32(record, 8);
    if (captured > MAX_BLOCK_BYTES) throw new InputError(cursor.path, `byte ${at}`, `packet record of ${captured} bytes`);
    const whole = (await cursor.need(16 + captured))!;
    const timeMs = u32(whole, 0) * 1000 + u32(whole, 4) / (nanos ? 1e6 : 1e3);
    await visitor.frame({ number: ++number, timeMs, linkType, data: whole.subarray(16), raw: whole });
    cursor.skip(16 + captured);
  }
}

async function readPcapng(cursor: Cursor, visitor: FrameVisitor): Promise<void> {
  let le = true;
  let interfaces: Interface[] = [];
  let number = 0;
  for (;;) {
    const at = cursor.offset();
    const start = await cursor.need(12);
    if (!start) return;
    let type = start.readUInt32LE(0);
    if (type === 0x0a0d0d0a) {
      const order = start.readUInt32LE(8);
      if (order === 0x1a2b3c4d) le = true;
      else if (order === 0x4d3c2b1a) le = false;
      else throw new InputError(cursor.path, `byte ${at}`, 'pcapng section header with an unknown byte-order magic');
      interfaces = [];
    }
    if (!le) type = start.readUInt32BE(0);
    const length = le ? start.readUInt32LE(4) : start.readUInt32BE(4);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK_BYTES) {
      throw new InputError(cursor.path, `byte ${at}`, `pcapng block of type ${type} with an impossible length ${length}`);
    }
    const block = (await cursor.need(length))!;
    const body = block.subarray(8, length - 4);
    switch (type) {
      case 1:
        interfaces.push(interfaceOf(body, le));
        await visitor.header({ raw: Buffer.from(block), secrets: false });
        break;
      case 6:
      case 2:
        await visitor.frame(packetOf(block, body, le, type, interfaces, ++number, cursor.path, at));
        break;
      case 3: {
        const iface = interfaces[0];
        if (!iface) throw new InputError(cursor.path, `byte ${at}`, 'simple packet block before any interface');
        const original = le ? body.readUInt32LE(0) : body.readUInt32BE(0);
        const data = body.subarray(4, 4 + Math.min(original, body.length - 4));
        await visitor.frame({ number: ++number, timeMs: NaN, linkType: iface.linkType, data, raw: block });
        break;
      }
      default:
        // Section header, name resolution, statistics, secrets, custom: every split piece needs them.
        await visitor.header({ raw: Buffer.from(block), secrets: type === 0x0a });
    }
    cursor.skip(length);
  }
}

function interfaceOf(body: Buffer, le: boolean): Interface {
  const linkType = le ? body.readUInt16LE(0) : body.readUInt16BE(0);
  let unitsPerSecond = 1e6;
  let offsetSeconds = 0;
  for (let at = 8; at + 4 <= body.length;) {
    const code = le ? body.readUInt16LE(at) : body.readUInt16BE(at);
    const len = le ? body.readUInt16LE(at + 2) : body.readUInt16BE(at + 2);
    if (code === 0) break;
    const value = body.subarray(at + 4, at + 4 + len);
    if (code === 9 && len >= 1) {
      const r = value[0]!;
      unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
    }
    if (code === 14 && len >= 8) offsetSeconds = Number(le ? value.readBigInt64LE(0) : value.readBigInt64BE(0));
    at += 4 + ((len + 3) & ~3);
  }
  return { linkType, unitsPerSecond, offsetSeconds };
}

function packetOf(
  block: Buffer, body: Buffer, le: boolean, type: number, interfaces: Interface[], number: number, path: string, at: number,
): Frame {
  // EPB: interface(4) tsHigh(4) tsLow(4) captured(4) original(4); obsolete PB: interface(2) drops(2) then the same.
  const id = type === 6 ? (le ? body.readUInt32LE(0) : body.readUInt32BE(0)) : le ? body.readUInt16LE(0) : body.readUInt16BE(0);
  const iface = interfaces[id];
  if (!iface) throw new InputError(path, `byte ${at}`, `packet on interface ${id}, which the section never described`);
  const high = le ? body.readUInt32LE(4) : body.readUInt32BE(4);
  const low = le ? body.readUInt32LE(8) : body.readUInt32BE(8);
  const captured = le ? body.readUInt32LE(12) : body.readUInt32BE(12);
  if (20 + captured > body.length) throw new InputError(path, `byte ${at}`, `packet of ${captured} bytes in a shorter block`);
  const units = high * 2 ** 32 + low;
  const timeMs = (units / iface.unitsPerSecond + iface.offsetSeconds) * 1000;
  return { number, timeMs, linkType: iface.linkType, data: body.subarray(20, 20 + captured), raw: block };
}
