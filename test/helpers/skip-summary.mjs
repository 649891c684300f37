/**
 * A node:test reporter that closes the run with WHY tests were skipped. Node's own summary says only "# skipped N";
 * a run where the corpus or a Debian tool is missing must say what was missing, so a green run is never mistaken
 * for a complete one. Used by `npm test` beside the TAP reporter (see package.json).
 */
const ALLOWED = / \(TELLTALE_ALLOW_MISSING_CORPUS=1\)$/;

/** "missing A; B (TELLTALE_ALLOW_MISSING_CORPUS=1)" → ["A", "B"]; any other skip reason is kept whole. */
function reasonsOf(skip) {
  const text = typeof skip === 'string' ? skip : 'skipped without a reason';
  if (!text.startsWith('missing ')) return [text];
  return text.slice('missing '.length).replace(ALLOWED, '').split('; ');
}

export default async function* skipSummary(source) {
  const tests = new Map();
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' || event.data.skip === undefined) continue;
    skipped++;
    for (const reason of reasonsOf(event.data.skip)) tests.set(reason, (tests.get(reason) ?? 0) + 1);
  }
  if (skipped === 0) return;
  const lines = [...tests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([reason, n]) => `#   ${n} × ${reason}`);
  yield `# skipped ${skipped} test(s) — NOT checked in this run, because of:\n${lines.join('\n')}\n`;
}
