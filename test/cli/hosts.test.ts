/** End to end: `telltale hosts` names the owner, parent and countries of every destination in a real capture. */
import assert from 'node:assert/strict';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { runCli } from '../helpers/cli.js';

function rows(stdout: string): Map<string, string[]> {
  const lines = stdout.trimEnd().split('\n');
  const header = lines[0]!.split(/\s{2,}/);
  assert.deepEqual(header.slice(0, 5), ['HOST', 'OWNER', 'PARENT', 'HQ', 'SERVER']);
  return new Map(lines.slice(1).map((l) => {
    const cells = l.split(/\s{2,}/);
    return [cells[0]!, cells];
  }));
}

testNeeding('hosts: the trackers in the nytimes capture are attributed to their companies', { corpus: ['har/pagexray/www.nytimes.com.har'] }, async () => {
  const r = await runCli(['hosts', corpusFile('har/pagexray/www.nytimes.com.har')!]);
  assert.equal(r.code, 0, r.stderr);
  const table = rows(r.stdout);
  const owner = (host: string) => table.get(host)?.[1];
  assert.match(owner('3951336.fls.doubleclick.net') ?? '', /DoubleClick/);
  assert.match(owner('b.scorecardresearch.com') ?? '', /Scorecard|Comscore/);
  assert.match(owner('beacon.krxd.net') ?? '', /Krux/);
  assert.match(owner('bam.nr-data.net') ?? '', /New Relic/);
  // Owners as of the capture (2015-08-29): Salesforce bought Krux in 2016, so Krux has no parent here; Google
  // already owned DoubleClick.
  assert.equal(table.get('beacon.krxd.net')?.[2], '-');
  assert.match(table.get('3951336.fls.doubleclick.net')?.[2] ?? '', /Google/);
});

testNeeding('hosts: the Wikipedia capture has no third-party tracker owner', { corpus: ['har/pagexray/en.wikipedia.org.spdy-wpt.har'] }, async () => {
  const r = await runCli(['hosts', corpusFile('har/pagexray/en.wikipedia.org.spdy-wpt.har')!]);
  assert.equal(r.code, 0, r.stderr);
  const owners = [...rows(r.stdout).values()].map((c) => c[1]);
  assert.ok(owners.length > 0);
  assert.ok(owners.every((o) => o === '-' || /Wikimedia/.test(o!)), owners.join(', '));
});
