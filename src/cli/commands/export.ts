/** `telltale export session:N --format har --out X.har`: a stored session as a standard HAR file. */
import { Option, type Command } from 'commander';
import { defaultStorePath, exportSessionHar } from '../../index.js';

export function registerExport(program: Command): void {
  program.command('export').description('write a stored capture session as a HAR 1.2 file')
    .argument('<session>', 'session:N (see telltale sessions)')
    .option('--store <db>', `session store (default: ${defaultStorePath()})`)
    .addOption(new Option('--format <format>', 'output format').choices(['har']).default('har'))
    .requiredOption('--out <file>', 'the HAR file to write')
    .action(async (ref: string, flags: { store?: string; out: string }) => {
      const entries = await exportSessionHar(ref, flags.out, flags.store ?? defaultStorePath());
      process.stderr.write(`wrote ${flags.out} (${entries} entries)\n`);
    });
}
