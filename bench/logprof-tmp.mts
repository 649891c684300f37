import { openInput } from '../src/ingest/index.js';
import { createDecodeContext, decodeExchange } from '../src/decode/index.js';
import { createDetector, loadProfile } from '../src/detect/index.js';
const profile = await loadProfile(process.argv[3]!);
const known = createDetector({ profile, generic: false });
const context = createDecodeContext({ omitLeaf: known.ignoresLeaf });
const want = process.argv[4] ?? '/v1/logs/upload';
const exs: any[] = [];
for await (const ex of (await openInput(process.argv[2]!, { input: 0 })).exchanges) if (ex.url.includes(want)) exs.push(ex);
for (let r = 0; r < +(process.argv[5] ?? 4); r++) {
  let dec = 0, det = 0, views = 0;
  for (const ex of exs) { const a = performance.now(); const d = decodeExchange(ex, undefined, context); const b = performance.now(); known(d); dec += b - a; det += performance.now() - b; views += d.views.length; }
  console.log('dec', (dec * 1000 / exs.length).toFixed(0), 'det', (det * 1000 / exs.length).toFixed(0), 'us/ex', (views/exs.length).toFixed(1), 'views');
}
console.log('findsNothing calls', (globalThis as any).__fn);
const m = (globalThis as any).__m as Map<string, number>;
console.log('distinct', m.size, [...m].sort((a, b) => b[1] - a[1]).slice(0, 15));
