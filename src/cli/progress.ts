/** Progress on stderr: a single updating line on a terminal, nothing when stderr is a file or a pipe. */
import type { CollectProgress } from '../index.js';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((p: CollectProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 200 && p.bytesRead < p.totalBytes) return;
    last = now;
    const pct = p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 100;
    stream.write(`\r\x1b[2K${p.path}: ${pct}% · ${p.exchanges} exchanges${p.threads > 1 ? ` · ${p.threads} threads` : ''}`);
    if (p.bytesRead >= p.totalBytes) stream.write('\r\x1b[2K');
  };
}
