/** `telltale diff OLD NEW`: what changed between two reports (two app versions, or accept vs decline runs). */
import type { Command } from 'commander';
import { diff, DIFF_FORMATS, renderDiff, type DiffFormat } from '../../index.js';
import { chooseOutput, formatOption, textChunks, writeReports } from '../shared.js';

export function registerDiff(program: Command): void {
  program.command('diff').description('compare two reports: destinations, companies, countries, flows and verdicts added or removed')
    .argument('<old>', 'the earlier report (JSON written by telltale analyze)')
    .argument('<new>', 'the later report')
    .addOption(formatOption(DIFF_FORMATS, "text, or --out's extension"))
    .option('--out <path>', 'output file, or - for stdout')
    .option('--old-label <name>', 'how to name the old side in sentences (default: app version, else input names)')
    .option('--new-label <name>', 'how to name the new side')
    .action(async (oldPath: string, newPath: string, flags: { format?: DiffFormat[]; out?: string; oldLabel?: string; newLabel?: string }) => {
      const choice = chooseOutput<DiffFormat>(flags.format, flags.out, DIFF_FORMATS, 'text', 'text');
      const result = await diff(oldPath, newPath, { oldLabel: flags.oldLabel, newLabel: flags.newLabel });
      const written = await writeReports(choice, (f) => textChunks(renderDiff(result, f)));
      if (written.length > 0) process.stderr.write(`wrote ${written.join(', ')}\n`);
    });
}
