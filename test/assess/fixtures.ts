/** Hand-built report pieces for assess tests (detect and attribute are exercised elsewhere). */
import type { ReportBlindSpot, ReportDestination, ReportFinding, ReportSignal } from '../../src/model.js';
import type { AssessInput } from '../../src/assess/index.js';
import type { TesterEvent } from '../../src/timeline/index.js';

export const T0 = Date.parse('2019-11-01T17:00:00.000Z');
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();

let nextIndex = 0;

export function finding(id: string, dataType: string, host: string, seconds: number, extra: Partial<ReportFinding> = {}): ReportFinding {
  return {
    id, dataType: dataType as ReportFinding['dataType'], source: { input: 0, index: nextIndex++ }, time: at(seconds), host,
    method: 'POST', path: 'request.body|json:$.x', transform: [], match: 'known-value', confidence: 'confirmed',
    phase: 'unknown', excerpt: '…', detector: 'known-value', field: null, ...extra,
  };
}

export function signal(kind: string, host: string, seconds: number, index: number, details: ReportSignal['details'] = {}): ReportSignal {
  return { kind, source: { input: 0, index }, time: at(seconds), host, path: 'response.body|json:$', phase: 'unknown', details };
}

type EntitySpec = { id: string; name: string; country: string | null; parent?: string; parentCountry?: string; categories?: string[] };

export function destination(host: string, opts: {
  entity?: EntitySpec | null; serverCountry?: string | null; party?: 'first' | 'third'; sdks?: string[]; ips?: string[];
} = {}): ReportDestination {
  const e = opts.entity;
  return {
    host, domain: host.split('.').slice(-2).join('.'),
    entity: e ? { id: e.id, name: e.name, parent: e.parent ?? null, country: e.country, parentCountry: e.parentCountry ?? null, categories: e.categories ?? ['analytics'] } : null,
    serverIps: opts.ips ?? ['192.0.2.1'], serverCountry: opts.serverCountry === undefined ? 'US' : opts.serverCountry,
    party: opts.party ?? 'third', sdks: opts.sdks ?? [], exchanges: 1, findings: 1,
  };
}

export const UMENG = destination('ulogs.umeng.com', {
  entity: { id: 'umeng', name: 'Umeng', country: 'CN', parent: 'Alibaba Group', parentCountry: 'CN' }, serverCountry: 'CN', sdks: ['umeng-analytics'],
});
export const SNSSDK = destination('log.snssdk.com', { entity: { id: 'bytedance', name: 'ByteDance', country: 'CN' }, serverCountry: 'CN' });
/** A ByteDance host whose server stands in Virginia: controller and server country differ. */
export const BYTEDANCE_US = destination('upload.snssdk.com', { entity: { id: 'bytedance', name: 'ByteDance', country: 'CN' }, serverCountry: 'US' });
export const FIREBASE = destination('app-measurement.com', {
  entity: { id: 'firebase', name: 'Firebase', country: 'US', parent: 'Google LLC', parentCountry: 'US' }, serverCountry: 'US', sdks: ['firebase-analytics'],
});
export const OWN_API = destination('api.app.example', { entity: null, party: 'first', serverCountry: 'US' });

export const SESSION: TesterEvent[] = [
  { at: at(0), kind: 'install' },
  { at: at(1), kind: 'launch' },
  { at: at(45), kind: 'consent', value: 'accepted' },
  { at: at(60), kind: 'signup' },
  { at: at(70), kind: 'record' },
  { at: at(75), kind: 'next' },
  { at: at(90), kind: 'post' },
  { at: at(100), kind: 'background' },
];

export function input(parts: Partial<AssessInput>): AssessInput {
  return {
    findings: [], destinations: [UMENG, SNSSDK, BYTEDANCE_US, FIREBASE, OWN_API], signals: [], blindSpots: [],
    events: SESSION, profile: {}, ...parts,
  };
}

export function opaque(host: string, bytes = 1184): ReportBlindSpot {
  return { kind: 'opaque-payload', host, count: 1, bytes };
}
