/**
 * Equivalence tool for performance work (not a test): prints one hash line per exchange over everything ingest and
 * decode produce (exchange fields, every view's path/bytes/key/layers/side/covered/mimeType/filename, every issue).
 * Run before and after a change and diff the outputs:
 *   node --import tsx test/decode/snapshot-views.ts FILE.har > before.txt
 */
import { createHash } from 'node:crypto';
import { openInput } from '../../src/ingest/index.js';
import { decodeExchange } from '../../src/decode/index.js';

const opened = await openInput(process.argv[2]!, { input: 0 });
const total = createHash('sha256');
let n = 0;
for await (const ex of opened.exchanges) {
  const h = createHash('sha256');
  const { request, response, ...rest } = ex;
  h.update(JSON.stringify(rest));
  for (const m of [request, response]) {
    if (!m) { h.update('no-response'); continue; }
    const { body, ...fields } = m;
    h.update(JSON.stringify(fields));
    h.update(body ?? 'null-body');
  }
  const decoded = decodeExchange(ex);
  for (const v of decoded.views) {
    h.update(`\u0001${v.path}\u0002${v.key}\u0002${v.layers.join(',')}\u0002${v.side}\u0002${v.covered}\u0002` +
      `${v.mimeType}\u0002${v.filename}\u0002${v.bytes.length}\u0002`);
    h.update(v.bytes);
  }
  h.update(JSON.stringify(decoded.issues));
  const line = `${n} ${decoded.views.length} ${h.digest('hex').slice(0, 16)}`;
  total.update(line);
  console.log(line);
  n++;
}
console.log(`total ${n} ${total.digest('hex')}`);
