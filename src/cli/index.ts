/**
 * The `telltale` command line: parses arguments and calls the library. No analysis logic lives here.
 * Exit codes: 0 success, 1 policy violation (check), 2 usage or input error (one line, no stack trace).
 */
import { Command, CommanderError } from 'commander';
import { isInputError, VERSION } from '../index.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './shared.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerCheck } from './commands/check.js';
import { registerHosts } from './commands/hosts.js';
import { registerScan } from './commands/scan.js';
import { registerDemo } from './commands/demo.js';
import { registerBatch } from './commands/batch.js';
import { registerWorker } from './commands/worker.js';
import { registerCapture } from './commands/capture.js';
import { registerSessions } from './commands/sessions.js';
import { registerExport } from './commands/export.js';
import { registerServe } from './commands/serve.js';
import { registerDeclare } from './commands/declare.js';
import { registerDiff } from './commands/diff.js';

/** One file per command under commands/: adding a command is one new file and one line here. */
const COMMANDS: ((program: Command) => void)[] = [
  registerAnalyze, registerCheck, registerHosts, registerScan, registerDiff, registerDemo, registerDeclare,
  registerBatch, registerWorker,
  registerCapture, registerSessions, registerExport, registerServe,
];

export function buildProgram(): Command {
  const program = new Command('telltale')
    .description('Prove what personal data an app sends, when, to whom and where.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of COMMANDS) register(program);
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
