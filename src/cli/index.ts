/**
 * The `telltale` command line: parses arguments and calls the library. No analysis logic lives here.
 * Exit codes: 0 success, 1 policy violation (check), 2 usage or input error (one line, no stack trace).
 */
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { isInputError } from '../errors.js';
import { analyze, runDemo, scan, type AnalyzeOptions } from '../index.js';
import { render, renderHostsTable, renderSummary, renderAppScan, type ReportFormat } from '../report/index.js';
import { VERSION } from '../version.js';
import { terminalProgress } from './progress.js';

const EXIT_OK = 0;
const EXIT_VIOLATION = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

interface CommonFlags {
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
}

class UsageError extends Error {}

function parseOffset(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms)) throw new UsageError(`--offset must be a number of milliseconds, got "${value}"`);
  return ms;
}

function analyzeOptions(flags: CommonFlags): AnalyzeOptions {
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
    onProgress: terminalProgress(),
  };
}

async function writeOutput(out: string, text: string): Promise<void> {
  if (out === '-') process.stdout.write(text);
  else await writeFile(out, text);
}

/** One format → the file named by --out (or stdout); several → --out is a base name, one file per extension. */
async function writeReports(formats: ReportFormat[], out: string, renderOne: (f: ReportFormat) => string): Promise<string[]> {
  const unique = [...new Set(formats)];
  if (unique.length > 1 && out === '-') throw new UsageError('several --format values need --out BASENAME (not stdout)');
  const written: string[] = [];
  for (const format of unique) {
    const target = unique.length === 1 ? out : `${out.replace(/\.(json|csv|sarif|html)$/, '')}.${format}`;
    await writeOutput(target, renderOne(format));
    if (target !== '-') written.push(target);
  }
  return written;
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--profile <file>', 'device profile (JSON or YAML): identifiers of the test device and account')
    .option('--events <file>', 'tester events (JSON): install, consent, signup, record, next, post, ...')
    .option('--app <file>', 'the app package (APK/AAB/AAR/IPA): which SDKs inside it are sending')
    .option('--offset <ms>', 'milliseconds added to event times to correct clock skew')
    .option('--first-party <domain...>', "the app's own domains")
    .option('--catalog <file...>', 'extra tracker lists: Exodus JSON, DuckDuckGo TDS, Disconnect services.json')
    .option('--ip-country-db <file>', 'a fresher IP → country MMDB than the bundled one')
    .option('--ip-asn-db <file>', 'a fresher IP → ASN MMDB (GeoLite2-ASN layout) than the bundled one')
    .option('--reveal', 'show personal values in excerpts (masked by default)')
    .option('--no-generic', 'only known values from the profile; no pattern/key-name detectors');
}

const formatOption = (choices: string[], fallback: string) =>
  new Option('--format <format...>', `output format (${choices.join('|')}), repeatable`).choices(choices).default([fallback]);

export function buildProgram(): Command {
  const program = new Command('telltale')
    .description('Prove what personal data an app sends, when, to whom and where.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  addCommonOptions(
    program.command('analyze').description('analyze captured traffic (HAR) and write a report')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump)'),
  )
    .option('--policy <file>', 'policy (YAML/JSON): violations are listed in the report')
    .addOption(formatOption(['json', 'html', 'csv', 'sarif'], 'json'))
    .option('--out <path>', 'output file, or - for stdout', '-')
    .action(async (inputs: string[], flags: CommonFlags & { policy?: string; format: ReportFormat[]; out: string }) => {
      const report = await analyze(inputs, { ...analyzeOptions(flags), policy: flags.policy ?? null });
      const written = await writeReports(flags.format, flags.out, (f) => render(report, f));
      if (written.length > 0) process.stderr.write(`${renderSummary(report)}wrote ${written.join(', ')}\n`);
      else for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
    });

  addCommonOptions(
    program.command('check').description('evaluate a policy over captured traffic; exit 1 on violation')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump)'),
  )
    .requiredOption('--policy <file>', 'policy (YAML/JSON)')
    .addOption(new Option('--format <format>', 'also write the result as sarif or json').choices(['json', 'sarif']))
    .option('--out <path>', 'where --format output goes (- for stdout)', '-')
    .action(async (inputs: string[], flags: CommonFlags & { policy: string; format?: ReportFormat; out: string }) => {
      const report = await analyze(inputs, { ...analyzeOptions(flags), policy: flags.policy });
      const violations = report.violations ?? [];
      for (const v of violations) process.stderr.write(`violation [${v.rule}] ${v.finding}: ${v.message}\n`);
      process.stderr.write(`${violations.length} violation(s) of ${flags.policy}\n`);
      if (flags.format) await writeOutput(flags.out, render(report, flags.format));
      process.exitCode = violations.length > 0 ? EXIT_VIOLATION : EXIT_OK;
    });

  addCommonOptions(
    program.command('hosts').description('list destinations with owner, parent and countries')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump)'),
  ).action(async (inputs: string[], flags: CommonFlags) => {
    const report = await analyze(inputs, { ...analyzeOptions(flags), generic: false, profile: null, app: null });
    process.stdout.write(renderHostsTable(report));
  });

  program.command('scan').description('list SDKs, permissions and hosts inside an app package')
    .argument('<app>', 'APK, AAB, AAR, JAR, DEX or IPA file')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'html']).default('json'))
    .option('--out <path>', 'output file, or - for stdout', '-')
    .action(async (app: string, flags: { format: 'json' | 'html'; out: string }) => {
      await writeOutput(flags.out, renderAppScan(await scan(app), flags.format));
    });

  program.command('demo').description('run the whole chain on a bundled example (the 2019 lawsuit re-enacted)')
    .option('--out <path>', 'where to write the JSON report', 'telltale-demo.json')
    .action(async (flags: { out: string }) => {
      const { report, written } = await runDemo(flags.out);
      process.stdout.write(`${renderSummary(report)}wrote ${written.join(', ')}\n`);
    });

  return program;
}

function describeSystemError(e: NodeJS.ErrnoException): string | null {
  const path = e.path ?? '';
  switch (e.code) {
    case 'ENOENT':
      return `${path}: no such file`;
    case 'EISDIR':
      return `${path}: is a directory, expected a file`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    default:
      return null;
  }
}

/** Runs the CLI and returns the exit code; never lets a stack trace reach the user for bad input. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE; // commander already printed its one-line message
    }
    if (isInputError(e) || e instanceof UsageError) {
      process.stderr.write(`telltale: ${oneLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    const sys = e && typeof e === 'object' && 'code' in e ? describeSystemError(e as NodeJS.ErrnoException) : null;
    if (sys) {
      process.stderr.write(`telltale: ${sys}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`telltale: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    if (process.env.TELLTALE_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
    return EXIT_INTERNAL;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').slice(0, 2000);
}
