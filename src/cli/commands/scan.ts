/** `telltale scan`: SDKs, permissions and hosts inside an app package (a summary on a terminal, JSON in a pipe). */
import type { Command } from 'commander';
import { APPSCAN_FORMATS, renderAppScan, scan, type AppScanFormat } from '../../index.js';
import { chooseOutput, formatOption, textChunks, writeReports } from '../shared.js';

export function registerScan(program: Command): void {
  program.command('scan').description('list SDKs, permissions and hosts inside an app package')
    .argument('<app>', 'APK, AAB, AAR, JAR, DEX or IPA file')
    .addOption(formatOption(APPSCAN_FORMATS, "--out's extension; else a summary on a terminal, json in a pipe"))
    .option('--out <path>', 'output file, or - for stdout')
    .action(async (app: string, flags: { format?: AppScanFormat[]; out?: string }) => {
      const choice = chooseOutput<AppScanFormat>(flags.format, flags.out, APPSCAN_FORMATS, 'text', 'json');
      const result = await scan(app);
      const written = await writeReports(choice, (f) => textChunks(renderAppScan(result, f)));
      if (written.length > 0) process.stderr.write(`wrote ${written.join(', ')}\n`);
    });
}
