/**
 * Host names hard-coded in code: URLs found anywhere in a binary (DEX, .so, Mach-O, .class) and bare host-name
 * string constants from DEX string tables. A host counts only if it ends in a real public suffix (tldts) or is an IP.
 * Bare strings are noisier (Java package names look like reversed host names), so they go through extra filters.
 */
import { parse } from 'tldts';
import type { HostInCode } from './types.js';

const SCHEME_SEPARATOR = Buffer.from('://');
const SCHEMES = new Set(['http', 'https', 'ws', 'wss']);
const MAX_URL_CHARS = 300;
const EVIDENCE_LIMIT = 5;

/** URL prefixes that are identifiers (XML namespaces, DTDs), not endpoints anybody connects to. */
const IDENTIFIER_URL_PREFIXES = [
  'http://schemas.android.com/', 'http://www.w3.org/', 'https://www.w3.org/', 'http://ns.adobe.com/', 'http://xml.org/',
  'http://xmlpull.org/', 'http://www.apple.com/DTDs/', 'http://purl.org/', 'http://schemas.microsoft.com/',
  'http://schemas.xmlsoap.org/', 'http://apache.org/xml/', 'http://javax.xml.XMLConstants/',
];

/**
 * First labels that mark a reversed-DNS Java package rather than a host ("com.example.app" ends in the real TLD
 * ".app"). Common sub-domain words (app, api, cdn, go, my, ...) are deliberately not in this list.
 */
const PACKAGE_ROOT_LABELS = new Set([
  'com', 'org', 'net', 'edu', 'gov', 'io', 'cn', 'de', 'uk', 'fr', 'jp', 'kr', 'ru', 'nl', 'es', 'br', 'au', 'ca', 'ch',
  'se', 'pl', 'dk', 'fi', 'cz', 'hu', 'tw', 'hk', 'sg', 'vn', 'tr', 'gr', 'pt', 'ie', 'il', 'za', 'mx', 'ar', 'cl', 'ua',
  'ro', 'android', 'androidx', 'java', 'javax', 'kotlin', 'kotlinx', 'dalvik', 'sun', 'info', 'biz',
]);

/**
 * A bare string is accepted as a host only under one of these common top-level domains: many other TLDs are also
 * everyday words in code ("crashlytics.installation.id", "build.properties", "Main.java", "1.3.16.dev").
 */
const BARE_HOST_TLDS = new Set([
  'com', 'net', 'org', 'cn', 'io', 'co', 'info', 'biz', 'me', 'tv', 'ru', 'de', 'jp', 'kr', 'uk', 'fr', 'in', 'us',
  'ca', 'au', 'br', 'hk', 'tw', 'sg', 'xyz', 'top', 'vip', 'cloud', 'ai', 'mobi',
]);

function isUrlChar(c: number): boolean {
  // Printable ASCII except space, quotes, angle brackets, backslash, backtick and braces.
  return c > 0x20 && c < 0x7f && c !== 0x22 && c !== 0x27 && c !== 0x3c && c !== 0x3e && c !== 0x5c && c !== 0x60
    && c !== 0x7b && c !== 0x7d;
}

function isHostChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

/** Checks a candidate host against the public suffix list; returns the normalized host or null. */
export function validHost(candidate: string): string | null {
  const host = candidate.toLowerCase().replace(/\.$/, '');
  if (host.length < 4 || host.length > 253 || host.includes('..') || host.startsWith('.') || host.startsWith('-')) return null;
  const info = parse(host);
  if (info.isIp) return host;
  if (!info.domain || !info.isIcann || !info.publicSuffix) return null;
  return host;
}

/** A bare string constant that is probably a host name (not a package, file name or version). */
export function validBareHost(candidate: string): string | null {
  const host = validHost(candidate);
  if (!host || parse(host).isIp) return null;
  const labels = host.split('.');
  if (PACKAGE_ROOT_LABELS.has(labels[0]!) || /^[0-9]+$/.test(labels[0]!)) return null;
  if (!BARE_HOST_TLDS.has(labels[labels.length - 1]!)) return null;
  return host;
}

export interface UrlHit { host: string; url: string }

/** Finds http(s)/ws(s) URLs in raw bytes (ASCII/UTF-8 text inside any binary). */
export function findUrls(buf: Buffer): UrlHit[] {
  const hits: UrlHit[] = [];
  let pos = buf.indexOf(SCHEME_SEPARATOR);
  while (pos >= 0) {
    let schemeStart = pos;
    while (schemeStart > 0 && pos - schemeStart < 5 && isSchemeLetter(buf[schemeStart - 1]!)) schemeStart--;
    const scheme = buf.toString('latin1', schemeStart, pos).toLowerCase();
    const next = pos + 3;
    if (SCHEMES.has(scheme)) {
      let hostEnd = next;
      while (hostEnd < buf.length && hostEnd - next < 253 && isHostChar(buf[hostEnd]!)) hostEnd++;
      let urlEnd = hostEnd;
      while (urlEnd < buf.length && urlEnd - schemeStart < MAX_URL_CHARS && isUrlChar(buf[urlEnd]!)) urlEnd++;
      const url = buf.toString('latin1', schemeStart, urlEnd);
      const host = IDENTIFIER_URL_PREFIXES.some((p) => url.startsWith(p)) ? null : validHost(buf.toString('latin1', next, hostEnd));
      if (host) hits.push({ host, url });
    }
    pos = buf.indexOf(SCHEME_SEPARATOR, next);
  }
  return hits;
}

function isSchemeLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Accumulates hosts across files, keeping a few example files and URLs per host (bounded). */
export class HostCollector {
  private readonly hosts = new Map<string, { via: 'url' | 'string'; files: Set<string>; urls: Set<string> }>();
  dropped = 0;

  constructor(private readonly maxHosts: number) {}

  add(host: string, via: 'url' | 'string', file: string, url?: string): void {
    let entry = this.hosts.get(host);
    if (!entry) {
      if (this.hosts.size >= this.maxHosts) { this.dropped++; return; }
      entry = { via, files: new Set(), urls: new Set() };
      this.hosts.set(host, entry);
    }
    if (via === 'url') entry.via = 'url';
    if (entry.files.size < EVIDENCE_LIMIT * 4) entry.files.add(file);
    if (url && entry.urls.size < EVIDENCE_LIMIT * 4) entry.urls.add(url);
  }

  addUrlsIn(buf: Buffer, file: string): void {
    for (const hit of findUrls(buf)) this.add(hit.host, 'url', file, hit.url);
  }

  result(): HostInCode[] {
    return [...this.hosts.entries()]
      .map(([host, e]) => ({
        host,
        via: e.via,
        files: [...e.files].sort().slice(0, EVIDENCE_LIMIT),
        urls: [...e.urls].sort().slice(0, EVIDENCE_LIMIT),
      }))
      .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  }
}
