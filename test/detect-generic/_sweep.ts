import { openInput } from '../../src/ingest/index.js';
import { decodeExchange } from '../../src/decode/index.js';
import { createGenericDetector } from '../../src/detect/generic/index.js';
const det = createGenericDetector();
for (const file of process.argv.slice(2)) {
  const input = await openInput(file, { input: 0 });
  let n = 0, t = 0; const counts = new Map<string, number>(); const samples: string[] = [];
  for await (const ex of input.exchanges) {
    n++;
    const t0 = performance.now();
    const d = det(decodeExchange(ex));
    t += performance.now() - t0;
    for (const f of d.findings) { const k = `${f.dataType}/${f.confidence}/${f.detector}`; counts.set(k, (counts.get(k) ?? 0) + 1); if (samples.length < 400) samples.push(`${k} ${f.host} ${f.path} :: ${f.matched.slice(0, 60)}`); }
    for (const b of d.blindSpots) { const k = `blind:${b.kind}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
    for (const s of d.signals) { const k = `signal:${s.kind}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
  }
  console.log(file.split('/').slice(-2).join('/'), n, 'exchanges', t.toFixed(0), 'ms', JSON.stringify([...counts].sort()));
  if (process.env.SAMPLES) console.log(samples.join('\n'));
}
