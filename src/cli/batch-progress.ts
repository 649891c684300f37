/** The batch progress bar on stderr: one updating line on a terminal, nothing when stderr is a file or a pipe. */
import type { BatchProgress } from '../index.js';

const WIDTH = 30;

export function batchProgressBar(stream: NodeJS.WriteStream = process.stderr): ((p: BatchProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return (p) => {
    const finished = p.done + p.failed + p.skipped;
    const filled = p.total > 0 ? Math.round((finished / p.total) * WIDTH) : WIDTH;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const failed = p.failed > 0 ? ` · ${p.failed} failed` : '';
    const skipped = p.skipped > 0 ? ` · ${p.skipped} skipped` : '';
    stream.write(`\r\x1b[2Kbatch ${bar} ${finished}/${p.total}${failed}${skipped}`);
    if (finished >= p.total) stream.write('\r\x1b[2K');
  };
}
