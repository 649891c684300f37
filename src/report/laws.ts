/**
 * How a legal rule is cited on the page: the regime's short name and the section, e.g. "28 CFR §202.234".
 * The rule ids come from catalog/laws.json (assess/), whose entries carry the source URLs; this table only says how
 * each regime writes a section. Citation forms:
 *   28 CFR Part 202: https://www.ecfr.gov/current/title-28/chapter-I/part-202
 *   PADFA, 15 U.S.C. 9901: https://www.law.cornell.edu/uscode/text/15/9901
 *   BIPA, 740 ILCS 14: https://www.ilga.gov/legislation/ilcs/ilcs3.asp?ActID=3004&ChapterID=57
 *   COPPA Rule, 16 CFR Part 312: https://www.ecfr.gov/current/title-16/chapter-I/subchapter-C/part-312
 *   CCPA/CPRA, Cal. Civ. Code §1798.140: https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CIV&sectionNum=1798.140
 *   GDPR: https://eur-lex.europa.eu/eli/reg/2016/679/oj
 */
import type { ReportFinding } from '../model.js';

type LawReference = NonNullable<ReportFinding['laws']>[number];
import { cmp } from '../util/compare.js';

interface RegimeCitation {
  /** Short name readers know the regime by. */
  short: string;
  /** The section as cited, from the rule id's section part ("202.234", "art9", "15(b)"). */
  section: (part: string) => string;
}

const REGIMES: Record<string, RegimeCitation> = {
  'us-28cfr202': { short: '28 CFR 202', section: (p) => `28 CFR §${p}` },
  'us-padfa': { short: 'PADFA', section: (p) => `15 U.S.C. §${p}` },
  'il-bipa': { short: 'BIPA', section: (p) => `740 ILCS 14/${p}` },
  'us-coppa': { short: 'COPPA', section: (p) => `16 CFR §${p}` },
  'ca-cpra': { short: 'CPRA', section: (p) => `Cal. Civ. Code §${p}` },
  'eu-gdpr': {
    short: 'GDPR',
    section: (p) => (/^art(\d+)$/.test(p) ? `GDPR Art. ${p.slice(3)}` : p === 'chapter' ? 'GDPR Chapter V' : `GDPR ${p}`),
  },
};

export interface LawCitation {
  /** What the page shows: the section, prefixed with the regime's name when the section does not say it. */
  label: string;
  regime: string;
  /** "28 CFR 202", "GDPR". */
  short: string;
  /** "28 CFR §202.234", "GDPR Art. 9". */
  section: string;
  rule: string;
  source: string;
}

/** The section part of a rule id: "202.234-listed-identifier" → "202.234"; "chapter-v-transfer" → "chapter". */
function sectionPart(rule: string): string {
  const dash = rule.indexOf('-');
  return dash > 0 ? rule.slice(0, dash) : rule;
}

export function citeLaw(ref: Pick<LawReference, 'regime' | 'rule' | 'source'>): LawCitation {
  const regime = REGIMES[ref.regime];
  const part = sectionPart(ref.rule);
  const short = regime?.short ?? ref.regime;
  const section = regime ? regime.section(part) : `${ref.regime} ${ref.rule}`;
  return {
    label: section.startsWith(short.split(' ')[0]!) ? section : `${short} ${section}`,
    regime: ref.regime,
    short,
    section,
    rule: ref.rule,
    source: ref.source,
  };
}

/** The distinct rules a set of findings touches, sorted by regime then section: what a claim puts on the page. */
export function lawsOfFindings(findings: readonly ReportFinding[]): LawCitation[] {
  const byKey = new Map<string, LawCitation>();
  for (const f of findings) {
    for (const ref of f.laws ?? []) {
      const key = `${ref.regime}\u0000${ref.rule}`;
      if (!byKey.has(key)) byKey.set(key, citeLaw(ref));
    }
  }
  return [...byKey.values()].sort((a, b) => cmp(a.short, b.short) || cmp(a.section, b.section) || cmp(a.rule, b.rule));
}
