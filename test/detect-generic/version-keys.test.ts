/**
 * A key-name rule must never hide a real value (issue #10 item 3): "driver_phone", "receiver_mobile", "server_ip" and
 * "previous_imei" contain "ver" or "rev" but are not version fields. Version keys still keep version strings out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeExchange } from '../../src/decode/index.js';
import { createGenericDetector } from '../../src/detect/generic/index.js';
import { isVersionKey } from '../../src/detect/generic/keys.js';
import { exchange } from './helpers.js';

function findings(body: Record<string, unknown>): string[] {
  const ex = exchange({ url: 'https://api.delivery.example/v1/orders', body: JSON.stringify(body), mimeType: 'application/json',
    headers: { 'Content-Type': 'application/json' } });
  return createGenericDetector()(decodeExchange(ex)).findings.map((f) => `${f.dataType} ${f.path.split(':').pop()}`).sort();
}

test('values under keys that merely contain "ver" or "rev" are found', () => {
  const found = findings({
    driver_phone: '4155550173', receiver_mobile: '+1 415 555 0182', server_ip: '81.2.69.160', previous_imei: '490154203237518',
  });
  assert.deepEqual(found, [
    'account.phone $.driver_phone',
    'account.phone $.receiver_mobile',
    'device.imei $.previous_imei',
    'network.public_ip $.server_ip',
  ]);
});

test('version and build keys still keep version strings and build numbers out', () => {
  assert.deepEqual(findings({ sdk_version: '1.2.3.4', app_ver: '10.4.12.180', build_number: '4155550173', os_build: '35693803564380' }), []);
  for (const key of ['sdkversion', 'appver', 'ver', 'buildnumber', 'osbuild', 'rev', 'versioncode', 'kernelrelease', 'securitypatch']) {
    assert.ok(isVersionKey(key), key);
  }
  for (const key of ['driverphone', 'receivermobile', 'serverip', 'previousimei', 'driver', 'server', 'dispatch', 'cover', 'phoneversion']) {
    assert.equal(isVersionKey(key), false, key);
  }
});

test('the old substring rule would hide them (the check above can fail)', () => {
  const substringRule = (k: string) => /ver|build|release|sdk|rev|patch/.test(k);
  assert.ok(['driverphone', 'receivermobile', 'serverip', 'previousimei'].every(substringRule));
});
