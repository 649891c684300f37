/** Data model of live capture: options, the running session, and the live feed the capture page shows. */
import type { DeviceProfile } from '../detect/types.js';
import type { EventKind, Phase, TesterEvent } from '../timeline/types.js';
import type { Report } from '../model.js';
import type { SessionInfo } from '../store/types.js';

export interface CaptureOptions {
  /** Proxy port; 0 (default) picks a free one. */
  port?: number;
  /** Address the proxy binds (default 127.0.0.1; a phone on the LAN needs 0.0.0.0 or the laptop's address). */
  listen?: string;
  /** Holds ca.pem and ca.key (default: the user's config dir, see defaultConfigDir). */
  configDir?: string;
  /** SQLite store (default: the user's data dir, see defaultStorePath). */
  store?: string;
  /** On stop, write capture.har, events.json and report.json here (none when null). */
  out?: string | null;
  /** Device profile: a path (JSON/YAML) or a parsed profile; used for live findings and the final report. */
  profile?: string | DeviceProfile | null;
  /** Extra CA certificate files (PEM) trusted for upstream servers. */
  upstreamCa?: string[];
  /** Free text kept with the session: the app under test, the device, the purpose. */
  label?: string | null;
  /** Run decode + detect on each exchange as it completes (default true). */
  liveDetection?: boolean;
  /** Bodies above this many bytes pass through but are not kept (default 64 MiB). */
  maxBodyBytes?: number;
  /** The proxy's clock, epoch ms (tests may pin it; default Date.now). */
  now?: () => number;
}

/** One line of the live feed (`GET /api/stream`), in the order things happened. */
export type LiveItem =
  | {
    type: 'exchange'; seq: number; time: string; method: string; url: string; host: string; status: number | null;
    phase: Phase; notes: string[];
  }
  | {
    type: 'finding'; seq: number; time: string; host: string; dataType: string; confidence: string; match: string;
    path: string; phase: Phase;
  }
  | { type: 'destination'; host: string; entity: string | null; country: string | null; exchanges: number; findings: number }
  | { type: 'event'; event: TesterEvent }
  | { type: 'stopped'; session: number };

export interface CaptureResult {
  session: SessionInfo;
  /** Files written to `out`. */
  written: string[];
  /** The report of the session (phases from its events); null when the session had no exchange to analyse. */
  report: Report | null;
}

export interface CaptureSession {
  readonly id: number;
  /** e.g. http://127.0.0.1:8080 */
  readonly proxyUrl: string;
  readonly port: number;
  readonly listen: string;
  readonly storePath: string;
  readonly ca: { certPath: string; keyPath: string; created: boolean; spkiFingerprint: string };
  /** How to install the CA on Android and iOS, with the proxy address. */
  help(pageUrl: string): string;
  /**
   * Marks a tester event, stamped now on the proxy's clock — or at `atMs` (epoch ms) when a driver on the same machine
   * knows the exact moment (the browser's click). An invalid kind/value is an InputError.
   */
  mark(kind: EventKind, value?: string, atMs?: number): TesterEvent;
  /** Live feed: the items so far (bounded) are replayed first. Returns the unsubscribe function. */
  subscribe(listener: (item: LiveItem) => void): () => void;
  /** Completed exchanges stored so far. */
  exchangeCount(): number;
  /** Stops the proxy, flushes, closes the session, writes the out files. Idempotent. */
  stop(): Promise<CaptureResult>;
}
