import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assessClaims, CLAIM_IDS, type Claim, type ClaimId } from '../../src/assess/index.js';
import { at, BYTEDANCE_US, destination, finding, input, opaque, OWN_API, SESSION, signal, UMENG } from './fixtures.js';
import type { AssessInput } from '../../src/assess/index.js';

function claim(id: ClaimId, parts: Partial<AssessInput>): Claim {
  const c = assessClaims(input(parts)).find((x) => x.id === id);
  assert.ok(c, `claim ${id} missing`);
  return c;
}

test('every claim id is evaluated once, in the contract order', () => {
  assert.deepEqual(assessClaims(input({})).map((c) => c.id), [...CLAIM_IDS]);
});

test('no claim summary says "illegal" or "unlawful"', () => {
  for (const c of assessClaims(input({ findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 2)] }))) {
    assert.doesNotMatch(c.summary, /illegal|unlawful|violat/i, c.id);
  }
});

describe('pre-consent-collection', () => {
  const id = 'pre-consent-collection';
  test('supported: identifiers to an SDK host before the consent event', () => {
    const c = claim(id, { findings: [finding('f2', 'device.imei', 'ulogs.umeng.com', 2), finding('f10', 'device.mac', 'ulogs.umeng.com', 2), finding('f3', 'account.email', 'api.app.example', 50)] });
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.findings, ['f2', 'f10']);
    assert.match(c.summary, /2 findings of personal data \(device\.imei and device\.mac\) left the device before the first consent decision \(accepted at 2019-11-01T17:00:45\.000Z\)/);
    assert.match(c.summary, /ulogs\.umeng\.com \(Umeng, part of Alibaba Group\) at 2019-11-01T17:00:02\.000Z, 2\.0 s after install/);
  });
  test('supported with a caveat when no consent event was recorded', () => {
    const c = claim(id, { events: [{ at: at(0), kind: 'install' }], findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 2)] });
    assert.equal(c.verdict, 'supported');
    assert.match(c.summary, /No consent event was recorded/);
  });
  test('not supported: data only after consent', () => {
    const c = claim(id, { findings: [finding('f1', 'device.ad_id', 'app-measurement.com', 50)] });
    assert.equal(c.verdict, 'not-supported');
    assert.deepEqual(c.findings, []);
  });
  test('inconclusive without events', () => {
    const c = claim(id, { events: [], findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 2)] });
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing!.join(), /tester events/);
  });
  test('inconclusive when only possible matches or opaque payloads could hide it', () => {
    const weak = claim(id, { findings: [finding('f1', 'device.ad_id', 'ulogs.umeng.com', 2, { confidence: 'possible' })] });
    assert.equal(weak.verdict, 'inconclusive');
    assert.deepEqual(weak.findings, ['f1']);
    const blind = claim(id, { blindSpots: [opaque('android.bugly.qq.com')] });
    assert.equal(blind.verdict, 'inconclusive');
    assert.match(blind.missing![0]!, /readable content of 1 exchange to android\.bugly\.qq\.com \(opaque-payload, 1\.2 KiB\)/);
  });
});

describe('identifier-assigned-before-signup', () => {
  const id = 'identifier-assigned-before-signup';
  const register = signal('id-assigned', 'log.snssdk.com', 3, 3, { ids: 'device_id, install_id' });
  test('supported: device_register hands out ids before signup; the registering request\'s findings are cited', () => {
    const req = { ...finding('f4', 'device.imei', 'log.snssdk.com', 3), source: { input: 0, index: 3 } };
    const c = claim(id, { signals: [register], findings: [req, finding('f5', 'device.imei', 'ulogs.umeng.com', 2)] });
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.findings, ['f4']);
    assert.deepEqual(c.exchanges, [{ input: 0, index: 3 }]);
    assert.match(c.summary, /log\.snssdk\.com \(ByteDance\) handed the device identifiers before the first signup at 2019-11-01T17:01:00\.000Z/);
    assert.match(c.summary, /assigned device_id, install_id/);
  });
  test('one response handing out two ids (one signal each) counts as one response', () => {
    const deviceId = signal('id-assigned', 'log.snssdk.com', 3, 3, { key: 'device_id' });
    const installId = signal('id-assigned', 'log.snssdk.com', 3, 3, { key: 'install_id' });
    const c = claim(id, { signals: [installId, deviceId] });
    assert.match(c.summary, /^1 response from log\.snssdk\.com \(ByteDance\) handed/);
    assert.match(c.summary, /assigned device_id and install_id/);
    assert.deepEqual(c.exchanges, [{ input: 0, index: 3 }]);
  });
  test('supported when the user never signed up at all', () => {
    const c = claim(id, { signals: [register], events: SESSION.filter((e) => e.kind !== 'signup') });
    assert.equal(c.verdict, 'supported');
    assert.match(c.summary, /no signup or login was recorded/);
  });
  test('not supported: ids only after signup', () => {
    const c = claim(id, { signals: [signal('id-assigned', 'api.app.example', 61, 9)] });
    assert.equal(c.verdict, 'not-supported');
    assert.match(c.summary, /all after the first signup/);
  });
  test('inconclusive without events, or when responses were unreadable', () => {
    assert.equal(claim(id, { signals: [register], events: [] }).verdict, 'inconclusive');
    assert.equal(claim(id, { blindSpots: [{ kind: 'tls-failed', host: 'log.snssdk.com', count: 2, bytes: 0 }] }).verdict, 'inconclusive');
  });
});

describe('unposted-media-upload', () => {
  const id = 'unposted-media-upload';
  const video = (fid: string, s: number, host = 'upload.snssdk.com') =>
    finding(fid, 'media.video', host, s, { match: 'media', confidence: 'likely', details: { mediaBytes: 49_152 } });
  test('supported: the video leaves after "next" and before "post"', () => {
    const c = claim(id, { findings: [video('f7', 77.5)] });
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.findings, ['f7']);
    assert.match(c.summary, /media\.video, 48\.0 KiB went to upload\.snssdk\.com \(ByteDance\) at 2019-11-01T17:01:17\.500Z, 2\.5 s after 'next' and before any 'post' \('post' came only 12\.5 s later\)/);
  });
  test('supported when no post ever follows; a media-upload signal alone counts as an upload', () => {
    const c = claim(id, { events: SESSION.filter((e) => e.kind !== 'post'), signals: [signal('media-upload', 'upload.snssdk.com', 80, 12)] });
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.exchanges, [{ input: 0, index: 12 }]);
    assert.match(c.summary, /no post event followed in the session/);
  });
  test('not supported: media only after post', () => {
    const c = claim(id, { findings: [video('f8', 91, 'api.app.example')] });
    assert.equal(c.verdict, 'not-supported');
    assert.match(c.summary, /^The only media upload came after a 'post' event\.$/);
  });
  test('inconclusive: no media workflow events, or no events at all', () => {
    const noWorkflow = claim(id, { events: SESSION.filter((e) => !['record', 'next', 'post'].includes(e.kind)), findings: [video('f7', 77.5)] });
    assert.equal(noWorkflow.verdict, 'inconclusive');
    assert.match(noWorkflow.missing![0]!, /record \/ next \/ save \/ post events/);
    assert.equal(claim(id, { events: [], findings: [video('f7', 77.5)] }).verdict, 'inconclusive');
  });
});

describe('biometric-collection', () => {
  const id = 'biometric-collection';
  test('supported: face data found', () => {
    const c = claim(id, { findings: [finding('f9', 'biometric.face', 'ulogs.umeng.com', 20, { match: 'key', confidence: 'likely' })] });
    assert.equal(c.verdict, 'supported');
    assert.match(c.summary, /1 of them was sent before any consent decision/);
  });
  test('not supported: no face data, no media, nothing unreadable', () => {
    const c = claim(id, { findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 2)] });
    assert.equal(c.verdict, 'not-supported');
  });
  test('inconclusive: video was uploaded (server-side extraction is out of sight), or a face service was contacted', () => {
    const c = claim(id, { findings: [finding('f7', 'media.video', 'upload.snssdk.com', 77, { match: 'media', confidence: 'likely' })] });
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing![0]!, /server-side/);
    const endpoint = claim(id, { signals: [signal('biometric-endpoint', 'api-cn.faceplusplus.com', 30, 4)] });
    assert.equal(endpoint.verdict, 'inconclusive');
    assert.match(endpoint.missing![0]!, /biometric service at api-cn\.faceplusplus\.com/);
  });
});

describe('transfer-to-country-of-concern and controller-in-country-of-concern', () => {
  test('a Chinese company on a Chinese server: both supported', () => {
    const claims = assessClaims(input({ findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 2)] }));
    const server = claims.find((c) => c.id === 'transfer-to-country-of-concern')!;
    const controller = claims.find((c) => c.id === 'controller-in-country-of-concern')!;
    assert.equal(server.verdict, 'supported');
    assert.match(server.summary, /ulogs\.umeng\.com \(Umeng, part of Alibaba Group\): server 192\.0\.2\.1 in CN/);
    assert.equal(controller.verdict, 'supported');
    assert.match(controller.summary, /Umeng based in CN, parent Alibaba Group in CN/);
  });
  test('a Chinese company on a Virginia server: controller supported, transfer not — the two facts stay apart', () => {
    const parts = { findings: [finding('f1', 'media.video', 'upload.snssdk.com', 80, { match: 'media' as const, confidence: 'likely' as const })] };
    assert.equal(claim('transfer-to-country-of-concern', parts).verdict, 'not-supported');
    assert.match(claim('transfer-to-country-of-concern', parts).summary, /went to servers in US; none of these is a country of concern \(CN, CU, HK, IR, KP, MO, RU, VE\)/);
    assert.equal(claim('controller-in-country-of-concern', parts).verdict, 'supported');
  });
  test('Hong Kong counts as a country of concern for the server', () => {
    const hk = destination('hk.example.net', { serverCountry: 'HK', entity: { id: 'x', name: 'X', country: 'US' } });
    const c = claim('transfer-to-country-of-concern', { destinations: [hk], findings: [finding('f1', 'device.mac', 'hk.example.net', 5)] });
    assert.equal(c.verdict, 'supported');
  });
  test('not supported: US company, US servers, and the app\'s own API', () => {
    const parts = { findings: [finding('f1', 'device.ad_id', 'app-measurement.com', 50), finding('f2', 'account.email', 'api.app.example', 61)] };
    assert.equal(claim('transfer-to-country-of-concern', parts).verdict, 'not-supported');
    const controller = claim('controller-in-country-of-concern', parts);
    assert.equal(controller.verdict, 'not-supported');
    assert.match(controller.summary, /Firebase \(US\) and the app's own servers; none is based in or owned from a country of concern/);
  });
  test('inconclusive: server country unknown, unknown third-party company, or opaque payloads to a Chinese server', () => {
    const noIp = destination('t.example.org', { serverCountry: null, ips: [], entity: { id: 'y', name: 'Y', country: 'US' } });
    const c1 = claim('transfer-to-country-of-concern', { destinations: [noIp], findings: [finding('f1', 'device.imei', 't.example.org', 5)] });
    assert.equal(c1.verdict, 'inconclusive');
    assert.match(c1.missing![0]!, /server country of t\.example\.org/);
    const unknown = destination('sdk.unknown-tracker.net', { entity: null, party: 'third' });
    const c2 = claim('controller-in-country-of-concern', { destinations: [unknown], findings: [finding('f1', 'device.imei', 'sdk.unknown-tracker.net', 5)] });
    assert.equal(c2.verdict, 'inconclusive');
    assert.match(c2.missing![0]!, /company behind sdk\.unknown-tracker\.net/);
    const c3 = claim('transfer-to-country-of-concern', { blindSpots: [opaque('ulogs.umeng.com')] });
    assert.equal(c3.verdict, 'inconclusive');
    const elsewhere = claim('transfer-to-country-of-concern', { blindSpots: [opaque('app-measurement.com')] });
    assert.equal(elsewhere.verdict, 'not-supported', 'an opaque payload to a US server cannot hide a transfer to China');
  });
});

describe('third-party-sdk-collection', () => {
  const id = 'third-party-sdk-collection';
  test('supported: names the SDKs and the phases', () => {
    const c = claim(id, { findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 2, { phase: 'pre-consent' }), finding('f2', 'device.ad_id', 'app-measurement.com', 50, { phase: 'post-consent' })] });
    assert.equal(c.verdict, 'supported');
    assert.match(c.summary, /by phase: 1 post-consent, 1 pre-consent/);
    assert.match(c.summary, /SDKs known to use these hosts: firebase-analytics and umeng-analytics/);
  });
  test('not supported: only the app\'s own servers', () => {
    const c = claim(id, { findings: [finding('f1', 'account.email', 'api.app.example', 61)] });
    assert.equal(c.verdict, 'not-supported');
    assert.match(c.summary, /^The only finding went to the app's own servers \(1 first-party host, api\.app\.example\)/);
  });
  test('inconclusive: unreadable traffic to a third party, or a host nobody attributed', () => {
    assert.equal(claim(id, { blindSpots: [opaque('ulogs.umeng.com')] }).verdict, 'inconclusive');
    assert.equal(claim(id, { blindSpots: [opaque(OWN_API.host)] }).verdict, 'not-supported');
    const c = claim(id, { destinations: [], findings: [finding('f1', 'device.imei', 'mystery.example', 5)] });
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing![0]!, /who operates mystery\.example/);
  });
});

describe('background-collection', () => {
  const id = 'background-collection';
  test('supported: a heartbeat with identifiers while in the background', () => {
    const c = claim(id, { findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 120)] });
    assert.equal(c.verdict, 'supported');
    assert.match(c.summary, /first sent to the background at 2019-11-01T17:01:40\.000Z/);
  });
  test('not supported: nothing after the background event', () => {
    assert.equal(claim(id, { findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 50)] }).verdict, 'not-supported');
  });
  test('inconclusive: the app was never backgrounded, or there are no events', () => {
    const c = claim(id, { events: SESSION.filter((e) => e.kind !== 'background') });
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing![0]!, /a background event/);
    assert.equal(claim(id, { events: [] }).verdict, 'inconclusive');
  });
});

describe('data-after-decline', () => {
  const id = 'data-after-decline';
  const declined = [{ at: at(0), kind: 'install' as const }, { at: at(10), kind: 'consent' as const, value: 'declined' }];
  test('supported: identifiers keep flowing after "declined"', () => {
    const c = claim(id, { events: declined, findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 5), finding('f2', 'device.mac', 'ulogs.umeng.com', 12)] });
    assert.equal(c.verdict, 'supported');
    assert.deepEqual(c.findings, ['f2']);
  });
  test('not supported: silence after the refusal', () => {
    assert.equal(claim(id, { events: declined, findings: [finding('f1', 'device.imei', 'ulogs.umeng.com', 5)] }).verdict, 'not-supported');
  });
  test('inconclusive: the tester never declined', () => {
    const c = claim(id, {});
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.missing![0]!, /declined/);
  });
});

test('claims are deterministic and independent of finding order', () => {
  const fs = [finding('f2', 'device.mac', 'ulogs.umeng.com', 2), finding('f1', 'device.imei', 'ulogs.umeng.com', 2), finding('f3', 'media.video', BYTEDANCE_US.host, 80, { match: 'media' })];
  const a = assessClaims(input({ findings: fs }));
  const b = assessClaims(input({ findings: [...fs].reverse() }));
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify(a), JSON.stringify(assessClaims(input({ findings: fs }))));
  void UMENG;
});
