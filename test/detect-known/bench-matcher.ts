/**
 * Micro-benchmark (not a test): known-value matching throughput with 10 vs 1,000 known values over ~200 MB of
 * synthetic request views (JSON leaves and raw query-string bodies with words, numbers, hex digests, UUIDs, base64).
 * Acceptance: the 1,000-value run stays within 2× the time of the 10-value run.
 *
 *   node --import tsx test/detect-known/bench-matcher.ts [totalMB]
 */
import { createHash } from 'node:crypto';
import { KnownValueDetector, parseProfile } from '../../src/detect/known/index.js';
import type { DecodedExchange, View } from '../../src/decode/types.js';
import type { DeviceProfile } from '../../src/detect/types.js';
import { KnownValueMatcher, type Hit } from '../../src/detect/known/matcher.js';
import { kindedValuesOf } from '../../src/detect/known/values.js';

const TOTAL_MB = Number(process.argv[2] ?? 200);
const POOL_MB = 25;
const VIEWS_PER_EXCHANGE = 20;

/** Deterministic PRNG (mulberry32) so every run measures the same bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = prng(20191127);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
const hexOf = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
const WORDS = ['android', 'wifi', 'zh_CN', 'release', 'event', 'launch', 'page_view', 'com.example.app', 'ok', 'true',
  'Mozilla/5.0 (Linux; Android 9; SM-G973U)', 'session', 'channel', 'googleplay', 'Asia/Shanghai', 'arm64-v8a'];

function leafValue(): string {
  switch (Math.floor(rand() * 8)) {
    case 0: return String(1574846102000 + Math.floor(rand() * 1e6));
    case 1: return hexOf(32);
    case 2: return `${hexOf(8)}-${hexOf(4)}-${hexOf(4)}-${hexOf(4)}-${hexOf(12)}`;
    case 3: return Buffer.from(Array.from({ length: 60 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256))).toString('base64');
    case 4: return digits(6 + Math.floor(rand() * 10));
    case 5: return `${(rand() * 180 - 90).toFixed(6)}`;
    default: return pick(WORDS);
  }
}

function rawQueryBody(): string {
  const parts: string[] = [];
  let size = 0;
  const target = 1000 + Math.floor(rand() * 3000);
  while (size < target) {
    const part = `${pick(WORDS).replace(/\W/g, '')}${Math.floor(rand() * 100)}=${encodeURIComponent(leafValue())}`;
    parts.push(part);
    size += part.length + 1;
  }
  return parts.join('&');
}

function buildPool(planted: string[]): DecodedExchange[] {
  const exchanges: DecodedExchange[] = [];
  let bytes = 0;
  let n = 0;
  while (bytes < POOL_MB * 1024 * 1024) {
    const views: View[] = [];
    for (let i = 0; i < VIEWS_PER_EXCHANGE; i++) {
      const raw = i === 0;
      // One view in 200 carries a real value, so the benchmark also pays for reporting.
      // One timestamp per exchange (a salt candidate, as in signed SDK requests), one view in 200 a real value.
      const text = raw ? rawQueryBody() : i === 1 ? String(1574846102 + n) : (++n % 200 === 0 ? pick(planted) : leafValue());
      const key = raw ? null : i === 1 ? 'ts' : pick(['imei', 'sign', 'did', 'ver', 'lat', 'data', 'uid']);
      views.push({ path: raw ? 'request.body' : `request.body|json:$.h.k${i}`, bytes: Buffer.from(text), key,
        layers: [], side: 'request', covered: false });
      bytes += text.length;
    }
    exchanges.push({
      exchange: { source: { input: 0, index: exchanges.length }, time: '2019-11-27T09:15:02.123Z', timeMs: 0, method: 'POST',
        url: 'https://ulogs.umeng.com/unify_logs', httpVersion: null, serverIp: null,
        request: { headers: [], cookies: [], body: null, mimeType: null, bodyTruncated: false }, response: null, notes: [] },
      views, issues: [],
    });
  }
  return exchanges;
}

function profileWith(count: number): DeviceProfile {
  const base = {
    device: { imei: '352099001761481', imsi: '460001234567890', androidId: '9774d56d682e549c',
      adId: '38400000-8cf0-11bd-b23e-10b96e40000d', mac: 'ac:37:43:4d:9b:2f', serial: 'R58M12ABCDE' },
    account: { email: 'Jane.Doe@Example.com', phone: '+1 650 555 0134', name: 'Jane Doe', username: 'janedoe2001' },
    locations: [{ lat: 37.4419, lon: -122.143 }],
  };
  const contacts = [];
  // Beyond the 10 device/account values, contacts add 3 values each (name, phone, email).
  for (let i = 0; contacts.length * 3 < count - 10; i++) {
    contacts.push({ name: `Contact Person ${i}`, phone: `+1 415 555 ${String(1000 + i).slice(-4)}`,
      email: `contact.${i}@mail${i % 17}.example.com` });
  }
  return parseProfile({ ...base, ...(contacts.length ? { contacts } : {}) }, 'bench');
}

function run(label: string, profile: DeviceProfile, pool: DecodedExchange[], repeats: number): number {
  const t0 = performance.now();
  const detector = new KnownValueDetector(profile);
  const buildMs = performance.now() - t0;
  const poolBytes = pool.reduce((s, e) => s + e.views.reduce((t, v) => t + v.bytes.length, 0), 0);
  let findings = 0;
  const t1 = performance.now();
  for (let r = 0; r < repeats; r++) for (const ex of pool) findings += detector.detect(ex).findings.length;
  const seconds = (performance.now() - t1) / 1000;
  const mb = (poolBytes * repeats) / 1024 / 1024;
  const { values, automatonStates, tokenKeys } = detector.stats;
  console.log(`${label}: ${values} values, build ${buildMs.toFixed(0)} ms, ${automatonStates} DFA states, ` +
    `${tokenKeys} token keys; scanned ${mb.toFixed(0)} MB in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(1)} MB/s; ` +
    `${findings} findings; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
  return seconds;
}

/** The two halves of KnownValueMatcher.scan alone: literal automaton vs derived-token scan, in MB/s. */
function runParts(label: string, profile: DeviceProfile, pool: DecodedExchange[], repeats: number): void {
  const matcher = new KnownValueMatcher(kindedValuesOf(profile));
  const views = pool.flatMap((e) => e.views.map((v) => v.bytes));
  const mb = (views.reduce((s, v) => s + v.length, 0) * repeats) / 1024 / 1024;
  const time = (scan: (bytes: Uint8Array, hits: Hit[]) => void): string => {
    const t0 = performance.now();
    let hits = 0;
    for (let r = 0; r < repeats; r++) {
      for (const bytes of views) {
        const out: Hit[] = [];
        scan(bytes, out);
        hits += out.length;
      }
    }
    return `${(mb / ((performance.now() - t0) / 1000)).toFixed(0)} MB/s (${hits} hits)`;
  };
  const literals = time((b, h) => matcher.scanLiterals(b, h));
  const tokens = time((b, h) => matcher.scanTokens(b, h, []));
  console.log(`${label} parts: automaton ${literals}; token scan ${tokens}`);
}

const imeiMd5 = createHash('md5').update('352099001761481').digest('hex');
const pool = buildPool([imeiMd5, 'jane.doe@example.com', '+16505550134', 'AC37434D9B2F', 'contact.7@mail7.example.com']);
const repeats = Math.max(1, Math.round(TOTAL_MB / POOL_MB));
run('warm-up', profileWith(10), pool.slice(0, 200), 1);
const small = run('10 values', profileWith(10), pool, repeats);
const large = run('1,000 values', profileWith(1000), pool, repeats);
runParts('10 values', profileWith(10), pool, repeats);
runParts('1,000 values', profileWith(1000), pool, repeats);
console.log(`ratio 1,000 / 10 values: ${(large / small).toFixed(2)}× (acceptance: ≤ 2×)`);
