/**
 * Running Debian's tshark (package `tshark`, Wireshark's dissector): finding it, the arguments telltale always
 * passes, and its output read as a stream of JSON lines (`-T ek`, one object per packet), never a whole buffer.
 *
 * Preferences (https://www.wireshark.org/docs/man-pages/tshark.html, `tshark -G currentprefs`):
 *   tcp.reassemble_out_of_order:TRUE — without it, a capture with reordered segments loses most HTTP messages
 *   http.decompress_body:FALSE — bodies stay as sent; their Content-Encoding is undone by telltale's decode stage,
 *     which bounds decompression and records the layer in the evidence path
 *   -d udp.port==443,quic — QUIC on its IANA port even when tshark's heuristics miss it (raw-IP captures)
 * WIRESHARK_CONFIG_DIR points at an empty directory, so a user's own Wireshark profile (decode-as rules, key logs)
 * cannot change what a capture yields: the same file gives the same report on every machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../errors.js';

/** Protocol fields kept in tshark's EK output (`-j`: a layer or field appears only when named). */
const FIELDS = [
  'frame', 'frame.number', 'frame.time_epoch',
  'ip', 'ip.src', 'ip.dst', 'ipv6', 'ipv6.src', 'ipv6.dst',
  'tcp', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', 'udp', 'udp.srcport', 'udp.dstport',
  'text', 'dns', 'dns.resp.name', 'dns.a', 'dns.aaaa', 'dns.cname',
  'tls', 'tls.record', 'tls.handshake', 'tls.handshake.type', 'tls.handshake.extension',
  'tls.handshake.extensions_server_name', 'tls.app_data_proto',
  'quic', 'quic.header_form',
  'http', 'http.request.method', 'http.request.uri', 'http.request.version', 'http.request.line',
  'http.response.code', 'http.response.version', 'http.response.line', 'http.file_data', 'http.host',
  'http2', 'http2.stream', 'http2.streamid', 'http2.type', 'http2.flags', 'http2.flags.end_stream', 'http2.header',
  'http2.header.name', 'http2.header.value', 'http2.data.data',
  'websocket', 'websocket.opcode', 'websocket.fin', 'websocket.payload',
];

/** Packets worth printing: HTTP, WebSocket, TLS/QUIC handshakes, decrypted TLS, DNS answers. Everything else
 *  is counted from the file itself (flows.ts), so tshark does not print it. */
const DISPLAY_FILTER = 'http || http2 || websocket || tls.handshake.type == 1 || tls.app_data_proto || '
  + 'quic.header_form == 1 || dns.flags.response == 1';

/** Debian names the package after the program. */
export const TSHARK_PACKAGE = 'tshark';

export interface TsharkInfo {
  path: string;
  version: string;
}

/** The tshark to run: $TELLTALE_TSHARK, else `tshark` on PATH. A clear InputError when there is none. */
export function findTshark(file: string): TsharkInfo {
  const path = process.env.TELLTALE_TSHARK || 'tshark';
  const probe = spawnSync(path, ['-v'], { encoding: 'utf8', env: isolatedEnv(null) });
  if (probe.error || probe.status !== 0) {
    throw new InputError(file, null,
      `reading pcap/pcapng needs tshark (Wireshark's dissector), which was not found: apt-get install ${TSHARK_PACKAGE}`);
  }
  const version = /TShark \(Wireshark\) ([0-9][^\s]*)/.exec(probe.stdout)?.[1] ?? 'unknown';
  return { path, version };
}

function isolatedEnv(configDir: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
  if (configDir) env.WIRESHARK_CONFIG_DIR = configDir;
  delete env.SSLKEYLOGFILE;
  return env;
}

export function tsharkArgs(capture: string, keylog: string | null): string[] {
  const args = ['-r', capture, '-n', '-o', 'tcp.reassemble_out_of_order:TRUE', '-o', 'http.decompress_body:FALSE',
    '-d', 'udp.port==443,quic'];
  if (keylog) args.push('-o', `tls.keylog_file:${keylog}`);
  args.push('-Y', DISPLAY_FILTER, '-T', 'ek', '-x', '-j', FIELDS.join(' '));
  return args;
}

/** A line longer than this (a body of more than ~100 MB, hex-encoded several times over) is not parsed whole. */
export const MAX_LINE_CHARS = 400 * (1 << 20);

export interface TsharkLine {
  /** The parsed packet object, or null when the line was too long to parse (then `head` holds its start). */
  packet: Record<string, unknown> | null;
  head: string;
  chars: number;
}

/**
 * Runs tshark on a capture and yields its EK packet objects one at a time, as they come out of the pipe (the
 * child is paused while the consumer works). tshark's own failures become an InputError naming the capture.
 */
export async function* runTshark(
  tshark: TsharkInfo, capture: string, keylog: string | null, file: string, truncated: boolean,
): AsyncGenerator<TsharkLine> {
  const configDir = mkdtempSync(join(tmpdir(), 'telltale-wireshark-'));
  const child = spawn(tshark.path, tsharkArgs(capture, keylog), { env: isolatedEnv(configDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 64 * 1024) stderr += text;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  try {
    yield* linesOf(child.stdout);
    const code = await exited;
    // A file cut inside its last packet makes tshark exit 2 after reading everything before the cut.
    const cutShort = truncated && /cut short in the middle of a packet/.test(stderr);
    if (code !== 0 && !cutShort) throw new InputError(file, null, `tshark failed (exit ${code}): ${firstProblem(stderr)}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(configDir, { recursive: true, force: true });
  }
}

/** tshark's first line that says something (it always warns about running as root). */
function firstProblem(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Running as user/.test(l));
  return lines.slice(0, 2).join(' ') || 'no message';
}

async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<TsharkLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized: { head: string; chars: number } | null = null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (oversized) {
        yield { packet: null, head: oversized.head, chars: oversized.chars + piece.length };
        oversized = null;
        continue;
      }
      const line = pendingBytes === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      const parsed = parseLine(line);
      if (parsed) yield parsed;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) continue;
    if (oversized) {
      oversized.chars += rest.length;
    } else if (pendingBytes + rest.length > MAX_LINE_CHARS) {
      const head = Buffer.concat([...pending, rest]).toString('utf8', 0, 1 << 20);
      oversized = { head, chars: pendingBytes + rest.length };
      pending = [];
      pendingBytes = 0;
    } else {
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) {
    const parsed = parseLine(Buffer.concat(pending));
    if (parsed) yield parsed;
  }
}

function parseLine(line: Buffer): TsharkLine | null {
  // EK alternates an index line ({"index":...}) with a packet line ({"timestamp":...,"layers":...}).
  if (line.length < 12 || line[2] !== 0x74) return null;
  const text = line.toString('utf8');
  const packet = JSON.parse(text) as Record<string, unknown>;
  return { packet, head: '', chars: text.length };
}
