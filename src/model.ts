/**
 * The report model (shared by assess and report): what `telltale analyze` produces, schema `telltale.report/1`.
 * Renderers (JSON, HTML, CSV, SARIF) take a finished Report and know nothing of how it was computed.
 * Extend with optional fields; never rename or remove one without bumping the schema.
 */
import type { InputInfo, SourceRef } from './ingest/types.js';
import type { BlindSpotKind, DataTypeId, Finding } from './detect/types.js';
import type { Destination } from './attribute/types.js';
import type { Phase, TesterEvent } from './timeline/types.js';
import type { Claim, LawReference, Violation } from './assess/types.js';
import type { AppScan, ScanTrafficJoin } from './appscan/types.js';

/** The app scan report (`telltale scan`, schema telltale.appscan/1) is the appscan stage's own model. */
export type { AppScan } from './appscan/types.js';

/** `Report.app`: the scanned package (in short) joined with the traffic — which SDKs were present and sending. */
export interface ReportAppJoin extends ScanTrafficJoin {
  scan: { app: AppScan['app']; input: AppScan['input']; sdks: string[] };
}

export const REPORT_SCHEMA = 'telltale.report/1';

/**
 * A finding as reported: the detect stage's Finding with a stable id and its phase on the timeline; the raw matched
 * text and offset stay out (the excerpt, masked unless --reveal, carries the evidence).
 */
export interface ReportFinding extends Omit<Finding, 'matched' | 'offset'> {
  id: string;
  phase: Phase;
  laws?: LawReference[];
  /** Other data types the same value at the same place also matched (the finding keeps the most specific one). */
  alsoMatches?: DataTypeId[];
  /** The request line's URL (personal values masked unless --reveal; cut at URL_MAX characters). */
  url?: string;
  /** Where the matched value sits in `excerpt`, when it can be located (UTF-16 offsets, end exclusive). */
  excerptMatch?: Span;
  /** Parts of `excerpt` that are masked personal values (sorted, disjoint): renderers style them, never guess. */
  excerptMasked?: Span[];
  /** The bytes around the match when the view is binary: renderers show a hex dump, never the bytes as text. */
  excerptBytes?: EvidenceBytes;
}

/** A half-open range [start, end): UTF-16 offsets in a string, or byte indexes in EvidenceBytes. */
export interface Span {
  start: number;
  end: number;
}

/** A window of a binary view around a match. Masked bytes are not stored: their hex pairs read "••". */
export interface EvidenceBytes {
  /** Offset of the window's first byte within the view. */
  offset: number;
  /** Two lowercase hex digits per byte ("••" for a masked byte). */
  hex: string;
  /** The matched bytes within the window. */
  match: Span;
  /** Masked byte ranges within the window (sorted, disjoint). */
  masked: Span[];
}

/** Longest URL kept on a finding. */
export const URL_MAX = 2000;

/** A destination as reported: the attribute stage's Destination with traffic counts and the rules it touches. */
export interface ReportDestination extends Omit<Destination, 'asn'> {
  asn?: Destination['asn'];
  exchanges: number;
  findings: number;
  laws?: LawReference[];
}

export interface ReportBlindSpot {
  kind: BlindSpotKind;
  host: string;
  count: number;
  bytes: number;
  /**
   * The side that could not be read: what the device sent (request) or received (response); absent when the whole
   * exchange was unseen. An unreadable response cannot hide what the device sent.
   */
  side?: 'request' | 'response';
  /** Exchanges per timeline phase (present when tester events were given). */
  phases?: Partial<Record<Phase, number>>;
  /** Flows (pcap), server IPs and the time range the blind spot covers, when the capture tells. */
  flows?: number;
  serverIps?: string[];
  firstSeen?: string;
  lastSeen?: string;
}

/** How the first party (the app's or site's own domains) was decided. Strongest first. */
export type FirstPartyHow = 'flag' | 'app' | 'page' | 'inferred';

export interface FirstPartyDecision {
  domains: string[];
  how: FirstPartyHow;
  /** One sentence on how it was decided ("the capture's 2 pages loaded http://www.nytimes.com/"). */
  reason?: string;
}

/** The same identifier value travelling between companies (correlate/). */
export interface IdentifierSync {
  /** The value, masked unless --reveal. */
  value: string;
  parties: { host: string; entity: string | null; role: 'set' | 'sent' }[];
  findings: string[];
  /** Keys the value travelled under ("dpuuid", "puid", "partner_uid"), sorted. */
  keys?: string[];
  /** How many companies (distinct owners; the first party counts as one) set or received it. */
  companies?: number;
}

export type DeclarationVerdict = 'contradicted' | 'consistent' | 'unverifiable';

/** One vendor statement (Play Data safety, App Store privacy label, telltale.declaration/1) checked against findings. */
export interface DeclarationResult {
  /** Index into the --declared files (Report.declarationSources). */
  source: number;
  statement: string;
  verdict: DeclarationVerdict;
  /** Contradicted: the findings that contradict it. Consistent or unverifiable: the findings it rests on, if any. */
  findings: string[];
  why: string;
  /** Stable id: the statement's own id, or one telltale derives from the label ("play.collected.device-or-other-ids"). */
  id?: string;
  /** What is stated: a telltale.declaration/1 kind, or a store statement ("play-collected", "apple-not-linked", ...). */
  kind?: string;
  /** Unverifiable: the evidence that would settle it. */
  wouldSettle?: string[];
  /** The store rules the verdict applied (what counts as collected or shared, exemptions), each with its source. */
  rules?: { id: string; text: string; source: string }[];
}

export type DeclarationSourceKind = 'telltale-declaration' | 'play-data-safety' | 'app-store-privacy';

/** One --declared file, hashed like an input so the report says exactly what was checked. */
export interface DeclarationSource {
  path: string;
  sha256: string;
  bytes: number;
  kind: DeclarationSourceKind;
  /** Where the statements were made (telltale.declaration/1 `source`, a store record's privacy policy URL). */
  origin?: string;
  /** Data-type or category names of a store record that telltale's table does not know: reported, not checked. */
  unknownNames?: string[];
}

export interface ReportSignal {
  kind: string;
  source: SourceRef;
  time: string;
  host: string;
  path: string;
  phase: Phase;
  details: Record<string, string | number | boolean>;
}

export interface CountTriple {
  destinations: number;
  exchanges: number;
  findings: number;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'telltale'; version: string };
  inputs: InputInfo[];
  summary: {
    exchanges: number;
    findings: number;
    destinations: number;
    /** Findings per data type. */
    byDataType: Record<string, number>;
    /** Per server country ("unknown" when the IP database has none): destinations, exchanges, findings. */
    byCountry: Record<string, CountTriple>;
    /** Per receiving entity id ("unknown" when unattributed). */
    byEntity: Record<string, CountTriple>;
    /** Per controller jurisdiction: the receiving entity's ultimate parent's country ("unknown" when none). */
    byJurisdiction: Record<string, CountTriple>;
  };
  destinations: ReportDestination[];
  findings: ReportFinding[];
  blindSpots: ReportBlindSpot[];
  signals: ReportSignal[];
  events: TesterEvent[];
  claims: Claim[];
  violations?: Violation[];
  /** Present when --app was given: the scan joined with the traffic. */
  app?: ReportAppJoin;
  /** Second wave (design.md §2, additive). */
  firstParty?: FirstPartyDecision;
  identifierSyncs?: IdentifierSync[];
  declarations?: DeclarationResult[];
  /** The --declared files the declarations come from (Report.declarations[].source indexes this list). */
  declarationSources?: DeclarationSource[];
  warnings: string[];
  /** True when personal values in excerpts, URLs and syncs are masked (the default); false with --reveal. */
  masked?: boolean;
}
