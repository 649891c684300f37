/** Tells input formats apart by their first bytes, never by file name (captures get renamed). */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { InputFormat } from './types.js';

const SNIFF_BYTES = 512;

const PCAP_MAGICS = [
  [0xd4, 0xc3, 0xb2, 0xa1],
  [0xa1, 0xb2, 0xc3, 0xd4],
  [0x4d, 0x3c, 0xb2, 0xa1],
  [0xa1, 0xb2, 0x3c, 0x4d],
];
const PCAPNG_MAGIC = [0x0a, 0x0d, 0x0d, 0x0a];
const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** A mitmproxy dump is a sequence of tnetstrings: "<length>:<payload><type>", the first one a dict ("}"). */
const TNETSTRING_START = /^[0-9]{1,12}:/;

export type SniffedFormat = InputFormat | 'pcapng';

/** Format of the file at `path`; JSON-looking, empty and unknown files go to the HAR reader, which explains them. */
export async function sniffFormat(path: string): Promise<SniffedFormat> {
  const head = await readHead(path);
  if (PCAP_MAGICS.some((magic) => startsWith(head, magic))) return 'pcap';
  if (startsWith(head, PCAPNG_MAGIC)) return 'pcapng';
  if (startsWith(head, GZIP_MAGIC)) throw new InputError(path, 'byte 0', 'gzip-compressed file: decompress it first');
  if (startsWith(head, ZIP_MAGIC)) throw new InputError(path, 'byte 0', 'zip archive: extract the capture first');
  if (TNETSTRING_START.test(head.toString('latin1'))) return 'mitmproxy';
  return 'har';
}

/** An SSLKEYLOGFILE line (NSS key log format). */
const KEYLOG_START = /^(#[^\n]*\n)*(CLIENT_RANDOM|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|EXPORTER_SECRET|CLIENT_EARLY_TRAFFIC_SECRET|RSA) /;

/**
 * Format of a file found in a directory or by a glob, where anything might sit beside the captures: only a positive
 * sign of a format counts (pcap/pcapng magic, a tnetstring, a JSON object for HAR); anything else is an InputError
 * naming the file — a TLS key log is told apart, since it belongs with --keylog.
 */
export async function sniffCaptureFormat(path: string): Promise<SniffedFormat> {
  const head = await readHead(path);
  if (head.length === 0) throw new InputError(path, 'byte 0', 'empty file, not a capture');
  const format = await sniffFormat(path);
  if (format !== 'har') return format;
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (text.startsWith('{')) return 'har';
  if (KEYLOG_START.test(text)) {
    throw new InputError(path, null, 'a TLS key log (SSLKEYLOGFILE), not a capture: pass it with --keylog');
  }
  throw new InputError(path, 'byte 0', 'not a capture telltale reads (HAR, mitmproxy dump, pcap, pcapng)');
}

/** The first bytes of a file, read synchronously: one open/read/close, no thread-pool round trips per input. */
// eslint-disable-next-line @typescript-eslint/require-await
async function readHead(path: string): Promise<Buffer> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, null, `cannot open: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    let bytesRead: number;
    try {
      bytesRead = readSync(fd, head, 0, SNIFF_BYTES, 0);
    } catch (e) {
      throw new InputError(path, 'byte 0', `read failed: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    return head.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}

function startsWith(head: Buffer, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}
