/**
 * Plain words shared by every human rendering (terminal, HTML, PDF, diff): grammatical counts, claim titles, phases,
 * blind spots as sentences. One place, so the terminal and the page never say the same thing two ways.
 */
import type { FirstPartyDecision, ReportBlindSpot } from '../model.js';
import { cmp } from '../util/compare.js';

const IRREGULAR: Record<string, string> = {
  entry: 'entries', company: 'companies', country: 'countries', 'identifier sync': 'identifier syncs',
  'this request': 'these requests', 'its content': 'their content', was: 'were', is: 'are',
};

/** "1 finding", "2 findings", "1 company", "3 companies"; numbers get thousands separators. */
export function count(n: number, singular: string, pluralForm?: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : pluralForm ?? IRREGULAR[singular] ?? `${singular}s`}`;
}

/** The word alone, agreeing with n ("was"/"were"). */
export function agree(n: number, singular: string): string {
  return n === 1 ? singular : IRREGULAR[singular] ?? `${singular}s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return count(n, 'byte');
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const CLAIM_TITLES: Record<string, string> = {
  'pre-consent-collection': 'Personal data sent before consent',
  'identifier-assigned-before-signup': 'Identifiers assigned before any signup',
  'unposted-media-upload': 'Media uploaded before the user posted it',
  'biometric-collection': 'Biometric (face) data collected',
  'transfer-to-country-of-concern': 'Data sent to servers in a country of concern',
  'controller-in-country-of-concern': 'Data sent to companies controlled from a country of concern',
  'third-party-sdk-collection': 'Third-party SDKs collecting personal data',
  'background-collection': 'Collection while the app was in the background',
  'data-after-decline': 'Data sent after the user declined',
};

export function claimTitle(id: string): string {
  return CLAIM_TITLES[id] ?? id;
}

const VERDICT_WORDS: Record<string, string> = {
  supported: 'supported', 'not-supported': 'not supported', inconclusive: 'inconclusive',
  contradicted: 'contradicted', consistent: 'consistent', unverifiable: 'unverifiable',
};

export function verdictWord(verdict: string): string {
  return VERDICT_WORDS[verdict] ?? verdict;
}

const PHASE_WORDS: Record<string, string> = {
  'pre-consent': 'before consent', 'post-consent': 'after consent', 'after-decline': 'after decline',
  background: 'in the background', unknown: 'phase unknown (no events)',
};

export function phaseWord(phase: string): string {
  return PHASE_WORDS[phase] ?? phase;
}

/** Phases in the order a session goes through them (for tables and legends). */
export const PHASE_ORDER = ['pre-consent', 'post-consent', 'after-decline', 'background', 'unknown'] as const;

/**
 * The first sentence of a paragraph, at most `max` characters: the one-line "why" under a verdict.
 * A sentence ends at ". " before a capital letter, so "1.5 s" or "Umeng (Umeng+)" do not cut it short.
 */
export function firstSentence(text: string, max = 240): string {
  const end = /\.\s+(?=[A-Z"“(])/.exec(text);
  const sentence = end ? text.slice(0, end.index + 1) : text;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

const HOW_WORDS: Record<FirstPartyDecision['how'], string> = {
  flag: 'given with --first-party',
  app: "taken from the app's package id",
  page: 'the site the browser visited',
  inferred: 'INFERRED from the traffic, not given: check it, and pass --first-party if it is wrong',
};

/** "First party: a.example, b.example (given with --first-party)"; an inference always says it is one. */
export function firstPartySentence(fp: FirstPartyDecision | undefined): string | null {
  if (!fp) return null;
  const domains = fp.domains.length > 0 ? fp.domains.join(', ') : 'none';
  return `First party: ${domains} (${HOW_WORDS[fp.how] ?? fp.how}).`;
}

/** Party of a destination as a reader should see it: an inferred first party is marked as such. */
export function partyWord(party: 'first' | 'third', fp: FirstPartyDecision | undefined): string {
  return party === 'first' && fp?.how === 'inferred' ? 'first (inferred)' : party;
}

function timeRange(b: ReportBlindSpot): string {
  if (!b.firstSeen) return '';
  return b.lastSeen && b.lastSeen !== b.firstSeen ? `, ${b.firstSeen} to ${b.lastSeen}` : `, at ${b.firstSeen}`;
}

function extras(b: ReportBlindSpot): string {
  const parts: string[] = [];
  if (b.flows !== undefined) parts.push(count(b.flows, 'flow'));
  if (b.serverIps && b.serverIps.length > 0) {
    const shown = b.serverIps.slice(0, 3).join(', ');
    parts.push(`server ${agree(b.serverIps.length, 'IP')} ${shown}${b.serverIps.length > 3 ? ` and ${b.serverIps.length - 3} more` : ''}`);
  }
  if (b.bytes > 0) parts.push(formatBytes(b.bytes));
  const inner = parts.join(', ');
  const range = timeRange(b);
  return inner || range ? ` (${inner}${inner ? range : range.slice(2)})` : '';
}

/**
 * Blind spots in the order a reader needs them: what hid the device's own sending first (a whole exchange, a
 * request), what it received after, each by count, then kind and host.
 */
export function blindSpotOrder(a: ReportBlindSpot, b: ReportBlindSpot): number {
  return Number(a.side === 'response') - Number(b.side === 'response') || b.count - a.count || cmp(a.kind, b.kind)
    || cmp(a.host, b.host);
}

/**
 * A blind spot in plain words: what could not be seen, to whom, and that its content is unknown — because
 * "nothing found" must never be read as "clean".
 */
export function blindSpotSentence(b: ReportBlindSpot): string {
  const n = b.count;
  const host = b.host || 'an unknown host';
  const x = extras(b);
  switch (b.kind) {
    case 'opaque-payload':
      return `${count(n, 'request')} to ${host} carried ${n === 1 ? 'an opaque (encrypted or unrecognised) payload' : 'opaque (encrypted or unrecognised) payloads'}${x}; ${agree(n, 'its content')} is unknown.`;
    case 'tls-failed':
      return `${count(n, 'connection')} to ${host} could not be intercepted (TLS failed, e.g. certificate pinning)${x}; nothing sent over ${n === 1 ? 'it' : 'them'} was seen.`;
    case 'tls-undecrypted':
      return `${count(n, 'TLS connection')} to ${host} had no keys in the key log${x}; ${agree(n, 'its content')} is unknown.`;
    case 'quic':
      return `${count(n, 'QUIC (HTTP/3) connection')} to ${host} could not be read${x}; ${agree(n, 'its content')} is unknown (blocking UDP port 443 makes apps fall back to TCP).`;
    case 'non-http':
      return `${count(n, 'exchange')} with ${host} ${agree(n, 'was')} not plain HTTP (e.g. WebSocket)${x}; ${agree(n, 'its content')} was not fully analysed.`;
    case 'non-http-flow':
      return `${count(n, 'TCP/UDP flow')} to ${host} ${agree(n, 'was')} not HTTP${x}; ${agree(n, 'its content')} is unknown.`;
    case 'truncated-body':
      // The kind covers a body cut short and one the exporter left out (WebPageTest HARs keep no response bodies).
      return b.side === 'response'
        ? `${count(n, 'response body', 'response bodies')} from ${host} ${agree(n, 'was')} cut short or left out by the capture tool${x}; what the device received there was not checked.`
        : `${count(n, 'request body', 'request bodies')} to ${host} ${agree(n, 'was')} cut short or left out by the capture tool${x}; the missing part was not checked.`;
    case 'decode-limit':
      return `${count(n, 'payload')} to ${host} went past a decoding limit (size, depth or decompression)${x}; what lies beyond it was not checked.`;
    case 'decode-failed':
      return `${count(n, 'payload')} to ${host} ${agree(n, 'was')} corrupt or in an encoding telltale could not decode${x}; ${agree(n, 'its content')} is unknown.`;
    default:
      return `${count(n, 'exchange')} with ${host}: ${String(b.kind)}${x}; ${agree(n, 'its content')} is unknown.`;
  }
}
