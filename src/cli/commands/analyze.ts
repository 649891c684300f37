/** `telltale analyze`: analyze captured traffic and write a report (a summary on a terminal, JSON in a pipe). */
import type { Command } from 'commander';
import { analyze, OUTPUT_FORMATS, renderStream, renderSummary, type OutputFormat } from '../../index.js';
import {
  addCommonOptions, analyzeOptions, chooseOutput, formatOption, wantsColor, writeReports, type CommonFlags,
} from '../shared.js';

export function registerAnalyze(program: Command): void {
  addCommonOptions(
    program.command('analyze').description('analyze captured traffic and write a report')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump, pcap/pcapng), directories of them, quoted globs, or stored sessions (session:N)'),
  )
    .option('--policy <file>', 'policy (YAML/JSON): violations are listed in the report')
    .addOption(formatOption(OUTPUT_FORMATS, "--out's extension; else a summary on a terminal, json in a pipe"))
    .option('--out <path>', 'output file (or base name with several formats), - for stdout')
    .action(async (inputs: string[], flags: CommonFlags & { policy?: string; format?: OutputFormat[]; out?: string }) => {
      const choice = chooseOutput<OutputFormat>(flags.format, flags.out, OUTPUT_FORMATS, 'text', 'json');
      const analyzedAt = new Date().toISOString();
      const report = await analyze(inputs, { ...analyzeOptions(flags), policy: flags.policy ?? null });
      const color = choice.out === '-' && wantsColor();
      const written = await writeReports(choice, (f) => renderStream(report, f, { color, pdf: { analyzedAt } }));
      if (written.length > 0) process.stderr.write(`${renderSummary(report, { color: wantsColor(process.stderr) })}wrote ${written.join(', ')}\n`);
      else if (!choice.formats.includes('text')) for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
    });
}
