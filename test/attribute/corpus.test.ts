/** Attribution on real HARs from sitespeedio/pagexray (../shared/corpus/har/pagexray, README there). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createAttributor, isTracker, type Attributor, type Destination } from '../../src/attribute/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

/** Hosts of a HAR with the server IPs the browser recorded (pagexray's HARs record none). */
function harDestinations(rel: string, attributor: Attributor): Destination[] {
  const file = corpusFile(rel);
  assert.ok(file, `${rel} missing from the corpus`);
  const har = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as {
    log: { entries: Array<{ request: { url: string }; serverIPAddress?: string }> };
  };
  const hosts = new Map<string, Set<string>>();
  for (const entry of har.log.entries) {
    const host = new URL(entry.request.url).hostname;
    const ips = hosts.get(host) ?? new Set<string>();
    if (entry.serverIPAddress) ips.add(entry.serverIPAddress);
    hosts.set(host, ips);
  }
  return [...hosts].map(([host, ips]) => attributor.attribute({ host, serverIps: [...ips] }));
}

testNeeding('nytimes.com HAR: every tracker company named in the corpus README is attributed', { corpus: ['har/pagexray/www.nytimes.com.har'] }, async () => {
  const attributor = await createAttributor({ firstParty: ['nytimes.com'] });
  const dests = harDestinations('har/pagexray/www.nytimes.com.har', attributor);
  assert.equal(dests.length, 84, 'the README says 84 hosts');
  const entityOf = (host: string) => dests.find((d) => d.host === host)?.entity;
  const expected: Array<[string, string, string | null]> = [
    ['stats.g.doubleclick.net', 'doubleclick', 'Google LLC'],
    ['cdn.krxd.net', 'krux', 'Salesforce'],
    ['b.scorecardresearch.com', 'scorecardresearch', 'Comscore'],
    ['dpm.demdex.net', 'demdex', 'Adobe Inc.'],
    ['bam.nr-data.net', 'newrelic', null],
    ['js-agent.newrelic.com', 'newrelic', null],
    ['cdn.optimizely.com', 'optimizely', null],
    ['connect.facebook.net', 'meta', null],
    ['www.facebook.com', 'meta', null],
    ['ib.adnxs.com', 'appnexus', 'Microsoft Corporation'],
  ];
  for (const [host, id, parent] of expected) {
    const entity = entityOf(host);
    assert.equal(entity?.id, id, host);
    assert.equal(entity?.parent, parent, `${host} parent`);
    assert.equal(entity?.country, 'US', `${host} country`);
    assert.equal(isTracker(entity ?? null), true, `${host} is a tracker`);
  }
  // The app's own hosts (nytimes.com and nyt.com, one entity) are first party; everything else is third.
  assert.equal(dests.find((d) => d.host === 'static01.nyt.com')?.party, 'first');
  assert.equal(dests.find((d) => d.host === 'core19usw2.fabrik.nytimes.com')?.party, 'first', 'trailing dot in the HAR');
  const third = dests.filter((d) => d.party === 'third');
  const unattributed = third.filter((d) => d.entity === null).map((d) => d.host).sort();
  assert.ok(unattributed.length <= 3, `unattributed third parties: ${unattributed.join(', ')}`);
});

testNeeding('linkedin HAR: Google, DoubleClick and ScorecardResearch are third-party trackers', { corpus: ['har/pagexray/linkedin.har'] }, async () => {
  const attributor = await createAttributor({ firstParty: ['linkedin.com'] });
  const dests = harDestinations('har/pagexray/linkedin.har', attributor);
  const byHost = new Map(dests.map((d) => [d.host, d]));
  assert.equal(byHost.get('static.licdn.com')?.party, 'first', 'licdn.com is LinkedIn too');
  assert.equal(byHost.get('www.google-analytics.com')?.entity?.id, 'google-analytics');
  assert.equal(byHost.get('sb.scorecardresearch.com')?.entity?.id, 'scorecardresearch');
  assert.equal(byHost.get('www.google.se')?.entity?.id, 'google');
  const trackers = dests.filter((d) => d.party === 'third' && isTracker(d.entity)).map((d) => d.host).sort();
  assert.deepEqual(trackers, ['sb.scorecardresearch.com', 'stats.g.doubleclick.net', 'www.google-analytics.com', 'www.google.com', 'www.google.se']);
});

testNeeding('Wikipedia HAR: no third-party tracker entity', { corpus: ['har/pagexray/en.wikipedia.org.spdy-wpt.har'] }, async () => {
  for (const firstParty of [['wikipedia.org'], []]) {
    const attributor = await createAttributor({ firstParty });
    const dests = harDestinations('har/pagexray/en.wikipedia.org.spdy-wpt.har', attributor);
    assert.equal(dests.length, 3);
    const trackers = dests.filter((d) => d.party === 'third' && isTracker(d.entity));
    assert.deepEqual(trackers, [], `first party ${JSON.stringify(firstParty)}`);
    assert.ok(dests.every((d) => d.entity?.id === 'wikimedia'));
    if (firstParty.length) assert.ok(dests.every((d) => d.party === 'first'), 'wikimedia.org is the same entity as wikipedia.org');
  }
});
