/** `telltale sessions`: the capture sessions in the store. */
import { Option, type Command } from 'commander';
import { defaultStorePath, listSessions } from '../../index.js';

export function registerSessions(program: Command): void {
  program.command('sessions').description('list the capture sessions in the store')
    .option('--store <db>', `session store (default: ${defaultStorePath()})`)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { store?: string; format: 'text' | 'json' }) => {
      const sessions = listSessions(flags.store ?? defaultStorePath());
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify({ sessions }, null, 2)}\n`);
        return;
      }
      if (sessions.length === 0) {
        process.stdout.write('no sessions yet (telltale capture records one)\n');
        return;
      }
      const rows = sessions.map((s) => [`session:${s.id}`, s.startedAt, s.endedAt ?? '(not closed)', String(s.exchanges), String(s.events), s.label ?? '']);
      const header = ['id', 'started', 'ended', 'exchanges', 'events', 'label'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [header, ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    });
}
