/** `telltale hosts`: destinations with owner, parent and countries. */
import type { Command } from 'commander';
import { analyze, renderHostsTable } from '../../index.js';
import { addCommonOptions, analyzeOptions, type CommonFlags } from '../shared.js';

export function registerHosts(program: Command): void {
  addCommonOptions(
    program.command('hosts').description('list destinations with owner, parent and countries')
      .argument('<input...>', 'capture files (HAR, mitmproxy dump)'),
  ).action(async (inputs: string[], flags: CommonFlags) => {
    const report = await analyze(inputs, { ...analyzeOptions(flags), generic: false, profile: null, app: null });
    process.stdout.write(renderHostsTable(report));
  });
}
