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

  itemsFor(exchange: Exchange, seq: number): LiveItem[] {
    const host = hostOf(exchange.url);
    const phase = this.phaseOf(exchange.timeMs);
    const items: LiveItem[] = [{
      type: 'exchange', seq, time: exchange.time, method: exchange.method, url: exchange.url, host,
      status: exchange.response?.status ?? null, phase, notes: exchange.notes,
    }];
    let findings = 0;
    if (this.detector && exchange.notes.every((n) => !n.startsWith('tls-failed'))) {
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
