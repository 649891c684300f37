/**
 * startCapture(): the proxy, the store and the live feed as one running session. Exchanges are stored the moment they
 * complete; tester events are stamped with the proxy's clock; stop() flushes, closes the session and writes
 * capture.har, events.json and report.json (the normal report of the stored session).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAttributor } from '../attribute/index.js';
import { createDetector, loadProfile } from '../detect/index.js';
import { DEFAULT_MAX_BODY_BYTES, type Exchange } from '../ingest/index.js';
import { analyze } from '../pipeline/index.js';
import { renderJson } from '../report/index.js';
import { defaultConfigDir, defaultStorePath, openSqliteStore, type ExchangeExtras } from '../store/index.js';
import { parseEvents, type EventKind, type TesterEvent } from '../timeline/index.js';
import { caInstallHelp, loadOrCreateCa } from './ca.js';
import { Feed } from './feed.js';
import { LiveAnalyzer, LiveQueue } from './live.js';
import { startProxy } from './proxy.js';
import { writeHar } from './har.js';
import type { CaptureOptions, CaptureResult, CaptureSession } from './types.js';

export async function startCapture(options: CaptureOptions = {}): Promise<CaptureSession> {
  const now = options.now ?? Date.now;
  const profile = typeof options.profile === 'string' ? await loadProfile(options.profile) : options.profile ?? null;
  const upstreamCas = await Promise.all((options.upstreamCa ?? []).map((file) => readFile(file, 'utf8')));
  const ca = await loadOrCreateCa(options.configDir ?? defaultConfigDir());
  const storePath = options.store ?? defaultStorePath();
  const store = openSqliteStore(storePath, { create: true });
  const session = store.createSession({ startedAt: new Date(now()).toISOString(), label: options.label ?? null });
  const feed = new Feed();
  const live = new LiveAnalyzer(
    options.liveDetection === false ? null : createDetector({ profile }),
    await createAttributor(),
  );
  const queue = new LiveQueue();
  let stored = 0;
  let closed = false;

  const onExchange = (exchange: Exchange, extras: ExchangeExtras): void => {
    if (closed) return;
    // Stored first, synchronously: from here on a killed process no longer loses this exchange.
    const seq = store.addExchange(session.id, exchange, extras);
    stored++;
    const publish = (detect: boolean) => () => {
      if (!closed) for (const item of live.itemsFor(exchange, seq, detect)) feed.publish(item);
    };
    if (!queue.push(publish(true))) publish(false)();
  };

  let proxy;
  try {
    proxy = await startProxy({
      ca, port: options.port ?? 0, listen: options.listen ?? '127.0.0.1', upstreamCas,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, onExchange,
    });
  } catch (e) {
    store.endSession(session.id, new Date(now()).toISOString());
    store.close();
    throw e;
  }
  const running = proxy;

  let stopping: Promise<CaptureResult> | null = null;
  const stop = async (): Promise<CaptureResult> => {
    await running.stop();
    closed = true;
    queue.clear();
    store.endSession(session.id, new Date(now()).toISOString());
    try {
      const info = store.getSession(session.id)!;
      feed.publish({ type: 'stopped', session: session.id });
      const written = options.out ? await writeOutFiles(options.out, store, session.id, storePath, profile) : { files: [], report: null };
      return { session: info, written: written.files, report: written.report };
    } finally {
      store.close();
    }
  };

  return {
    id: session.id,
    proxyUrl: running.url,
    port: running.port,
    listen: running.address,
    storePath,
    ca: { certPath: ca.certPath, keyPath: ca.keyPath, created: ca.created, spkiFingerprint: ca.spkiFingerprint },
    help: (pageUrl) => caInstallHelp(ca, running.url, pageUrl),
    mark(kind: EventKind, value?: string, atMs?: number): TesterEvent {
      const at = new Date(atMs ?? now()).toISOString();
      const raw = value === undefined ? { at, kind } : { at, kind, value };
      const [event] = parseEvents([raw], 'event');
      if (closed) throw new Error('the capture has stopped');
      store.addEvent(session.id, event!);
      live.addEvent(event!);
      feed.publish({ type: 'event', event: event! });
      return event!;
    },
    subscribe: (listener) => feed.subscribe(listener),
    exchangeCount: () => stored,
    stop: () => (stopping ??= stop()),
  };
}

async function writeOutFiles(
  out: string, store: ReturnType<typeof openSqliteStore>, id: number, storePath: string, profile: Awaited<ReturnType<typeof loadProfile>> | null,
) {
  await mkdir(out, { recursive: true });
  const harPath = join(out, 'capture.har');
  const eventsPath = join(out, 'events.json');
  const reportPath = join(out, 'report.json');
  await writeHar(store.exchanges(id), harPath, `telltale capture session:${id}`);
  const events = store.events(id);
  await writeFile(eventsPath, `${JSON.stringify(events, null, 2)}\n`);
  const report = await analyze([`session:${id}`], { store: storePath, profile, events: events.length > 0 ? events : null });
  await writeFile(reportPath, renderJson(report));
  return { files: [harPath, eventsPath, reportPath], report };
}
