/**
 * One finding per value (issue #10 item 5): the same value at the same place is one finding with its most specific
 * data type; the other types it matched are in alsoMatches, in the report too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeExchange } from '../../src/decode/index.js';
import { compareSpecificity, createDetector, mergeSameValue, type DeviceProfile, type Finding } from '../../src/detect/index.js';
import { createGenericDetector } from '../../src/detect/generic/index.js';
import { createKnownValueDetector } from '../../src/detect/known/index.js';
import { buildFindings } from '../../src/pipeline/build.js';
import { exchange } from '../detect-generic/helpers.js';

const IMEI = '353325091234561'; // Luhn-valid
const profile: DeviceProfile = { device: { imei: IMEI }, custom: [{ type: 'custom.partner_uid', value: IMEI }] };

function decodedBody(body: Record<string, unknown>) {
  return decodeExchange(exchange({ url: 'https://log.example-sdk.com/v2/event', body: JSON.stringify(body),
    mimeType: 'application/json', headers: { 'Content-Type': 'application/json' } }));
}

const atDeviceId = (fs: readonly Finding[]) => fs.filter((f) => f.path.endsWith('$.device_id'));

test('the profile IMEI under "device_id" is one finding: device.imei, also custom.* and device.sdk_id', () => {
  const decoded = decodedBody({ device_id: IMEI, ts: 1594717200 });
  // Without merging, the families report the same bytes three times over.
  const separate = [...createKnownValueDetector(profile)(decoded).findings, ...createGenericDetector()(decoded).findings];
  assert.ok(atDeviceId(separate).length >= 3, `expected several findings before merging, got ${atDeviceId(separate).length}`);
  const merged = atDeviceId(createDetector({ profile })(decoded).findings);
  assert.equal(merged.length, 1, merged.map((f) => `${f.dataType}/${f.match}`).join(', '));
  assert.equal(merged[0]!.dataType, 'device.imei');
  assert.equal(merged[0]!.match, 'known-value');
  assert.deepEqual(merged[0]!.alsoMatches, ['custom.partner_uid', 'device.sdk_id']);
  const report = buildFindings(merged, () => 'unknown', false);
  assert.deepEqual(report[0]!.alsoMatches, ['custom.partner_uid', 'device.sdk_id']);
});

test('without a profile: a Luhn-valid IMEI shape beats the device-id key (pattern beats key)', () => {
  const found = atDeviceId(createDetector({})(decodedBody({ device_id: IMEI })).findings);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.dataType, 'device.imei');
  assert.deepEqual(found[0]!.alsoMatches, ['device.sdk_id']);
});

test('the order of "most specific": match kind, then specific before catch-all types, then confidence', () => {
  const f = (dataType: string, match: Finding['match'], confidence: Finding['confidence'], detector = 'd'): Finding => ({
    dataType: dataType as Finding['dataType'], source: { input: 0, index: 0 }, time: '', host: '', method: 'GET', path: 'request.url|query:x',
    transform: [], match, confidence, detector, field: null, matched: 'v', excerpt: 'v', offset: 0,
  });
  const sorted = (xs: Finding[]) => [...xs].sort(compareSpecificity).map((x) => `${x.dataType}/${x.match}/${x.confidence}`);
  assert.deepEqual(sorted([f('device.sdk_id', 'key', 'likely'), f('device.imei', 'pattern', 'possible'), f('custom.x', 'known-value', 'confirmed')]),
    ['custom.x/known-value/confirmed', 'device.imei/pattern/possible', 'device.sdk_id/key/likely']);
  assert.deepEqual(sorted([f('custom.x', 'known-value', 'confirmed'), f('device.imei', 'known-value', 'confirmed')]),
    ['device.imei/known-value/confirmed', 'custom.x/known-value/confirmed']);
  assert.deepEqual(sorted([f('account.phone', 'pattern', 'possible'), f('account.phone', 'pattern', 'likely')]),
    ['account.phone/pattern/likely', 'account.phone/pattern/possible']);
  // Different places stay apart, whatever their types.
  const other = { ...f('device.imei', 'pattern', 'possible'), offset: 3 };
  assert.equal(mergeSameValue([f('device.sdk_id', 'key', 'likely'), other]).length, 2);
  // Input order does not change the choice.
  const xs = [f('device.sdk_id', 'key', 'likely'), f('device.imei', 'pattern', 'possible')];
  assert.deepEqual(mergeSameValue(xs), mergeSameValue([...xs].reverse()));
});
