/**
 * The data the HTML report embeds for its page script (web/report/): built in page-data.ts from a finished Report,
 * read in the browser from a `<script type="application/json">` block (never executed). Types only, shared by both.
 */
import type { ReportFinding } from '../model.js';
import type { PackedRecords } from './pack.js';

/** Ids of the embedded JSON blocks. */
export const PAGE_DATA_ID = 'telltale-data';
export const WORLD_DATA_ID = 'telltale-world';

export interface PageLaw {
  /** "28 CFR §202.234". */
  section: string;
  /** "28 CFR 202". */
  short: string;
  note: string;
  source: string;
}

/** A finding as the page script needs it: laws by index into PageData.laws, and the claims that cite it. */
export type PageFinding = Omit<ReportFinding, 'laws'> & { laws?: number[]; claims?: string[] };

export interface PageHost {
  host: string;
  /** Receiving company, "first party (the app)" or null when unattributed. */
  company: string | null;
  /** Ultimate owner when it is not the company itself. */
  owner: string | null;
  serverCountry: string | null;
  controllerCountry: string | null;
  party: string;
}

export interface SankeyNode {
  id: string;
  label: string;
  /** 0 data type, 1 company, 2 server country. */
  column: 0 | 1 | 2;
}

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

export interface CountryValue {
  /** ISO 3166-1 alpha-2, as the world map names its features. */
  code: string;
  name: string;
  destinations: number;
  findings: number;
  /** Companies (company-country map) or hosts (server map), a few, for the tooltip. */
  examples: string[];
}

export interface TimelineMark {
  /** Epoch milliseconds. */
  time: number;
  /** Row: the data type. */
  row: string;
  phase: string;
  /** Findings this mark stands for (>1 when a large report is aggregated into time buckets). */
  count: number;
  /** The first finding it stands for: clicking the mark opens its evidence card. */
  finding: string;
}

export interface TimelineEvent {
  time: number;
  label: string;
}

export interface PhaseStyle {
  id: string;
  label: string;
  color: string;
}

export interface PageData {
  masked: boolean;
  /** Render for print (PDF): every evidence card (up to printLimit), no pager, no animation. */
  print: boolean;
  pageSize: number;
  printLimit: number;
  /** PageFinding records, packed (see pack.ts). */
  findings: PackedRecords;
  laws: PageLaw[];
  hosts: PageHost[];
  inputs: { path: string; sha256: string }[];
  phases: PhaseStyle[];
  charts: {
    sankey: { nodes: SankeyNode[]; links: SankeyLink[] };
    serverCountries: CountryValue[];
    companyCountries: CountryValue[];
    timeline: { rows: string[]; marks: TimelineMark[]; events: TimelineEvent[]; aggregated: boolean };
  };
}
