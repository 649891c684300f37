/** `telltale declare --from CAPTURE`: draft an honest telltale.declaration/1 and a Data safety answer sheet. */
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { draftFromCapture } from '../../index.js';
import { addCommonOptions, analyzeOptions, UsageError, writeOutput, type CommonFlags } from '../shared.js';

export function registerDeclare(program: Command): void {
  addCommonOptions(
    program.command('declare')
      .description('draft the declarations a capture supports: a telltale.declaration/1 file and a Play Data safety answer sheet'),
  )
    .requiredOption('--from <capture...>', 'the capture(s) to draft from (HAR, mitmproxy dump)')
    .option('--out <file>', 'where the draft goes: .yaml/.yml for YAML, anything else JSON; - for stdout', '-')
    .action(async (flags: CommonFlags & { from: string[]; out: string }) => {
      if (flags.declared?.length) throw new UsageError('declare drafts a declaration from a capture; check one with analyze --declared');
      const { draft } = await draftFromCapture(flags.from, analyzeOptions(flags));
      const yaml = /\.ya?ml$/i.test(flags.out);
      await writeOutput(flags.out, yaml ? `${toYaml(draft, { lineWidth: 0 }).trimEnd()}\n` : `${JSON.stringify(draft, null, 2)}\n`);
      process.stderr.write(`${draft.statements.length} statement(s) drafted, ${draft.dataSafety.collectedData.length} Data safety type(s) collected, ` +
        `${draft.dataSafety.sharedData.length} shared; ${draft.notes.length} note(s) on what was left out${flags.out === '-' ? '' : `; wrote ${flags.out}`}\n`);
    });
}
