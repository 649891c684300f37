/**
 * Store labels as statements. A label says what an app may collect and share, and by leaving a type out it says the
 * app does not: each listed type is one statement, and each type the traffic shows but the label leaves out is one
 * more ("Does not collect Device or other IDs"). Names are matched on Apple's category identifiers and on the stores'
 * English data-type names (catalog/store-data-types.json); a name the table does not know is reported as unverifiable,
 * never dropped.
 */
import type { DeclarationResult, ReportFinding } from '../../model.js';
import { cmp } from '../../util/compare.js';
import { listOf } from '../text.js';
import {
  declaredOutcome, notLinkedOutcome, noTrackingOutcome, practiceOutcome, undeclaredCollectedOutcome, undeclaredSharedOutcome,
} from './checks.js';
import type { Evidence } from './evidence.js';
import type { AppleCategory, AppleRecord, PlayEntry, PlayRecord } from './formats.js';
import { slug, toResult, uniqueIds, type Outcome, type Statement } from './outcome.js';
import { loadStoreTypes, type StoreId, type StoreType } from './store-types.js';

export interface StoreCheck {
  results: DeclarationResult[];
  /** Names the table does not know, as they appear in the record. */
  unknownNames: string[];
}

/** Strong findings per store type the traffic shows, keyed by type name; findings of unmapped types are left out. */
function observedByStoreType(ev: Evidence, store: StoreId, keep: (f: ReportFinding) => boolean = () => true): Map<string, { type: StoreType; findings: ReportFinding[] }> {
  const table = loadStoreTypes();
  const out = new Map<string, { type: StoreType; findings: ReportFinding[] }>();
  for (const f of ev.ctx.strong) {
    const type = table.ofTelltale(store, f.dataType);
    if (!type || !keep(f)) continue;
    const entry = out.get(type.name) ?? { type, findings: [] };
    entry.findings.push(f);
    out.set(type.name, entry);
  }
  return out;
}

const sortedEntries = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => cmp(a, b));

// ---- Google Play Data safety ----

function playText(verb: string, e: PlayEntry): string {
  const category = e.type && e.type !== e.data ? ` (${e.type})` : '';
  const purpose = e.purpose ? ` for ${e.purpose}` : '';
  return `${verb} ${e.data}${category}${purpose}${e.optional ? '; optional for the user' : ''}`;
}

export function checkPlay(record: PlayRecord, source: number, ev: Evidence): StoreCheck {
  const table = loadStoreTypes();
  const id = uniqueIds();
  const results: DeclarationResult[] = [];
  const unknownNames: string[] = [];
  const emit = (st: Omit<Statement, 'source'>, o: Outcome) => results.push(toResult({ ...st, source }, o));
  const typeOf = (e: PlayEntry) => table.play.get(e.data.trim().toLowerCase()) ?? null;
  const toThird = (f: ReportFinding) => ev.party(f.host) !== 'first';
  const observed = observedByStoreType(ev, 'play');
  const observedShared = observedByStoreType(ev, 'play', toThird);
  const findingsOf = (type: StoreType | null, shared: boolean) => (type ? (shared ? observedShared : observed).get(type.name)?.findings ?? [] : []);

  for (const [section, entries, verb, shared] of [
    ['collected', record.collectedData, 'Collects', false], ['shared', record.sharedData, 'Shares with third parties:', true],
  ] as const) {
    for (const e of entries) {
      const type = typeOf(e);
      const st = { id: id(`play.${section}.${slug(e.data)}`), kind: `play-${section}`, text: playText(verb, e) };
      if (!type) {
        unknownNames.push(e.data);
        emit(st, {
          verdict: 'unverifiable', findings: [],
          why: `"${e.data}"${e.type ? ` (category "${e.type}")` : ''} is not a Data safety type in telltale's table (catalog/store-data-types.json), so it was not checked.`,
          wouldSettle: ['the English Data safety name of this type (records fetched with lang=en), or an entry for it in the table'],
        });
        continue;
      }
      emit(st, declaredOutcome(ev, type, findingsOf(type, shared), shared ? 'going to third parties' : 'leaving the device'));
    }
  }

  const declared = (entries: readonly PlayEntry[]) => new Set(entries.map(typeOf).filter((t): t is StoreType => t !== null).map((t) => t.name));
  if (record.collectedData.length === 0) {
    emit({ id: id('play.no-data-collected'), kind: 'play-no-data-collected', text: 'No data collected' },
      undeclaredCollectedOutcome(ev, 'play', [...observed.values()].flatMap((o) => o.findings), 'the label says no data is collected'));
  } else {
    const listed = declared(record.collectedData);
    for (const [name, o] of sortedEntries(observed)) {
      if (listed.has(name)) continue;
      emit({ id: id(`play.not-collected.${slug(name)}`), kind: 'play-not-collected', text: `Does not collect ${name}: not listed under data collected` },
        undeclaredCollectedOutcome(ev, 'play', o.findings, `${name} is not listed under data collected`));
    }
  }
  if (record.sharedData.length === 0) {
    emit({ id: id('play.no-data-shared'), kind: 'play-no-data-shared', text: 'No data shared with third parties' },
      undeclaredSharedOutcome(ev, [...observed.values()].flatMap((o) => o.findings), 'the label says no data is shared'));
  } else {
    const listed = declared(record.sharedData);
    for (const [name, o] of sortedEntries(observedShared)) {
      if (listed.has(name)) continue;
      emit({ id: id(`play.not-shared.${slug(name)}`), kind: 'play-not-shared', text: `Does not share ${name} with third parties: not listed under data shared` },
        undeclaredSharedOutcome(ev, o.findings, `${name} is not listed under data shared`));
    }
  }
  for (const p of record.securityPractices ?? []) {
    emit({ id: id(`play.practice.${slug(p.practice)}`), kind: 'play-security-practice', text: p.practice }, practiceOutcome(ev, p.practice));
  }
  return { results, unknownNames };
}

// ---- App Store privacy details ----

type AppleSection = 'tracking' | 'linked' | 'not-linked';

interface AppleUse {
  section: AppleSection;
  categoryId: string;
  categoryName: string;
  /** The store types named (resolved), or every type of the category when the names could not be resolved. */
  types: StoreType[];
  names: string[];
  purposes: string[];
}

const SECTION: Record<string, AppleSection> = {
  DATA_USED_TO_TRACK_YOU: 'tracking', DATA_LINKED_TO_YOU: 'linked', DATA_NOT_LINKED_TO_YOU: 'not-linked',
};

const SECTION_TEXT: Record<AppleSection, string> = {
  tracking: 'Data used to track you', linked: 'Data linked to you', 'not-linked': 'Data not linked to you',
};

const purposeWords = (id: string) => id.toLowerCase().split('_').map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');

/** The record's sections, one use per (section, category), purposes merged; unknown names collected on the way. */
function appleUses(record: AppleRecord, unknownNames: string[]): AppleUse[] {
  const table = loadStoreTypes();
  const uses = new Map<string, AppleUse>();
  const add = (section: AppleSection, c: AppleCategory, purpose: string | null) => {
    const known = table.appleCategories.get(c.identifier);
    if (!known) {
      unknownNames.push(`category ${c.identifier}`);
      return;
    }
    const key = `${section}\u0000${c.identifier}`;
    const use = uses.get(key) ?? { section, categoryId: c.identifier, categoryName: known.name, types: [], names: [], purposes: [] };
    for (const name of c.dataTypes) {
      const type = table.apple.get(name.trim().toLowerCase());
      if (type && type.categoryId === c.identifier) {
        if (!use.types.includes(type)) use.types.push(type);
      } else {
        unknownNames.push(name);
        // An unresolved name still declares something in its category: the whole category counts as declared.
        for (const t of known.types) if (!use.types.includes(t)) use.types.push(t);
      }
      if (!use.names.includes(name)) use.names.push(name);
    }
    if (c.dataTypes.length === 0) for (const t of known.types) if (!use.types.includes(t)) use.types.push(t);
    if (purpose && !use.purposes.includes(purpose)) use.purposes.push(purpose);
    uses.set(key, use);
  };
  for (const pt of record.privacyTypes) {
    const section = SECTION[pt.identifier];
    if (!section) continue;
    for (const c of pt.dataCategories) add(section, c, null);
    for (const p of pt.purposes) for (const c of p.dataCategories) add(section, c, p.identifier);
  }
  return [...uses.values()];
}

export function checkApple(record: AppleRecord, source: number, ev: Evidence): StoreCheck {
  const id = uniqueIds();
  const results: DeclarationResult[] = [];
  const unknownNames: string[] = [];
  const emit = (st: Omit<Statement, 'source'>, o: Outcome) => results.push(toResult({ ...st, source }, o));
  const uses = appleUses(record, unknownNames);
  const observed = observedByStoreType(ev, 'apple');
  const notCollected = record.privacyTypes.some((p) => p.identifier === 'DATA_NOT_COLLECTED');

  for (const name of [...new Set(unknownNames)]) {
    emit({ id: id(`apple.unknown.${slug(name)}`), kind: 'apple-unknown-name', text: `The label names "${name}"` }, {
      verdict: 'unverifiable', findings: [],
      why: `"${name}" is not an App Store privacy name in telltale's table (catalog/store-data-types.json)${name.startsWith('category ') ? '' : '; its category was taken as declared instead'}.`,
      wouldSettle: ['the English App Store name of this type (records fetched for a US storefront), or an entry for it in the table'],
    });
  }
  if (notCollected && uses.length === 0) {
    emit({ id: id('apple.data-not-collected'), kind: 'apple-data-not-collected', text: 'Data Not Collected: the developer does not collect any data from this app' },
      undeclaredCollectedOutcome(ev, 'apple', [...observed.values()].flatMap((o) => o.findings), 'the label says no data is collected'));
    return { results, unknownNames: [...new Set(unknownNames)] };
  }
  const sectionOrder: AppleSection[] = ['tracking', 'linked', 'not-linked'];
  for (const use of [...uses].sort((a, b) => sectionOrder.indexOf(a.section) - sectionOrder.indexOf(b.section) || cmp(a.categoryId, b.categoryId))) {
    const purposes = use.purposes.length > 0 ? ` — for ${listOf(use.purposes.map(purposeWords))}` : '';
    const st = {
      id: id(`apple.${use.section}.${slug(use.categoryId)}`), kind: `apple-${use.section}`,
      text: `${SECTION_TEXT[use.section]}: ${use.categoryName}${use.names.length > 0 ? ` (${use.names.join(', ')})` : ''}${purposes}`,
    };
    const findings = use.types.flatMap((t) => observed.get(t.name)?.findings ?? []);
    const mapped = use.types.some((t) => t.telltale.length > 0);
    if (use.section === 'not-linked' && mapped) {
      emit(st, notLinkedOutcome(ev, findings, `as ${use.categoryName}`));
    } else {
      const single = use.types.length === 1 ? use.types[0]! : use.types.find((t) => t.telltale.length > 0) ?? use.types[0] ?? null;
      emit(st, declaredOutcome(ev, mapped ? single : null, findings, `as ${use.categoryName}`,
        `${use.categoryName}${use.names.length > 0 ? ` (${use.names.join(', ')})` : ''}`));
    }
  }
  if (!uses.some((u) => u.section === 'tracking')) {
    emit({ id: id('apple.no-tracking'), kind: 'apple-no-tracking', text: 'Not used to track you: the label has no "Data Used to Track You" section' },
      noTrackingOutcome(ev));
  }
  const covered = new Set(uses.flatMap((u) => u.types.map((t) => t.name)));
  for (const [name, o] of sortedEntries(observed)) {
    if (covered.has(name)) continue;
    emit({ id: id(`apple.not-collected.${slug(name)}`), kind: 'apple-not-collected', text: `Does not collect ${name} (${o.type.category}): not listed in any section` },
      undeclaredCollectedOutcome(ev, 'apple', o.findings, `${name} is not listed in any section of the label`));
  }
  return { results, unknownNames: [...new Set(unknownNames)] };
}
