import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTimeline, type TesterEvent } from '../../src/timeline/index.js';

const T0 = Date.parse('2019-04-01T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const ms = (s: number) => T0 + s * 1000;

const SESSION: TesterEvent[] = [
  { at: at(0), kind: 'install' },
  { at: at(1), kind: 'launch' },
  { at: at(30), kind: 'consent', value: 'accepted' },
  { at: at(40), kind: 'record' },
  { at: at(50), kind: 'next' },
  { at: at(60), kind: 'save' },
  { at: at(70), kind: 'post' },
  { at: at(80), kind: 'background' },
  { at: at(90), kind: 'foreground' },
  { at: at(100), kind: 'signup' },
  { at: at(110), kind: 'consent', value: 'declined' },
  { at: at(120), kind: 'record' },
];

test('no events: every moment is unknown', () => {
  const label = createTimeline([]).label(ms(5));
  assert.equal(label.phase, 'unknown');
  assert.equal(label.media, 'unknown');
  assert.equal(label.consent, 'none');
});

test('consent phases: before, after acceptance, after a later decline; an event at the same millisecond counts as before', () => {
  const tl = createTimeline(SESSION);
  assert.equal(tl.label(ms(29.999)).phase, 'pre-consent');
  assert.equal(tl.label(ms(30)).phase, 'post-consent');
  assert.equal(tl.label(ms(109)).phase, 'post-consent');
  assert.equal(tl.label(ms(111)).phase, 'after-decline');
  assert.equal(tl.label(ms(111)).consent, 'declined');
});

test('background wins the display phase while the consent state is kept apart', () => {
  const tl = createTimeline(SESSION);
  const inBg = tl.label(ms(85));
  assert.equal(inBg.phase, 'background');
  assert.equal(inBg.inBackground, true);
  assert.equal(inBg.consent, 'accepted');
  assert.equal(tl.label(ms(95)).phase, 'post-consent');
});

test('media workflow: before record, draft between record/next/save and post, posted after post, new draft on the next record', () => {
  const tl = createTimeline(SESSION);
  assert.equal(tl.label(ms(35)).media, 'before-record');
  assert.equal(tl.label(ms(52)).media, 'after-record-before-post');
  assert.deepEqual(tl.label(ms(52)).lastMediaEvent, { kind: 'next', atMs: ms(50) });
  assert.equal(tl.label(ms(65)).media, 'after-record-before-post');
  assert.equal(tl.label(ms(75)).media, 'after-post');
  assert.equal(tl.label(ms(125)).media, 'after-record-before-post');
});

test('media phase is unknown when the tester logged no media events at all', () => {
  const tl = createTimeline([{ at: at(0), kind: 'install' }, { at: at(5), kind: 'consent', value: 'accepted' }]);
  assert.equal(tl.label(ms(10)).media, 'unknown');
  assert.equal(tl.label(ms(10)).phase, 'post-consent');
});

test('beforeSignup turns false at the first signup or login', () => {
  const tl = createTimeline(SESSION);
  assert.equal(tl.label(ms(99)).beforeSignup, true);
  assert.equal(tl.label(ms(100)).beforeSignup, false);
  const withLogin = createTimeline([{ at: at(10), kind: 'login' }]);
  assert.equal(withLogin.label(ms(11)).beforeSignup, false);
});

test('offset moves events onto the capture clock', () => {
  // The phone logged consent at 30 s on its clock, which ran 5 s behind the proxy: on the capture clock it is 35 s.
  const tl = createTimeline(SESSION, { offsetMs: 5000 });
  assert.equal(tl.label(ms(33)).phase, 'pre-consent');
  assert.equal(tl.label(ms(35)).phase, 'post-consent');
  assert.equal(tl.events[2]!.at, at(35));
});

test('clock-skew check: silent when events lie within the capture, install/launch before it are routine', () => {
  const tl = createTimeline(SESSION);
  assert.deepEqual(tl.warnings(ms(0.5), ms(130)), []);
});

test('clock-skew check: names events outside the capture and suggests --offset', () => {
  const tl = createTimeline(SESSION);
  const w = tl.warnings(ms(35), ms(100));
  assert.equal(w.length, 1);
  assert.match(w[0]!, /^events: 3 of 12 events fall outside the capture/);
  assert.match(w[0]!, /consent at 2019-04-01T10:00:30\.000Z \(5\.0 s before the first exchange\)/);
  assert.match(w[0]!, /record at 2019-04-01T10:02:00\.000Z \(20\.0 s after the last exchange\)/);
  assert.match(w[0]!, /--offset/);
});

test('clock-skew check: a whole session an hour off says no event lies within the capture', () => {
  const tl = createTimeline(SESSION, { offsetMs: -3_600_000 });
  const w = tl.warnings(ms(0), ms(130));
  assert.equal(w.length, 2);
  assert.match(w[0]!, /10 of 12 events fall outside/);
  assert.match(w[0]!, /and 5 more/);
  assert.match(w[1]!, /no event lies within the capture/);
});
