import { KnownValueMatcher } from '../../src/detect/known/matcher.js';
import { kindedValuesOf } from '../../src/detect/known/values.js';
import { LocationMatcher } from '../../src/detect/known/location.js';
import { parseProfile } from '../../src/detect/known/index.js';
import { scannedViews } from '../../src/detect/known/detector.js';
const p = parseProfile({ device: { imei: '352099001761481', androidId: '9774d56d682e549c', mac: 'ac:37:43:4d:9b:2f' }, account: { email: 'Jane.Doe@Example.com', phone: '+1 650 555 0134' }, locations: [{ lat: 37.4, lon: -122.1 }] }, 'x');
const m = new KnownValueMatcher(kindedValuesOf(p));
const loc = new LocationMatcher(p);
// 50 MB of mixed text
const parts: Buffer[] = [];
let seed = 1; const r = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const words = ['android', 'wifi', 'ts=1574846102', 'a3f9c0d1e2b4a5c6d7e8f90112233445', '38400000-8cf0-11bd-b23e-10b96e40000d', 'dGhpcyBpcyBhIHRlc3Q=', '37.123456', '&', '"key":"value",'];
const views: Uint8Array[] = [];
for (let i = 0; i < 50_000; i++) { let s = ''; const len = 200 + Math.floor(r() * 1800); while (s.length < len) s += words[Math.floor(r() * words.length)] + (r() < 0.5 ? '&' : ' '); views.push(Buffer.from(s)); }
const total = views.reduce((a, v) => a + v.length, 0) / 1048576;
function time(label: string, fn: (v: Uint8Array) => void) { const t = performance.now(); for (const v of views) fn(v); const s = (performance.now() - t) / 1000; console.log(label, (total / s).toFixed(0), 'MB/s'); }
const anyM = m as any;
for (let k = 0; k < 2; k++) {
  time('literals', (v) => anyM.scanLiterals(v, []));
  time('tokens', (v) => anyM.scanTokens(v, [], []));
  time('location', (v) => loc.match([{ path: 'request.body', bytes: v, key: null, layers: [], side: 'request', covered: false }]));
}
