/**
 * Verdicts that can clear (#10 item 4): a blind spot counts against a claim only inside the claim's window and only
 * when it could carry the data in question; a capture that spans the window and shows nothing is "not supported",
 * with what the window held; a window the capture never reached is "inconclusive".
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ID_ASSIGNMENT_SCOPE } from '../../src/detect/index.js';
import { assessClaims, type AssessInput, type Claim, type ClaimId, type ObservedExchange } from '../../src/assess/index.js';
import type { BlindSpotHit } from '../../src/detect/index.js';
import { windowWhere } from '../../src/assess/claims/window.js';
import { createTimeline } from '../../src/timeline/index.js';
import { at, finding, input, SESSION } from './fixtures.js';

let index = 1000;

/** One exchange at `s` seconds to `host`. */
function exchange(host: string, s: number, extra: Partial<ObservedExchange> = {}): ObservedExchange {
  return { source: { input: 0, index: index++ }, timeMs: Date.parse(at(s)), host, secure: true, setCookies: 0, responseType: 'application/json', ...extra };
}

/** A blind spot on `ex`, on one side. */
function hit(ex: ObservedExchange, kind: BlindSpotHit['kind'], side: 'request' | 'response' | undefined, bytes: number): BlindSpotHit {
  return { kind, source: ex.source, host: ex.host, bytes, detail: 'test', time: new Date(ex.timeMs).toISOString(), ...(side ? { side } : {}) };
}

/** A session's traffic: something every 5 s from 0 to 120 s to the app's own API, so every window is spanned. */
function traffic(): ObservedExchange[] {
  return Array.from({ length: 25 }, (_, i) => exchange('api.app.example', i * 5));
}

function claim(id: ClaimId, parts: Partial<AssessInput>): Claim {
  const c = assessClaims(input(parts)).find((x) => x.id === id);
  assert.ok(c);
  return c;
}

describe('a blind spot counts only inside the claim\'s window', () => {
  const id = 'pre-consent-collection';
  test('an opaque payload after consent does not stop "not supported" before consent; the same payload before consent does', () => {
    const exchanges = traffic();
    const late = exchange('ulogs.umeng.com', 50);
    const after = claim(id, { exchanges: [...exchanges, late], blindSpotHits: [hit(late, 'opaque-payload', 'request', 1184)] });
    assert.equal(after.verdict, 'not-supported');
    assert.match(after.summary, /Set aside as unable to bear on this: 1 opaque-payload to ulogs\.umeng\.com \(1\.2 KiB; outside the window\)/);
    assert.deepEqual(after.observed, { exchanges: 9, hosts: 1, covered: true, blindSpots: 0, setAside: 1 });
    // The check can fail: the very same payload 10 s after launch makes the answer open.
    const early = exchange('ulogs.umeng.com', 10);
    const before = claim(id, { exchanges: [...exchanges, early], blindSpotHits: [hit(early, 'opaque-payload', 'request', 1184)] });
    assert.equal(before.verdict, 'inconclusive');
    assert.deepEqual(before.missing, ['readable content of 1 exchange to ulogs.umeng.com (opaque-payload in the request, 1.2 KiB)']);
  });

  test('an unreadable response cannot hide what the device sent, but can hide an identifier handed out', () => {
    const exchanges = traffic();
    const cut = exchange('api.app.example', 12, { responseType: 'application/json' });
    const hits = [hit(cut, 'truncated-body', 'response', 4096)];
    const pre = claim('pre-consent-collection', { exchanges: [...exchanges, cut], blindSpotHits: hits });
    assert.equal(pre.verdict, 'not-supported');
    assert.match(pre.summary, /response side: it cannot hide what the device sent/);
    const ids = claim('identifier-assigned-before-signup', { exchanges: [...exchanges, cut], blindSpotHits: hits });
    assert.equal(ids.verdict, 'inconclusive', 'a cut JSON response before signup could have carried a device id');
    assert.deepEqual(ids.missing, ['readable content of 1 exchange to api.app.example (truncated-body in the response, 4.0 KiB)']);
  });

  test('a cut picture cannot hand out an identifier; an unreadable request cannot either', () => {
    const exchanges = traffic();
    const picture = exchange('cdn.app.example', 12, { responseType: 'image/jpeg' });
    const upload = exchange('ulogs.umeng.com', 14);
    const c = claim('identifier-assigned-before-signup', {
      exchanges: [...exchanges, picture, upload],
      blindSpotHits: [hit(picture, 'truncated-body', 'response', 16_384), hit(upload, 'opaque-payload', 'request', 900)],
    });
    assert.equal(c.verdict, 'not-supported', JSON.stringify(c));
    assert.match(c.summary, /a response body of type image\/jpeg: not where an identifier is handed out/);
    assert.match(c.summary, /request side: it cannot hide what a server handed out/);
  });

  test('a TLS failure hides both sides: it counts wherever the window is', () => {
    const exchanges = traffic();
    const failed = exchange('log.snssdk.com', 20);
    const hits = [hit(failed, 'tls-failed', undefined, 0)];
    assert.equal(claim('pre-consent-collection', { exchanges, blindSpotHits: hits }).verdict, 'inconclusive');
    assert.equal(claim('identifier-assigned-before-signup', { exchanges, blindSpotHits: hits }).verdict, 'inconclusive');
    assert.equal(claim('background-collection', { exchanges, blindSpotHits: hits }).verdict, 'not-supported', 'it happened before the background');
  });

  test('media: opaque bytes too few to hold a recording are set aside; a kilobyte or more, or a cut upload, counts', () => {
    const exchanges = traffic();
    const small = exchange('api.app.example', 72);
    const big = exchange('api.app.example', 73);
    const cut = exchange('api.app.example', 74);
    const smallOnly = claim('unposted-media-upload', { exchanges, blindSpotHits: [hit(small, 'opaque-payload', 'request', 640)] });
    assert.equal(smallOnly.verdict, 'not-supported');
    assert.match(smallOnly.summary, /640 bytes; too small to hold a photo, video or audio recording/);
    assert.equal(claim('unposted-media-upload', { exchanges, blindSpotHits: [hit(big, 'opaque-payload', 'request', 1024)] }).verdict, 'inconclusive');
    assert.equal(claim('unposted-media-upload', { exchanges, blindSpotHits: [hit(cut, 'truncated-body', 'request', 200)] }).verdict, 'inconclusive',
      'a cut body may go on past the cut');
    // The same 640 bytes can hide a face template (128 floats are 512 bytes).
    assert.equal(claim('biometric-collection', { exchanges, blindSpotHits: [hit(small, 'opaque-payload', 'request', 640)] }).verdict, 'inconclusive');
  });

  test('without per-exchange hits, the per-host aggregate is placed by its first and last time; without times it counts everywhere', () => {
    const late = { kind: 'opaque-payload' as const, host: 'ulogs.umeng.com', count: 2, bytes: 2000, side: 'request' as const, firstSeen: at(50), lastSeen: at(80) };
    assert.equal(claim('pre-consent-collection', { blindSpots: [late] }).verdict, 'not-supported');
    const spanning = { ...late, firstSeen: at(10) };
    assert.equal(claim('pre-consent-collection', { blindSpots: [spanning] }).verdict, 'inconclusive');
    const timeless = { kind: 'opaque-payload' as const, host: 'ulogs.umeng.com', count: 2, bytes: 2000 };
    assert.equal(claim('background-collection', { blindSpots: [timeless] }).verdict, 'inconclusive');
  });
});

describe('a window must be spanned by the capture', () => {
  test('a capture that starts after consent cannot clear "before consent"', () => {
    const late = Array.from({ length: 5 }, (_, i) => exchange('api.app.example', 50 + i * 5));
    const c = claim('pre-consent-collection', { exchanges: late });
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing![0]!, /^traffic from before the first consent decision \(accepted at 2019-11-01T17:00:45\.000Z\): the capture holds none \(its exchanges run from 2019-11-01T17:00:50\.000Z to 2019-11-01T17:01:10\.000Z\)$/);
  });
  test('an app silent in the background, with traffic before and after, is cleared; a capture that stops at "background" is not', () => {
    const events = [...SESSION, { at: at(110), kind: 'foreground' as const }];
    const around = [exchange('api.app.example', 95), exchange('api.app.example', 115)];
    const spanned = claim('background-collection', { events, exchanges: around });
    assert.equal(spanned.verdict, 'not-supported');
    assert.match(spanned.summary, /In that window the capture holds no exchange, and traffic before and after it shows the capture was running\./);
    const stopped = claim('background-collection', { events: SESSION, exchanges: [exchange('api.app.example', 95)] });
    assert.equal(stopped.verdict, 'inconclusive');
  });
});

describe('claim text says what was checked', () => {
  test('no device profile: "not supported" says identifiers were recognised only by shape', () => {
    const c = claim('pre-consent-collection', { exchanges: traffic(), searched: { profileTypes: [], generic: true } });
    assert.equal(c.verdict, 'not-supported');
    assert.match(c.summary, /In that window the capture holds 9 exchanges, to 1 host \(api\.app\.example\)\./);
    assert.match(c.summary, /No device profile was given, so the device's own identifiers were recognised only by their shape or key name, never by value\./);
  });
  test('nothing searched for: no claim about data can be cleared', () => {
    const c = claim('pre-consent-collection', { exchanges: traffic(), searched: { profileTypes: [], generic: false } });
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing!.join(), /nothing was searched for/);
  });
  test('cookies set before signup are counted and said to be judged (correlate/ judges Set-Cookie values)', () => {
    assert.equal(ID_ASSIGNMENT_SCOPE.setCookie, true);
    const exchanges = [...traffic(), exchange('b.scorecardresearch.com', 3, { setCookies: 2 }), exchange('cm.g.doubleclick.net', 4, { setCookies: 1 })];
    const c = claim('identifier-assigned-before-signup', { exchanges });
    assert.equal(c.verdict, 'not-supported', c.summary);
    assert.match(c.summary, /^No response before the first signup was recognised as handing the device an identifier\. Checked: identifier fields/);
    assert.match(c.summary, /The 3 cookies that 2 responses from b\.scorecardresearch\.com and cm\.g\.doubleclick\.net set in that window were judged/);
    assert.doesNotMatch(c.summary, /No response was seen handing the device an identifier/);
    // Cookies set after signup do not bear on it.
    const after = claim('identifier-assigned-before-signup', { exchanges: [...traffic(), exchange('api.app.example', 70, { setCookies: 3 })] });
    assert.equal(after.verdict, 'not-supported');
  });
  test('findings outside the window never support it, and the window is reported', () => {
    const c = claim('pre-consent-collection', { exchanges: traffic(), findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 50)] });
    assert.equal(c.verdict, 'not-supported');
    assert.deepEqual(c.window, { label: 'before the first consent decision (accepted at 2019-11-01T17:00:45.000Z)', intervals: [{ from: null, to: at(45) }] });
  });
});

test('windows are unions of the stretches between events where the label holds', () => {
  const events = [
    { at: at(0), kind: 'install' as const }, { at: at(10), kind: 'background' as const }, { at: at(20), kind: 'foreground' as const },
    { at: at(30), kind: 'background' as const },
  ];
  const timeline = createTimeline(events);
  const w = windowWhere('bg', events.map((e) => Date.parse(e.at)), (ms) => timeline.label(ms), (l) => l.inBackground);
  assert.deepEqual(w.intervals, [{ fromMs: Date.parse(at(10)), toMs: Date.parse(at(20)) }, { fromMs: Date.parse(at(30)), toMs: Infinity }]);
  assert.equal(w.contains(Date.parse(at(15))), true);
  assert.equal(w.contains(Date.parse(at(20))), false, 'the foreground event ends the stretch at its own millisecond');
  assert.equal(w.contains(Date.parse(at(25))), false);
  assert.equal(w.contains(NaN), true, 'a moment of unknown time cannot be ruled out');
});
