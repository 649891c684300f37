import { openInput } from '../src/ingest/index.js';
import { createDecodeContext, decodeExchange } from '../src/decode/index.js';
import { createDetector, loadProfile } from '../src/detect/index.js';
const file = process.argv[2]!;
const profile = await loadProfile(process.argv[3]!);
const known = createDetector({ profile, generic: false });
const mode = process.env.MODE ?? 'normal';
const omit = mode === 'all-json' ? ((b: Uint8Array, k: string | null, l: string) => l === 'json' || known.ignoresLeaf!(b, k, l)) : known.ignoresLeaf!;
const exs = [];
const opened = await openInput(file, { input: 0 });
for await (const ex of opened.exchanges) { exs.push(ex); if (exs.length === 8000) break; }
for (let rep = 0; rep < 3; rep++) {
  const context = createDecodeContext({ omitLeaf: omit });
  let tD = 0, tK = 0, views = 0;
  for (const ex of exs) {
    const a = performance.now();
    const d = decodeExchange(ex, undefined, context); const b = performance.now(); views += d.views.length;
    known(d); tK += performance.now() - b; tD += b - a;
  }
  console.log(mode, { views, decode: tD | 0, known: tK | 0 });
}
