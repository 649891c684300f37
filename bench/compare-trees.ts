/**
 * A/B of two source trees on the same exchanges, in one process: decode, known-value detection and generic detection
 * of the tree under test against another checkout (e.g. `git worktree add /tmp/base <commit>`), each stage timed over
 * the same in-memory exchanges, alternating which tree goes first, best of N rounds. On a shared machine the best
 * round is the one least disturbed by other load, so its ratio is what to quote.
 *
 *   node --import tsx bench/compare-trees.ts --old /tmp/base --har bench/out/bench-20000/bench.har \
 *        --profile bench/out/bench-20000/profile.json [--exchanges 2000] [--rounds 10]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface Tree {
  decodeExchange: (ex: unknown) => { views: unknown[] };
  createDetector: (o: { profile?: unknown; generic?: boolean }) => (d: unknown) => { findings: unknown[] };
  loadProfile: (p: string) => Promise<unknown>;
}

async function load(root: string): Promise<Tree> {
  const url = (p: string) => pathToFileURL(resolve(root, p)).href;
  const decode = (await import(url('src/decode/index.ts'))) as Pick<Tree, 'decodeExchange'>;
  const detect = (await import(url('src/detect/index.ts'))) as Pick<Tree, 'createDetector' | 'loadProfile'>;
  return { decodeExchange: decode.decodeExchange, createDetector: detect.createDetector, loadProfile: detect.loadProfile };
}

const { values } = parseArgs({ options: {
  old: { type: 'string' }, har: { type: 'string' }, profile: { type: 'string' },
  exchanges: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '10' },
} });
if (!values.old || !values.har || !values.profile) {
  console.error('usage: compare-trees.ts --old DIR --har FILE --profile FILE [--exchanges N] [--rounds N]');
  process.exit(2);
}
const trees = { old: await load(values.old), new: await load(resolve(import.meta.dirname, '..')) };
const { openInput } = (await import('../src/ingest/index.js'));
const exchanges: unknown[] = [];
const opened = await openInput(values.har, { input: 0 });
for await (const ex of opened.exchanges) {
  if (exchanges.length >= Number(values.exchanges)) break;
  exchanges.push(ex);
}
const profile = await trees.new.loadProfile(values.profile);

type Stage = 'decode' | 'known' | 'generic';
const best: Record<Stage, Record<'old' | 'new', number>> = {
  decode: { old: Infinity, new: Infinity }, known: { old: Infinity, new: Infinity }, generic: { old: Infinity, new: Infinity },
};
const counts = { old: { views: 0, known: 0, generic: 0 }, new: { views: 0, known: 0, generic: 0 } };
for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of (round % 2 === 0 ? ['old', 'new'] : ['new', 'old']) as ('old' | 'new')[]) {
    const tree = trees[name];
    const known = tree.createDetector({ profile, generic: false });
    const generic = tree.createDetector({ profile: null, generic: true });
    let t = performance.now();
    const decoded = exchanges.map((ex) => tree.decodeExchange(ex));
    best.decode[name] = Math.min(best.decode[name], performance.now() - t);
    t = performance.now();
    const k = decoded.reduce<number>((n, d) => n + known(d).findings.length, 0);
    best.known[name] = Math.min(best.known[name], performance.now() - t);
    t = performance.now();
    const g = decoded.reduce<number>((n, d) => n + generic(d).findings.length, 0);
    best.generic[name] = Math.min(best.generic[name], performance.now() - t);
    counts[name] = { views: decoded.reduce((n, d) => n + d.views.length, 0), known: k, generic: g };
  }
}
const row = (s: Stage) => `| ${s} | ${best[s].old.toFixed(0)} | ${best[s].new.toFixed(0)} | ${(best[s].new / best[s].old).toFixed(2)} |`;
console.log(`${exchanges.length} exchanges, best of ${values.rounds} rounds (ms):\n`);
console.log('| stage | old | new | new / old |\n|---|---:|---:|---:|');
for (const s of ['decode', 'known', 'generic'] as const) console.log(row(s));
console.log(`\nviews old/new: ${counts.old.views}/${counts.new.views}; known findings ${counts.old.known}/${counts.new.known}; generic findings ${counts.old.generic}/${counts.new.generic}`);
