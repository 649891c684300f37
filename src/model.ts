/**
 * The report model (shared by assess and report): what `telltale analyze` produces, schema `telltale.report/1`.
 * Renderers (JSON, HTML, CSV, SARIF) take a finished Report and know nothing of how it was computed.
 * Extend with optional fields; never rename or remove one without bumping the schema.
 */
import type { InputInfo, SourceRef } from './ingest/types.js';
import type { Confidence, DataTypeId, MatchKind, BlindSpotKind } from './detect/types.js';
import type { EntityRef } from './attribute/types.js';
import type { Phase, TesterEvent } from './timeline/types.js';
import type { Claim, LawReference, Violation } from './assess/types.js';

export const REPORT_SCHEMA = 'telltale.report/1';

export interface ReportFinding {
  id: string;
  dataType: DataTypeId;
  source: SourceRef;
  time: string;
  host: string;
  method: string;
  path: string;
  transform: string[];
  match: MatchKind;
  confidence: Confidence;
  phase: Phase;
  excerpt: string;
  detector: string;
  field: string | null;
  details?: Record<string, string | number | boolean | string[]>;
  laws?: LawReference[];
}

export interface ReportDestination {
  host: string;
  domain: string;
  entity: EntityRef | null;
  serverIps: string[];
  serverCountry: string | null;
  /** Every distinct country of the server IPs when they disagree, sorted. */
  serverCountries?: string[];
  asn?: { number: number; org: string | null } | null;
  party: 'first' | 'third';
  sdks: string[];
  exchanges: number;
  findings: number;
  laws?: LawReference[];
}

export interface ReportBlindSpot {
  kind: BlindSpotKind;
  host: string;
  count: number;
  bytes: number;
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
  app?: unknown;
  warnings: string[];
}
