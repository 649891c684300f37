/**
 * Known values in bytes that go through the real decoder: salts in headers, protobuf strings that are really nested
 * messages, coordinates in unnamed protobuf fields, and one finding per leak when decode peels an encoding off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKnownValueDetector, parseProfile } from '../../src/detect/known/index.js';
import type { Finding } from '../../src/detect/types.js';
import { decoded } from './helpers.js';
import { IMEI, PROFILE, hex } from './fixtures.js';

const detect = createKnownValueDetector(PROFILE);
const PROTOBUF = 'application/x-protobuf';

// Protobuf wire format written by hand (https://protobuf.dev/programming-guides/encoding/).
function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  return [...out, Number(v)];
}
const stringField = (n: number, payload: Uint8Array | string): number[] => {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return [...varint(BigInt((n << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes];
};
const varintField = (n: number, value: bigint): number[] => [...varint(BigInt(n << 3)), ...varint(value)];
/** An SDK-style envelope: app version and timestamp, then the payload message as field 15. */
const envelope = (inner: number[]): Uint8Array =>
  new Uint8Array([...stringField(1, '4.2.1'), ...varintField(3, 1554113180429n), ...stringField(15, new Uint8Array(inner))]);

function ofField(findings: Finding[], field: string): Finding[] {
  return findings.filter((f) => f.field === field);
}

test('salted sha256 whose salt travels in a sibling header (X-Salt), not in the body', () => {
  const salt = '447589fdef111185';
  const headers = [
    { name: 'X-Imei-Hash', value: hex('sha256', salt + IMEI) },
    { name: 'X-Salt', value: salt },
    { name: 'X-Other-Hash', value: hex('sha256', `${salt}352099001761482`) },
  ];
  const { findings } = detect(decoded('GET', 'https://android.bugly.qq.com/rqd/async?os=android', headers, null));
  assert.deepEqual(findings.map((f) => [f.path, f.dataType, ...f.transform]),
    [['request.headers:X-Imei-Hash', 'device.imei', 'salted-sha256']], 'the hash of another IMEI is not ours');
  assert.deepEqual(findings[0]!.details, { saltPath: 'request.headers:X-Salt' });
});

test('hex inside a nested protobuf message whose length byte is a letter (decode reads it as text)', () => {
  const message = 'see you at the boathouse at nine, bring snacks!!!';
  const hexText = Buffer.from(message).toString('hex');
  assert.equal(hexText.length, 0x62, '98 hex characters: the length byte is the letter "b"');
  const mine = createKnownValueDetector(parseProfile({ ...PROFILE, messages: [message] }, 'test'));
  const body = envelope(stringField(1, hexText));
  const found = ofField(mine(decoded('POST', 'https://android.bugly.qq.com/rqd/async', [], body, PROTOBUF)).findings,
    'messages[0]');
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => [f.path, f.transform])));
  assert.equal(found[0]!.dataType, 'message.content');
  assert.ok(found[0]!.path.startsWith('request.body|protobuf:15|protobuf:1'), found[0]!.path);
  // The hex step is either in the chain or the last decode layer of the path: the evidence says "hex" once.
  const steps = [...found[0]!.transform, ...found[0]!.path.split('|').slice(-1)];
  assert.equal(steps.filter((s) => s.startsWith('hex')).length, 1);
});

test('E7 coordinates in unnamed protobuf fields: as decimal strings and as int32 varints (two\'s complement)', () => {
  const asStrings = envelope([...stringField(1, '374419200'), ...stringField(2, '-1221430300')]);
  const asVarints = envelope([...varintField(1, 374419200n), ...varintField(2, -1221430300n)]);
  for (const body of [asStrings, asVarints]) {
    const locations = detect(decoded('POST', 'https://graph.facebook.com/v3.2/activities', [], body, PROTOBUF)).findings
      .filter((f) => f.dataType.startsWith('location.'));
    assert.deepEqual(locations.map((f) => [f.dataType, f.path, ...f.transform]),
      [['location.precise', 'request.body|protobuf:15.1', 'e7']]);
    assert.equal(locations[0]!.details!.otherPath, 'request.body|protobuf:15.2');
  }
});

test('adjacent protobuf numbers 50 km away, or a lone timestamp, are not the home location', () => {
  const far = envelope([...varintField(1, 378919200n), ...varintField(2, -1221430300n), ...varintField(3, 37n)]);
  const { findings } = detect(decoded('POST', 'https://graph.facebook.com/v3.2/activities', [], far, PROTOBUF));
  assert.deepEqual(findings, []);
});

test('one finding per leak: base64 in a URL path segment and hex in a protobuf field are reported on the decoded child', () => {
  const serial = Buffer.from('R58M12ABCDE').toString('base64');
  const url = `https://app-measurement.com/a/sn/${serial}/config?imei=${IMEI}`;
  const { findings } = detect(decoded('GET', url, [], null));
  assert.deepEqual(findings.map((f) => [f.path, f.field, ...f.transform]).sort(), [
    ['request.url|path:2|base64', 'device.serial'],
    ['request.url|query:imei', 'device.imei'],
  ]);
  const email = Buffer.from('Jane.Doe@Example.com').toString('hex');
  const proto = envelope(stringField(1, email));
  const inProto = ofField(detect(decoded('POST', 'https://hmma.baidu.com/app.gif', [], proto, PROTOBUF)).findings,
    'account.email');
  assert.equal(inProto.length, 1, JSON.stringify(inProto.map((f) => [f.path, f.transform])));
});
