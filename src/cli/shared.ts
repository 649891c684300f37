/** What every command of the CLI shares: exit codes, usage errors, common analysis flags and output writing. */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { defaultStorePath, FORMAT_EXTENSIONS, type AnalyzeOptions, type BatchAnalysisOptions } from '../index.js';
import { terminalProgress } from './progress.js';

export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** A wrong combination of arguments: printed as one line, exit 2. */
export class UsageError extends Error {}

export interface CommonFlags {
  profile?: string;
  app?: string;
  events?: string;
  offset?: string;
  firstParty?: string[];
  catalog?: string[];
  ipCountryDb?: string;
  ipAsnDb?: string;
  reveal?: boolean;
  generic?: boolean;
  keylog?: string;
  store?: string;
  declared?: string[];
  threads?: string;
}

/** --threads: a whole number ≥ 1; absent = every core. */
export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads must be a whole number of threads, at least 1, got "${value}"`);
  return n;
}

export function parseOffset(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms)) throw new UsageError(`--offset must be a number of milliseconds, got "${value}"`);
  return ms;
}

/** The settings every analysing command shares, as plain data: batch hands them to its threads and its queue. */
export function sharedAnalysisOptions(flags: CommonFlags): Omit<BatchAnalysisOptions, 'eventsDir'> {
  return {
    profile: flags.profile ?? null,
    events: flags.events ?? null,
    app: flags.app ?? null,
    offsetMs: parseOffset(flags.offset),
    firstParty: flags.firstParty,
    catalogs: flags.catalog,
    ipCountryDb: flags.ipCountryDb,
    ipAsnDb: flags.ipAsnDb,
    reveal: flags.reveal === true,
    generic: flags.generic !== false,
  };
}

export function analyzeOptions(flags: CommonFlags): AnalyzeOptions {
  return {
    ...sharedAnalysisOptions(flags),
    keylog: flags.keylog ?? null,
    store: flags.store,
    declared: flags.declared,
    threads: parseThreads(flags.threads),
    onProgress: terminalProgress(),
  };
}

export async function writeOutput(out: string, text: string | Uint8Array): Promise<void> {
  if (out === '-') process.stdout.write(text);
  else await writeFile(out, text);
}

/** Writes chunks to a file or stdout, without holding the whole output in memory. */
export async function writeChunks(out: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  if (out === '-') {
    for await (const chunk of chunks) {
      if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    return;
  }
  await pipeline(Readable.from(chunks), createWriteStream(out));
}

/** A rendered string as the byte stream writeReports takes. */
export function textChunks(text: string): Iterable<Uint8Array> {
  return [new TextEncoder().encode(text)];
}

/** The extension each format writes, and back. */
const EXTENSIONS: Record<string, string> = FORMAT_EXTENSIONS;
const FORMAT_OF_EXTENSION: Record<string, string> = Object.fromEntries(Object.entries(EXTENSIONS).map(([f, e]) => [e, f]));

function extensionOf(path: string): string | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(path);
  return m ? m[1]!.toLowerCase() : null;
}

export interface OutputChoice<F extends string> {
  formats: F[];
  out: string;
}

/**
 * Which formats to write, and where. With --format, those; without it, the format --out's extension names; with
 * neither, a human summary on a terminal and JSON otherwise (scripts read stdout). A single format whose --out names
 * another format's extension is refused (`--format html --out r.json`), as is binary PDF onto a terminal.
 */
export function chooseOutput<F extends string>(
  given: F[] | undefined, out: string | undefined, allowed: readonly F[], terminalDefault: F, pipeDefault: F,
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): OutputChoice<F> {
  const target = out ?? '-';
  let formats: F[];
  if (given && given.length > 0) formats = [...new Set(given)];
  else if (target !== '-') {
    const fromExtension = FORMAT_OF_EXTENSION[extensionOf(target) ?? ''] as F | undefined;
    formats = [fromExtension && allowed.includes(fromExtension) ? fromExtension : pipeDefault];
  } else formats = [stdoutIsTty ? terminalDefault : pipeDefault];
  if (formats.length === 1 && target !== '-') {
    const ext = extensionOf(target);
    const named = ext ? FORMAT_OF_EXTENSION[ext] : undefined;
    if (named && named !== formats[0]) {
      throw new UsageError(`--format ${formats[0]} does not match --out ${target} (a .${ext} file): use --out ${target.slice(0, -ext!.length)}${EXTENSIONS[formats[0]!] ?? formats[0]} or --format ${named}`);
    }
  }
  if (formats.length > 1 && target === '-') throw new UsageError('several --format values need --out BASENAME (not stdout)');
  if (formats.includes('pdf' as F) && target === '-' && stdoutIsTty) {
    throw new UsageError('--format pdf writes a binary file: give --out FILE.pdf (or redirect stdout)');
  }
  return { formats, out: target };
}

/** One format → the file named by --out (or stdout); several → --out is a base name, one file per extension. */
export async function writeReports<F extends string>(
  choice: OutputChoice<F>, renderOne: (f: F) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<string[]> {
  const { formats, out } = choice;
  const written: string[] = [];
  for (const format of formats) {
    const base = out.replace(/\.(json|csv|sarif|html|pdf|txt)$/i, '');
    const target = formats.length === 1 ? out : `${base}.${EXTENSIONS[format] ?? format}`;
    await writeChunks(target, renderOne(format));
    if (target !== '-') written.push(target);
  }
  return written;
}

/** Commander accumulator for a repeatable option. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Colour on a terminal, unless NO_COLOR says otherwise (https://no-color.org). */
export function wantsColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--profile <file>', 'device profile (JSON or YAML): identifiers of the test device and account')
    .option('--events <file>', 'tester events (JSON): install, consent, signup, record, next, post, ...')
    .option('--app <file>', 'the app package (APK/AAB/AAR/IPA): which SDKs inside it are sending')
    .option('--offset <ms>', 'milliseconds added to event times to correct clock skew')
    .option('--first-party <domain...>', "the app's own domains")
    .option('--catalog <file...>', 'extra tracker lists: Exodus JSON, DuckDuckGo TDS, Disconnect services.json')
    .option('--ip-country-db <file>', 'a fresher IP → country MMDB than the bundled one')
    .option('--ip-asn-db <file>', 'a fresher IP → ASN MMDB (GeoLite2-ASN layout) than the bundled one')
    .option('--keylog <file>', 'TLS key log (SSLKEYLOGFILE) for pcap/pcapng inputs; keys embedded in a pcapng need none')
    // Repeatable, not variadic: a variadic option would swallow the capture files that follow it.
    .option('--declared <file>', 'a vendor declaration to check, repeatable: Play Data safety (google-play-scraper), App Store ' +
      'privacy (app-store-scraper) or telltale.declaration/1 (JSON/YAML), told apart by content', collect)
    .option('--reveal', 'show personal values in excerpts (masked by default)')
    .option('--no-generic', 'only known values from the profile; no pattern/key-name detectors')
    .option('--threads <n>', 'threads decoding one large input (default: every core; 1 = one core); same report either way')
    .option('--store <db>', `where session:N inputs are read from (default: ${defaultStorePath()})`);
}

export const formatOption = (choices: readonly string[], defaultsTo: string) =>
  new Option('--format <format...>', `output format (${choices.join('|')}), repeatable; default: ${defaultsTo}`).choices([...choices]);
