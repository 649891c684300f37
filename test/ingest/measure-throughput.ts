/**
 * Scratch measurement, not a test: ingest throughput and memory on a generated HAR.
 *   node --import tsx test/ingest/measure-throughput.ts [MB=500] [path]
 */
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../src/ingest/index.js';
import { generateHar } from './generate-har.js';

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 500);
  const path = process.argv[3] ?? join(tmpdir(), `telltale-bench-${megabytes}mb.har`);
  if (!existsSync(path)) await generateHar(path, megabytes * 1e6);
  const bytes = statSync(path).size;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const opened = await openInput(path, { input: 0 });
  let exchanges = 0;
  for await (const exchange of opened.exchanges) {
    exchanges++;
    if (exchanges % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (exchange.timeMs < 0) throw new Error('impossible');
  }
  const info = await opened.info();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mb = bytes / 1e6;
  console.log(
    `${path}: ${mb.toFixed(0)} MB, ${exchanges} exchanges, ${seconds.toFixed(2)} s, ${(mb / seconds).toFixed(0)} MB/s ` +
      `(CPU ${cpuSeconds.toFixed(2)} s: ${(mb / cpuSeconds).toFixed(0)} MB per CPU-second), ` +
      `peak RSS growth ${((peakRss - rssBefore) / 1e6).toFixed(0)} MB, sha256 ${info.sha256.slice(0, 16)}`,
  );
}

await main();
