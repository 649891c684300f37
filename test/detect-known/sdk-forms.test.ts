/**
 * Forms SDK authors write (src/detect/known/sdk-forms.ts), checked against examples published with the standards and
 * APIs themselves, then end to end through decode and the known-value detector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { decodeExchange } from '../../src/decode/index.js';
import { createKnownValueDetector } from '../../src/detect/known/index.js';
import {
  bcd, emailTextForms, guidBytesLe, imeiTextForms, ipv4IntForms, macTextForms, phoneTextForms, tbcd, uuidBytes,
} from '../../src/detect/known/sdk-forms.js';
import { exchange } from '../detect-generic/helpers.js';

test('.NET Guid.ToByteArray order: the example of its documentation', () => {
  // https://learn.microsoft.com/dotnet/api/system.guid.tobytearray: 35918bc9-196d-40ea-9779-889d79b753f0 →
  // C9 8B 91 35 6D 19 EA 40 97 79 88 9D 79 B7 53 F0
  assert.equal(guidBytesLe('35918bc9-196d-40ea-9779-889d79b753f0')!.toString('hex'), 'c98b91356d19ea409779889d79b753f0');
  assert.equal(uuidBytes('35918bc9-196d-40ea-9779-889d79b753f0')!.toString('hex'), '35918bc9196d40ea9779889d79b753f0');
  assert.equal(uuidBytes('not-a-uuid'), null);
});

test('TBCD and BCD digits (3GPP TS 29.002 TBCD-STRING; filler F)', () => {
  // IMSI 234150999999999 as network traces show it: 32 14 05 99 99 99 99 f9.
  assert.equal(tbcd('234150999999999')!.toString('hex'), '32140599999999f9');
  assert.equal(bcd('356938035643809')!.toString('hex'), '356938035643809f');
  assert.equal(tbcd('12ab'), null);
});

test('IPv4 as integers: network order, and WifiInfo.getIpAddress order (least significant byte first)', () => {
  const forms = Object.fromEntries(ipv4IntForms('192.168.1.37').map((f) => [f.chain.join(','), f.text]));
  assert.deepEqual(forms, {
    'ipv4-int': '3232235813', 'ipv4-int-signed': '-1062731483', 'ipv4-int-le': '620865728',
  });
  assert.ok(ipv4IntForms('192.168.1.37').every((f) => f.confidence === 'likely'));
  assert.deepEqual(ipv4IntForms('::1'), []);
});

test('gmail normalisation as UID2 and Google enhanced conversions do it; other domains untouched', () => {
  assert.deepEqual(emailTextForms(' Jane.Doe+news@Gmail.com ').map((f) => f.text), ['janedoe@gmail.com']);
  assert.deepEqual(emailTextForms('j.doe@googlemail.com').map((f) => f.text), ['jdoe@googlemail.com']);
  assert.deepEqual(emailTextForms('jane.doe@example.com'), []);
});

test('IMEI: 14-digit body, IMEISV (2 digits follow, likely) and AA-BBBBBB-CCCCCC-D; only for a Luhn-valid IMEI', () => {
  const forms = imeiTextForms('356938035643809');
  assert.deepEqual(forms.map((f) => [f.text, f.chain.join(','), f.suffixDigits ?? 0, f.confidence ?? 'confirmed']), [
    ['35693803564380', 'no-check-digit', 0, 'confirmed'], ['35693803564380', 'imeisv', 2, 'likely'], ['35-693803-564380-9', 'gsma-dashed', 0, 'confirmed'],
  ]);
  assert.deepEqual(imeiTextForms('356938035643808'), []);
});

test('phone punctuation from the number\'s own groups: NANP and a UK number with trunk 0', () => {
  const us = phoneTextForms(parsePhoneNumberFromString('+1 415 555 0173')!).map((f) => f.text);
  for (const s of ['415.555.0173', '415 555 0173', '(415)555-0173', '+1 (415) 555-0173', '1-415-555-0173', '+1.415.555.0173', '+1 4155550173']) {
    assert.ok(us.includes(s), `${s} missing from ${us.join(' | ')}`);
  }
  const uk = phoneTextForms(parsePhoneNumberFromString('+44 20 7946 0321')!).map((f) => f.text);
  for (const s of ['+44 (0)20 7946 0321', '020.7946.0321', '0044 20 7946 0321', '+44-2079460321']) assert.ok(uk.includes(s), `${s} missing`);
});

test('MAC spellings: spaces, dotted pairs, pairs without zero padding', () => {
  const forms = macTextForms('0a1b053cd4e7', () => []).map((f) => f.text);
  for (const s of ['0a 1b 05 3c d4 e7', '0a.1b.05.3c.d4.e7', 'a:1b:5:3c:d4:e7', 'A-1B-5-3C-D4-E7']) assert.ok(forms.includes(s), s);
});

function protobufWithBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array([0x08, 0x96, 0x01, 0x22, bytes.length, ...bytes]);
}

test('raw bytes in a protobuf bytes field and a UTF-16 body are found through decode, with their transform', () => {
  const adId = 'c2f1e4a7-9b3d-4e8f-a6c5-0d7b1e3f9a24';
  const detect = createKnownValueDetector({ device: { adId, imei: '353325091234561' } });
  const proto = decodeExchange(exchange({ url: 'https://ads.example/bid', body: protobufWithBytes(uuidBytes(adId)!),
    mimeType: 'application/x-protobuf', headers: { 'Content-Type': 'application/x-protobuf' } }));
  assert.deepEqual(detect(proto).findings.map((f) => `${f.dataType} ${f.transform.join(',')} ${f.path}`), [
    'device.ad_id uuid-bytes request.body|protobuf:4',
  ]);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"imei":"353325091234561"}', 'utf16le')]);
  const body = decodeExchange(exchange({ url: 'https://app.example/sync', body: utf16, mimeType: 'application/json',
    headers: { 'Content-Type': 'application/json' } }));
  assert.deepEqual(detect(body).findings.map((f) => `${f.dataType} ${f.path}`), ['device.imei request.body|utf16le|json:$.imei']);
  // A UUID one byte off is not the profile's.
  const off = uuidBytes(adId)!;
  off[15] ^= 1;
  const decoy = decodeExchange(exchange({ url: 'https://ads.example/bid', body: protobufWithBytes(off),
    mimeType: 'application/x-protobuf', headers: { 'Content-Type': 'application/x-protobuf' } }));
  assert.deepEqual(detect(decoy).findings, []);
});

test('a MAC whose bytes read as text is not searched raw (it would match a word), only as base64/hex', () => {
  const detect = createKnownValueDetector({ device: { mac: '61:62:63:31:32:33' } }); // the bytes of "abc123"
  const text = decodeExchange(exchange({ url: 'https://app.example/search?q=abc123', method: 'GET' }));
  assert.deepEqual(detect(text).findings, []);
  const encoded = decodeExchange(exchange({ url: `https://app.example/x?hw=${Buffer.from('abc123').toString('base64')}xx`, method: 'GET' }));
  assert.deepEqual(detect(encoded).findings, []);
  const b64 = decodeExchange(exchange({ url: `https://app.example/x?hw=${encodeURIComponent(Buffer.from('abc123').toString('base64'))}`, method: 'GET' }));
  assert.deepEqual(detect(b64).findings.map((f) => f.transform.join(',')), ['mac-bytes,base64']);
});
