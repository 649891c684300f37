/** `telltale check`: evaluate a policy over captured traffic; exit 1 on violation (a CI gate). */
import { Option, type Command } from 'commander';
import { analyze, render, type ReportFormat } from '../../index.js';
import { addCommonOptions, analyzeOptions, EXIT_OK, EXIT_VIOLATION, writeOutput, type CommonFlags } from '../shared.js';

export function registerCheck(program: Command): void {
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
      for (const v of violations) {
        const subject = v.declaration !== undefined ? `declaration ${v.declaration}` : v.finding || 'report';
        process.stderr.write(`violation [${v.rule}] ${subject}: ${v.message}\n`);
      }
      process.stderr.write(`${violations.length} violation(s) of ${flags.policy}\n`);
      if (flags.format) await writeOutput(flags.out, render(report, flags.format));
      process.exitCode = violations.length > 0 ? EXIT_VIOLATION : EXIT_OK;
    });
}
