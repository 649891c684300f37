/** The test device: one profile shared by the detector, decoy and location tests. */
import { createHash } from 'node:crypto';
import { parseProfile } from '../../src/detect/known/index.js';

export const IMEI = '352099001761481';
export const ANDROID_ID = '9774d56d682e549c';
export const AD_ID = '38400000-8cf0-11bd-b23e-10b96e40000d';
export const MAC = 'ac:37:43:4d:9b:2f';
export const EMAIL = 'Jane.Doe@Example.com';
export const PHONE = '+1 650 555 0134';

export const PROFILE = parseProfile({
  device: { imei: IMEI, androidId: ANDROID_ID, adId: AD_ID, mac: MAC, serial: 'R58M12ABCDE', model: 'SM-G973U' },
  account: { email: EMAIL, phone: PHONE, name: 'Jane Doe', password: 'hunter2!x' },
  network: { wifiBssid: '00:1A:2B:3C:4D:5E', localIp: '192.168.1.23' },
  locations: [{ lat: 37.4419, lon: -122.143, label: 'home' }],
  contacts: [{ name: 'Li Wei', phone: '+86 138 1234 5678' }, { name: 'Bob Stone', phone: '+1 415 555 0199' }],
}, 'test-device.json');

/** Digests computed with createHash, independently of the code under test (which uses crypto.hash). */
export function hex(algorithm: string, text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

export function b64(algorithm: string, text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('base64');
}
