import { createGenericDetector } from '../../src/detect/generic/index.js';
import { decodeExchange } from '../../src/decode/index.js';
import { exchange, view, run } from './helpers.js';
import { pseudoRandom } from './media-fixtures.js';
const det = createGenericDetector();
const MB = 1 << 20;
const cases: Record<string, string | Buffer> = {
  digits: '1'.repeat(MB), at: 'a@'.repeat(MB / 2), hexcolon: 'ab:'.repeat(MB / 3), dots: '1.2.'.repeat(MB / 4),
  phoneish: '+1 650 555 0134 '.repeat(MB / 16), latlon: 'lat=37.4419&lon=-122.1430&'.repeat(MB / 26),
  uuidish: 'gaid=cdda802e-fb9c-47ad-9866-0794d394c912&'.repeat(MB / 42), random: pseudoRandom(MB),
  json: JSON.stringify({ items: Array.from({ length: 20000 }, (_, i) => ({ id: i, name: `item ${i}`, email: `u${i}@example.com` })) }),
};
for (const [name, body] of Object.entries(cases)) {
  const t0 = performance.now();
  const d = run(exchange({ url: 'https://x.example.com/a' }), [view('request.body', body)], det);
  console.log(name.padEnd(9), (performance.now() - t0).toFixed(0).padStart(6), 'ms  findings', d.findings.length, 'blind', d.blindSpots.length);
}
const big = JSON.stringify({ data: Array.from({ length: 5000 }, (_, i) => ({ imei: '356938035643809', lat: 37.4419, lng: -122.143, ip: `10.0.${i % 255}.1`, msg: 'hello world' })) });
let t0 = performance.now();
const decoded = decodeExchange(exchange({ url: 'https://x.example.com/a', body: big, mimeType: 'application/json', headers: { 'Content-Type': 'application/json' } }));
const t1 = performance.now();
const d = det(decoded);
console.log('decoded json', big.length, 'bytes', decoded.views.length, 'views; decode', (t1 - t0).toFixed(0), 'ms; detect', (performance.now() - t1).toFixed(0), 'ms; findings', d.findings.length);
