import { openInput } from '../src/ingest/index.js';
import { loadProfile } from '../src/detect/index.js';
import { KnownValueMatcher } from '../src/detect/known/matcher.js';
import { kindedValuesOf } from '../src/detect/known/values.js';
const profile = await loadProfile(process.argv[3]!);
const m = new KnownValueMatcher(kindedValuesOf(profile));
console.log('states', m.automatonStates, 'table bytes', (m as any).automaton.tableBytes, 'classes', (m as any).automaton.classes, 'tokens', m.tokenKeys);
const bodies: Uint8Array[] = [];
for await (const ex of (await openInput(process.argv[2]!, { input: 0 })).exchanges) if (ex.url.includes('/logs/') && ex.request.body) bodies.push(ex.request.body);
let total = 0; for (const b of bodies) total += b.length;
for (let r = 0; r < 4; r++) {
  const hits: any[] = [];
  let a = performance.now(); for (const b of bodies) m.scanLiterals(b, hits); let t1 = performance.now() - a;
  a = performance.now(); for (const b of bodies) m.scanTokens(b, hits, []); let t2 = performance.now() - a;
  console.log('literals', (t1 * 1e6 / total).toFixed(2), 'ns/B; tokens', (t2 * 1e6 / total).toFixed(2), 'ns/B', hits.length);
}
const CLS = new Uint8Array(256); for (let b = 0; b < 256; b++) CLS[b] = /[0-9a-zA-Z]/.test(String.fromCharCode(b)) ? 7 : 0;
function plain(bytes: Uint8Array): number { let s = 0; for (let i = 0; i < bytes.length; i++) s += CLS[bytes[i]!]!; return s; }
function runs(bytes: Uint8Array): number { let n = 0; const len = bytes.length; let i = 0; while (i < len) { let c = CLS[bytes[i]!]!; if (c & 1) { const st = i++; while (i < len && (CLS[bytes[i]!]! & 1)) i++; n += i - st; continue; } i++; } return n; }
for (let r = 0; r < 4; r++) {
  let a = performance.now(); let x = 0; for (const b of bodies) x += plain(b); const t1 = performance.now() - a;
  a = performance.now(); for (const b of bodies) x += runs(b); const t2 = performance.now() - a;
  console.log('plain', (t1 * 1e6 / total).toFixed(2), 'runs', (t2 * 1e6 / total).toFixed(2), x);
}
