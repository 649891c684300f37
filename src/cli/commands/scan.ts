/** `telltale scan`: SDKs, permissions and hosts inside an app package. */
import { Option, type Command } from 'commander';
import { renderAppScan, scan } from '../../index.js';
import { writeOutput } from '../shared.js';

export function registerScan(program: Command): void {
  program.command('scan').description('list SDKs, permissions and hosts inside an app package')
    .argument('<app>', 'APK, AAB, AAR, JAR, DEX or IPA file')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'html']).default('json'))
    .option('--out <path>', 'output file, or - for stdout', '-')
    .action(async (app: string, flags: { format: 'json' | 'html'; out: string }) => {
      await writeOutput(flags.out, renderAppScan(await scan(app), flags.format));
    });
}
