/** `telltale capture`: run the intercepting proxy and the capture page until SIGINT/SIGTERM (or a --browse run ends). */
import { Option, type Command } from 'commander';
import {
  browse, defaultConfigDir, defaultStorePath, startCapture, type CaptureSession, type EventKind,
} from '../../index.js';
import { startCapturePage } from '../../server/capture-page.js';
import { UsageError } from '../shared.js';

interface CaptureFlags {
  port: string;
  uiPort: string;
  out?: string;
  configDir?: string;
  store?: string;
  profile?: string;
  upstreamCa?: string[];
  listen: string;
  label?: string;
  liveDetection: boolean;
  browse?: string;
  consent?: 'accept' | 'decline';
  dwell: string;
}

/** Keys in the terminal mark the same events as the page's buttons. */
const KEYS: Record<string, [EventKind, string?]> = {
  a: ['consent', 'accepted'], d: ['consent', 'declined'], i: ['install'], l: ['launch'], s: ['signup'], g: ['login'],
  o: ['logout'], r: ['record'], n: ['next'], v: ['save'], p: ['post'], b: ['background'], f: ['foreground'],
};

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0 picks a free one), got "${value}"`);
  return n;
}

export function registerCapture(program: Command): void {
  program.command('capture').description('run telltale as the test device\'s proxy, with a page to mark consent, next, post, ...')
    .requiredOption('--port <port>', 'proxy port (0 picks a free one)')
    .requiredOption('--ui-port <port>', 'capture page port (0 picks a free one)')
    .option('--out <dir>', 'on stop, write capture.har, events.json and report.json here')
    .option('--config-dir <dir>', `where ca.pem and ca.key live (default: ${defaultConfigDir()})`)
    .option('--store <db>', `session store (default: ${defaultStorePath()})`)
    .option('--profile <file>', 'device profile (JSON or YAML) for live findings and the report')
    .option('--upstream-ca <file...>', 'extra CA certificates (PEM) to trust for upstream servers')
    .option('--listen <addr>', 'address the proxy and the page bind (a phone on the LAN needs 0.0.0.0)', '127.0.0.1')
    .option('--label <text>', 'kept with the session: the app under test, the device, the purpose')
    .option('--no-live-detection', 'store exchanges without searching them as they arrive')
    .option('--browse <url>', 'drive headless Chromium to this URL through the proxy, answer the consent banner, then stop')
    .addOption(new Option('--consent <answer>', 'how --browse answers the consent banner').choices(['accept', 'decline']))
    .option('--dwell <seconds>', 'with --browse: seconds to stay after the consent decision', '10')
    .action(async (flags: CaptureFlags) => {
      if (flags.browse && !flags.consent) throw new UsageError('--browse needs --consent accept|decline');
      if (flags.consent && !flags.browse) throw new UsageError('--consent goes with --browse URL');
      const dwell = Number(flags.dwell);
      if (!Number.isFinite(dwell) || dwell < 0) throw new UsageError(`--dwell must be a number of seconds, got "${flags.dwell}"`);
      const session = await startCapture({
        port: port(flags.port, '--port'), listen: flags.listen, configDir: flags.configDir, store: flags.store, out: flags.out ?? null,
        profile: flags.profile ?? null, upstreamCa: flags.upstreamCa, liveDetection: flags.liveDetection,
        label: flags.label ?? (flags.browse ? `browse ${flags.browse} consent=${flags.consent}` : null),
      });
      const page = await startCapturePage(session, { port: port(flags.uiPort, '--ui-port'), listen: flags.listen });
      process.stderr.write(`telltale capture: session ${session.id} in ${session.storePath}\n${session.help(page.url)}\n`);
      try {
        if (flags.browse) {
          await browse(session, { url: flags.browse, consent: flags.consent!, dwellSeconds: dwell, onLog: (line) => process.stderr.write(`${line}\n`) });
        } else {
          await untilStopped(session);
        }
      } finally {
        await page.close();
        const result = await session.stop();
        process.stderr.write(`telltale capture: session ${result.session.id} stopped: ${result.session.exchanges} exchanges, `
          + `${result.session.events} events${result.written.length ? `; wrote ${result.written.join(', ')}` : ''}\n`);
      }
    });
}

/** Waits for SIGINT/SIGTERM (or q / Ctrl-C in a terminal); meanwhile keys mark events. */
function untilStopped(session: CaptureSession): Promise<void> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    const interactive = stdin.isTTY === true;
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      if (interactive) {
        stdin.setRawMode(false);
        stdin.pause();
      }
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (!interactive) return;
    process.stderr.write(`keys: ${Object.entries(KEYS).map(([k, [kind, value]]) => `${k}=${kind}${value ? `:${value}` : ''}`).join(' ')} q=stop\n`);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', (chunk: Buffer) => {
      const key = chunk.toString('utf8');
      if (key === 'q' || key === '\u0003') return done();
      const mapped = KEYS[key];
      if (!mapped) return;
      const event = session.mark(mapped[0], mapped[1]);
      process.stderr.write(`marked ${event.kind}${event.value ? ` (${event.value})` : ''} at ${event.at}\n`);
    });
  });
}
