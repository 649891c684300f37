/** Data model of the report stage: output formats, render options, and the comparison of two reports (diff). */
import type { DeclarationVerdict } from '../model.js';

/** Formats `analyze` can write. `text` is the terminal summary; `pdf` is the HTML page printed by Chromium. */
export const OUTPUT_FORMATS = ['json', 'html', 'pdf', 'csv', 'sarif', 'text'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** File extension of each format (`--out` must agree with `--format`). */
export const FORMAT_EXTENSIONS: Record<OutputFormat, string> = {
  json: 'json', html: 'html', pdf: 'pdf', csv: 'csv', sarif: 'sarif', text: 'txt',
};

export interface PdfOptions {
  /** Chromium to print with (default: $TELLTALE_CHROMIUM or /usr/bin/chromium). */
  chromium?: string;
  /** When the analysis ran (ISO-8601), for the footer. The JSON report stays time-free; only the PDF carries it. */
  analyzedAt?: string;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

export interface RenderOptions {
  /** ANSI colours in `text` output. */
  color?: boolean;
  pdf?: PdfOptions;
}

/** Something present in one report and not the other. */
export interface Change<T> {
  added: T[];
  removed: T[];
}

/** A (data type → company) flow: "contacts went to ByteDance". */
export interface Flow {
  dataType: string;
  company: string;
}

export interface VerdictChange {
  id: string;
  title: string;
  before: string | null;
  after: string | null;
}

export interface DeclarationChange {
  statement: string;
  before: DeclarationVerdict | null;
  after: DeclarationVerdict | null;
}

/** `telltale diff OLD NEW` (schema telltale.diff/1): what changed between two reports. */
export interface ReportDiff {
  schema: 'telltale.diff/1';
  old: DiffSide;
  new: DiffSide;
  destinations: Change<string>;
  companies: Change<string>;
  /** Server countries (ISO alpha-2). */
  serverCountries: Change<string>;
  /** Countries of the controlling companies. */
  companyCountries: Change<string>;
  flows: Change<Flow>;
  claims: VerdictChange[];
  declarations: DeclarationChange[];
  /** One sentence per change, most important first: "v9.2 started sending contacts to ByteDance". */
  headlines: string[];
}

export interface DiffSide {
  /** How the side is named in sentences: the app version when the report has one, else the input file names. */
  label: string;
  inputs: { path: string; sha256: string }[];
  findings: number;
  destinations: number;
}
