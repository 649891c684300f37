/** A small hand-made report for renderer tests (renderers know nothing of how a report is computed). */
import type { Report } from '../../src/model.js';

export function sampleReport(): Report {
  return {
    schema: 'telltale.report/1',
    tool: { name: 'telltale', version: '0.0.0-test' },
    inputs: [{ path: 'capture.har', sha256: 'ab'.repeat(32), bytes: 1234, format: 'har' }],
    summary: {
      exchanges: 2, findings: 2, destinations: 1, byDataType: { 'account.email': 1, 'device.imei': 1 },
      byCountry: { CN: { destinations: 1, exchanges: 2, findings: 2 } },
      byEntity: { umeng: { destinations: 1, exchanges: 2, findings: 2 } },
      byJurisdiction: { CN: { destinations: 1, exchanges: 2, findings: 2 } },
    },
    destinations: [{
      host: 'ulogs.umeng.com', domain: 'umeng.com',
      entity: { id: 'umeng', name: 'Umeng', parent: 'Alibaba Group', country: 'CN', categories: ['analytics'] },
      serverIps: ['203.0.113.9'], serverCountry: 'CN', asn: null, party: 'third', sdks: ['umeng'], exchanges: 2, findings: 2,
    }],
    findings: [
      {
        id: 'f1', dataType: 'device.imei', source: { input: 0, index: 0 }, time: '2019-04-01T10:00:01.000Z',
        host: 'ulogs.umeng.com', method: 'POST', path: 'request.body|gzip|json:$.header.imei', transform: [],
        match: 'known-value', confidence: 'confirmed', phase: 'pre-consent', excerpt: '"imei":"35••••••••••••45"',
        detector: 'known-value', field: 'device.imei',
      },
      {
        id: 'f2', dataType: 'account.email', source: { input: 0, index: 1 }, time: '2019-04-01T10:00:02.000Z',
        host: 'ulogs.umeng.com', method: 'POST', path: 'request.body|form:e', transform: ['md5'],
        match: 'pattern', confidence: 'likely', phase: 'pre-consent', excerpt: '=HYPERLINK("x"),<script>',
        detector: 'email', field: null,
      },
    ],
    blindSpots: [],
    signals: [],
    events: [],
    claims: [],
    warnings: [],
  };
}

/**
 * A report that uses every field renderers must show, second-wave ones included (first party inferred, identifier
 * syncs, declarations, alsoMatches, pcap blind spots with flows/IPs/times, a binary hex window, masked spans, laws,
 * events, claims, an app join). Hand-made: producers of these fields land separately.
 */
export function richReport(): Report {
  const r = sampleReport();
  r.inputs.push({ path: 'capture.pcapng', sha256: 'cd'.repeat(32), bytes: 99_999, format: 'pcap' });
  r.masked = true;
  r.firstParty = { domains: ['videoapp.example'], how: 'inferred' };
  r.destinations.push(
    {
      host: 'api.videoapp.example', domain: 'videoapp.example', entity: null, serverIps: ['198.51.100.7'], serverCountry: 'US',
      asn: null, party: 'first', sdks: [], exchanges: 3, findings: 1,
    },
    {
      host: 'sync.adtech.example', domain: 'adtech.example',
      entity: { id: 'adtech', name: 'AdTech', parent: 'Mega Holdings', country: 'SG', parentCountry: 'CN', ultimateParent: 'Mega Holdings', categories: ['advertising'] },
      serverIps: ['192.0.2.44'], serverCountry: 'SG', asn: null, party: 'third', sdks: [], exchanges: 1, findings: 2,
    },
  );
  const imeiLaw = {
    regime: 'us-28cfr202', rule: '202.234-listed-identifier', note: 'device.imei is a listed identifier',
    source: 'https://www.ecfr.gov/current/title-28/section-202.234',
  };
  r.findings[0]!.laws = [imeiLaw, { regime: 'ca-cpra', rule: '1798.140(ae)-sensitive-personal-information', note: 'sensitive', source: 'https://leginfo.legislature.ca.gov/' }];
  r.findings[0]!.excerptMatch = { start: 8, end: 23 };
  r.findings[0]!.excerptMasked = [{ start: 8, end: 23 }];
  r.findings[0]!.url = 'https://ulogs.umeng.com/unify_logs?id=35••••••••••••45';
  r.findings.push(
    {
      id: 'f3', dataType: 'contacts', source: { input: 1, index: 4 }, time: '2019-04-01T10:00:05.000Z',
      host: 'api.videoapp.example', method: 'POST', path: 'request.body', transform: [], match: 'known-value',
      confidence: 'confirmed', phase: 'post-consent', excerpt: '..Alice..', detector: 'known-value', field: 'contacts[0].name',
      alsoMatches: ['account.name'],
      excerptBytes: { offset: 16, hex: '0a05••••••••••1201ff', match: { start: 2, end: 7 }, masked: [{ start: 2, end: 7 }] },
    },
    {
      id: 'f4', dataType: 'tracking.id', source: { input: 1, index: 5 }, time: '2019-04-01T10:00:06.000Z',
      host: 'sync.adtech.example', method: 'GET', path: 'request.url|query:uid', transform: [], match: 'sync',
      confidence: 'likely', phase: 'background', excerpt: 'uid=ab••••••••yz', detector: 'sync', field: null,
    },
    {
      id: 'f5', dataType: 'tracking.id', source: { input: 1, index: 6 }, time: '2019-04-01T10:00:07.000Z',
      host: 'sync.adtech.example', method: 'GET', path: 'request.cookies:uid', transform: [], match: 'sync',
      confidence: 'likely', phase: 'background', excerpt: 'uid=ab••••••••yz', detector: 'sync', field: null,
    },
  );
  r.summary = { ...r.summary, findings: r.findings.length, destinations: r.destinations.length, exchanges: 7 };
  r.identifierSyncs = [{
    value: 'ab••••••••yz',
    parties: [{ host: 'api.videoapp.example', entity: null, role: 'set' }, { host: 'sync.adtech.example', entity: 'AdTech', role: 'sent' }],
    findings: ['f4', 'f5'],
  }];
  r.declarations = [
    { source: 0, statement: 'We do not share your contacts with third parties.', verdict: 'contradicted', findings: ['f3'], why: 'contacts went to api.videoapp.example and were synced onward.' },
    { source: 0, statement: 'Location is not collected.', verdict: 'consistent', findings: [], why: 'No location finding in the capture.' },
    { source: 1, statement: 'Data is encrypted in transit.', verdict: 'unverifiable', findings: [], why: 'Transport encryption is not visible in a decrypted capture.' },
  ];
  r.blindSpots = [
    { kind: 'tls-undecrypted', host: 'graph.pinned.example', count: 3, bytes: 20480, flows: 3, serverIps: ['203.0.113.5', '203.0.113.6'], firstSeen: '2019-04-01T10:00:01.000Z', lastSeen: '2019-04-01T10:02:00.000Z' },
    { kind: 'quic', host: 'www.video.example', count: 1, bytes: 0, flows: 1 },
    { kind: 'non-http-flow', host: '192.0.2.80', count: 2, bytes: 512, flows: 2, serverIps: ['192.0.2.80'] },
    { kind: 'opaque-payload', host: 'ulogs.umeng.com', count: 12, bytes: 40_000 },
  ];
  r.events = [
    { at: '2019-04-01T10:00:00.000Z', kind: 'install' },
    { at: '2019-04-01T10:00:03.000Z', kind: 'consent', value: 'accepted' },
    { at: '2019-04-01T10:00:05.500Z', kind: 'background' },
  ];
  r.claims = [
    { id: 'pre-consent-collection', verdict: 'supported', findings: ['f1', 'f2'], summary: 'Two findings left the device before consent. The first was an IMEI.' },
    { id: 'data-after-decline', verdict: 'inconclusive', findings: [], summary: 'The tester never declined consent.', missing: ['a decline event'] },
    { id: 'background-collection', verdict: 'not-supported', findings: [], summary: 'Nothing was sent in the background.' },
  ];
  r.app = {
    scan: { app: { platform: 'android', id: 'com.videoapp.example', version: '9.2' }, input: { path: 'app.apk', sha256: 'ef'.repeat(32), bytes: 1000, kind: 'apk' }, sdks: ['umeng'] },
    sdks: [{ id: 'umeng', status: 'present-sending', hosts: ['ulogs.umeng.com'] }, { id: 'adtech-sdk', status: 'sending-not-found-in-code', hosts: ['sync.adtech.example'] }],
    permissionGaps: [],
  };
  return r;
}
