/**
 * A value sent in a cookie is one piece of evidence, found at `request.cookies:NAME` — not a second time in the Cookie
 * header that carried it. The header is read whole only when its cookies do not hold all of it (a piece without "=",
 * a capture whose cookie list differs from the header) or when a limit kept the cookie views from being made.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecodeContext, decodeExchange } from '../../src/decode/index.js';
import { createKnownValueDetector, parseProfile } from '../../src/detect/known/index.js';
import { openInput, type Exchange, type NameValue } from '../../src/ingest/index.js';
import type { Finding } from '../../src/detect/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';

/** Krux's user id (`_kuid_`) as the NYT capture of 2015 carries it, found there by reading the capture by hand. */
const KUID = 'KBj6rbe8';
const NYT = 'har/pagexray/www.nytimes.com.har';
const detector = createKnownValueDetector(parseProfile({ custom: [{ type: 'custom.kuid', value: KUID }] }, 'kuid.json'));

function exchange(headers: NameValue[], cookies: NameValue[]): Exchange {
  return {
    source: { input: 0, index: 0 }, time: '2020-01-01T00:00:00.000Z', timeMs: 1577836800000, method: 'GET',
    url: 'https://beacon.example/pixel', httpVersion: null, serverIp: null, notes: [],
    request: { headers, cookies, body: null, mimeType: null, bodyTruncated: false },
    response: null,
  };
}

function pathsFound(e: Exchange, limits?: { maxViews: number }): string[] {
  return detector(decodeExchange(e, limits)).findings.map((f: Finding) => f.path).sort();
}

testNeeding('NYT: each _kuid_ cookie is one finding, at the cookie, never again at its Cookie header', { corpus: [NYT] }, async () => {
  const opened = await openInput(corpusFile(NYT), { input: 0 });
  const context = createDecodeContext();
  const byPath = new Map<string, number>();
  let sentInCookieHeader = 0;
  for await (const e of opened.exchanges) {
    const header = e.request.headers.find((h) => h.name.toLowerCase() === 'cookie');
    if (header?.value.includes(`_kuid_=${KUID}`)) sentInCookieHeader++;
    for (const f of detector(decodeExchange(e, undefined, context)).findings) {
      byPath.set(f.path, (byPath.get(f.path) ?? 0) + 1);
    }
  }
  // Read by hand: 12 requests to beacon.krxd.net send `_kuid_=KBj6rbe8` in their Cookie header.
  assert.equal(sentInCookieHeader, 12);
  assert.equal(byPath.get('request.cookies:_kuid_'), 12);
  assert.equal(byPath.get('request.headers:Cookie'), undefined, 'the header repeats the cookie: not a second finding');
});

test('a Cookie header whose cookies hold all of it is read through them', () => {
  const e = exchange([{ name: 'Cookie', value: `a=1; _kuid_=${KUID}; ` }], [{ name: 'a', value: '1' }, { name: '_kuid_', value: KUID }]);
  assert.deepEqual(pathsFound(e), ['request.cookies:_kuid_']);
  // Without the capture's own list, cookies come from the header: the same single finding.
  assert.deepEqual(pathsFound(exchange(e.request.headers, [])), ['request.cookies:_kuid_']);
});

test('a Cookie header with more than its cookies hold is still read whole', () => {
  // A piece without "=" is no cookie: only the header carries it.
  const bare = exchange([{ name: 'Cookie', value: `a=1; ${KUID}` }], [{ name: 'a', value: '1' }]);
  assert.deepEqual(pathsFound(bare), ['request.headers:Cookie']);
  // The capture listed other cookies than the header sent.
  const listed = exchange([{ name: 'Cookie', value: `a=1; uid=${KUID}` }], [{ name: 'a', value: '1' }]);
  assert.deepEqual(pathsFound(listed), ['request.headers:Cookie']);
});

test('when a limit keeps the cookie views from being made, the header is read whole', () => {
  // URL, its path segment and the header use the three views allowed: the cookie view is never made.
  const e = exchange([{ name: 'Cookie', value: `_kuid_=${KUID}` }], [{ name: '_kuid_', value: KUID }]);
  assert.deepEqual(pathsFound(e, { maxViews: 3 }), ['request.headers:Cookie']);
  assert.deepEqual(pathsFound(e), ['request.cookies:_kuid_']);
});
