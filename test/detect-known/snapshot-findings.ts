/**
 * Equivalence tool for performance work (not a test): prints every known-value finding as one JSON line, for the given
 * HAR/mitm files, each with the bench profile (PROFILE_JSON) and with the labelled corpus's profile (with locations).
 * Run before and after a change and diff the outputs:
 *   node --import tsx test/detect-known/snapshot-findings.ts profile.json FILE... > before.txt
 */
import { openInput } from '../../src/ingest/index.js';
import { decodeExchange } from '../../src/decode/index.js';
import { KnownValueDetector, loadProfile } from '../../src/detect/known/index.js';
import { PROFILE } from '../../eval/labelled.js';

const [profilePath, ...files] = process.argv.slice(2);
const detectors = [new KnownValueDetector(await loadProfile(profilePath!)), new KnownValueDetector(PROFILE)];
for (const file of files) {
  let opened;
  try {
    opened = await openInput(file, { input: 0 });
  } catch (e) {
    console.log(`${file} open-error ${(e as Error).message}`);
    continue;
  }
  let n = 0;
  try {
    for await (const ex of opened.exchanges) {
      const decoded = decodeExchange(ex);
      detectors.forEach((d, i) => {
        for (const f of d.detect(decoded).findings) console.log(`${file} ${n} p${i} ${JSON.stringify(f)}`);
      });
      n++;
    }
  } catch (e) {
    console.log(`${file} read-error at ${n} ${(e as Error).message}`);
  }
  console.log(`${file} exchanges ${n}`);
}
