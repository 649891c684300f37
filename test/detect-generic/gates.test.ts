/**
 * The cheap checks that let detector families skip views (text features, the JSON-list pre-check, decode order)
 * must never change a result: every feature equals the pattern it stands for, a JSON text that holds a list is
 * always parsed, and views in any order give the same detection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanViewOf, type TextFeatures } from '../../src/detect/generic/context.js';
import { classifyList, jsonMayHoldList, type Json } from '../../src/detect/generic/list-shapes.js';
import { normalizeKey } from '../../src/detect/generic/context.js';
import { exchange, jsonBody, run, view } from './helpers.js';

/** Deterministic generator (LCG) so that failures reproduce. */
function generator(seed: number): { int: (n: number) => number; pick: <T>(a: readonly T[]) => T } {
  let s = seed;
  const int = (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return Math.floor((s / 0x80000000) * n);
  };
  return { int, pick: (a) => a[int(a.length)]! };
}

// Pieces that make every feature true or false somewhere: digits, hex, separators, phone punctuation, URLs, Unicode.
const PIECES = ['0', '7', '12', '355066060123458', '3550660601234589', '9774d56d682e549c', 'ABCDEF0123456789', 'g', 'Z', 'h',
  'http', 'HTTPS', ':', '::', '-', '.', '@', '=', '+', '(', ')', ' ', ',', ';', '|', '\n', '\t', 'aa', 'ff', 'e4',
  '1.2', 'é', '张', '\u00a0', '\u212a', '\u000b', 'x.y', '0:1:2', 'a-bc12-'];

function randomText(g: ReturnType<typeof generator>, maxPieces: number): string {
  let s = '';
  const n = 1 + g.int(maxPieces);
  for (let i = 0; i < n; i++) s += g.pick(PIECES);
  return s;
}

function featuresOf(text: string): TextFeatures {
  const sv = scanViewOf(view('request.body', text), null, null, true);
  const f = sv.features;
  assert.ok(f, `no features for ${JSON.stringify(text)}`);
  return f;
}

/** Each boolean feature and the regex it must agree with (the definitions in features.ts). */
const DEFINITIONS: [keyof TextFeatures, RegExp][] = [
  ['at', /@/],
  ['equals', /=/],
  ['phonePunct', /[+()]/],
  ['nonHexLetter', /[G-Zg-z]/],
  ['fifteenDigitToken', /(?<![0-9A-Za-z.])\d{15}(?![0-9A-Za-z.])/],
  ['sixteenHexToken', /(?<![0-9A-Za-z])[0-9A-Fa-f]{16}(?![0-9A-Za-z])/],
  ['colonHexColon', /:[0-9A-Fa-f]{0,37}:/],
  ['dashQuadDash', /-[0-9A-Fa-f]{4}-/],
  ['hexPairBetweenSeparators', /:[0-9A-Fa-f]{2}:|-[0-9A-Fa-f]{2}-/],
  ['digitDotDigit', /\d\.\d/],
  ['plusDigit', /\+\d/],
  ['digitSeparatorDigit', /\d[ ()-]{1,3}\d/],
  ['httpColon', /https?:/i],
];

test('features of short and long views agree with the patterns they stand for', () => {
  const g = generator(7);
  for (let i = 0; i < 3000; i++) {
    // Long texts (> 1 KB) are read by native searches, short ones by a byte pass: both must give the same answers.
    const text = i % 10 === 0 ? randomText(g, 600).padEnd(1100, '_') : randomText(g, 12);
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) continue; // may not be text at all
    const f = featuresOf(text);
    for (const [name, pattern] of DEFINITIONS) {
      assert.equal(f[name], pattern.test(text), `${name} on ${JSON.stringify(text.slice(0, 80))}`);
    }
    if (text.length <= 1024) {
      assert.equal(f.digits, (text.match(/\d/g) ?? []).length);
      assert.equal(f.colons, (text.match(/:/g) ?? []).length);
      assert.equal(f.dashes, (text.match(/-/g) ?? []).length);
      assert.equal(f.dots, (text.match(/\./g) ?? []).length);
    }
    // The separator feature may over-approximate (any non-ASCII character), never miss.
    if (/[\s,;|]/.test(text)) assert.equal(f.separator, true);
  }
});

test('views that do not look like text have no features', () => {
  const binary = Uint8Array.from({ length: 200 }, (_, i) => (i * 37) % 32);
  assert.equal(scanViewOf(view('request.body', binary), null, null, true).features, null);
  assert.equal(scanViewOf(view('request.body', ''), null, null, true).features, null);
});

/** Every array in a parsed JSON document with the key it sits under, as the list family walks it. */
function arraysIn(node: Json, key: string | null, out: { items: Json[]; key: string | null }[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    out.push({ items: node, key });
    for (const child of node) arraysIn(child, key, out);
    return;
  }
  for (const [k, v] of Object.entries(node)) arraysIn(v, normalizeKey(k), out);
}

function holdsList(text: string): boolean {
  const arrays: { items: Json[]; key: string | null }[] = [];
  arraysIn(JSON.parse(text) as Json, null, arrays);
  return arrays.some((a) => classifyList(a.items, { key: a.key, regionHints: ['US', 'CN'], delimited: false }) !== null);
}

test('JSON text that holds a list is never skipped by the pre-check', () => {
  const g = generator(11);
  const fields = ['pkg', 'Package_Name', 'P\u212AG', 'bundle.id', 'PN', 'name', 'Display-Name', 'phone', 'Tel', 'E_mail',
    'numbers', 'url', 'href', 'title', 'visit_time', 'note'];
  const packages = ['com.tencent.mm', 'com.eg.android.AlipayGphone', 'tv.danmaku.bili', 'org.mozilla.firefox'];
  const people = ['Maria Garcia', '张伟', 'Éva Kovács', 'Ann'];
  const reach = ['+1 650 555 0134', '(650) 555-0134', '13800138000', 'jane.roe@gmail.com'];
  const urls = ['https://news.example.com/a', 'HTTPS://www.bbc.co.uk/news', 'http://shop.example.org/x?a=1'];
  const values = [...packages, ...people, ...reach, ...urls, 'x'];
  const keys = ['apps', 'installed_pkgs', 'contacts', 'addressBook', 'history', 'items', 'x'];
  let lists = 0;
  for (let i = 0; i < 4000; i++) {
    // Mostly one kind of item per list (as real lists are), with field names spelled in many ways.
    const kind = g.int(4);
    const item = (): Json => {
      if (kind === 0) return g.int(3) > 0 ? g.pick(packages) : { [g.pick(fields)]: g.pick(packages) };
      if (kind === 1) return { [g.pick(fields)]: g.pick(people), [g.pick(fields)]: g.pick(reach) };
      if (kind === 2) return g.int(2) === 0 ? g.pick(urls) : { [g.pick(fields)]: g.pick(urls), title: 'T' };
      const record: Record<string, Json> = {};
      for (let k = 0; k < 1 + g.int(3); k++) record[g.pick(fields)] = g.pick(values);
      return g.int(2) === 0 ? g.pick(values) : record;
    };
    const doc: Record<string, Json> = { [g.pick(keys)]: Array.from({ length: 1 + g.int(5) }, item), ver: '4.2.1' };
    let text = JSON.stringify(doc, null, g.int(2) === 0 ? 1 : undefined);
    if (g.int(20) === 0) text = text.replace(/@/g, '\\u0040');
    if (!holdsList(text)) continue;
    lists++;
    assert.equal(jsonMayHoldList(text, Buffer.byteLength(text)), true, text);
  }
  assert.ok(lists > 500, `only ${lists} documents held a list`);
});

test('a batch of analytics events is ruled out without parsing', () => {
  const events = Array.from({ length: 20 }, (_, i) => ({ event: 'impression', page: 'profile',
    session_id: 'c0290bc92853eb1d198f29eb', duration_ms: 81328 + i, props: { item_id: '181244513178', network: 'wifi' } }));
  const text = JSON.stringify({ app: 'com.example.social', ver: '4.2.1', seq: 516612, events });
  assert.equal(jsonMayHoldList(text, Buffer.byteLength(text)), false);
  // ...and a package name under a package field, or as an array element, is not.
  assert.equal(jsonMayHoldList(text.replace('"app"', '"package_name"'), text.length + 8), true);
  assert.equal(jsonMayHoldList('{"a":["com.tencent.mm"]}', 24), true);
});

test('views in any order give the same detection (families sort where order matters)', () => {
  const ex = exchange({ url: 'https://api.example.com/v1/register?idfa=38400000-8cf0-11bd-b23e-10b96e4ef00d&lat=37.4419' });
  const views = [
    view('request.url', ex.url),
    view('request.url|query:idfa', '38400000-8cf0-11bd-b23e-10b96e4ef00d', { key: 'idfa' }),
    view('request.url|query:lat', '37.4419', { key: 'lat' }),
    ...jsonBody({ loc: { lat: '37.4419', lng: '-122.1430' }, apps: 'com.tencent.mm,com.whatsapp,tv.danmaku.bili',
      contacts: [{ name: 'Maria Garcia', phone: '+1 650 555 0134' }], note: 'mac=AA:BB:CC:DD:EE:01 ip=8.8.4.4' }),
    view('response.body|json:$.device_id', '7012345678901234567', { key: 'device_id' }),
    view('response.body|json:$.did', '7012345678901234567', { key: 'did' }),
  ];
  const expected = JSON.stringify(run(ex, views));
  assert.ok(JSON.parse(expected).findings.length >= 5);
  const g = generator(3);
  for (let i = 0; i < 20; i++) {
    const shuffled = [...views];
    for (let j = shuffled.length - 1; j > 0; j--) {
      const k = g.int(j + 1);
      [shuffled[j], shuffled[k]] = [shuffled[k]!, shuffled[j]!];
    }
    assert.equal(JSON.stringify(run(ex, shuffled)), expected);
  }
});
