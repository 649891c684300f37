/**
 * IPv4 and IPv6 addresses in request text, classified public (network.public_ip) or private/link-local
 * (network.local_ip); loopback, unspecified, multicast and reserved addresses are not personal data and are skipped,
 * and so is the address of the server the request went to. Version strings are the main false friend
 * ("Chrome/1.2.3.4", "app_ver=2.10.0.1"): a dotted quad after a slash or letter, under a version/build key, or made
 * only of small numbers without an IP key is not reported. With an IP key (ip, client_ip, local_ip, ...) or in a
 * forwarding header the hit is 'likely', otherwise 'possible'. RFC 5737/3849 documentation ranges count as public:
 * they stand in for real public addresses in examples and tests.
 */
import type { DetectorFamily, ExchangeContext, Hit, ScanView } from './context.js';
import { featuresOf, keyAt, scannableText } from './context.js';
import { IP_KEYS, isVersionKey } from './keys.js';
import { classifyIp, type IpClass } from './validators.js';

const IPV4 = /(?<![0-9A-Za-z._/-])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9A-Za-z.-])/g;
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])[0-9A-Fa-f:]{3,39}(?![0-9A-Za-z:.])/g;
const FORWARDING_HEADERS = /^request\.headers:(x-forwarded-for|x-real-ip|client-ip|x-client-ip|true-client-ip|forwarded)$/i;
const SKIPPED_HEADERS = /^request\.headers:(user-agent|host|:authority|referer|origin)$/i;
const MAX_PER_VIEW = 50;

/** Characters of a URL view that belong to its authority (the server's host), not to data sent. */
function authorityEnd(sv: ScanView): number {
  if (sv.view.path !== 'request.url') return 0;
  const text = sv.text!;
  const scheme = text.indexOf('://');
  if (scheme < 0) return 0;
  const slash = text.indexOf('/', scheme + 3);
  return slash < 0 ? text.length : slash;
}

function reportable(cls: IpClass | null): cls is 'public' | 'private' | 'documentation' {
  return cls === 'public' || cls === 'private' || cls === 'documentation';
}

function ipHit(sv: ScanView, ip: string, index: number, cls: 'public' | 'private' | 'documentation', keyed: boolean): Hit {
  const isPublic = cls !== 'private';
  return {
    view: sv.view, dataType: isPublic ? 'network.public_ip' : 'network.local_ip', match: 'pattern',
    confidence: keyed ? 'likely' : 'possible', detector: ip.includes(':') ? 'ipv6' : 'ipv4', matched: ip, index,
    details: { public: isPublic, ...(cls === 'documentation' ? { documentationRange: true } : {}) },
  };
}

function looksLikeVersion(ip: string): boolean {
  return ip.split('.').every((o) => Number(o) < 32);
}

function ipv6GroupCount(s: string): number {
  return s.split(':').filter((g) => g !== '').length;
}

interface IpScan {
  sv: ScanView;
  serverIp: string | null;
  skipBefore: number;
  forwarding: boolean;
  hits: Hit[];
}

function consider(scan: IpScan, ip: string, index: number, minGroups: number): void {
  if (index < scan.skipBefore || ip === scan.serverIp || scan.hits.length >= MAX_PER_VIEW) return;
  const cls = classifyIp(ip);
  if (!reportable(cls)) return;
  const key = keyAt(scan.sv, index);
  if (isVersionKey(key)) return;
  const keyed = scan.forwarding || (key !== null && IP_KEYS.has(key));
  if (!keyed && (ip.includes(':') ? ipv6GroupCount(ip) < minGroups : looksLikeVersion(ip))) return;
  scan.hits.push(ipHit(scan.sv, ip, index, cls, keyed));
}

/** An IPv4 address has three dots, four digits and a digit-dot-digit. */
function mayHoldIpv4(sv: ScanView): boolean {
  const f = featuresOf(sv);
  return f !== null && f.dots >= 3 && f.digits >= 4 && f.digitDotDigit;
}

/** An IPv6 candidate of three or more groups has two ':' with only hex digits between them. */
function mayHoldIpv6(sv: ScanView): boolean {
  const f = featuresOf(sv);
  return f !== null && f.colons >= 2 && f.colonHexColon;
}

function ipsIn(sv: ScanView, serverIp: string | null): Hit[] {
  const v4 = mayHoldIpv4(sv);
  const v6 = mayHoldIpv6(sv);
  if (!v4 && !v6) return [];
  const text = sv.text!;
  const scan: IpScan = { sv, serverIp, skipBefore: authorityEnd(sv), forwarding: FORWARDING_HEADERS.test(sv.view.path), hits: [] };
  if (v4) for (const m of text.matchAll(IPV4)) consider(scan, m[0], m.index, 0);
  if (v6) {
    for (const m of text.matchAll(IPV6_CANDIDATE)) {
      if (ipv6GroupCount(m[0]) >= 3) consider(scan, m[0], m.index, 4);
    }
  }
  return scan.hits;
}

function detectIps(ctx: ExchangeContext): { hits: Hit[] } {
  const hits: Hit[] = [];
  for (const sv of scannableText(ctx)) {
    if (!mayHoldIpv4(sv) && !mayHoldIpv6(sv)) continue;
    if (SKIPPED_HEADERS.test(sv.view.path)) continue;
    for (const h of ipsIn(sv, ctx.exchange.serverIp)) hits.push(h);
  }
  return { hits };
}

export const ipFamily: DetectorFamily = { name: 'ip', detect: detectIps };
