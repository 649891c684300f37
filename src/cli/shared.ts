/** What every command of the CLI shares: exit codes, usage errors, common analysis flags and output writing. */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { defaultStorePath, type AnalyzeOptions } from '../index.js';
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
}

export function parseOffset(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms)) throw new UsageError(`--offset must be a number of milliseconds, got "${value}"`);
  return ms;
}

export function analyzeOptions(flags: CommonFlags): AnalyzeOptions {
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
    keylog: flags.keylog ?? null,
    store: flags.store,
    declared: flags.declared,
    onProgress: terminalProgress(),
  };
}

export async function writeOutput(out: string, text: string | Uint8Array): Promise<void> {
  if (out === '-') process.stdout.write(text);
  else await writeFile(out, text);
}

/** One format → the file named by --out (or stdout); several → --out is a base name, one file per extension. */
export async function writeReports<F extends string>(
  formats: F[], out: string, renderOne: (f: F) => string | Uint8Array | Promise<string | Uint8Array>,
): Promise<string[]> {
  const unique = [...new Set(formats)];
  if (unique.length > 1 && out === '-') throw new UsageError('several --format values need --out BASENAME (not stdout)');
  const written: string[] = [];
  for (const format of unique) {
    const target = unique.length === 1 ? out : `${out.replace(/\.(json|csv|sarif|html|pdf|txt)$/, '')}.${format}`;
    await writeOutput(target, await renderOne(format));
    if (target !== '-') written.push(target);
  }
  return written;
}

/** Commander accumulator for a repeatable option. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
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
    .option('--store <db>', `where session:N inputs are read from (default: ${defaultStorePath()})`);
}

export const formatOption = (choices: string[], fallback: string) =>
  new Option('--format <format...>', `output format (${choices.join('|')}), repeatable`).choices(choices).default([fallback]);
