/**
 * Masking as a property of the model: masked spans and the match's place in the excerpt, hex windows of binary views
 * with masked bytes never stored, and request URLs masked in plain and percent-encoded forms — unit and end to end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskedBytesWindow, maskText } from '../../src/pipeline/mask.js';
import { isBinary } from '../../src/pipeline/evidence.js';
import { analyze } from '../../src/index.js';
import { harOf, postEntry } from '../helpers/hostile.js';
import { parseProfile } from '../../src/detect/known/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

const IMEI = '356938035643809';
const work = mkdtempSync(join(tmpdir(), 'telltale-evidence-'));

test('maskText records the masked spans and where the match sits after masking', () => {
  const text = `a=1&imei=${IMEI}&mail=alice@example.com&end`;
  const m = maskText(text, [IMEI, 'alice@example.com'], IMEI);
  assert.equal(m.text, 'a=1&imei=35•••••••••••09&mail=al•••••••••••••om&end');
  assert.deepEqual(m.masked, [{ start: 9, end: 24 }, { start: 30, end: 47 }]);
  assert.deepEqual(m.match, { start: 9, end: 24 });
  assert.equal(m.text.slice(m.match!.start, m.match!.end), '35•••••••••••09');
  // A match around a secret keeps its edges; a match after a longer replacement moves with it.
  const around = maskText(`x"${IMEI}"y`, [IMEI], `"${IMEI}"`);
  assert.equal(around.text.slice(around.match!.start, around.match!.end), '"35•••••••••••09"');
  const astral = maskText('😀😀😀😀😀😀 then target', ['😀😀😀😀😀😀'], 'target');
  assert.equal(astral.text.slice(astral.match!.start, astral.match!.end), 'target');
  // Revealed: no secrets, nothing masked, the match still located.
  assert.deepEqual(maskText(text, [], IMEI), { text, masked: [], match: { start: 9, end: 24 } });
  assert.equal(maskText(text, [IMEI], 'absent').match, null);
});

test('a binary window: hex, the match, masked bytes written as •• (also a secret that starts before the window)', () => {
  const bytes = new Uint8Array([0x00, 0x01, ...Buffer.from('SECRET'), 0x02, 0xff, ...Buffer.from('abc'), 0x03]);
  const w = maskedBytesWindow(bytes, 2, 8, [Buffer.from('SECRET')], false, 2);
  assert.deepEqual(w, { offset: 0, hex: '0001••••••••••••02ff', match: { start: 2, end: 8 }, masked: [{ start: 2, end: 8 }] });
  const revealed = maskedBytesWindow(bytes, 2, 8, [Buffer.from('SECRET')], true, 2);
  assert.equal(revealed.hex, `0001${Buffer.from('SECRET').toString('hex')}02ff`);
  const tail = maskedBytesWindow(bytes, 10, 13, [Buffer.from('SECRET')], false, 4);
  assert.equal(tail.offset, 6);
  assert.deepEqual(tail.masked, [{ start: 0, end: 2 }], 'the end of SECRET reaching into the window is masked');
  assert.ok(!tail.hex.includes(Buffer.from('ET').toString('hex')));
});

test('isBinary: control bytes or invalid UTF-8 around the match make a view binary; UTF-8 text does not', () => {
  assert.equal(isBinary(Buffer.from('{"imei":"356938035643809"}'), 9, 24), false);
  assert.equal(isBinary(Buffer.from('naïve café — 中文 356938035643809'), 20, 35), false);
  assert.equal(isBinary(new Uint8Array([0x0a, 0x0f, ...Buffer.from(IMEI)]), 2, 17), true);
  assert.equal(isBinary(new Uint8Array([0xc3, 0x28, ...Buffer.from(IMEI)]), 2, 17), true);
});

test('end to end: a binary body gives a masked hex window; URLs are masked plain and percent-encoded', async () => {
  const body = Buffer.concat([Buffer.from([0x08, 0x96, 0x01, 0x12, 0x0f]), Buffer.from(IMEI), Buffer.from([0x18, 0x00, 0x9c, 0xff])]);
  const har = join(work, 'binary.har');
  writeFileSync(har, harOf([
    postEntry(`https://t.example/c?imei=${IMEI}&e=${encodeURIComponent('alice+1@example.com')}`, {
      mimeType: 'application/octet-stream', text: body.toString('base64'), encoding: 'base64',
    }),
  ]));
  const profile = join(work, 'profile.json');
  writeFileSync(profile, JSON.stringify({ device: { imei: IMEI }, account: { email: 'alice+1@example.com' } }));
  const masked = await analyze([har], { profile, generic: false });
  assert.equal(masked.masked, true);
  const inBody = masked.findings.find((f) => f.path === 'request.body');
  assert.ok(inBody?.excerptBytes, `a hex window for the binary body: ${JSON.stringify(masked.findings.map((f) => f.path))}`);
  assert.ok(!inBody.excerptBytes.hex.includes(Buffer.from(IMEI).toString('hex')), 'the IMEI bytes are not stored');
  assert.deepEqual(inBody.excerptBytes.masked, [inBody.excerptBytes.match]);
  assert.ok(inBody.excerptBytes.hex.startsWith('089601120f••'));
  for (const f of masked.findings) {
    assert.ok(f.url && !f.url.includes(IMEI) && !f.url.includes('alice%2B1%40example.com'), f.url);
    if (f.excerptMatch) assert.ok(f.excerptMasked?.some((s) => s.start <= f.excerptMatch!.start && s.end >= f.excerptMatch!.end));
  }
  const revealed = await analyze([har], { profile, generic: false, reveal: true });
  assert.equal(revealed.masked, false);
  const clear = revealed.findings.find((f) => f.path === 'request.body')!;
  assert.ok(clear.excerptBytes!.hex.includes(Buffer.from(IMEI).toString('hex')));
  assert.ok(revealed.findings[0]!.url!.includes(IMEI));
});

test('maskText takes the detector\'s own position of the match, and falls back to the first occurrence', () => {
  const text = `a-${IMEI}&b-${IMEI}&c-${IMEI}`;
  const at = [2, 20, 38];
  for (const [i, start] of at.entries()) {
    assert.deepEqual(maskText(text, [IMEI], IMEI, start).match, { start, end: start + IMEI.length }, `occurrence ${i}`);
  }
  // A position where the match is not (a detector that normalised the text) is ignored.
  assert.deepEqual(maskText(text, [IMEI], IMEI, 5).match, { start: 2, end: 17 });
});

testNeeding('NYT: one cookie carrying an id three times gives three findings, each pointing at its own occurrence', {
  corpus: ['har/pagexray/www.nytimes.com.har'],
}, async () => {
  // Read by hand: PubMatic's KRTBCOOKIE_18 (entry 319) maps Rocket Fuel's user id to three partners:
  // "5400-786792932447527911&KRTB&15029-786792932447527911&KRTB&15546-786792932447527911".
  const id = '786792932447527911';
  const report = await analyze([corpusFile('har/pagexray/www.nytimes.com.har')], {
    profile: parseProfile({ custom: [{ type: 'custom.rocketfuel', value: id }] }, 'rocketfuel.json'), generic: false, reveal: true,
  });
  const inCookie = report.findings.filter((f) => f.source.index === 319 && f.path === 'request.cookies:KRTBCOOKIE_18');
  assert.equal(inCookie.length, 3);
  const starts = inCookie.map((f) => f.excerptMatch!.start);
  assert.deepEqual(starts, [5, 35, 65]);
  for (const f of inCookie) assert.equal(f.excerpt.slice(f.excerptMatch!.start, f.excerptMatch!.end), id);
});
