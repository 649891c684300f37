/** `telltale batch`: analyse many inputs, one report each in --out DIR plus DIR/index.json; locally or on a fleet. */
import { Option, type Command } from 'commander';
import { runBatch, type BatchAnalysisOptions } from '../../index.js';
import { batchProgressBar } from '../batch-progress.js';
import { addCommonOptions, EXIT_USAGE, sharedAnalysisOptions, UsageError, type CommonFlags } from '../shared.js';

interface BatchFlags extends CommonFlags {
  out: string;
  workers?: string;
  eventsDir?: string;
  queue?: string;
}

export function registerBatch(program: Command): void {
  addCommonOptions(
    program.command('batch')
      .description('analyse many captures: DIR/<file name>.report.json each and DIR/index.json; resumable')
      .argument('<input...>', 'capture files and directories of captures (their files, not recursive)'),
  )
    .requiredOption('--out <dir>', 'output directory (reports, index.json); re-running with it skips finished inputs')
    .addOption(new Option('--workers <n>', 'analysis threads in total (default: all cores)').conflicts('queue'))
    .option('--events-dir <dir>', 'per-input events: the events of X are DIR/X.events.json (X = the file name)')
    .option('--queue <url>', 'redis://HOST:PORT: queue the inputs for `telltale worker`s instead of analysing here')
    .action(async (inputs: string[], flags: BatchFlags) => {
      if (flags.threads !== undefined) {
        throw new UsageError('--threads is for one input (analyze); batch shares --workers N threads among its inputs');
      }
      const summary = await runBatch(inputs, {
        out: flags.out,
        analysis: batchAnalysisOptions(flags),
        workers: flags.workers === undefined ? undefined : parseWorkers(flags.workers),
        queue: flags.queue ?? null,
        onProgress: batchProgressBar(),
      });
      for (const entry of summary.index.inputs) {
        if (entry.status === 'failed') process.stderr.write(`failed: ${entry.error ?? entry.path}\n`);
      }
      if (summary.withoutEvents.length > 0) {
        process.stderr.write(`${summary.withoutEvents.length} input(s) had no events file in ${flags.eventsDir ?? ''} ` +
          `and were analysed without events: ${summary.withoutEvents.join(', ')}\n`);
      }
      if (summary.subdirectories.length > 0) {
        process.stderr.write(`not read: ${summary.subdirectories.length} subdirector${summary.subdirectories.length === 1 ? 'y' : 'ies'} ` +
          `(batch reads the files of each directory given, not deeper; give ${summary.subdirectories.length === 1 ? 'it as an input' : 'them as inputs'} too): ` +
          `${summary.subdirectories.join(', ')}\n`);
      }
      process.stderr.write(`batch: ${summary.index.inputs.length} inputs: ${summary.done} done, ${summary.failed} failed, ` +
        `${summary.skipped} skipped (report for the same bytes already in ${flags.out}); wrote ${flags.out}/index.json\n`);
      if (summary.failed > 0) process.exitCode = EXIT_USAGE;
    });
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--workers must be a whole number, at least 1, got "${value}"`);
  return n;
}

function batchAnalysisOptions(flags: BatchFlags): BatchAnalysisOptions {
  return { ...sharedAnalysisOptions(flags), eventsDir: flags.eventsDir ?? null };
}
