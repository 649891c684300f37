/** `telltale hosts`: destinations with owner, parent and countries (a table; or the report as JSON or HTML). */
import type { Command } from 'commander';
import { analyze, render, renderHostsTable } from '../../index.js';
import {
  addCommonOptions, analyzeOptions, chooseOutput, formatOption, textChunks, writeReports, type CommonFlags,
} from '../shared.js';

const HOSTS_FORMATS = ['text', 'json', 'html'] as const;
type HostsFormat = (typeof HOSTS_FORMATS)[number];

export function registerHosts(program: Command): void {
  addCommonOptions(
    program.command('hosts').description('list destinations with owner, parent and countries')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump)'),
  )
    .addOption(formatOption(HOSTS_FORMATS, "text (a table), or --out's extension"))
    .option('--out <path>', 'output file, or - for stdout')
    .action(async (inputs: string[], flags: CommonFlags & { format?: HostsFormat[]; out?: string }) => {
      const choice = chooseOutput<HostsFormat>(flags.format, flags.out, HOSTS_FORMATS, 'text', 'text');
      const report = await analyze(inputs, { ...analyzeOptions(flags), generic: false, profile: null, app: null });
      const written = await writeReports(choice, (f) => textChunks(f === 'text' ? renderHostsTable(report) : render(report, f)));
      if (written.length > 0) process.stderr.write(`wrote ${written.join(', ')}\n`);
    });
}
