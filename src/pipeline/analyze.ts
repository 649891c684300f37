/**
 * analyze(): the whole chain for programs and the CLI alike —
 * ingest → decode → detect (streaming, in collect.ts) → attribute → timeline → assess → report model (build.ts).
 */
import { createDetector, loadProfile, type DeviceProfile } from '../detect/index.js';
import type { DecodeLimits } from '../decode/index.js';
import { createAttributor } from '../attribute/index.js';
import { createTimeline, loadEvents, type Phase, type TesterEvent } from '../timeline/index.js';
import {
  assessClaims, evaluatePolicy, lawsForDestinations, lawsForFindings, loadPolicy, type Policy,
} from '../assess/index.js';
import { joinScanWithTraffic, scanApp } from '../appscan/index.js';
import { REPORT_SCHEMA, type Report, type ReportDestination, type ReportFinding } from '../model.js';
import { VERSION } from '../version.js';
import { collect, type CollectProgress } from './collect.js';
import {
  buildBlindSpots, buildDestinations, buildFindings, buildSignals, buildSummary, sortEvents,
} from './build.js';

export interface AnalyzeOptions {
  /** Device profile: a path (JSON/YAML) or an already parsed profile. */
  profile?: string | DeviceProfile | null;
  /** Tester events: a path (JSON) or the events themselves. */
  events?: string | TesterEvent[] | null;
  /** Milliseconds added to every event time to correct clock skew between the tester's clock and the capture's. */
  offsetMs?: number;
  /** The app package (APK/AAB/AAR/IPA/DEX): its SDKs are joined with the traffic (present and sending, ...). */
  app?: string | null;
  /** Policy for `check`: a path (YAML/JSON) or a parsed policy. */
  policy?: string | Policy | null;
  /** The app's own domains (first party). */
  firstParty?: string[];
  /** Extra tracker lists to import (Exodus JSON, DuckDuckGo TDS, Disconnect services.json). */
  catalogs?: string[];
  /** Fresher IP → country / IP → ASN MMDB files instead of the bundled data (docs/ip-database.md). */
  ipCountryDb?: string;
  ipAsnDb?: string;
  /** Show personal values in excerpts (default: masked). */
  reveal?: boolean;
  /** Run the profile-free detectors (default true). */
  generic?: boolean;
  decodeLimits?: Partial<DecodeLimits>;
  onProgress?: (p: CollectProgress) => void;
}

export async function analyze(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<Report> {
  // Read every small input first, so a typo in the profile fails in a second, not after a 1 GB capture.
  const profile = typeof options.profile === 'string' ? await loadProfile(options.profile) : options.profile ?? null;
  const events = typeof options.events === 'string' ? await loadEvents(options.events) : options.events ?? null;
  const policy = typeof options.policy === 'string' ? await loadPolicy(options.policy) : options.policy ?? null;
  const appScan = options.app ? await scanApp(options.app) : null;
  const firstParty = [...(options.firstParty ?? []), ...appDomains(appScan?.app.id ?? null)];
  const attributor = await createAttributor({
    firstParty, catalogs: options.catalogs, ipCountryDb: options.ipCountryDb, ipAsnDb: options.ipAsnDb,
  });

  const detector = createDetector({ profile, generic: options.generic });
  const collected = await collect(inputs, {
    detector, decodeLimits: options.decodeLimits, onProgress: options.onProgress, reveal: options.reveal === true,
  });

  const warnings: string[] = [];
  let phaseOf: (timeMs: number) => Phase = () => 'unknown';
  if (events) {
    const timeline = createTimeline(events, { offsetMs: options.offsetMs });
    phaseOf = (t) => timeline.label(t).phase;
    if (collected.exchanges > 0) warnings.push(...timeline.warnings(collected.firstMs, collected.lastMs));
  }

  const findings = buildFindings(collected.findings, phaseOf, options.reveal === true);
  const signals = buildSignals(collected.signals, phaseOf);
  const blindSpots = buildBlindSpots(collected.blindSpots);
  const destinations = buildDestinations(collected, attributor, findings);
  const sortedEvents = sortEvents(events ?? []);

  const lawInput = { findings, destinations, profile, events: sortedEvents, offsetMs: options.offsetMs };
  const findingLaws = lawsForFindings(lawInput);
  for (const f of findings) {
    const laws = findingLaws.get(f.id);
    if (laws && laws.length > 0) f.laws = laws;
  }
  const destinationLaws = lawsForDestinations(lawInput);
  for (const d of destinations) {
    const laws = destinationLaws.get(d.host);
    if (laws && laws.length > 0) d.laws = laws;
  }

  const report: Report = {
    schema: REPORT_SCHEMA,
    tool: { name: 'telltale', version: VERSION },
    inputs: collected.inputs,
    summary: buildSummary(collected.exchanges, findings, destinations),
    destinations,
    findings,
    blindSpots,
    signals,
    events: sortedEvents,
    claims: assessClaims({
      findings, destinations, signals, blindSpots, events: sortedEvents,
      profile: { child: profile?.account?.child === true }, offsetMs: options.offsetMs,
    }),
    warnings: [...new Set(warnings)].sort(),
    masked: options.reveal !== true,
  };
  if (appScan) {
    const traffic = trafficByHost(destinations, findings);
    report.app = { scan: { app: appScan.app, input: appScan.input, sdks: appScan.sdks.map((x) => x.id) },
      ...joinScanWithTraffic(appScan, traffic) };
  }
  if (policy) report.violations = evaluatePolicy(policy, report);
  return report;
}

/**
 * The domain an app id names by Java convention (com.example.app → example.com): the app's own first party.
 * Only ids whose first label is a common top-level domain qualify, so "android.test.x" names nothing.
 */
export function appDomains(appId: string | null): string[] {
  const labels = appId?.toLowerCase().split('.') ?? [];
  if (labels.length < 2 || !/^(com|net|org|io|cn|co|me|tv|app|info|biz|de|fr|uk|jp|kr|ru|in)$/.test(labels[0]!)) return [];
  if (!/^[a-z0-9-]+$/.test(labels[1]!)) return [];
  return [`${labels[1]}.${labels[0]}`];
}

/** What the app-scan join needs per destination: the SDKs its host belongs to and the data types it received. */
function trafficByHost(destinations: readonly ReportDestination[], findings: readonly ReportFinding[]) {
  const types = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.confidence === 'possible') continue;
    let set = types.get(f.host);
    if (!set) types.set(f.host, (set = new Set()));
    set.add(f.dataType);
  }
  return destinations.map((d) => ({ host: d.host, sdks: d.sdks, dataTypes: [...(types.get(d.host) ?? [])].sort() }));
}
