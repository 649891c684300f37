/**
 * Web audits without hands: Debian's Chromium (driven by playwright-core) browses a URL through the capture proxy,
 * answers the consent banner with DuckDuckGo's autoconsent rules (MPL-2.0, https://github.com/duckduckgo/autoconsent),
 * stamps the consent event at the moment of the deciding click, and dwells. Chromium trusts the session's CA by its
 * public key (--ignore-certificate-errors-spki-list) and nothing else: a certificate not issued by our CA still fails.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame } from 'playwright-core';
import { InputError } from '../errors.js';
import type { TesterEvent } from '../timeline/index.js';
import type { CaptureSession } from './types.js';

export interface BrowseOptions {
  url: string;
  consent: 'accept' | 'decline';
  /** Seconds to stay on the page after the consent decision (or after load when no banner was found). Default 10. */
  dwellSeconds?: number;
  /** Seconds to wait for a consent banner to be found and answered. Default 15. */
  consentTimeoutSeconds?: number;
  /** Default /usr/bin/chromium (Debian). */
  executablePath?: string;
  /** Progress lines (stderr in the CLI). */
  onLog?: (line: string) => void;
}

export interface BrowseResult {
  /** The autoconsent rule that recognised the banner; null when none did. */
  cmp: string | null;
  /** The consent event marked (its `at` is the moment of the deciding click); null when no banner was answered. */
  consent: TesterEvent | null;
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Remembers when the page last saw a click (autoconsent clicks with element.click(), which fires a click event). */
const CLICK_RECORDER = `document.addEventListener('click', () => { window.__telltaleLastClick = Date.now(); }, true);`;

interface AutoconsentMessage {
  type: string;
  cmp?: string;
  result?: boolean;
  id?: string;
  code?: string;
}

async function autoconsentFiles(): Promise<{ script: string; rules: unknown }> {
  const require = createRequire(import.meta.url);
  const esm = require.resolve('@duckduckgo/autoconsent');
  const dist = join(esm, '..');
  const script = await readFile(join(dist, 'autoconsent.playwright.js'), 'utf8');
  const rules = JSON.parse(await readFile(join(dist, '..', 'rules', 'rules.json'), 'utf8')) as { autoconsent: unknown };
  return { script, rules };
}

export async function browse(session: CaptureSession, options: BrowseOptions): Promise<BrowseResult> {
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    throw new InputError(options.url, null, 'not a URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new InputError(options.url, null, 'only http and https URLs can be browsed');
  const log = options.onLog ?? (() => undefined);
  const { script, rules } = await autoconsentFiles();
  // Loaded on demand, like mockttp: only web audits need it.
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'telltale-chromium-'));
  let context: BrowserContext | null = null;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath ?? '/usr/bin/chromium',
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        `--proxy-server=${session.proxyUrl}`,
        // Chromium sends loopback traffic direct unless told otherwise; an audit of a local page must be captured too.
        '--proxy-bypass-list=<-loopback>',
        `--ignore-certificate-errors-spki-list=${session.ca.spkiFingerprint}`,
      ],
    });
    const result = await runAutoconsent(context, session, target.href, options, script, rules, log);
    const dwell = options.dwellSeconds ?? 10;
    log(`browse: dwelling ${dwell} s on ${target.href}`);
    await new Promise((resolve) => setTimeout(resolve, dwell * 1000));
    return result;
  } finally {
    await context?.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  }
}

async function runAutoconsent(
  context: BrowserContext, session: CaptureSession, url: string, options: BrowseOptions, script: string, rules: unknown,
  log: (line: string) => void,
): Promise<BrowseResult> {
  const autoAction = options.consent === 'accept' ? 'optIn' : 'optOut';
  const outcome: BrowseResult = { cmp: null, consent: null };
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));

  await context.addInitScript(CLICK_RECORDER);
  await context.exposeBinding('autoconsentSendMessage', async ({ frame }: { frame: Frame }, message: AutoconsentMessage) => {
    switch (message.type) {
      case 'init':
        await frame.evaluate(`autoconsentReceiveMessage(${JSON.stringify({
          type: 'initResp',
          config: {
            enabled: true, autoAction, disabledCmps: [], enablePrehide: false, detectRetries: 20,
            // Hiding a banner decides nothing: only a real click on the site's own button counts as an answer.
            enableCosmeticRules: false, enableGeneratedRules: false, enableHeuristicDetection: false,
          },
          rules,
        })})`);
        break;
      case 'eval': {
        const result: unknown = await frame.evaluate(message.code ?? 'undefined');
        await frame.evaluate(`autoconsentReceiveMessage(${JSON.stringify({ id: message.id, type: 'evalResp', result })})`);
        break;
      }
      case 'popupFound':
        outcome.cmp = message.cmp ?? null;
        log(`browse: consent banner found (${message.cmp})`);
        break;
      case 'optInResult':
      case 'optOutResult':
        if (message.result === true && outcome.consent === null) {
          const clickedAt = await frame.evaluate('window.__telltaleLastClick ?? null') as number | null;
          outcome.consent = session.mark('consent', autoAction === 'optIn' ? 'accepted' : 'declined', clickedAt ?? undefined);
          log(`browse: consent ${outcome.consent.value} at ${outcome.consent.at} (${message.cmp})`);
        }
        settle();
        break;
      case 'autoconsentDone':
        settle();
        break;
      default:
        break;
    }
  });
  const page = await context.newPage();
  const inject = (frame: Frame) => frame.evaluate(script).catch(() => undefined);
  page.on('framenavigated', (frame) => void inject(frame));
  session.mark('note', `browse ${url} consent=${options.consent}`);
  log(`browse: opening ${url} through ${session.proxyUrl}`);
  try {
    await page.goto(url, { waitUntil: 'load' });
  } catch (e) {
    // A page that does not load (refused certificate, server down) is a finding of the audit, not a crash: the
    // session keeps what was seen (a tls-failed blind spot, say) and the report is still written.
    log(`browse: ${url} did not load: ${(e as Error).message.split('\n', 1)[0]}`);
    return outcome;
  }
  await Promise.all(page.frames().map(inject));
  const timeout = (options.consentTimeoutSeconds ?? 15) * 1000;
  await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, timeout))]);
  if (!outcome.consent) log('browse: no consent banner was answered (none recognised, or the click failed)');
  return outcome;
}
