/**
 * Splitting a large capture into pieces tshark can read in bounded memory. tshark keeps state for every packet it
 * has seen (about 1.7× the file size in resident memory on a 200 MB capture, measured with tshark 4.0), so a 1 GB file
 * would need gigabytes. Every packet between the same two IP addresses goes to the same piece (a hash of the
 * address pair), so each TCP connection, its TLS session and its HTTP exchanges stay whole in one piece. Blocks that
 * are not packets (pcapng section and interface descriptions, embedded TLS secrets, name resolution) go to every
 * piece, so each is a valid capture with the same keys. Each piece remembers the original number of its frames.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, HeaderBlock } from './frames.js';
import { ipPairOf } from './flows.js';

/** Target size of one piece; tshark then stays well under 500 MB of resident memory. */
export const DEFAULT_PIECE_BYTES = 128 * (1 << 20);
const FLUSH_BYTES = 1 << 20;

export interface Piece {
  path: string;
  /** Original frame number of the piece's frame i+1. */
  frames: FrameMap;
}

/** A growable list of frame numbers (4 bytes each). */
export class FrameMap {
  private numbers = new Uint32Array(1024);
  length = 0;

  push(n: number): void {
    if (this.length === this.numbers.length) {
      const bigger = new Uint32Array(this.numbers.length * 2);
      bigger.set(this.numbers);
      this.numbers = bigger;
    }
    this.numbers[this.length++] = n;
  }

  /** Original number of the piece's 1-based frame `local`. */
  original(local: number): number {
    return local >= 1 && local <= this.length ? this.numbers[local - 1]! : local;
  }
}

/** FNV-1a, 32 bits: a cheap, stable spread of address pairs over pieces. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class CaptureSplitter {
  private readonly dir: string;
  private readonly fds: number[] = [];
  private readonly buffers: Buffer[][] = [];
  private readonly buffered: number[] = [];
  readonly pieces: Piece[] = [];

  constructor(readonly count: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'telltale-pcap-'));
    for (let i = 0; i < count; i++) {
      const path = join(this.dir, `piece-${i}.cap`);
      this.fds.push(openSync(path, 'w'));
      this.buffers.push([]);
      this.buffered.push(0);
      this.pieces.push({ path, frames: new FrameMap() });
    }
  }

  header(block: HeaderBlock): void {
    for (let i = 0; i < this.count; i++) this.write(i, block.raw);
  }

  frame(frame: Frame): void {
    const pair = ipPairOf(frame.linkType, frame.data);
    const piece = pair === null ? 0 : hash(pair) % this.count;
    this.pieces[piece]!.frames.push(frame.number);
    this.write(piece, frame.raw);
  }

  /** Flushes and closes the piece files (they stay until remove()). */
  finish(): void {
    for (let i = 0; i < this.count; i++) {
      this.flush(i);
      closeSync(this.fds[i]!);
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(piece: number, bytes: Buffer): void {
    // The reader reuses its buffer: keep a copy until the flush.
    this.buffers[piece]!.push(Buffer.from(bytes));
    this.buffered[piece]! += bytes.length;
    if (this.buffered[piece]! >= FLUSH_BYTES) this.flush(piece);
  }

  private flush(piece: number): void {
    const data = Buffer.concat(this.buffers[piece]!);
    for (let at = 0; at < data.length;) at += writeSync(this.fds[piece]!, data, at);
    this.buffers[piece] = [];
    this.buffered[piece] = 0;
  }
}
