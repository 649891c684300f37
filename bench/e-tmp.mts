import { openInput } from '../src/ingest/index.js';
const bodies: Buffer[] = [];
for await (const ex of (await openInput(process.argv[2]!, { input: 0 })).exchanges) if (ex.url.includes('/logs/') && ex.request.body) bodies.push(Buffer.from(ex.request.body));
let total = 0; for (const b of bodies) total += b.length;
const RUN = new Uint8Array(256); for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_$-') RUN[c.charCodeAt(0)] = 1;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const ns = (t: number) => (t * 1e6 / total).toFixed(2);
for (let r = 0; r < 4; r++) {
  let a = performance.now(); const texts = bodies.map((b) => b.toString('utf8')); const tText = performance.now() - a;
  a = performance.now(); let x = 0; for (const t of texts) x += CONTROL.test(t) ? 1 : 0; const tRe = performance.now() - a;
  a = performance.now(); for (const t of texts) x += t.includes('\uFFFD') ? 1 : 0; const tFffd = performance.now() - a;
  a = performance.now(); for (const t of texts) x += t.includes('eyJ') ? 1 : 0; const tEyj = performance.now() - a;
  a = performance.now(); let runs = 0; const set = new Set<string>();
  for (let k = 0; k < bodies.length; k++) { const b = bodies[k]!; const t = texts[k]!; let i = 0; const n = b.length;
    while (i < n) { if (!RUN[b[i]!]) { i++; continue; } const s = i++; while (i < n && RUN[b[i]!]) i++; if (i - s >= 16) { runs++; const str = t.slice(s, i); if (!set.has(str)) set.add(str); } } }
  const tRuns = performance.now() - a;
  a = performance.now(); for (const t of texts) x += t.trim().length; const tTrim = performance.now() - a;
  console.log('text', ns(tText), 're', ns(tRe), 'fffd', ns(tFffd), 'eyJ', ns(tEyj), 'runs+set', ns(tRuns), 'trim', ns(tTrim), 'runs/log', (runs / bodies.length).toFixed(0));
}
import { ByteStringSet } from '../src/util/byte-set.js';
for (let r = 0; r < 4; r++) {
  let a = performance.now(); let runs = 0; const set = new ByteStringSet();
  for (let k = 0; k < bodies.length; k++) { const b = bodies[k]!; let i = 0; const n = b.length;
    while (i < n) { if (!RUN[b[i]!]) { i++; continue; } const s = i++; while (i < n && RUN[b[i]!]) i++; if (i - s >= 16) { runs++; if (!set.hasRange(b, s, i)) set.add(b.subarray(s, i)); } } }
  const tRuns = performance.now() - a;
  a = performance.now(); let runs2 = 0;
  for (let k = 0; k < bodies.length; k++) { const b = bodies[k]!; let i = 0; const n = b.length;
    while (i < n) { if (!RUN[b[i]!]) { i++; continue; } const s = i++; while (i < n && RUN[b[i]!]) i++; if (i - s >= 16) { runs2++; } } }
  const tScan = performance.now() - a;
  console.log('bytes-set', ns(tRuns), 'scan only', ns(tScan), runs, runs2);
}
