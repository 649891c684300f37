import { generateLabelledCorpus } from '/work/main/eval/labelled.ts';
import { openInput } from '/work/main/src/ingest/index.ts';
import { decodeExchange } from '/work/main/src/decode/index.ts';
import { readFileSync } from 'node:fs';
import { parseProfile, createKnownValueDetector } from '/work/main/src/detect/known/index.ts';
const c = await generateLabelledCorpus('/tmp/lab');
const want = new Set(process.argv.slice(2).map(Number));
const input = await openInput(c.harPath, { input: 0 });
const profile = parseProfile(JSON.parse(readFileSync(c.profilePath, 'utf8')), 'p');
const det = createKnownValueDetector(profile);
let i = 0;
for await (const ex of input.exchanges) {
  if (want.has(i)) {
    const d = decodeExchange(ex);
    console.log('=== entry', i, ex.method, ex.url);
    for (const v of d.views) console.log(v.side, v.path, 'key=', v.key, 'covered=', v.covered, JSON.stringify(Buffer.from(v.bytes).toString('latin1').slice(0, 120)));
    for (const f of det(d).findings) console.log('  F', f.dataType, f.path, JSON.stringify(f.transform), f.confidence);
  }
  i++;
}
