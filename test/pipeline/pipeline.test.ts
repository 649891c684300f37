import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskExcerpt, maskValue } from '../../src/pipeline/mask.js';

test('maskValue keeps length and edges only', () => {
  assert.equal(maskValue('356938035643809'), '35•••••••••••09');
  assert.equal(maskValue('abcdef'), 'a••••f');
  assert.equal(maskValue('abc'), '•••');
});

test('maskExcerpt hides every secret, longest first', () => {
  const text = 'imei=356938035643809&e=alice@example.com&x=3569380356';
  const masked = maskExcerpt(text, ['3569380356', '356938035643809', 'alice@example.com']);
  assert.ok(!masked.includes('356938035643809'));
  assert.ok(!masked.includes('alice@example.com'));
  assert.ok(!masked.includes('3569380356'));
  assert.equal(masked.length, text.length);
});

test('appDomains reads the first party from a Java-style app id', async () => {
  const { appDomains } = await import('../../src/pipeline/analyze.js');
  assert.deepEqual(appDomains('com.zhiliaoapp.musically'), ['zhiliaoapp.com']);
  assert.deepEqual(appDomains('tv.twitch.android.app'), ['twitch.tv']);
  assert.deepEqual(appDomains('android.test.app'), []);
  assert.deepEqual(appDomains(null), []);
});
