/**
 * Claims on captures the world made (../shared/corpus/har), with hand-written tester events
 * (test/fixtures/verdicts/real-captures.json, each with a line on why). Read as an expert would: a claim clears only
 * when the capture spans its window and nothing that could hide the data is unread inside it; the text says what was
 * checked. Assertions hold whatever the profile-free detectors learn to find later (tracking ids can only turn
 * "inconclusive" into "supported", never into "not supported").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Report } from '../../src/index.js';
import { ID_ASSIGNMENT_SCOPE } from '../../src/detect/index.js';
import type { TesterEvent } from '../../src/timeline/index.js';
import { CORPUS_DIR, REPO_ROOT } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

interface Fixture { capture: string; why: string; events: TesterEvent[] }
const FIXTURES = (JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/verdicts/real-captures.json'), 'utf8')) as { captures: Fixture[] }).captures;

function fixture(capture: string): Fixture {
  const f = FIXTURES.find((x) => x.capture === capture);
  assert.ok(f, `no events fixture for ${capture}`);
  assert.ok(f.why.length > 40, 'every fixture says why its events are where they are');
  return f;
}

const runs = new Map<string, Promise<Report>>();

/** One analysis per capture, shared by the tests that read it (the NYT capture takes seconds). */
function run(capture: string): Promise<Report> {
  let r = runs.get(capture);
  if (!r) {
    const f = fixture(capture);
    r = analyze([join(CORPUS_DIR, capture)], { events: f.events });
    runs.set(capture, r);
  }
  return r;
}

const claimOf = (r: Report, id: string) => {
  const c = r.claims.find((x) => x.id === id);
  assert.ok(c, id);
  return c;
};

const NYT = 'har/pagexray/www.nytimes.com.har';
const WIKIPEDIA = 'har/pagexray/en.wikipedia.org.spdy-wpt.har';
const LINKEDIN = 'har/pagexray/linkedin.har';
const FIREFOX = 'har/mitmproxy/firefox.har';

testNeeding('NYT: identifiers handed out in cookies before any signup and sent back are found, never waved through', { corpus: [NYT] }, async () => {
  const r = await run(NYT);
  const ids = claimOf(r, 'identifier-assigned-before-signup');
  // Nobody signs up; trackers set long-lived id cookies (Demdex, Scorecard, Krux, ...) that later requests send back.
  assert.equal(ids.verdict, 'supported', ids.summary);
  assert.doesNotMatch(ids.summary, /No response was seen handing the device an identifier/);
  assert.match(ids.summary, /dpm\.demdex\.net/);
  assert.match(ids.summary, /b\.scorecardresearch\.com/);
  assert.ok((ids.exchanges ?? []).length >= 10, `${(ids.exchanges ?? []).length} assigning responses cited`);
});

testNeeding('NYT: synced ids before consent support the claim; missing response bodies are response-side blind spots that say when', { corpus: [NYT] }, async () => {
  const r = await run(NYT);
  const pre = claimOf(r, 'pre-consent-collection');
  assert.equal(pre.verdict, 'supported', pre.summary);
  const cited = r.findings.filter((f) => pre.findings.includes(f.id));
  assert.ok(cited.length > 0 && cited.every((f) => f.phase === 'pre-consent' && f.dataType === 'tracking.id'), 'every cited finding is a pre-consent tracking id');
  const spots = r.blindSpots.filter((b) => b.side === 'response');
  assert.equal(spots.reduce((n, b) => n + b.count, 0), 184, 'one response-side blind spot per response the exporter did not keep');
  assert.ok(spots.every((b) => b.firstSeen && b.lastSeen && b.phases), 'blind spots say when');
});

testNeeding('Wikipedia: a capture with no third party and nothing unread is cleared before consent and after the refusal', { corpus: [WIKIPEDIA] }, async () => {
  const r = await run(WIKIPEDIA);
  for (const [id, exchanges] of [['pre-consent-collection', 64], ['data-after-decline', 38]] as const) {
    const c = claimOf(r, id);
    assert.equal(c.verdict, 'not-supported', `${id}: ${c.summary}`);
    assert.deepEqual(c.observed, { exchanges, hosts: 3, covered: true, blindSpots: 0, setAside: 0 });
    assert.match(c.summary, /No device profile was given, so the device's own identifiers were recognised only by their shape or key name, never by value\./);
  }
  assert.equal(claimOf(r, 'third-party-sdk-collection').verdict, 'not-supported');
  // Its 9 cookies are unjudged: identifier assignment stays open rather than cleared.
  assert.equal(claimOf(r, 'identifier-assigned-before-signup').verdict, ID_ASSIGNMENT_SCOPE.setCookie ? 'not-supported' : 'inconclusive');
});

testNeeding('LinkedIn: a background window after the last request is not cleared — the capture had stopped', { corpus: [LINKEDIN] }, async () => {
  const c = claimOf(await run(LINKEDIN), 'background-collection');
  assert.equal(c.verdict, 'inconclusive');
  assert.deepEqual(c.missing, ['traffic from while the app was in the background (first sent there at 2016-01-25T21:21:10.700Z): the capture holds none ' +
    '(its exchanges run from 2016-01-25T21:21:09.452Z to 2016-01-25T21:21:10.613Z)']);
});

testNeeding('Firefox export: consent before the first request leaves "before consent" unseen; signup mid-load clears identifier assignment', { corpus: [FIREFOX] }, async () => {
  const r = await run(FIREFOX);
  assert.equal(claimOf(r, 'pre-consent-collection').verdict, 'inconclusive');
  const ids = claimOf(r, 'identifier-assigned-before-signup');
  assert.equal(ids.verdict, 'not-supported', ids.summary);
  assert.match(ids.summary, /In that window the capture holds 8 exchanges, to 1 host \(mitmproxy\.org\)\./);
  assert.match(ids.summary, /Checked: identifier fields/);
});
