/**
 * analyze(): the whole chain for programs and the CLI alike —
 * ingest → decode → detect (streaming, in collect.ts) → attribute → timeline → assess → report model (build.ts).
 * analyze() reads files, directories and globs (inputs.ts); analyzeStream() a caller's own exchanges (stream.ts);
 * both run the same core, analyzeSourcesForAssessment().
 */
import {
  createDetector, knownValuesOf, loadProfile, mergeSameValue, type DataTypeId, type DeviceProfile, type ExchangeDetector,
} from '../detect/index.js';
import type { DecodeLimits } from '../decode/index.js';
import { createAttributor } from '../attribute/index.js';
import { createTimeline, loadEvents, type Phase, type TesterEvent } from '../timeline/index.js';
import {
  assessClaims, checkDeclarations, evaluatePolicy, lawsForDestinations, lawsForFindings, loadDeclaration, loadPolicy,
  type AssessInput, type DeclarationFile, type Policy,
} from '../assess/index.js';
import type { AppScan } from '../appscan/index.js';
import { CaptureObserver, correlateIdentifiers, decideFirstParty, FirstPartyHosts, type PendingSync } from '../correlate/index.js';
import { REPORT_SCHEMA, type IdentifierSync, type Report, type ReportDestination, type ReportFinding } from '../model.js';
import { VERSION } from '../version.js';
import { collect, type CollectProgress, type InputSource } from './collect.js';
import { DEFAULT_PARALLEL_MIN_BYTES, defaultAnalysisThreads } from './parallel.js';
import { maskValue } from './mask.js';
import { resolveInputs, sessionEvents } from './inputs.js';
import { streamSource, type ExchangeSource } from './stream.js';
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
  /**
   * Vendor declarations to check against the capture (--declared): paths to Play Data safety records, App Store privacy
   * records or telltale.declaration/1 files (told apart by content), or files already loaded.
   */
  declared?: (string | DeclarationFile)[];
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
  /** The store that `session:N` inputs are read from (default: the user's data dir, see defaultStorePath). */
  store?: string;
  onProgress?: (p: CollectProgress) => void;
  /** pcap/pcapng: an SSLKEYLOGFILE with the TLS secrets (keys embedded in a pcapng are used without it). */
  keylog?: string | null;
  /**
   * Threads that decode and detect one large input (default: every core). 1 keeps all work on the calling thread;
   * the report is byte-identical either way.
   */
  threads?: number;
  /** Inputs smaller than this run on the calling thread whatever `threads` says (default 32 MiB). */
  parallelMinBytes?: number;
}

export interface AnalyzeStreamOptions extends AnalyzeOptions {
  /** How the report names the stream in `inputs` (default "stream"). */
  name?: string;
}

/** Analyze capture files, directories of captures and globs (see inputs.ts), in the order given. */
export async function analyze(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<Report> {
  return (await analyzeForAssessment(inputs, options)).report;
}

/**
 * Analyze exchanges another program produced (an async or plain iterable of Exchange), as one input. The stream is
 * read once; malformed exchanges are an InputError naming their position.
 */
export async function analyzeStream(source: ExchangeSource, options: AnalyzeStreamOptions = {}): Promise<Report> {
  return (await analyzeSourcesForAssessment([streamSource(source, options.name ?? 'stream')], options)).report;
}

/** The report, and what assessment read to make it (the exchanges in brief, blind spots one by one), for declare. */
export interface Analysis {
  report: Report;
  assessInput: AssessInput;
}

export async function analyzeForAssessment(inputs: readonly string[], options: AnalyzeOptions = {}): Promise<Analysis> {
  return analyzeSourcesForAssessment(await resolveInputs(inputs, { keylog: options.keylog ?? null }, options.store), options);
}

async function analyzeSourcesForAssessment(sources: readonly InputSource[], options: AnalyzeOptions = {}): Promise<Analysis> {
  // Read every small input first, so a typo in the profile fails in a second, not after a 1 GB capture.
  const profile = typeof options.profile === 'string' ? await loadProfile(options.profile) : options.profile ?? null;
  const events = typeof options.events === 'string'
    ? await loadEvents(options.events)
    : options.events ?? sessionEvents(sources.map((s) => s.path), options.store);
  const policy = typeof options.policy === 'string' ? await loadPolicy(options.policy) : options.policy ?? null;
  const declared: DeclarationFile[] = [];
  for (const d of options.declared ?? []) declared.push(typeof d === 'string' ? await loadDeclaration(d) : d);
  // The app scanner (zip, dex, plist readers) loads only for --app: a batch thread analysing captures never needs it.
  const appScan: AppScan | null = options.app ? await (await import('../appscan/index.js')).scanApp(options.app) : null;
  const attributor = await createAttributor({
    catalogs: options.catalogs, ipCountryDb: options.ipCountryDb, ipAsnDb: options.ipAsnDb,
  });

  // Built on first use: a large input is detected on the pool's threads, each with its own detector, and compiling a
  // profile of 1,000 values here as well would only cost time.
  let built: ExchangeDetector | null = null;
  const detector: ExchangeDetector = (decoded) => (built ??= createDetector({ profile, generic: options.generic }))(decoded);
  const observer = new CaptureObserver();
  const reveal = options.reveal === true;
  const collected = await collect(sources, {
    detector, observer, decodeLimits: options.decodeLimits, onProgress: options.onProgress, reveal,
    parallel: {
      threads: options.threads ?? defaultAnalysisThreads(),
      minBytes: options.parallelMinBytes ?? DEFAULT_PARALLEL_MIN_BYTES,
      config: { profile, generic: options.generic !== false, decodeLimits: options.decodeLimits, reveal },
    },
  });

  // Owners as of the capture (Krux in 2015 was not yet Salesforce's); then who the first party is, and what only the
  // whole capture shows: identifiers synced between companies and identifiers assigned and sent back.
  const owners = collected.exchanges > 0 ? attributor.asOf(new Date(collected.firstMs).toISOString()) : attributor;
  const appId = appScan?.app.id ?? null;
  const firstParty = decideFirstParty(observer, {
    flag: options.firstParty,
    app: appScan ? { id: appId, domains: appDomains(appId), codeHosts: appScan.hosts } : null,
  }, owners);
  const correlated = correlateIdentifiers({
    observer, attributor: owners, firstParty, findings: collected.findings, signals: collected.signals,
  });
  const firstPartyHosts = new FirstPartyHosts(firstParty.domains, owners);

  const warnings: string[] = [...collected.warnings];
  let phaseOf: (timeMs: number) => Phase = () => 'unknown';
  if (events) {
    const timeline = createTimeline(events, { offsetMs: options.offsetMs });
    phaseOf = (t) => timeline.label(t).phase;
    if (collected.exchanges > 0) warnings.push(...timeline.warnings(collected.firstMs, collected.lastMs));
  }

  const kept = collected.findings.filter((f) => !correlated.replaced.has(f));
  // One finding per value (detect already merged each exchange's own): a synced value that is also a known value or a
  // pattern at the same place stays one finding, its most specific type first and tracking.id in alsoMatches.
  const findings = buildFindings(mergeSameValue([...kept, ...correlated.findings]), phaseOf, options.reveal === true);
  const signals = buildSignals([...collected.signals, ...correlated.signals], phaseOf);
  const blindSpots = buildBlindSpots(collected.blindSpots, collected.flowBlindSpots, events ? phaseOf : undefined);
  const destinations = buildDestinations(collected, owners, findings);
  for (const d of destinations) d.party = firstPartyHosts.includes(d.host) ? 'first' : 'third';
  warnings.push(...correlated.warnings);
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

  const assessInput: AssessInput = {
    findings, destinations, signals, blindSpots, events: sortedEvents,
    profile: { child: profile?.account?.child === true }, offsetMs: options.offsetMs,
    exchanges: collected.observed, blindSpotHits: collected.blindSpots,
    searched: { profileTypes: profileTypes(profile), generic: options.generic !== false },
  };
  const claims = assessClaims(assessInput);

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
    claims,
    warnings: [...new Set(warnings)].sort(),
    firstParty: { domains: firstParty.domains, how: firstParty.how, reason: firstParty.reason },
    identifierSyncs: reportSyncs(correlated.syncs, findings, options.reveal === true),
    masked: options.reveal !== true,
  };
  if (appScan) {
    const traffic = trafficByHost(destinations, findings);
    report.app = { scan: { app: appScan.app, input: appScan.input, sdks: appScan.sdks.map((x) => x.id) },
      ...(await import('../appscan/index.js')).joinScanWithTraffic(appScan, traffic) };
  }
  if (declared.length > 0) {
    // Last but the policy: the declarations read the finished model (claims, identifier syncs) and the policy reads them.
    const checked = checkDeclarations(declared, { ...assessInput, claims, identifierSyncs: report.identifierSyncs });
    report.declarations = checked.declarations;
    report.declarationSources = checked.sources;
    report.warnings = [...new Set([...report.warnings, ...checked.warnings])].sort();
  }
  if (policy) report.violations = evaluatePolicy(policy, report);
  return { report, assessInput };
}

/** The data types the profile supplies values for, sorted: what the known-value search looked for. */
function profileTypes(profile: DeviceProfile | null): DataTypeId[] {
  if (!profile) return [];
  return [...new Set(knownValuesOf(profile).map((v) => v.dataType))].sort();
}

/**
 * Syncs as reported: each refers to the report ids of its findings (looked up by place, so a finding merged into another
 * of the same value and place still resolves), and its value is masked unless --reveal.
 */
function reportSyncs(syncs: readonly PendingSync[], findings: readonly ReportFinding[], reveal: boolean): IdentifierSync[] {
  const byPlace = new Map<string, string>();
  for (const f of findings) {
    if (f.dataType !== 'tracking.id' && !(f.alsoMatches ?? []).includes('tracking.id')) continue;
    const place = `${f.source.input}:${f.source.index}\u0000${f.path}`;
    if (!byPlace.has(place)) byPlace.set(place, f.id);
  }
  return syncs.map((s) => {
    const ids = [...new Set(s.findings.map((f) => byPlace.get(`${f.source.input}:${f.source.index}\u0000${f.path}`))
      .filter((id): id is string => id !== undefined))];
    ids.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    const out: IdentifierSync = { value: reveal ? s.value : maskValue(s.value), parties: s.parties, findings: ids };
    if (s.keys && s.keys.length > 0) out.keys = s.keys;
    if (s.companies !== undefined) out.companies = s.companies;
    return out;
  });
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
