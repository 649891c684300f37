/** `telltale serve`: a dashboard over the session store, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { defaultStorePath } from '../../index.js';
import { startDashboard } from '../../server/dashboard.js';
import { UsageError } from '../shared.js';

export function registerServe(program: Command): void {
  program.command('serve').description('browse the stored capture sessions and their reports')
    .option('--store <db>', `session store (default: ${defaultStorePath()})`)
    .option('--port <port>', 'dashboard port (0 picks a free one)', '8787')
    .option('--listen <addr>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
    .action(async (flags: { store?: string; port: string; listen: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${flags.port}"`);
      const dashboard = await startDashboard({ store: flags.store ?? defaultStorePath(), port, listen: flags.listen });
      process.stderr.write(`telltale serve: ${dashboard.url}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await dashboard.close();
    });
}
