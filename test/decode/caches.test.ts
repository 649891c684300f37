/**
 * Decode remembers texts that no decoder could open (whole leaves, and blob runs inside long texts). Remembering must
 * never change the views: a second decode of the same input, with the caches warm, gives the same views, and a text
 * remembered as rejected in one place still decodes where the context differs (a declared type). The memory belongs to
 * a decode context (one per stream): these tests share one across calls, as an analysis does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createDecodeContext, decodeBytes } from '../../src/decode/index.js';
import type { View } from '../../src/decode/index.js';

function summary(views: View[]): string[] {
  return views.map((v) => `${v.path} ${v.covered} ${Buffer.from(v.bytes).toString('base64')}`);
}

const SESSION = '9f3c2a7be1d04c6a8b5e2f10';
const TOKEN = Buffer.from('{"imei":"356938035643809"}').toString('base64');
const LOG = Array.from({ length: 40 }, (_, i) =>
  `I/OkHttp(${i}): feed ${SESSION}${i % 3} frame=${i} auth=${i % 5 === 0 ? TOKEN : SESSION}`).join('\n');
const BODY = JSON.stringify({ events: Array.from({ length: 30 }, (_, i) => ({ session_id: SESSION, n: i, blob: TOKEN })), log: LOG });

test('a second decode with warm caches gives the same views as the first', () => {
  const context = createDecodeContext();
  const first = summary(decodeBytes(Buffer.from(BODY), { mimeType: 'application/json', context }).views);
  const second = summary(decodeBytes(Buffer.from(BODY), { mimeType: 'application/json', context }).views);
  assert.deepEqual(second, first);
  // The repeated blob is decoded every time it occurs, in the leaves and inside the log text.
  assert.equal(first.filter((line) => line.includes('|base64')).length >= 30 + 8, true);
});

test('a text remembered as rejected still decodes under a declared type or other limits', () => {
  const context = createDecodeContext();
  const gz = gzipSync(Buffer.from(`{"id":"${SESSION}"}`));
  // As a bare leaf the hex session id opens with nothing; afterwards the same bytes declared as hex-bearing JSON do.
  assert.equal(decodeBytes(Buffer.from(SESSION), { context }).views.length, 1);
  const declared = decodeBytes(gz, { contentEncoding: 'gzip', mimeType: 'application/json', context }).views;
  assert.ok(declared.some((v) => v.path === 'request.body|gzip|json:$.id'));
  // Other limits are never served from the default-limits memory.
  const small = decodeBytes(Buffer.from(`x ${TOKEN} y`), { limits: { minBlobChars: 8 }, context }).views;
  assert.ok(small.some((v) => v.path.includes('|base64')));
});

test('the same run rejected in one log is skipped in the next, and a decodable run is found in both', () => {
  const context = createDecodeContext();
  for (let round = 0; round < 2; round++) {
    const views = decodeBytes(Buffer.from(LOG), { mimeType: 'text/plain', context }).views;
    const blobs = views.filter((v) => /\|base64:@\d+$/.test(v.path));
    assert.equal(blobs.length, 8, `round ${round}`); // lines 0, 5, …, 35 carry the token
    assert.equal(views.filter((v) => v.path.endsWith('|json:$.imei')).length, 8, `round ${round}`);
  }
});
