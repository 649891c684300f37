/**
 * telltale against hand labels on every real HAR of ../shared/corpus/har (test/fixtures/real-labels/har-labels.json,
 * judged by reading the captures): every labelled synced identifier is found (recall), no other value is reported as
 * synced (precision), the first party is the labelled one, and the Wikipedia capture yields no tracking.id at all.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/index.js';
import { loadRealLabels, scoreCapture, summarize, type CaptureScore } from '../../eval/real-captures.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

const labels = loadRealLabels();

testNeeding('tracking.id on the real HARs: every labelled sync found, nothing else reported as synced, first party right', {
  corpus: labels.map((l) => l.file),
}, async (t) => {
  const scores: CaptureScore[] = [];
  for (const l of labels) {
    const report = await analyze([join(CORPUS_DIR, l.file)], { reveal: true });
    const score = scoreCapture(l, report);
    scores.push(score);
    assert.deepEqual(score.fn, [], `${l.file}: labelled syncs missed`);
    assert.deepEqual(score.fp, [], `${l.file}: values reported as synced that the labels say are not`);
    assert.ok(score.firstParty.ok, `${l.file}: first party ${score.firstParty.got.join(',')} (${score.firstParty.how}), labelled ${score.firstParty.expected.join(',')}`);
    if (l.file.includes('wikipedia')) assert.equal(score.trackingIdFindings, 0, 'Wikipedia: no tracking.id');
  }
  const total = summarize(scores);
  t.diagnostic(`precision ${total.precision}, recall ${total.recall}, party recall ${total.partyRecall}`);
  assert.equal(total.recall, 1);
  assert.equal(total.precision, 1);
  assert.ok((total.partyRecall ?? 0) >= 0.95, `party recall ${total.partyRecall}`);
});

testNeeding('the scorer can fail: a report missing a sync, or syncing a decoy, is scored as such', {
  corpus: ['har/pagexray/www.nytimes.com.har'],
}, async () => {
  const nyt = labels.find((l) => l.file.includes('nytimes'))!;
  const report = await analyze([join(CORPUS_DIR, nyt.file)], { reveal: true });
  const syncs = report.identifierSyncs ?? [];
  const rmid = syncs.find((s) => s.value === '007f0101480b55e20bb8000c');
  assert.ok(rmid, 'the RMID cookie copied into a Krux URL is a sync');
  assert.ok(rmid.parties.some((p) => p.host === 'beacon.krxd.net' && p.role === 'sent'));
  assert.ok(rmid.parties.some((p) => p.host === 'www.nytimes.com' && p.role === 'set'));
  const withoutRmid = { ...report, identifierSyncs: syncs.filter((s) => s !== rmid) };
  assert.deepEqual(scoreCapture(nyt, withoutRmid).fn, ['007f0101480b55e20bb8000c']);
  const withDecoy = { ...report, identifierSyncs: [...syncs, { ...rmid, value: '742214986.1440859427' }] };
  assert.deepEqual(scoreCapture(nyt, withDecoy).fp, ['742214986.1440859427']);
});
