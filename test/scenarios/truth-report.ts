/**
 * Builds the report pieces assess needs straight from a scenario's hand-written ground truth, with real attribution
 * (catalog + bundled IP database) and the real timeline — everything except detection.
 */
import { createAttributor } from '../../src/attribute/index.js';
import type { AssessInput } from '../../src/assess/index.js';
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
  const ips = new Map<string, Set<string>>();
  for (const t of scenario.truth) {
    const source = { input: 0, index: t.index };
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
    if (t.blindSpot) blindSpots.push({ kind: t.blindSpot, host: t.host, count: 1, bytes: 1184 });
  }
  const destinations: ReportDestination[] = [...ips].map(([host, set]) => {
    const d = attributor.attribute({ host, serverIps: [...set] });
    const sent = findings.filter((f) => f.host === host).length;
    return { host: d.host, domain: d.domain, entity: d.entity, serverIps: d.serverIps, serverCountry: d.serverCountry, party: d.party, sdks: d.sdks, exchanges: 1, findings: sent };
  });
  return { findings, destinations, signals, blindSpots, events: scenario.events, profile: {} };
}

export function truthReport(input: AssessInput): Report {
  return {
    schema: REPORT_SCHEMA, tool: { name: 'telltale', version: '0.0.0' }, inputs: [],
    summary: { exchanges: 0, findings: input.findings.length, destinations: input.destinations.length, byDataType: {}, byCountry: {}, byEntity: {}, byJurisdiction: {} },
    destinations: input.destinations, findings: input.findings, blindSpots: input.blindSpots, signals: input.signals,
    events: input.events, claims: [], warnings: [],
  };
}
