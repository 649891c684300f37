/** Near-miss decoys must never become confirmed findings (acceptance: zero confirmed on decoys). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKnownValueDetector } from '../../src/detect/known/index.js';
import { postGzipJson, postRaw } from './helpers.js';
import { ANDROID_ID, IMEI, PROFILE, hex } from './fixtures.js';

const detect = createKnownValueDetector(PROFILE);
const IMEI_OFF_BY_ONE = '352099001761482';

const DECOYS: Record<string, string> = {
  imeiOneDigitOff: IMEI_OFF_BY_ONE,
  imeiTransposed: '352099001761418',
  md5OfAnotherImei: hex('md5', IMEI_OFF_BY_ONE),
  sha256OfAnotherEmail: hex('sha256', 'jane.doe@example.org'),
  imeiInLongerDigitRun: `1${IMEI}0`,
  imeiInHexRun: `ab${IMEI}cd`,
  imeiPrefixOfLongerNumber: `${IMEI}7`,
  androidIdInLongerHex: `${ANDROID_ID}ff`,
  md5InLongerHexRun: `${hex('md5', IMEI)}0`,
  truncatedInsideOtherDigest: `${hex('sha1', IMEI).slice(0, 16)}0123456789abcdef`,
  md5OfImeiPrefix: hex('md5', IMEI.slice(0, 14)),
  emailLongerDomain: 'jane.doe@example.com.cn',
  emailLongerLocalPart: 'xjane.doe@example.com',
  emailDottedLocalPart: 'mary.jane.doe@example.com',
  macOneOff: 'ac:37:43:4d:9b:2e',
  macInsideLongerHex: 'ac37434d9b2f00',
  phoneOneDigitOff: '+16505550135',
  phoneLongerNumber: '+165055501341',
  nationalInsideLonger: '96505550134',
  base64OfAnotherImei: Buffer.from(IMEI_OFF_BY_ONE).toString('base64'),
  base64InsideLongerBlob: `QQ${Buffer.from(IMEI).toString('base64')}`,
  ipLongerOctet: '192.168.1.234',
  ipMorePrefix: '10.192.168.1.23',
  mixedCasePassword: 'Hunter2!X',
  serialInsideWord: 'XR58M12ABCDE',
};

test('none of the near-miss decoys yields a confirmed finding', () => {
  const { findings } = detect(postGzipJson('https://decoy.example/collect', DECOYS));
  const confirmed = findings.filter((f) => f.confidence === 'confirmed');
  assert.deepEqual(confirmed.map((f) => `${f.path} ${f.field} ${f.transform.join('+')}`), []);
});

test('decoys in one raw text body are rejected too, while the real value next to them is found', () => {
  const body = `a=${IMEI_OFF_BY_ONE}&b=1${IMEI}0&c=${hex('md5', IMEI)}0&d=${IMEI}`;
  const { findings } = detect(postRaw('https://decoy.example/raw', body));
  assert.deepEqual(findings.map((f) => [f.matched, f.offset, f.transform]), [[IMEI, body.lastIndexOf(IMEI), []]]);
});
