/**
 * Leaves the known-value detector never reads are not made into views (DecodeContext.omitLeaf): the findings and
 * decode issues must be exactly those of a full decode, on real captures and on the cases the rule has to respect
 * (a short salt sent next to its digest, protobuf fields, locations, generic detectors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDecodeContext, decodeExchange, type DecodeContext, type LeafFilter } from '../../src/decode/index.js';
import { createDetector, type DeviceProfile, type ExchangeDetector } from '../../src/detect/index.js';
import { createKnownValueDetector, parseProfile } from '../../src/detect/known/index.js';
import { openInput, type Exchange } from '../../src/ingest/index.js';
import { writeScenario } from '../../src/scenarios/index.js';
import { corpusFile } from '../helpers/corpus.js';
import { testNeeding } from '../helpers/needs.js';
import { IMEI, PROFILE } from './fixtures.js';

/** The fixture device without its location: with a location every numeric leaf may be a coordinate. */
const { locations: _home, ...withoutLocations } = PROFILE;
const NO_LOCATIONS = parseProfile(withoutLocations, 'test-device-no-locations.json');

const CAPTURES = [
  'har/pagexray/www.nytimes.com.har', 'har/pagexray/linkedin.har', 'har/pagexray/en.wikipedia.org.spdy-wpt.har',
  'har/mitmproxy/chrome.har', 'har/mitmproxy/postdata.har', 'mitm/websocket.har',
];

interface Outcome {
  findings: unknown[];
  issues: unknown[];
  views: number;
  paths: string[];
}

function run(exchange: Exchange, detector: ExchangeDetector, context: DecodeContext): Outcome {
  const decoded = decodeExchange(exchange, undefined, context);
  return { findings: detector(decoded).findings, issues: decoded.issues, views: decoded.views.length, paths: decoded.views.map((v) => v.path) };
}

function jsonPost(body: unknown): Exchange {
  const time = '2019-11-27T09:15:02.123Z';
  return {
    source: { input: 0, index: 0 }, time, timeMs: Date.parse(time), method: 'POST',
    url: 'https://sdk.open.phone.igexin.com/api.php', httpVersion: 'HTTP/1.1', serverIp: null,
    request: {
      headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [],
      body: Buffer.from(JSON.stringify(body)), mimeType: 'application/json', bodyTruncated: false,
    },
    response: null, notes: [],
  };
}

/**
 * A profile of values the capture really carries (ids from its query strings and cookies), so the comparison has
 * findings to lose: up to 12 distinct id-like values of 8–64 characters, every third one met.
 */
async function profileFromCapture(path: string): Promise<DeviceProfile> {
  const values: string[] = [];
  const seen = new Set<string>();
  const context = createDecodeContext();
  const opened = await openInput(path, { input: 0 });
  for await (const exchange of opened.exchanges) {
    for (const v of decodeExchange(exchange, undefined, context).views) {
      if (v.side !== 'request' || !/\|query:|^request\.cookies:/.test(v.path)) continue;
      const text = Buffer.from(v.bytes).toString('utf8');
      if (!/^[\w.-]{8,64}$/.test(text) || seen.has(text)) continue;
      seen.add(text);
      if (seen.size % 3 === 0 && values.length < 12) values.push(text);
    }
  }
  return parseProfile({ custom: values.map((value) => ({ type: 'custom.seen', value })) }, `${path} (values it carries)`);
}

async function compareOn(path: string, profile: DeviceProfile): Promise<{ full: number; omitted: number; findings: number }> {
  const detector = createDetector({ profile, generic: false });
  assert.ok(detector.ignoresLeaf, 'a known-values-only detector names the leaves it ignores');
  const plain = createDecodeContext();
  const sparing = createDecodeContext({ omitLeaf: detector.ignoresLeaf });
  const total = { full: 0, omitted: 0, findings: 0 };
  const opened = await openInput(path, { input: 0 });
  for await (const exchange of opened.exchanges) {
    const a = run(exchange, detector, plain);
    const b = run(exchange, detector, sparing);
    assert.deepEqual(b.findings, a.findings, `${path} #${exchange.source.index}: findings differ`);
    assert.deepEqual(b.issues, a.issues, `${path} #${exchange.source.index}: decode issues differ`);
    total.full += a.views;
    total.omitted += a.views - b.views;
    total.findings += a.findings.length;
  }
  return total;
}

testNeeding('real captures: the same findings and issues with leaves omitted, and fewer views', { corpus: CAPTURES }, async () => {
  let full = 0;
  let omitted = 0;
  let findings = 0;
  for (const rel of CAPTURES) {
    const path = corpusFile(rel);
    const profile = await profileFromCapture(path);
    const total = await compareOn(path, profile);
    findings += total.findings;
    full += total.full;
    omitted += total.omitted;
  }
  // Worth something only with findings to lose and views left out.
  assert.ok(findings >= 50, `only ${findings} findings to compare`);
  assert.ok(omitted > full / 10, `only ${omitted} of ${full} views omitted`);
});

test('the lawsuit scenario: the same findings and issues with leaves omitted', async () => {
  const files = await writeScenario('lawsuit', mkdtempSync(join(tmpdir(), 'telltale-omit-')));
  const { locations: _places, ...profile } = JSON.parse(readFileSync(files.profile, 'utf8')) as DeviceProfile;
  const total = await compareOn(files.har, parseProfile(profile, files.profile));
  assert.ok(total.findings >= 10, `only ${total.findings} findings`);
  assert.ok(total.omitted > 0);
});

test('a short salt is kept: the salted digest next to it is still found', () => {
  const salt = 'x9k2'; // shorter than any searched string, under the salt key "r"
  const exchange = jsonPost({ r: salt, sign: createHash('sha256').update(salt + IMEI).digest('hex'), n: 7 });
  const detector = createDetector({ profile: NO_LOCATIONS, generic: false });
  const found = run(exchange, detector, createDecodeContext({ omitLeaf: detector.ignoresLeaf }));
  const sign = found.findings as { path: string; transform: string[]; details?: { saltPath?: string } }[];
  assert.deepEqual(sign.map((f) => [f.path, f.transform, f.details?.saltPath]),
    [['request.body|json:$.sign', ['salted-sha256'], 'request.body|json:$.r']]);
  // The rule matters: a filter by length alone drops the salt's view, and the finding with it.
  const byLengthOnly: LeafFilter = { ignoresAt: () => 'when-quiet', ignoresBytes: (bytes) => bytes.length < 6 };
  const lost = run(exchange, detector, createDecodeContext({ omitLeaf: byLengthOnly }));
  assert.equal(lost.findings.length, 0);
});

test('a body whose every leaf was omitted still counts as split: it is not scanned whole', () => {
  // A key is not a leaf: decode never shows it as a value, so an IMEI used as a key is not a finding either way.
  const exchange = jsonPost({ [IMEI]: 1, ok: true });
  const detector = createDetector({ profile: NO_LOCATIONS, generic: false });
  const full = run(exchange, detector, createDecodeContext());
  const sparing = run(exchange, detector, createDecodeContext({ omitLeaf: detector.ignoresLeaf }));
  const bodyLeaves = (o: Outcome) => o.paths.filter((p) => p.startsWith('request.body|')).length;
  assert.equal(bodyLeaves(full), 2);
  assert.equal(bodyLeaves(sparing), 0, 'both leaves omitted');
  assert.ok(sparing.paths.includes('request.body'));
  assert.deepEqual(sparing.findings, full.findings);
  assert.deepEqual(full.findings, []);
});

/** The filter's two questions as decode asks them about one leaf. */
function asked(filter: LeafFilter) {
  return (bytes: Uint8Array, key: string | null, layer: string, side: 'request' | 'response'): boolean => {
    const rule = filter.ignoresAt(key, layer, side);
    return rule === 'always' || (rule === 'when-quiet' && filter.ignoresBytes(bytes));
  };
}

test('which leaves the known-value detector ignores', () => {
  const ignores = asked(createKnownValueDetector(NO_LOCATIONS).ignoresLeaf!);
  const bytes = (text: string) => Buffer.from(text);
  assert.equal(ignores(bytes('wifi'), 'network', 'json', 'request'), true, 'shorter than every searched string');
  assert.equal(ignores(bytes('35209900'), 'n', 'json', 'request'), true, 'as long as the shortest searched string, but scanned: nothing in it');
  assert.equal(ignores(bytes(IMEI), 'n', 'json', 'request'), false, 'a known value');
  assert.equal(ignores(bytes(`imei=${IMEI}`), 'n', 'json', 'request'), false, 'a known value inside');
  assert.equal(ignores(bytes(IMEI), 'n', 'json', 'response'), true, 'responses are not searched');
  const digest = createHash('sha256').update('something else').digest('hex');
  assert.equal(ignores(bytes(digest), 'sign', 'json', 'request'), false, 'a digest-shaped token may be salted');
  assert.equal(ignores(bytes('7a'), 'nonce', 'json', 'request'), false, 'a salt');
  assert.equal(ignores(bytes('7a'), 'X-Salt', 'json', 'request'), false, 'a salt header');
  assert.equal(ignores(bytes('\b\u00ff\u00ff\u00ff\u000f'), null, 'protobuf', 'request'), false, 'a protobuf field is re-read as a message');
  const withHome = asked(createKnownValueDetector(PROFILE).ignoresLeaf!);
  assert.equal(withHome(bytes('37'), 'lat', 'json', 'request'), false, 'with a location, any number may be a coordinate');
  assert.equal(createDetector({ profile: NO_LOCATIONS }).ignoresLeaf, null, 'generic detectors read every view');
  assert.equal(createDetector({ profile: NO_LOCATIONS, generic: false }).ignoresLeaf !== null, true);
});

test('a quiet leaf is remembered, and a remembered leaf is omitted only when no decoder opened it', () => {
  const detector = createDetector({ profile: NO_LOCATIONS, generic: false });
  const context = createDecodeContext({ omitLeaf: detector.ignoresLeaf });
  const plain = createDecodeContext();
  // The same session id in every event, and the IMEI base64-encoded, twice: decoders open the second, not the first.
  const encoded = Buffer.from(IMEI).toString('base64');
  const body = { events: [{ sid: 'a1b2c3d4e5f60718293a4b5c', id: encoded }, { sid: 'a1b2c3d4e5f60718293a4b5c', id: encoded }] };
  for (let round = 0; round < 3; round++) {
    const sparing = run(jsonPost(body), detector, context);
    const full = run(jsonPost(body), detector, plain);
    assert.deepEqual(sparing.findings, full.findings, `round ${round}`);
    assert.equal(sparing.findings.length, 2, 'the IMEI in both events');
    assert.equal(sparing.paths.filter((p) => p.endsWith('.sid')).length, round === 0 ? 1 : 0,
      'the session id is omitted once no decoder has opened it (its first sighting) and the scan found nothing');
    assert.equal(sparing.paths.filter((p) => p.endsWith('.id')).length, 2, 'the encoded IMEI is always a view');
  }
});
