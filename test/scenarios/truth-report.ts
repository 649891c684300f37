/**
 * Builds the report pieces assess needs straight from a scenario's hand-written ground truth, with real attribution
 * (catalog + bundled IP database) and the real timeline — everything except detection.
 */
import { createAttributor } from '../../src/attribute/index.js';
import type { AssessInput, ObservedExchange } from '../../src/assess/index.js';
import type { BlindSpotHit } from '../../src/detect/index.js';
import type { Report, ReportDestination, ReportFinding, ReportSignal, ReportBlindSpot } from '../../src/model.js';
import { REPORT_SCHEMA } from '../../src/model.js';
import { buildScenario, type ScenarioName } from '../../src/scenarios/index.js';
import { createTimeline } from '../../src/timeline/index.js';

export async function truthInput(name: ScenarioName): Promise<AssessInput> {
  const scenario = buildScenario(name);
  const timeline = createTimeline(scenario.events);
  const phase = (time: string) => timeline.label(Date.parse(time)).phase;
  const attributor = await createAttributor({ firstParty: scenario.info.firstParty });
  const findings: ReportFinding[] = [];
  const signals: ReportSignal[] = [];
  const blindSpots: ReportBlindSpot[] = [];
  const blindSpotHits: BlindSpotHit[] = [];
  const exchanges: ObservedExchange[] = [];
  const ips = new Map<string, Set<string>>();
  for (const t of scenario.truth) {
    const source = { input: 0, index: t.index };
    exchanges.push({ source, timeMs: Date.parse(t.time), host: t.host, secure: true, setCookies: 0, responseType: responseType(scenario.har, t.index) });
    ips.set(t.host, (ips.get(t.host) ?? new Set()).add(t.serverIp));
    for (const dataType of t.dataTypes) {
      const media = dataType.startsWith('media.');
      findings.push({
        id: `f${findings.length + 1}`, dataType, source, time: t.time, host: t.host, method: t.method, path: 'request.body',
        transform: [], match: media ? 'media' : 'known-value', confidence: media ? 'likely' : 'confirmed', phase: phase(t.time),
        excerpt: '', detector: media ? 'media:mp4' : 'known-value', field: null,
      });
    }
    for (const kind of t.signals) signals.push({ kind, source, time: t.time, host: t.host, path: 'response.body', phase: phase(t.time), details: {} });
    if (t.blindSpot) {
      const side = t.blindSpotSide ?? undefined;
      const bytes = unreadBytes(scenario.har, t.index, side);
      blindSpots.push({ kind: t.blindSpot, host: t.host, count: 1, bytes, ...(side ? { side } : {}), firstSeen: t.time, lastSeen: t.time });
      blindSpotHits.push({ kind: t.blindSpot, source, host: t.host, bytes, detail: 'ground truth', time: t.time, ...(side ? { side } : {}) });
    }
  }
  const destinations: ReportDestination[] = [...ips].map(([host, set]) => {
    const d = attributor.attribute({ host, serverIps: [...set] });
    const sent = findings.filter((f) => f.host === host).length;
    return { host: d.host, domain: d.domain, entity: d.entity, serverIps: d.serverIps, serverCountry: d.serverCountry, party: d.party, sdks: d.sdks, exchanges: 1, findings: sent };
  });
  return { findings, destinations, signals, blindSpots, blindSpotHits, exchanges, events: scenario.events, profile: {} };
}

function responseType(har: unknown, index: number): string | null {
  const entry = (har as { log: { entries: { response: { content: { mimeType?: string } } }[] } }).log.entries[index]!;
  return entry.response.content.mimeType ?? null;
}

/** Bytes the capture holds on the unreadable side: the request's bodySize, or the response body text kept. */
function unreadBytes(har: unknown, index: number, side: 'request' | 'response' | undefined): number {
  type Entry = { request: { bodySize: number }; response: { content: { text?: string; encoding?: string } } };
  const entry = (har as { log: { entries: Entry[] } }).log.entries[index]!;
  if (side !== 'response') return entry.request.bodySize;
  const c = entry.response.content;
  return c.text === undefined ? 0 : Buffer.from(c.text, c.encoding === 'base64' ? 'base64' : 'utf8').length;
}

export function truthReport(input: AssessInput): Report {
  return {
    schema: REPORT_SCHEMA, tool: { name: 'telltale', version: '0.0.0' }, inputs: [],
    summary: { exchanges: 0, findings: input.findings.length, destinations: input.destinations.length, byDataType: {}, byCountry: {}, byEntity: {}, byJurisdiction: {} },
    destinations: input.destinations, findings: input.findings, blindSpots: input.blindSpots, signals: input.signals,
    events: input.events, claims: [], warnings: [],
  };
}
