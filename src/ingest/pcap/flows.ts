/**
 * Flows of a capture, counted from the packets themselves: for each TCP connection or UDP conversation, who opened it,
 * its payload bytes, packets, first and last frame and time. tshark later says what each flow carried (HTTP it could
 * read, a TLS or QUIC handshake and its server name, DNS); a flow with content telltale never read becomes a blind
 * spot. Only headers are parsed here: link layer (Ethernet with VLAN/PPPoE, Linux cooked v1/v2, BSD loopback, raw
 * IP), IPv4 (first fragments) and IPv6 (with extension headers), TCP and UDP.
 */

/** pcap LINKTYPE_* values (https://www.tcpdump.org/linktypes.html). */
const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const TCP = 6;
const UDP = 17;
const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;
const RST = 0x04;

export interface PacketHeaders {
  protocol: 'tcp' | 'udp';
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  payloadBytes: number;
  /** TCP flags byte (0 for UDP). */
  flags: number;
}

/** IP offset and version inside a frame of the given link type; null when it carries no IP. */
function ipStart(linkType: number, data: Buffer): number | null {
  switch (linkType) {
    case LINK.ETHERNET: {
      let at = 12;
      let type = data.length >= 14 ? data.readUInt16BE(12) : 0;
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && data.length >= at + 6) {
        at += 4;
        type = data.readUInt16BE(at);
      }
      if (type === 0x8864 && data.length >= at + 10) {
        // PPPoE session: 6-byte header, then the PPP protocol (0x0021 IPv4, 0x0057 IPv6).
        const ppp = data.readUInt16BE(at + 8);
        return ppp === 0x0021 || ppp === 0x0057 ? at + 10 : null;
      }
      return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? at + 2 : null;
    }
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6:
      return 0;
    case LINK.NULL:
    case LINK.LOOP:
      return 4;
    case LINK.LINUX_SLL:
      return data.length >= 16 && isIpEthertype(data.readUInt16BE(14)) ? 16 : null;
    case LINK.LINUX_SLL2:
      return data.length >= 20 && isIpEthertype(data.readUInt16BE(0)) ? 20 : null;
    default:
      return null;
  }
}

function isIpEthertype(type: number): boolean {
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6;
}

function ipv4Text(data: Buffer, at: number): string {
  return `${data[at]}.${data[at + 1]}.${data[at + 2]}.${data[at + 3]}`;
}

function ipv6Text(data: Buffer, at: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(data.readUInt16BE(at + i).toString(16));
  // Compress the longest run of zero groups (RFC 5952), as tshark prints addresses.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * The frame's two IP addresses in a fixed order ("a|b", the smaller first), fragments included; null when the frame
 * carries no IP. Everything between two hosts shares this key, which is what keeps a split capture's flows whole.
 */
export function ipPairOf(linkType: number, data: Buffer): string | null {
  const start = ipStart(linkType, data);
  if (start === null || data.length < start + 20) return null;
  const version = data[start]! >> 4;
  let a: string;
  let b: string;
  if (version === 4) {
    a = ipv4Text(data, start + 12);
    b = ipv4Text(data, start + 16);
  } else if (version === 6 && data.length >= start + 40) {
    a = data.toString('hex', start + 8, start + 24);
    b = data.toString('hex', start + 24, start + 40);
  } else {
    return null;
  }
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Transport headers of a frame, or null for anything that is not TCP/UDP over IP (or a non-first fragment). */
export function packetHeaders(linkType: number, data: Buffer): PacketHeaders | null {
  const start = ipStart(linkType, data);
  if (start === null || data.length < start + 20) return null;
  const version = data[start]! >> 4;
  let protocol: number;
  let transport: number;
  let end: number;
  let src: string;
  let dst: string;
  if (version === 4) {
    const ihl = (data[start]! & 0x0f) * 4;
    if ((data.readUInt16BE(start + 6) & 0x1fff) !== 0) return null; // a later fragment has no ports
    protocol = data[start + 9]!;
    transport = start + ihl;
    end = Math.min(data.length, start + data.readUInt16BE(start + 2));
    src = ipv4Text(data, start + 12);
    dst = ipv4Text(data, start + 16);
  } else if (version === 6 && data.length >= start + 40) {
    protocol = data[start + 6]!;
    transport = start + 40;
    end = Math.min(data.length, start + 40 + data.readUInt16BE(start + 4));
    src = ipv6Text(data, start + 8);
    dst = ipv6Text(data, start + 24);
    // Hop-by-hop, routing, destination options: skip; a fragment header: only the first fragment has ports.
    while ((protocol === 0 || protocol === 43 || protocol === 60 || protocol === 44) && transport + 8 <= end) {
      if (protocol === 44 && (data.readUInt16BE(transport + 2) & 0xfff8) !== 0) return null;
      const next = data[transport]!;
      transport += protocol === 44 ? 8 : (data[transport + 1]! + 1) * 8;
      protocol = next;
    }
  } else {
    return null;
  }
  if (protocol === TCP && transport + 20 <= end) {
    const headerBytes = (data[transport + 12]! >> 4) * 4;
    return {
      protocol: 'tcp', src, dst, srcPort: data.readUInt16BE(transport), dstPort: data.readUInt16BE(transport + 2),
      payloadBytes: Math.max(0, end - transport - headerBytes), flags: data[transport + 13]!,
    };
  }
  if (protocol === UDP && transport + 8 <= end) {
    return {
      protocol: 'udp', src, dst, srcPort: data.readUInt16BE(transport), dstPort: data.readUInt16BE(transport + 2),
      payloadBytes: Math.max(0, end - transport - 8), flags: 0,
    };
  }
  return null;
}

export interface Flow {
  protocol: 'tcp' | 'udp';
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  packets: number;
  bytes: number;
  firstFrame: number;
  lastFrame: number;
  firstMs: number;
  lastMs: number;
  closed: boolean;
  /** Filled from tshark's view of the flow. */
  http: boolean;
  tls: boolean;
  decrypted: boolean;
  quic: boolean;
  serverName: string | null;
}

/** Unordered endpoint pair, so both directions find the same flows. */
export function flowKey(protocol: string, a: string, aPort: number, b: string, bPort: number): string {
  const left = `${a}|${aPort}`;
  const right = `${b}|${bPort}`;
  return left < right ? `${protocol}|${left}|${right}` : `${protocol}|${right}|${left}`;
}

/** Ports below this are services; a first packet from one is a reply whose request the capture missed. */
const EPHEMERAL_FLOOR = 1024;

export class FlowTable {
  /** Flows per endpoint pair, in order: a port reused after a FIN/RST starts a new flow, as in tshark. */
  private readonly byKey = new Map<string, Flow[]>();
  count = 0;

  add(frame: number, timeMs: number, p: PacketHeaders): void {
    const key = flowKey(p.protocol, p.src, p.srcPort, p.dst, p.dstPort);
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    let flow = list[list.length - 1];
    const opening = p.protocol === 'tcp' && (p.flags & (SYN | ACK)) === SYN;
    if (!flow || (opening && flow.closed && flow.bytes > 0)) {
      flow = this.open(frame, timeMs, p, opening);
      list.push(flow);
    }
    flow.packets++;
    flow.bytes += p.payloadBytes;
    flow.lastFrame = frame;
    if (Number.isFinite(timeMs)) {
      if (!Number.isFinite(flow.firstMs)) flow.firstMs = timeMs;
      flow.lastMs = timeMs;
    }
    if (p.flags & (FIN | RST)) flow.closed = true;
  }

  private open(frame: number, timeMs: number, p: PacketHeaders, opening: boolean): Flow {
    this.count++;
    // The opener is the client: the SYN's sender, else the first sender unless it speaks from a service port.
    const reversed = !opening && p.srcPort < EPHEMERAL_FLOOR && p.dstPort >= EPHEMERAL_FLOOR;
    return {
      protocol: p.protocol,
      client: reversed ? p.dst : p.src, clientPort: reversed ? p.dstPort : p.srcPort,
      server: reversed ? p.src : p.dst, serverPort: reversed ? p.srcPort : p.dstPort,
      packets: 0, bytes: 0, firstFrame: frame, lastFrame: frame, firstMs: timeMs, lastMs: timeMs, closed: false,
      http: false, tls: false, decrypted: false, quic: false, serverName: null,
    };
  }

  /** The flow a frame seen by tshark belongs to (the latest one of its endpoint pair started at or before it). */
  find(protocol: string, a: string, aPort: number, b: string, bPort: number, frame: number): Flow | null {
    const list = this.byKey.get(flowKey(protocol, a, aPort, b, bPort));
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.firstFrame <= frame) return list[i]!;
    return list[0] ?? null;
  }

  *all(): Generator<Flow> {
    for (const list of this.byKey.values()) yield* list;
  }
}
