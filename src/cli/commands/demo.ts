/** `telltale demo`: the whole chain on a bundled example (the 2019 lawsuit re-enacted). */
import type { Command } from 'commander';
import { renderSummary, runDemo } from '../../index.js';

export function registerDemo(program: Command): void {
  program.command('demo').description('run the whole chain on a bundled example (the 2019 lawsuit re-enacted)')
    .option('--out <path>', 'where to write the JSON report', 'telltale-demo.json')
    .action(async (flags: { out: string }) => {
      const { report, written } = await runDemo(flags.out);
      process.stdout.write(`${renderSummary(report)}wrote ${written.join(', ')}\n`);
    });
}
