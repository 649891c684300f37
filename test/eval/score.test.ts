/** The scorer on hand-made reports: every count below is worked out by hand from the rules in eval/score.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Label } from '../../eval/labelled.js';
import {
  looseTransform, precision, recall, score, totals, trailingEncodings, transformMatches, type ScoredFinding,
} from '../../eval/score.js';
import { scoreSection } from '../../eval/markdown.js';

function label(entry: number, kind: Label['kind'], dataType: string, transform: string[], extra: Partial<Label> = {}): Label {
  return {
    entry, kind, dataType, transform, where: `entry ${entry}`, location: 'json', field: kind === 'generic' ? null : 'device.x',
    value: 'v', planted: 'v', ...extra,
  };
}

function finding(index: number, dataType: string, transform: string[], extra: Partial<ScoredFinding> = {}): ScoredFinding {
  return {
    source: { input: 0, index }, dataType, transform, match: 'known-value', confidence: 'confirmed',
    path: 'request.body|json:$.x', ...extra,
  };
}

const LABELS: Label[] = [
  label(0, 'known', 'device.imei', ['md5']),
  label(1, 'known', 'device.mac', ['dash-separators'], { location: 'header' }),
  label(2, 'known', 'account.email', ['lowercase', 'sha256']),
  label(3, 'known', 'device.android_id', ['base64']),
  label(4, 'known', 'device.imsi', []),
  label(5, 'decoy', 'device.imei', []),
  label(6, 'generic', 'account.email', []),
  label(7, 'generic', 'contacts', [], { accepts: ['account.phone'] }),
  label(8, 'decoy', 'device.ad_id', [], { field: null }),
  label(9, 'generic', 'device.imei', []),
];

test('known values: recall needs the same data type and transform; FPs, tolerated and decoy hits are counted', () => {
  const findings: ScoredFinding[] = [
    finding(0, 'device.imei', ['md5']), // TP
    finding(0, 'device.imei', ['md5'], { path: 'request.url|query:imei' }), // same label again: no extra TP, no FP
    finding(1, 'device.mac', ['dash-separated']), // TP through the alias
    finding(1, 'device.imsi', []), // FP: nothing of that type on entry 1
    finding(2, 'account.email', ['sha256']), // right value, transform named differently: tolerated; label missed
    finding(3, 'device.android_id', [], { path: 'request.body|json:$.aid|base64' }), // TP: base64 peeled off by the decoder
    finding(5, 'device.imei', []), // FP and a decoy hit
    finding(6, 'account.email', [], { match: 'pattern', confidence: 'likely' }), // not a known-value finding: ignored
    finding(4, 'device.imsi', [], { source: { input: 1, index: 4 } }), // another input: ignored
  ];
  const s = score('known', LABELS, findings);
  assert.equal(s.labels, 5);
  assert.equal(s.recalled, 3);
  assert.deepEqual(s.misses.map((m) => m.label.entry), [2, 4]);
  assert.deepEqual(s.misses[0]!.near, ['sha256 @ request.body|json:$.x']);
  assert.equal(s.falsePositives.length, 2);
  assert.equal(s.tolerated, 1);
  assert.equal(s.decoyHits.length, 1);
  assert.equal(s.decoyHits[0]!.label.entry, 5);
  const all = totals(s.byDataType);
  assert.deepEqual({ tp: all.tp, fp: all.fp, fn: all.fn, tolerated: all.tolerated }, { tp: 3, fp: 2, fn: 2, tolerated: 1 });
  assert.equal(precision(all), 3 / 5);
  assert.equal(recall(all), 3 / 5);
  const imei = s.byDataType.find((r) => r.key === 'device.imei')!;
  assert.deepEqual([imei.tp, imei.fp, imei.fn], [1, 1, 0]);
  const byTransform = Object.fromEntries(s.byTransform.map((r) => [r.key, [r.tp, r.fp, r.fn]]));
  assert.deepEqual(byTransform, { base64: [1, 0, 0], 'dash-separators': [1, 0, 0], 'lowercase+sha256': [0, 0, 1], md5: [1, 0, 0], plain: [0, 2, 1] });
  const header = s.byLocation.find((r) => r.key === 'header')!;
  assert.deepEqual([header.tp, header.fp], [1, 1]);
});

test('generic: only the generic section is scored; accepted types are tolerated; hard negatives count as FPs', () => {
  const findings: ScoredFinding[] = [
    finding(6, 'account.email', [], { match: 'pattern', confidence: 'likely' }), // TP
    finding(7, 'account.phone', [], { match: 'pattern', confidence: 'likely' }), // tolerated (contact list accepts phones)
    finding(7, 'account.email', [], { match: 'pattern', confidence: 'likely' }), // FP: not accepted
    finding(8, 'device.ad_id', [], { match: 'key', confidence: 'possible' }), // FP on a hard negative
    finding(0, 'device.imei', [], { match: 'pattern', confidence: 'likely' }), // known section: out of scope
  ];
  const s = score('generic', LABELS, findings);
  assert.equal(s.labels, 3);
  assert.equal(s.recalled, 1);
  assert.deepEqual(s.misses.map((m) => m.label.entry), [7, 9]);
  assert.equal(s.tolerated, 1);
  assert.deepEqual(s.falsePositives.map((f) => f.entry), [7, 8]);
  assert.equal(s.decoyHits.length, 0);
  const email = s.byDataType.find((r) => r.key === 'account.email')!;
  assert.deepEqual([email.tp, email.fp, email.fn], [1, 1, 0]);
  assert.equal(precision(email), 0.5);
  assert.equal(recall(s.byDataType.find((r) => r.key === 'device.imei')!), 0);
  assert.equal(precision({ tp: 0, fp: 0 }), null);
});

test('transform comparison: aliases, peeled-off encodings, loose hex case and base64 alphabets — and nothing looser', () => {
  assert.deepEqual(trailingEncodings('request.body|json:$.a|base64|hex'), ['hex', 'base64']);
  assert.deepEqual(trailingEncodings('request.body|gzip|json:$.a'), []);
  assert.deepEqual(looseTransform(['sha256', 'uppercase']), ['sha256']);
  assert.deepEqual(looseTransform(['uppercase', 'sha1']), ['uppercase', 'sha1']);
  assert.ok(transformMatches(['sha256', 'uppercase'], finding(0, 't', ['sha256'])));
  assert.ok(transformMatches(['base64url'], finding(0, 't', ['base64'])));
  assert.ok(transformMatches(['md5', 'base64'], finding(0, 't', ['md5'], { path: 'request.url|query:x|base64' })));
  assert.ok(!transformMatches(['md5'], finding(0, 't', ['sha1'])));
  assert.ok(!transformMatches(['uppercase', 'sha1'], finding(0, 't', ['sha1'])));
  assert.ok(!transformMatches(['sha1', 'md5'], finding(0, 't', ['md5'])));
});

test('the labelled-corpus detail renders tables, misses and decoy hits', () => {
  const known = score('known', LABELS, [finding(0, 'device.imei', ['md5']), finding(5, 'device.imei', [])]);
  const md = scoreSection(known);
  assert.match(md, /\| `device\.imei` \| 1 \| 1 \| 0 \| 0 \| 50\.0% \| 100\.0% \|/);
  assert.match(md, /- entry 2: `account\.email` `lowercase\+sha256`/);
  assert.match(md, /Confirmed findings on decoys \(1\)/);
});

test('a match in the raw URL may carry the query string\'s own percent-encoding; a decoded view may not', () => {
  assert.ok(transformMatches(['uppercase'], finding(0, 't', ['uppercase', 'url-encoded'], { path: 'request.url' })));
  assert.ok(!transformMatches(['uppercase'], finding(0, 't', ['uppercase', 'url-encoded'], { path: 'request.body|json:$.a' })));
  assert.ok(transformMatches(['url-encoded'], finding(0, 't', ['url-encoded'], { path: 'request.url' })));
});
