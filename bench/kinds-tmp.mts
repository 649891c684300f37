import { openInput } from '../src/ingest/index.js';
import { createDecodeContext, decodeExchange } from '../src/decode/index.js';
import { createDetector, loadProfile } from '../src/detect/index.js';
const file = process.argv[2]!;
const profile = await loadProfile(process.argv[3]!);
const known = createDetector({ profile, generic: false });
const context = createDecodeContext({ omitLeaf: known.ignoresLeaf });
const per = new Map<string, { n: number; dec: number; det: number; bytes: number; views: number }>();
const opened = await openInput(file, { input: 0 });
let ing = 0; let t = performance.now();
for (let pass = 0; pass < 1; pass++)
for await (const ex of opened.exchanges) {
  const a = performance.now(); ing += a - t;
  const d = decodeExchange(ex, undefined, context); const b = performance.now();
  known(d); const c = performance.now();
  const kind = (ex as any).url.replace(/^https:\/\/[^/]+/, '').replace(/\?.*/, '');
  const e = per.get(kind) ?? { n: 0, dec: 0, det: 0, bytes: 0, views: 0 };
  e.n++; e.dec += b - a; e.det += c - b; e.views += d.views.length;
  e.bytes += (ex.request.body?.length ?? 0);
  per.set(kind, e); t = performance.now();
}
console.log('ingest', ing | 0);
for (const [k, e] of per) console.log(k.padEnd(20), e.n, 'dec', (e.dec|0), 'ms', (e.dec*1000/e.n).toFixed(0), 'us/ex; det', (e.det|0), 'ms', (e.det*1000/e.n).toFixed(0), 'us/ex views/ex', (e.views/e.n).toFixed(1));
