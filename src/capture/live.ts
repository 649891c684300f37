/**
 * Live findings: each exchange is decoded and searched the moment it completes, placed on the timeline of the events
 * marked so far, and turned into feed items. The final report is computed again from the stored session, so what is
 * shown live is a preview, never the evidence.
 */
import { decodeExchange } from '../decode/index.js';
import type { ExchangeDetector } from '../detect/index.js';
import type { Attributor } from '../attribute/index.js';
import type { Exchange } from '../ingest/index.js';
import { createTimeline, type Phase, type TesterEvent, type Timeline } from '../timeline/index.js';
import { hostOf } from '../util/url.js';
import type { LiveItem } from './types.js';

interface HostTally {
  exchanges: number;
  findings: number;
  ips: Set<string>;
}

export class LiveAnalyzer {
  private events: TesterEvent[] = [];
  private timeline: Timeline | null = null;
  private readonly hosts = new Map<string, HostTally>();

  constructor(private readonly detector: ExchangeDetector | null, private readonly attributor: Attributor) {}

  addEvent(event: TesterEvent): void {
    this.events = [...this.events, event];
    this.timeline = createTimeline(this.events);
  }

  /** With no event marked yet, a moment has no phase (as in a report without events). */
  phaseOf(timeMs: number): Phase {
    return this.timeline ? this.timeline.label(timeMs).phase : 'unknown';
  }

  /** Feed items for one exchange; `detect: false` skips decode + detect (the live backlog was full). */
  itemsFor(exchange: Exchange, seq: number, detect = true): LiveItem[] {
    const host = hostOf(exchange.url);
    const phase = this.phaseOf(exchange.timeMs);
    const items: LiveItem[] = [{
      type: 'exchange', seq, time: exchange.time, method: exchange.method, url: exchange.url, host,
      status: exchange.response?.status ?? null, phase, notes: exchange.notes,
    }];
    let findings = 0;
    if (detect && this.detector && exchange.notes.every((n) => !n.startsWith('tls-failed'))) {
      const detection = this.detector(decodeExchange(exchange));
      for (const f of detection.findings) {
        findings++;
        items.push({
          type: 'finding', seq, time: f.time, host: f.host, dataType: f.dataType, confidence: f.confidence, match: f.match,
          path: f.path, phase,
        });
      }
    }
    items.push(this.tally(host, exchange.serverIp, findings));
    return items;
  }

  private tally(host: string, serverIp: string | null, findings: number): LiveItem {
    let tally = this.hosts.get(host);
    if (!tally) this.hosts.set(host, (tally = { exchanges: 0, findings: 0, ips: new Set() }));
    tally.exchanges++;
    tally.findings += findings;
    if (serverIp) tally.ips.add(serverIp);
    const d = this.attributor.attribute({ host, serverIps: [...tally.ips].sort() });
    return {
      type: 'destination', host, entity: d.entity?.name ?? null, country: d.serverCountry, exchanges: tally.exchanges, findings: tally.findings,
    };
  }
}

/** Live work waits at most this long a queue; beyond it, exchanges are shown without live findings (stored all the same). */
const MAX_BACKLOG = 2000;

/**
 * Live detection runs beside the proxy, never in its way: each exchange is queued and analysed one per turn of the
 * event loop, so forwarding traffic always comes first. When the backlog is full, an exchange is shown without live
 * findings — it is stored all the same, and the final report analyses everything.
 */
export class LiveQueue {
  private readonly tasks: (() => void)[] = [];
  private scheduled = false;
  skipped = 0;

  /** false when the backlog is full (the caller then does the cheap part itself). */
  push(task: () => void): boolean {
    if (this.tasks.length >= MAX_BACKLOG) {
      this.skipped++;
      return false;
    }
    this.tasks.push(task);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.runOne());
    }
    return true;
  }

  private runOne(): void {
    const task = this.tasks.shift();
    task?.();
    if (this.tasks.length > 0) setImmediate(() => this.runOne());
    else this.scheduled = false;
  }

  clear(): void {
    this.tasks.length = 0;
  }
}
