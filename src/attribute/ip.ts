/**
 * IP address parsing and the ranges that must never get a country: private, loopback, link-local, shared (CGN),
 * documentation, benchmarking, multicast and reserved space. The bundled IP databases do map some of these to a
 * country (192.168.1.5 → AU), so attribution checks here first.
 * Ranges: IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and updates), RFC 9637 (3fff::/20).
 *   https://www.iana.org/assignments/iana-ipv4-special-registry/
 *   https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
import { isIPv4, isIPv6 } from 'node:net';

export type ParsedIp = { version: 4; value: number } | { version: 6; value: bigint };

/** Parses a textual IPv4 or IPv6 address (brackets and an IPv6 zone id are tolerated); null when not an address. */
export function parseIp(text: string): ParsedIp | null {
  const bare = text.trim().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return { version: 4, value: ipv4ToNumber(bare) };
  if (isIPv6(bare)) return { version: 6, value: ipv6ToBigInt(bare) };
  return null;
}

function ipv4ToNumber(text: string): number {
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function ipv6ToBigInt(text: string): bigint {
  let head = text;
  let tailV4: number | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tailV4 = ipv4ToNumber(text.slice(lastColon + 1));
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') as [string, string] : [head, null];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const zeros = right === null ? [] : new Array<string>(8 - leftGroups.length - rightGroups.length).fill('0');
  let value = 0n;
  for (const group of [...leftGroups, ...zeros, ...rightGroups]) value = (value << 16n) | BigInt(parseInt(group, 16));
  if (tailV4 !== null) value = (value & ~0xffffffffn) | BigInt(tailV4);
  return value;
}

/** The IPv4 address carried inside an IPv4-mapped (::ffff:a.b.c.d) IPv6 address, else null. */
export function embeddedIpv4(ip: ParsedIp): number | null {
  if (ip.version !== 6) return null;
  return ip.value >> 32n === 0xffffn ? Number(ip.value & 0xffffffffn) : null;
}

export function ipv4Text(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const V4_SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.31.196.0', 24], ['192.52.193.0', 24], ['192.88.99.0', 24],
  ['192.168.0.0', 16], ['192.175.48.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
];

const V6_SPECIAL: ReadonlyArray<readonly [string, number]> = [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['2002::', 16], ['3fff::', 20], ['5f00::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
];

const v4Ranges = V4_SPECIAL.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ipv4ToNumber(base) & mask) >>> 0, mask };
});
const v6Ranges = V6_SPECIAL.map(([base, bits]) => {
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  return { base: ipv6ToBigInt(base) & mask, mask };
});

/** True for addresses that belong to no country: private, loopback, documentation, multicast, reserved... */
export function isNonPublicIp(ip: ParsedIp): boolean {
  const mapped = embeddedIpv4(ip);
  if (mapped !== null) return isNonPublicIp({ version: 4, value: mapped });
  if (ip.version === 4) return v4Ranges.some((r) => ((ip.value & r.mask) >>> 0) === r.base);
  return v6Ranges.some((r) => (ip.value & r.mask) === r.base);
}
