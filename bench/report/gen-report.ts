/**
 * A synthetic report of N findings for the rendering benchmark: 300 hosts of 40 companies in 8 countries, 12 data
 * types, four phases over one hour, laws on a third of the findings, masked excerpts with spans, some hex windows.
 * Deterministic (a fixed LCG), so every run measures the same page.
 */
import type { Report, ReportDestination, ReportFinding } from '../../src/model.js';

const TYPES = ['device.imei', 'device.android_id', 'device.ad_id', 'device.mac', 'account.email', 'account.phone',
  'location.precise', 'contacts', 'network.public_ip', 'tracking.id', 'media.video', 'device.model'] as const;
const PHASES = ['pre-consent', 'post-consent', 'background', 'after-decline'] as const;
const COUNTRIES = ['CN', 'US', 'SG', 'DE', 'IE', 'RU', 'HK', 'JP'];

export function syntheticReport(findingCount: number): Report {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const destinations: ReportDestination[] = Array.from({ length: 300 }, (_, i) => {
    const company = i % 40;
    return {
      host: `h${i}.company${company}.example`, domain: `company${company}.example`,
      entity: { id: `c${company}`, name: `Company ${company}`, parent: company % 3 === 0 ? `Holding ${company % 7}` : null,
        country: COUNTRIES[company % COUNTRIES.length]!, categories: ['analytics'] },
      serverIps: [`192.0.2.${i % 250}`], serverCountry: COUNTRIES[(company + i) % COUNTRIES.length]!, asn: null,
      party: 'third', sdks: [], exchanges: 0, findings: 0,
    };
  });
  const start = Date.UTC(2026, 0, 1, 10);
  const findings: ReportFinding[] = [];
  for (let i = 0; i < findingCount; i++) {
    const d = destinations[next() % destinations.length]!;
    d.findings++;
    d.exchanges++;
    const type = TYPES[next() % TYPES.length]!;
    const value = '35••••••••••••09';
    const f: ReportFinding = {
      id: `f${i + 1}`, dataType: type, source: { input: 0, index: i }, time: new Date(start + Math.floor((i / findingCount) * 3_600_000)).toISOString(),
      host: d.host, method: 'POST', path: `request.body|gzip|json:$.data[${i % 50}].${type.split('.')[1]}`, transform: i % 5 === 0 ? ['md5'] : [],
      match: 'known-value', confidence: i % 4 === 0 ? 'likely' : 'confirmed', phase: PHASES[Math.floor((i / findingCount) * 4)]!,
      excerpt: `{"${type}":"${value}","ts":${start + i}}`, detector: 'known-value', field: type,
      url: `https://${d.host}/collect?v=2&seq=${i}`,
      excerptMatch: { start: type.length + 5, end: type.length + 5 + value.length },
      excerptMasked: [{ start: type.length + 5, end: type.length + 5 + value.length }],
    };
    if (i % 3 === 0) {
      f.laws = [{ regime: 'us-28cfr202', rule: '202.234-listed-identifier', note: `${type} is a listed identifier and went to ${d.host}.`, source: 'https://www.ecfr.gov/current/title-28/section-202.234' }];
    }
    if (i % 50 === 0) f.excerptBytes = { offset: 0, hex: '0a10••••••••••••••••••••••••••••••••1801', match: { start: 2, end: 18 }, masked: [{ start: 2, end: 18 }] };
    findings.push(f);
  }
  return {
    schema: 'telltale.report/1', tool: { name: 'telltale', version: 'bench' },
    inputs: [{ path: 'synthetic.har', sha256: 'ab'.repeat(32), bytes: findingCount * 2000, format: 'har' }],
    summary: { exchanges: findingCount, findings: findingCount, destinations: destinations.length, byDataType: {}, byCountry: {}, byEntity: {}, byJurisdiction: {} },
    destinations, findings, blindSpots: [], signals: [], events: [
      { at: new Date(start).toISOString(), kind: 'install' },
      { at: new Date(start + 900_000).toISOString(), kind: 'consent', value: 'accepted' },
      { at: new Date(start + 1_800_000).toISOString(), kind: 'background' },
    ],
    claims: [{ id: 'pre-consent-collection', verdict: 'supported', findings: findings.slice(0, 25_000).map((f) => f.id), summary: 'Synthetic.' }],
    warnings: [], masked: true,
  };
}
