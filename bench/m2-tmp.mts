import { openInput } from '../src/ingest/index.js';
import { loadProfile } from '../src/detect/index.js';
import { KnownValueMatcher } from '../src/detect/known/matcher.js';
import { kindedValuesOf } from '../src/detect/known/values.js';
const profile = await loadProfile(process.argv[3]!);
const m = new KnownValueMatcher(kindedValuesOf(profile));
const ac = (m as any).automaton;
const bodies: Uint8Array[] = [];
for await (const ex of (await openInput(process.argv[2]!, { input: 0 })).exchanges) if (ex.url.includes('/logs/') && ex.request.body) bodies.push(ex.request.body);
let total = 0; for (const b of bodies) total += b.length;
let n1 = 0, n2 = 0; const f1 = () => { n1++; }; const f2 = () => { n2++; };
for (let r = 0; r < 6; r++) {
  let a = performance.now(); for (const b of bodies) ac.scanOne(b, f1); const t1 = performance.now() - a;
  a = performance.now(); for (const b of bodies) ac.scanTwo(b, f2); const t2 = performance.now() - a;
  console.log('one', (t1 * 1e6 / total).toFixed(2), 'two', (t2 * 1e6 / total).toFixed(2), n1, n2);
}
