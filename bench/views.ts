// Which kinds of views decode produces per exchange (a diagnostic for decode cost).
import { openInput } from '../src/ingest/index.js';
import { decodeExchange } from '../src/decode/index.js';
const opened = await openInput(process.argv[2]!, { input: 0 });
const kinds = new Map<string, number>();
let n = 0;
for await (const ex of opened.exchanges) {
  for (const v of decodeExchange(ex).views) {
    const k = `${v.side} ${v.path.replace(/:.*$/, '').replace(/\|[^|]*$/, (m) => m)}`.replace(/:[^|]*/g, '');
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  if (++n === 2000) break;
}
for (const [k, c] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((c / n).toFixed(2), k);
