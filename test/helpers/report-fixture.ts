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
