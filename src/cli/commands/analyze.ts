/** `telltale analyze`: analyze captured traffic and write a report. */
import type { Command } from 'commander';
import { analyze, render, renderSummary, type ReportFormat } from '../../index.js';
import { addCommonOptions, analyzeOptions, formatOption, writeReports, type CommonFlags } from '../shared.js';

export function registerAnalyze(program: Command): void {
  addCommonOptions(
    program.command('analyze').description('analyze captured traffic and write a report')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump, pcap/pcapng), directories of them, quoted globs, or stored sessions (session:N)'),
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
}
