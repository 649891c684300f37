/**
 * `telltale declare`: drafts, from what a capture shows, the statements a developer can publish without being
 * contradicted by that capture — a telltale.declaration/1 file and a Google Play Data safety answer sheet in the shape
 * google-play-scraper reads back. It drafts only what the capture supports; what it leaves out, and why, goes into
 * `notes`. A draft is only as complete as the session it was drawn from.
 */
import { countrySet } from '../../catalog/index.js';
import type { InputInfo } from '../../ingest/types.js';
import type { ReportFinding } from '../../model.js';
import { cmp } from '../../util/compare.js';
import { MIN_MEDIA_BYTES } from '../claims/unposted-media.js';
import { distinctSorted, listOf } from '../text.js';
import { DATA_TYPES } from '../../detect/types.js';
import { practiceOutcome } from './checks.js';
import { describeFindings, evidenceOf, type DeclarationInput, type Evidence } from './evidence.js';
import { DECLARATION_SCHEMA, type OwnStatement } from './formats.js';
import { loadStoreTypes } from './store-types.js';

export interface DataSafetySheetEntry {
  data: string;
  optional: boolean;
  /** Left empty: why the app uses the data is the developer's answer, not something traffic shows. */
  purpose: string;
  type: string;
  /** What the capture showed, for the developer filling in the form. */
  note: string;
}

export interface DraftDeclaration {
  schema: typeof DECLARATION_SCHEMA;
  source: string;
  statements: OwnStatement[];
  /** What was not drafted, and why. */
  notes: string[];
  /** A Data safety answer sheet, in google-play-scraper's datasafety() shape (readable with --declared). */
  dataSafety: {
    collectedData: DataSafetySheetEntry[];
    sharedData: DataSafetySheetEntry[];
    securityPractices: { practice: string; description: string }[];
    privacyPolicyUrl: null;
  };
}

/** Third parties by company id where the catalog knows it, else by registrable domain. */
function recipientName(ev: Evidence, host: string): string {
  const d = ev.ctx.destination(host);
  return d?.entity?.id ?? d?.domain ?? host;
}

export function draftDeclaration(input: DeclarationInput, inputs: readonly InputInfo[], version: string): DraftDeclaration {
  const ev = evidenceOf(input);
  const statements: OwnStatement[] = [];
  const notes: string[] = [];
  const strong = ev.ctx.strong;
  const captures = inputs.map((i) => `${i.path} (sha256 ${i.sha256})`).join(', ');

  const preConsent = ev.claims.find((c) => c.id === 'pre-consent-collection');
  if (preConsent?.verdict === 'not-supported') {
    statements.push({ id: 'consent-first', kind: 'no-collection-before-consent', text: 'No personal data leaves the device before the user answers the consent prompt.' });
  } else {
    notes.push(`Not drafted: no collection before consent — the capture ${preConsent?.verdict === 'supported' ? 'contradicts it' : 'cannot settle it'}: ${preConsent?.summary ?? 'no claim'}`);
  }

  const third = strong.filter((f) => ev.party(f.host) === 'third');
  const unknown = strong.filter((f) => ev.party(f.host) === 'unknown');
  const receivers = distinctSorted(third.map((f) => recipientName(ev, f.host)));
  // Third parties that got unreadable traffic may have got personal data too: they are named, not left out.
  const unread = distinctSorted(ev.unreadableSent((h) => ev.party(h) === 'third').map((u) => recipientName(ev, u.host)))
    .filter((r) => !receivers.includes(r));
  const except = distinctSorted([...receivers, ...unread]);
  if (unknown.length > 0 || ev.unreadableSent((h) => ev.party(h) === 'unknown').length > 0) {
    notes.push('Not drafted: third-party sharing — some hosts that received traffic were identified neither as the app\'s own nor as a ' +
      'third party\'s; give --first-party or --app.');
  } else {
    statements.push({
      id: 'third-parties', kind: 'no-third-party-sharing', except,
      text: except.length > 0 ? `Personal data goes to no third party other than ${listOf(except, 20)}.` : 'Personal data goes to no third party.',
    });
    if (unread.length > 0) notes.push(`${listOf(unread)} received unreadable traffic and ${unread.length === 1 ? 'is' : 'are'} named among the third parties for that reason.`);
  }

  const concern = countrySet('countries-of-concern');
  const server = (h: string) => ev.ctx.destination(h)?.serverCountry ?? null;
  const toConcern = strong.filter((f) => concern.has(server(f.host) ?? ''));
  const unplaced = strong.filter((f) => server(f.host) === null);
  const blindConcern = ev.unreadableSent((h) => server(h) === null || concern.has(server(h)!));
  if (toConcern.length === 0 && unplaced.length === 0 && blindConcern.length === 0) {
    statements.push({ id: 'no-countries-of-concern', kind: 'no-transfer-to', countrySets: ['countries-of-concern'], text: 'No personal data goes to servers in a country of concern (28 CFR 202.601).' });
  } else {
    notes.push(`Not drafted: no transfer to countries of concern — ${toConcern.length > 0 ? describeFindings(ev, toConcern) : 'servers of unknown location or unreadable traffic leave it open'}.`);
  }

  const seen = new Set(strong.map((f) => f.dataType));
  const hidden = (type: string) => ev.unreadableSent(undefined, type.startsWith('media.') ? MIN_MEDIA_BYTES : undefined).length > 0;
  const notCollected = DATA_TYPES.filter((t) => !seen.has(t) && ev.searched(t) && ev.weakOf([t]).length === 0 && !hidden(t));
  if (notCollected.length > 0) {
    statements.push({ id: 'not-collected', kind: 'not-collected', dataTypes: [...notCollected], text: `In the tested use, the app does not send: ${listOf([...notCollected], 40)}.` });
  }
  const held = DATA_TYPES.filter((t) => !seen.has(t) && !notCollected.includes(t));
  if (held.length > 0) notes.push(`Not drafted as not collected (not seen, but not ruled out: weak matches, unread traffic, or not searched for): ${listOf(held, 40)}.`);

  const sharedTypes = new Set(third.map((f) => f.dataType));
  const kept = distinctSorted([...seen].filter((t) => !sharedTypes.has(t) && !t.startsWith('custom.')));
  if (kept.length > 0 && unknown.length === 0 && ev.unreadableSent((h) => ev.party(h) !== 'first').length === 0) {
    statements.push({ id: 'not-shared', kind: 'not-shared', dataTypes: kept, text: `${listOf(kept)} ${kept.length === 1 ? 'is' : 'are'} not shared with third parties.` });
  }
  notes.push('Not drafted: where data is stored — storage is not visible in traffic; add a storage-countries statement from your own records.');

  return {
    schema: DECLARATION_SCHEMA,
    source: `drafted by telltale ${version} from ${captures}; review every statement before publishing`,
    statements,
    notes,
    dataSafety: dataSafetySheet(ev, strong),
  };
}

/** The Data safety answers the capture supports: every type seen as collected, every type seen at a third party as shared. */
function dataSafetySheet(ev: Evidence, strong: readonly ReportFinding[]): DraftDeclaration['dataSafety'] {
  const table = loadStoreTypes();
  const entries = (findings: readonly ReportFinding[], shared: boolean): DataSafetySheetEntry[] => {
    const byType = new Map<string, ReportFinding[]>();
    for (const f of findings) {
      const t = table.ofTelltale('play', f.dataType);
      if (t) byType.set(t.name, [...(byType.get(t.name) ?? []), f]);
    }
    return [...byType.entries()].sort(([a], [b]) => cmp(a, b)).map(([name, fs]) => {
      const type = table.play.get(name.toLowerCase())!;
      const caveat = shared ? ' If a recipient processes the data only on your behalf (a service provider), Play does not count it as sharing.' : '';
      return { data: name, optional: false, purpose: '', type: type.category, note: `Seen: ${describeFindings(ev, fs)}.${caveat} Fill in the purpose.` };
    });
  };
  const encrypted = practiceOutcome(ev, 'Data is encrypted in transit').verdict === 'consistent';
  return {
    collectedData: entries(strong, false),
    sharedData: entries(strong.filter((f) => ev.party(f.host) !== 'first'), true),
    securityPractices: encrypted ? [{ practice: 'Data is encrypted in transit', description: 'Your data is transferred over a secure connection' }] : [],
    privacyPolicyUrl: null,
  };
}
