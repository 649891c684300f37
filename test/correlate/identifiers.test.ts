/**
 * Identifiers without a profile, end to end on a small app capture written here (a HAR, no pages): an id a first-party
 * response assigns and the app sends back; the same id sent to two uncatalogued third parties (a sync); a Google
 * Analytics client id sent to two Google hosts (a tracker id by name, one company: no sync); and look-alike values
 * (timestamps, screen size, language, consent string, GA property id) sent to the same two parties, which must never
 * be reported as synced.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/index.js';

const ID = '4f1c2b7e-9a3d-4e8b-b6f1-0c2d3e4f5a6b';
const COOKIE = 'Zk3pQ8vR2mT7wX1yBq';
const CID = '123456789.1554112800';
const DECOYS = { ts: '1554112800123', sr: '1920x1080', lang: 'en-US', tid: 'UA-1234-1',
  gdpr_consent: 'CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA' };

function entry(minute: number, url: string, opts: { cookie?: string; setCookie?: string; json?: unknown } = {}) {
  const responseHeaders = [{ name: 'Content-Type', value: 'application/json' }];
  if (opts.setCookie) responseHeaders.push({ name: 'Set-Cookie', value: opts.setCookie });
  return {
    startedDateTime: `2019-04-01T10:${String(minute).padStart(2, '0')}:00.000Z`, time: 10,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: opts.cookie ? [{ name: 'Cookie', value: opts.cookie }] : [],
      queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: responseHeaders, cookies: [],
      content: { size: 0, mimeType: 'application/json', text: opts.json === undefined ? '' : JSON.stringify(opts.json) },
      redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { send: 0, wait: 10, receive: 0 },
  };
}

const decoyQuery = new URLSearchParams(DECOYS).toString();
const HAR = { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [
  entry(0, 'https://api.myapp.example/v1/config', { setCookie: `uid=${COOKIE}; Max-Age=31536000; Path=/`, json: { device_id: ID } }),
  entry(1, 'https://api.myapp.example/v1/feed', { cookie: `uid=${COOKIE}` }),
  entry(2, `https://sync.tracker-a.example/px?partner_uid=${ID}&${decoyQuery}`),
  entry(3, `https://www.google-analytics.com/collect?v=1&cid=${CID}&${decoyQuery}`),
  entry(4, `https://stats.g.doubleclick.net/r/collect?cid=${CID}`),
  entry(5, `https://match.tracker-b.example/m?uid=${ID}&${decoyQuery}`),
  entry(6, 'https://api.myapp.example/v1/feed?page=2', { cookie: `uid=${COOKIE}` }),
] } };

test('syncs, assigned ids and tracker ids by name on a small app capture; look-alikes are never synced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-ids-'));
  try {
    const file = join(dir, 'app.har');
    writeFileSync(file, JSON.stringify(HAR));
    const report = await analyze([file], { reveal: true });

    assert.deepEqual(report.firstParty?.domains, ['myapp.example']);
    assert.equal(report.firstParty?.how, 'inferred');
    assert.match(report.firstParty?.reason ?? '', /inferred: myapp\.example received 3 of 7 requests/);
    assert.equal(report.destinations.find((d) => d.host === 'api.myapp.example')?.party, 'first');
    assert.equal(report.destinations.find((d) => d.host === 'sync.tracker-a.example')?.party, 'third');

    const syncs = report.identifierSyncs ?? [];
    assert.deepEqual(syncs.map((s) => s.value), [ID], 'only the device id travels between companies');
    const sync = syncs[0]!;
    assert.equal(sync.companies, 3);
    assert.deepEqual(sync.parties.map((p) => `${p.host}:${p.role}`),
      ['api.myapp.example:set', 'match.tracker-b.example:sent', 'sync.tracker-a.example:sent']);
    const syncFindings = report.findings.filter((f) => f.match === 'sync');
    assert.deepEqual(syncFindings.map((f) => f.host).sort(), ['match.tracker-b.example', 'sync.tracker-a.example']);
    assert.deepEqual(sync.findings, syncFindings.map((f) => f.id));
    assert.ok(syncFindings.every((f) => f.dataType === 'tracking.id' && f.excerpt.includes(ID)), 'revealed');

    const named = report.findings.filter((f) => f.detector === 'tracker-id:ga-client-id');
    assert.deepEqual(named.map((f) => f.host).sort(), ['stats.g.doubleclick.net', 'www.google-analytics.com']);

    const assigned = report.signals.filter((s) => s.kind === 'id-assigned');
    assert.deepEqual(assigned.map((s) => `${s.path}:${String(s.details.sentBack)}`).sort(),
      ['response.body|json:$.device_id:2', 'response.cookies:uid:2']);

    for (const value of Object.values(DECOYS)) {
      assert.ok(!report.findings.some((f) => f.excerpt.includes(value) && f.dataType === 'tracking.id'), `decoy ${value}`);
    }

    const masked = await analyze([file], {});
    assert.notEqual(masked.identifierSyncs?.[0]?.value, ID, 'masked without --reveal');
    assert.ok(!JSON.stringify(masked).includes(ID), 'the id appears nowhere in a masked report');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the first party given with --first-party wins, and a sync needs two companies', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-ids-'));
  try {
    const file = join(dir, 'app.har');
    writeFileSync(file, JSON.stringify(HAR));
    const report = await analyze([file], { reveal: true, firstParty: ['tracker-a.example'] });
    assert.deepEqual(report.firstParty, { domains: ['tracker-a.example'], how: 'flag', reason: 'given with --first-party: tracker-a.example' });
    assert.equal(report.destinations.find((d) => d.host === 'sync.tracker-a.example')?.party, 'first');
    assert.equal(report.destinations.find((d) => d.host === 'api.myapp.example')?.party, 'third');
    // Only the two Google hosts carry the client id: one company, so never a sync, whoever the first party is.
    assert.ok(!(report.identifierSyncs ?? []).some((s) => s.value === CID));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
