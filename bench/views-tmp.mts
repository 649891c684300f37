import { openInput } from '../src/ingest/index.js';
import { createDecodeContext, decodeExchange } from '../src/decode/index.js';
import { createDetector, loadProfile } from '../src/detect/index.js';
const profile = await loadProfile(process.argv[3]!);
const known = createDetector({ profile, generic: false });
const context = createDecodeContext({ omitLeaf: known.ignoresLeaf });
let n = 0;
for await (const ex of (await openInput(process.argv[2]!, { input: 0 })).exchanges) if (ex.url.includes(process.argv[4]!)) {
  const d = decodeExchange(ex, undefined, context);
  if (++n < 3) continue;
  for (const v of d.views.slice(0, 40)) console.log(v.path, v.bytes.length, v.layers.join('>'), v.covered, v.omittedChildren ?? '', JSON.stringify(Buffer.from(v.bytes).toString('latin1').slice(0, 60)));
  console.log(d.views.length, 'views', d.issues);
  break;
}
