/**
 * A small pcapng writer for the benchmark capture: Ethernet + IPv4 + TCP/UDP packets, one interface, microsecond
 * timestamps. Only what `bench/gen-pcap.ts` needs; the files it writes are read back by Debian's tshark and capinfos,
 * never by telltale's own code, so the reader is not tested against this writer.
 *
 * Layout per pcapng spec (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): Section Header Block,
 * Interface Description Block (LINKTYPE_ETHERNET = 1), then one Enhanced Packet Block per packet.
 */
import type { WriteStream } from 'node:fs';

const LINKTYPE_ETHERNET = 1;
const ETH_HEADER = Buffer.from('0000000000020000000000010800', 'hex');
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

function block(type: number, body: Buffer): Buffer {
  const padded = (body.length + 3) & ~3;
  const total = 12 + padded;
  const out = Buffer.alloc(total);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(total, 4);
  body.copy(out, 8);
  out.writeUInt32LE(total, total - 4);
  return out;
}

function sectionHeader(): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt32LE(0x1a2b3c4d, 0);
  body.writeUInt16LE(1, 4);
  body.writeUInt16LE(0, 6);
  body.writeBigInt64LE(-1n, 8);
  return block(0x0a0d0d0a, body);
}

function interfaceDescription(): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16LE(LINKTYPE_ETHERNET, 0);
  body.writeUInt32LE(262144, 4);
  return block(1, body);
}

function ipv4(src: number, dst: number, protocol: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header[0] = 0x45;
  header.writeUInt16BE(20 + payload.length, 2);
  header[6] = 0x40;
  header[8] = 64;
  header[9] = protocol;
  header.writeUInt32BE(src >>> 0, 12);
  header.writeUInt32BE(dst >>> 0, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  header.writeUInt16BE(~sum & 0xffff, 10);
  return Buffer.concat([header, payload]);
}

export function ipOf(text: string): number {
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export class PcapngWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  bytes = 0;
  packets = 0;

  constructor(private readonly stream: WriteStream) {
    this.push(sectionHeader());
    this.push(interfaceDescription());
  }

  async tcp(timeUs: bigint, src: number, sport: number, dst: number, dport: number, seq: number, ack: number, flags: number,
    payload: Buffer = Buffer.alloc(0)): Promise<void> {
    const header = Buffer.alloc(20);
    header.writeUInt16BE(sport, 0);
    header.writeUInt16BE(dport, 2);
    header.writeUInt32BE(seq >>> 0, 4);
    header.writeUInt32BE(ack >>> 0, 8);
    header[12] = 5 << 4;
    header[13] = flags;
    header.writeUInt16BE(65535, 14);
    await this.packet(timeUs, ipv4(src, dst, 6, Buffer.concat([header, payload])));
  }

  async udp(timeUs: bigint, src: number, sport: number, dst: number, dport: number, payload: Buffer): Promise<void> {
    const header = Buffer.alloc(8);
    header.writeUInt16BE(sport, 0);
    header.writeUInt16BE(dport, 2);
    header.writeUInt16BE(8 + payload.length, 4);
    await this.packet(timeUs, ipv4(src, dst, 17, Buffer.concat([header, payload])));
  }

  private async packet(timeUs: bigint, ip: Buffer): Promise<void> {
    const frame = Buffer.concat([ETH_HEADER, ip]);
    const head = Buffer.alloc(20);
    head.writeUInt32LE(Number(timeUs >> 32n), 4);
    head.writeUInt32LE(Number(timeUs & 0xffffffffn), 8);
    head.writeUInt32LE(frame.length, 12);
    head.writeUInt32LE(frame.length, 16);
    this.packets++;
    this.push(block(6, Buffer.concat([head, frame])));
    if (this.pendingBytes >= 1 << 20) await this.flush();
  }

  private push(buffer: Buffer): void {
    this.pending.push(buffer);
    this.pendingBytes += buffer.length;
    this.bytes += buffer.length;
  }

  async flush(): Promise<void> {
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(data)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
