import { ByteStringSet } from '../src/util/byte-set.js';
import { openInput } from '../src/ingest/index.js';
const s = new ByteStringSet();
const words = new Set<string>();
for await (const ex of (await openInput(process.argv[2]!, { input: 0 })).exchanges) {
  const t = Buffer.from(ex.request.body ?? []).toString('latin1');
  for (const m of t.matchAll(/"([^"]{4,64})"/g)) words.add(m[1]!);
}
const arr = [...words]; console.log('distinct strings', arr.length);
for (const w of arr) s.add(Buffer.from(w));
let miss = 0; for (const w of arr) if (!s.has(Buffer.from(w))) miss++;
console.log('missing after adding all', miss);
