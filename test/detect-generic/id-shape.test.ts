/** What looks like an identifier, and the things that never are (consent strings, URLs, times, versions, ...). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identifierShape, isNotIdentifierKey, shapeOf, type IdShapeMemo } from '../../src/detect/generic/id-shape.js';
import { normalizeKey } from '../../src/detect/generic/context.js';

const NOW = Date.parse('2015-08-29T14:43:42Z');

test('identifiers of the real NYT capture are recognised, with their shape', () => {
  assert.equal(identifierShape('786792932447527911', NOW), 'digits');
  assert.equal(identifierShape('-1378101304145867844', NOW), 'digits', 'a negative number is never a clock reading');
  assert.equal(identifierShape('KBj6rbe8', NOW), 'token');
  assert.equal(identifierShape('BQ-00000003020551370', NOW), 'token');
  assert.equal(identifierShape('CAESENEJTRCdGd-M_0sIWjcaPZs', NOW), 'token', 'random base64 with one digit');
  assert.equal(identifierShape('3face34f-651a-4d12-89b0-707365caa4bc', NOW), 'uuid');
  assert.equal(identifierShape('3593076e248514dfbe9a6d95f9b4c9bb', NOW), 'hex');
  assert.equal(identifierShape('742214986.1440859427', NOW), 'ga-client-id');
  assert.equal(identifierShape('GA1.2.742214986.1440859427', NOW), 'ga-client-id');
});

test('never identifiers: consent strings, URLs and hosts, times, versions, screen sizes, codes, words, property ids', () => {
  const never = [
    'CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA', // TCF v2 consent string
    'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA', // GPP ('~' is not an id character)
    'http://www.nytimes.com/', 'www.nytimes.com', '/svc/weather/v2/current.json', 'analytics.js',
    '1440859427339', '1440859427', '1440859427339000', '2019-04-01T10:00:00.000Z', '20190401',
    '1.2.3', 'v2.4.10', '8.0.1-beta.2', '686.b365e66'.replace('.b365e66', '.1'),
    '1920x1200', '1014x649', '1920x1200x24', 'en-US', 'en_US', 'USD',
    'UA-58630905-1', 'G-ABCDEF1234', 'GTM-ABC123', 'ca-pub-4177862836555934',
    'rocketfuelinc', 'krux_digital', 'w.c.ss.fst.frv1.frs.', 'TheNewYorkTimesBreakingNews', 'homepage',
    '00000000-0000-0000-0000-000000000000', '0000000000000000', '123456789012345', '9675309',
  ];
  for (const v of never) assert.equal(identifierShape(v, NOW), null, v);
});

test('keys whose values are never a person\'s id: consent, URLs, times, versions, screen, language, cache-busters, hashes, partner ids', () => {
  for (const key of ['gdpr_consent', 'us_privacy', 'url', 'referrer', 'ts', 'v', 'sr', 'lang', 'currency', 'articleId', 'cb',
    'ord', 'z', 'etag', 'sig', '_kdpid', 'google_nid', 'tid', 'partner', 'google_push']) {
    assert.ok(isNotIdentifierKey(normalizeKey(key)), key);
  }
  for (const key of ['uid', 'partner_uid', 'puid', 'dpuuid', 'cid', 'device_id', 'google_gid', 'ta_partner_did']) {
    assert.ok(!isNotIdentifierKey(normalizeKey(key)), key);
  }
});

test('shapeOf remembers shapes, but judges digit strings against each exchange\'s time', () => {
  const memo: IdShapeMemo = new Map();
  const now = Date.parse('2019-04-01T10:00:00Z');
  const clock = `${Math.floor(now / 1000)}123456`; // 16 digits: microseconds at that time
  assert.equal(shapeOf(memo, clock, now), null, 'a clock reading at its own time');
  assert.equal(shapeOf(memo, clock, Date.parse('2026-04-01T10:00:00Z')), 'digits', 'years later the same digits are an id');
  assert.equal(shapeOf(memo, 'CAESENEJTRCdGd-M_0sIWjcaPZs', now), 'token');
  assert.equal(memo.get('CAESENEJTRCdGd-M_0sIWjcaPZs'), 'token');
  assert.equal(memo.has(clock), false);
  for (const value of ['3f9a2c7e1b4d8a60aa', 'home', 'UA-12345-1', '38400000-8cf0-11bd-b23e-10b96e40000d']) {
    assert.equal(shapeOf(memo, value, now), identifierShape(value, now), value);
    assert.equal(shapeOf(memo, value, now), identifierShape(value, now), `${value}, remembered`);
  }
});
