/**
 * Cost of attribution at capture scale: 100k observations over 3k hosts and 6k server IPs (a heavy app session).
 * Prints the numbers; the bound is loose so a slow CI machine does not flake, yet catches a per-call regression
 * (e.g. rebuilding an index or reparsing the IP database per lookup would take minutes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAttributor } from '../../src/attribute/index.js';
import { loadCatalog } from '../../src/catalog/index.js';

function observations(count: number) {
  const catalogDomains = loadCatalog().entities.flatMap((e) => e.domains);
  const hosts = Array.from({ length: 3000 }, (_, i) => i % 3 === 2
    ? `host${i}.unknown-${i % 97}.example`
    : `api${i % 7}.${catalogDomains[(i * 7919) % catalogDomains.length]}`);
  // Deterministic spread over public space (xorshift), so lookups hit many ranges in both IP databases.
  let x = 2463534242;
  const ips = Array.from({ length: 6000 }, (_, i) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return i % 10 === 0 ? `2a03:2880:${(x & 0xffff).toString(16)}::1` : `${(x >>> 24) % 223 + 1}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  });
  return Array.from({ length: count }, (_, i) => ({ host: hosts[i % hosts.length]!, serverIps: [ips[(i * 31) % ips.length]!] }));
}

test('attributes 100k observations quickly once the databases are loaded', () => createAttributor().then((attributor) => {
  const obs = observations(100_000);
  const memBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  attributor.lookupIp('8.8.8.8');
  const loadMs = performance.now() - t;
  const memAfterLoad = process.memoryUsage().heapUsed;
  t = performance.now();
  let attributed = 0;
  for (const o of obs) if (attributor.attribute(o).entity) attributed++;
  const runMs = performance.now() - t;
  console.log(`# ip databases: load ${loadMs.toFixed(0)} ms, heap +${((memAfterLoad - memBefore) / 1e6).toFixed(0)} MB; ` +
    `100k observations: ${runMs.toFixed(0)} ms (${(runMs * 10).toFixed(0)} ns each), ${attributed} with an entity`);
  assert.ok(attributed >= 60_000, 'two thirds of the hosts are catalog domains');
  assert.ok(runMs < 15_000, `100k attributions took ${runMs} ms`);
}));
