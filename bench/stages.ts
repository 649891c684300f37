import { openInput } from '../src/ingest/index.js';
import { createDecodeContext, decodeExchange } from '../src/decode/index.js';
import { createDetector, loadProfile } from '../src/detect/index.js';
const file = process.argv[2]!;
const profile = await loadProfile(process.argv[3]!);
const known = createDetector({ profile, generic: false });
const generic = createDetector({ profile: null, generic: true });
let tIngest = 0, tDecode = 0, tKnown = 0, tGeneric = 0, n = 0, views = 0;
const opened = await openInput(file, { input: 0 });
// One decode context for the whole input, as collect.ts uses: its memos carry across exchanges. With GENERIC=0 it
// leaves out the leaves the known-value detector never reads, as `analyze --no-generic` does.
const withGeneric = process.env.GENERIC !== '0';
const context = createDecodeContext({ omitLeaf: withGeneric ? null : known.ignoresLeaf });
let t = performance.now();
for await (const ex of opened.exchanges) {
  const a = performance.now(); tIngest += a - t;
  const d = decodeExchange(ex, undefined, context); const b = performance.now(); tDecode += b - a; views += d.views.length;
  known(d); const c = performance.now(); tKnown += c - b;
  if (withGeneric) generic(d); t = performance.now(); tGeneric += t - c;
  n++;
}
console.log({ n, views, viewsPerEx: views / n, ingest: tIngest | 0, decode: tDecode | 0, known: tKnown | 0, generic: tGeneric | 0 });
