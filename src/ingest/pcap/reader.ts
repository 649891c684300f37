/**
 * pcap/pcapng input: the file is read once by telltale (SHA-256, flows, embedded key blocks) and dissected by tshark,
 * whose packets become exchanges (http.ts). When both passes are done, flows that carried content telltale never
 * read become blind spots: TLS without keys (named by SNI), QUIC, other TCP/UDP protocols, each named by its server
 * name, else by a name a DNS answer in the same capture gave its IP, else by the IP.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { ByteSource } from '../source.js';
import type { Exchange, FlowBlindSpot, IngestOptions, IngestSummary, InputInfo, OpenedInput } from '../types.js';
import { endpointsOf, frameOf, layerList, layersOf, text, texts, type Layer } from './ek.js';
import { FlowTable, packetHeaders, type Flow } from './flows.js';
import { readFrames } from './frames.js';
import { HttpAssembler } from './http.js';
import { CaptureSplitter, DEFAULT_PIECE_BYTES, type FrameMap, type Piece } from './split.js';
import { findTshark, runTshark, type TsharkInfo } from './tshark.js';

/** Ports of protocols that run inside TLS: a flow there whose handshake the capture missed is still encrypted. */
const TLS_PORTS = new Set([443, 465, 563, 636, 853, 993, 995, 5061, 5223, 8443, 8883]);
const DNS_PORTS = new Set([53, 5353, 5355]);
/** Lines of an SSLKEYLOGFILE (NSS key log format) that carry a secret. */
const KEYLOG_LINE = /^(CLIENT_RANDOM|CLIENT_EARLY_TRAFFIC_SECRET|CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EARLY_EXPORTER_SECRET|EXPORTER_SECRET|RSA|PMS_CLIENT_RANDOM) [0-9a-fA-F]+ [0-9a-fA-F]+\s*$/m;

export interface PcapOptions extends IngestOptions {
  maxBodyBytes: number;
}

/** Fails early, before a long capture is read, when the key log cannot be used at all. */
async function checkKeylog(keylog: string): Promise<string | null> {
  let content: string;
  try {
    content = await readFile(keylog, 'latin1');
  } catch (e) {
    throw new InputError(keylog, null, `cannot read the TLS key log: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return KEYLOG_LINE.test(content) ? null : `${keylog} holds no TLS secrets in SSLKEYLOGFILE format (CLIENT_RANDOM …): nothing can be decrypted with it`;
}

export function openPcap(path: string, totalBytes: number, options: PcapOptions): OpenedInput {
  let completed: InputInfo | null = null;
  let summary: IngestSummary | null = null;
  let tshark: TsharkInfo | null = null;

  async function* iterate(): AsyncGenerator<Exchange> {
    tshark ??= findTshark(path);
    const keylog = options.keylog ?? null;
    const warnings: string[] = [];
    if (keylog) {
      const problem = await checkKeylog(keylog);
      if (problem) warnings.push(problem);
    }
    const pieceBytes = options.pcapPieceBytes ?? DEFAULT_PIECE_BYTES;
    const pass = await readCapture(path, totalBytes, options, totalBytes > pieceBytes ? Math.ceil(totalBytes / pieceBytes) : 1);
    completed = { path, sha256: pass.sha256, bytes: pass.bytes, format: 'pcap', tool: { name: 'tshark', version: tshark.version } };
    const names = new Map<string, { frame: number; name: string }>();
    const orphans = { count: 0 };
    let oversized = 0;
    if (pass.truncatedAt !== null) {
      warnings.push(`the capture ends inside a packet at byte ${pass.truncatedAt} (cut while being written): that last packet is not read`);
    }
    try {
      for (const piece of pass.pieces) {
        const assembler = new HttpAssembler({
          input: options.input, maxBodyBytes: options.maxBodyBytes,
          connection: (e, frame) => {
            const flow = pass.flows.find(e.protocol, e.src, e.srcPort, e.dst, e.dstPort, frame);
            return { secure: flow?.tls === true || flow?.decrypted === true, serverName: flow?.serverName ?? null };
          },
        });
        const truncated = pass.truncatedAt !== null && piece.path === path;
        for await (const line of runTshark(tshark, piece.path, keylog, path, truncated)) {
          if (!line.packet) {
            oversized++;
            continue;
          }
          const layers = layersOf(line.packet);
          const local = frameOf(layers);
          const e = endpointsOf(layers);
          if (!local || !e) continue;
          const frame = piece.frames ? piece.frames.original(local.number) : local.number;
          markFlow(pass.flows.find(e.protocol, e.src, e.srcPort, e.dst, e.dstPort, frame), layers);
          learnNames(layers, frame, names);
          yield* assembler.packet(layers, frame, local.timeMs, e);
        }
        yield* assembler.finish();
        orphans.count += assembler.orphanResponses;
      }
    } finally {
      pass.splitter?.remove();
    }
    if (oversized > 0) warnings.push(`${oversized} packet(s) with a body too large to read (over ${MAX_BODY_HINT}): not analysed`);
    if (orphans.count > 0) {
      warnings.push(`${orphans.count} HTTP response(s) whose request the capture does not hold (it began mid-connection)`);
    }
    summary = summarize(pass, names, keylog, warnings);
  }

  return {
    format: 'pcap',
    exchanges: { [Symbol.asyncIterator]: () => iterate() },
    info: async () => {
      if (completed) return completed;
      const pass = await readCapture(path, totalBytes, options, 1);
      tshark ??= findTshark(path);
      return { path, sha256: pass.sha256, bytes: pass.bytes, format: 'pcap', tool: { name: 'tshark', version: tshark.version } };
    },
    summary: () => {
      if (!summary) throw new Error('pcap summary asked before the exchanges were read');
      return Promise.resolve(summary);
    },
  };
}

const MAX_BODY_HINT = '100 MB';

interface CapturePass {
  sha256: string;
  bytes: number;
  flows: FlowTable;
  /** The capture embeds TLS keys (pcapng Decryption Secrets Block). */
  secrets: boolean;
  /** Byte offset where the file stops inside a packet (a capture killed mid-write), else null. */
  truncatedAt: number | null;
  /** What tshark reads: the file itself (frames numbered as they are), or the pieces of a split. */
  pieces: { path: string; frames: FrameMap | null }[];
  splitter: CaptureSplitter | null;
}

/** telltale's own pass over the file: hash, flows, embedded secrets, and the split into `pieces` when above one. */
async function readCapture(path: string, totalBytes: number, options: IngestOptions, pieces: number): Promise<CapturePass> {
  const source = new ByteSource(path, totalBytes, { onProgress: options.onProgress });
  const flows = new FlowTable();
  const splitter = pieces > 1 ? new CaptureSplitter(pieces) : null;
  let secrets = false;
  let truncatedAt: number | null;
  try {
    truncatedAt = await readFrames(source, path, {
      frame(frame) {
        const headers = packetHeaders(frame.linkType, frame.data);
        if (headers) flows.add(frame.number, frame.timeMs, headers);
        splitter?.frame(frame);
      },
      header(block) {
        if (block.secrets) secrets = true;
        splitter?.header(block);
      },
    });
    await source.drain();
    splitter?.finish();
  } catch (e) {
    splitter?.remove();
    throw e;
  } finally {
    await source.close();
  }
  const read: Piece[] | null = splitter ? splitter.pieces : null;
  return {
    sha256: source.sha256(), bytes: source.bytes, flows, secrets, truncatedAt, splitter,
    pieces: read ?? [{ path, frames: null }],
  };
}

function markFlow(flow: Flow | null, layers: Layer): void {
  if (!flow) return;
  if (layers.http || layers.http2 || layers.websocket) flow.http = true;
  for (const tls of layerList(layers, 'tls')) {
    if (texts(tls, 'tls', 'tls.handshake.type').includes('1')) flow.tls = true;
    const name = text(tls, 'tls', 'tls.handshake.extensions_server_name');
    if (name && !flow.serverName) flow.serverName = name.toLowerCase();
    if (text(tls, 'tls', 'tls.app_data_proto') !== null) flow.decrypted = true;
  }
  for (const quic of layerList(layers, 'quic')) {
    if (text(quic, 'quic', 'quic.header_form') !== null) flow.quic = true;
    const name = serverNameInside(quic, 0);
    if (name && !flow.serverName) flow.serverName = name.toLowerCase();
  }
}

/**
 * The SNI of a QUIC client Initial: tshark decrypts Initial packets and nests the TLS ClientHello inside the quic
 * layer, so the field is looked for by its name's ending, a few levels down. (No capture in the corpus has a client
 * Initial; this follows tshark's EK naming, `…_tls_handshake_extensions_server_name`.)
 */
function serverNameInside(value: unknown, depth: number): string | null {
  if (depth > 4 || typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.endsWith('handshake_extensions_server_name')) {
      const first = Array.isArray(inner) ? (inner as unknown[])[0] : inner;
      if (typeof first === 'string' && first !== '') return first;
    }
    const found = serverNameInside(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Server IP → the name the app asked the resolver for; the earliest answer (by frame) wins, in any reading order. */
function learnNames(layers: Layer, frame: number, names: Map<string, { frame: number; name: string }>): void {
  for (const dns of layerList(layers, 'dns')) {
    const query = text(dns, 'dns', 'dns.qry.name');
    if (!query) continue;
    for (const ip of [...texts(dns, 'dns', 'dns.a'), ...texts(dns, 'dns', 'dns.aaaa')]) {
      const known = names.get(ip);
      if (!known || frame < known.frame) names.set(ip, { frame, name: query.toLowerCase() });
    }
  }
}

function kindOf(flow: Flow): FlowBlindSpot['kind'] | null {
  if (flow.http || flow.bytes === 0) return null;
  if (flow.protocol === 'udp') {
    if (DNS_PORTS.has(flow.serverPort) || DNS_PORTS.has(flow.clientPort)) return null;
    return flow.quic || flow.serverPort === 443 ? 'quic' : 'non-http-flow';
  }
  if (flow.decrypted) return 'non-http-flow';
  if (DNS_PORTS.has(flow.serverPort)) return null;
  return flow.tls || TLS_PORTS.has(flow.serverPort) ? 'tls-undecrypted' : 'non-http-flow';
}

function summarize(pass: CapturePass, names: Map<string, { frame: number; name: string }>, keylog: string | null, warnings: string[]): IngestSummary {
  const groups = new Map<string, FlowBlindSpot>();
  let tlsFlows = 0;
  let readTls = 0;
  for (const flow of pass.flows.all()) {
    const tlsLike = flow.protocol === 'tcp' && (flow.tls || flow.decrypted || (TLS_PORTS.has(flow.serverPort) && flow.bytes > 0));
    if (tlsLike) {
      tlsFlows++;
      if (flow.decrypted || flow.http) readTls++;
    }
    const kind = kindOf(flow);
    if (!kind) continue;
    const host = flow.serverName ?? names.get(flow.server)?.name ?? flow.server;
    const key = `${kind}\u0000${host}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind, host, flows: 0, bytes: 0, serverIps: [], firstMs: Infinity, lastMs: -Infinity }));
    g.flows++;
    g.bytes += flow.bytes;
    if (!g.serverIps.includes(flow.server)) g.serverIps.push(flow.server);
    if (Number.isFinite(flow.firstMs)) g.firstMs = Math.min(g.firstMs, Math.floor(flow.firstMs));
    if (Number.isFinite(flow.lastMs)) g.lastMs = Math.max(g.lastMs, Math.floor(flow.lastMs));
  }
  const unread = tlsFlows - readTls;
  if (unread > 0) warnings.push(tlsWarning(unread, tlsFlows, keylog, pass.secrets));
  const flowBlindSpots = [...groups.values()]
    .map((g) => ({ ...g, serverIps: [...g.serverIps].sort() }))
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return { flowBlindSpots, warnings };
}

/** One line on what the keys did: none given, wrong ones, or some connections without a key. */
function tlsWarning(unread: number, total: number, keylog: string | null, embedded: boolean): string {
  const what = `${unread} of ${total} TLS connection(s) could not be decrypted and are reported as tls-undecrypted blind spots`;
  if (unread < total) return `${what}: the keys cover only some connections`;
  if (keylog) return `${what}: the key log ${keylog} decrypted none of them (keys of another capture?)`;
  if (embedded) return `${what}: the keys embedded in the capture decrypted none of them`;
  return `${what}: no TLS keys (give --keylog SSLKEYLOGFILE, or embed them with editcap --inject-secrets tls,KEYS)`;
}
