/**
 * Who the first party is — the app's or site's own domains — decided from the strongest source there is:
 *   1. flag:     --first-party DOMAIN, as given;
 *   2. app:      --app: the package id's domain (com.example.app → example.com) and the domains named in its code that
 *                the capture contacted and no catalog entry names (SDK hosts in the code are catalogued, so they stay out);
 *   3. page:     a browser capture: the registrable domain of each page's document (HAR pages), else of the first
 *                request when it was a document;
 *   4. inferred: an app capture without hints: the registrable domain no catalog entry names that received the most
 *                requests (ties: the one contacted first). Said to be inferred wherever it is shown.
 * A host is first party when it is one of the domains or below one, or when the catalog gives it the same entity.
 */
import type { Attributor } from '../attribute/index.js';
import { normalizeHost, registrableDomain } from '../attribute/index.js';
import { cmp } from '../util/compare.js';
import { hostOf } from '../util/url.js';
import type { CaptureObserver } from './observer.js';
import type { FirstPartyHints, FirstPartyResult } from './types.js';

export function decideFirstParty(observer: CaptureObserver, hints: FirstPartyHints, attributor: Attributor): FirstPartyResult {
  const flag = distinctSorted((hints.flag ?? []).map(normalizeHost).filter(Boolean));
  if (flag.length > 0) {
    return { domains: flag, how: 'flag', reason: `given with --first-party: ${flag.join(', ')}` };
  }
  const app = hints.app ? fromApp(observer, hints.app, attributor) : null;
  if (app) return app;
  const page = fromPages(observer);
  if (page) return page;
  return inferred(observer, attributor);
}

function fromApp(
  observer: CaptureObserver, app: NonNullable<FirstPartyHints['app']>, attributor: Attributor,
): FirstPartyResult | null {
  const contacted = new Set(observer.hostOrder.map((h) => registrableDomain(normalizeHost(h))));
  const fromCode = distinctSorted(app.codeHosts.map((h) => registrableDomain(normalizeHost(h))))
    .filter((d) => contacted.has(d) && attributor.entityOfHost(d) === null);
  const domains = distinctSorted([...app.domains.map(normalizeHost), ...fromCode]);
  if (domains.length === 0) return null;
  const parts: string[] = [];
  if (app.domains.length > 0) parts.push(`the app id ${app.id ?? '?'} names ${app.domains.join(', ')}`);
  if (fromCode.length > 0) parts.push(`the app's code names ${fromCode.join(', ')}, which the capture contacted and no catalog entry names`);
  return { domains, how: 'app', reason: parts.join('; ') };
}

function fromPages(observer: CaptureObserver): FirstPartyResult | null {
  if (observer.pages.length === 0) return fromOrigin(observer);
  const domains = distinctSorted(observer.pages.map((p) => registrableDomain(normalizeHost(p.host))).filter(Boolean));
  if (domains.length === 0) return null;
  const first = observer.pages[0]!;
  const how = first.page === null ? 'the capture began by loading the document' : `the capture's ${plural(observer.pages.length, 'page')} loaded`;
  return { domains, how: 'page', reason: `${how} ${distinctSorted(observer.pages.map((p) => p.url)).slice(0, 3).join(', ')}` };
}

/** A capture of a page's background requests only: the first request's Origin (or Referer) names the page. */
function fromOrigin(observer: CaptureObserver): FirstPartyResult | null {
  const origin = observer.firstOrigin;
  if (!origin) return null;
  const host = hostOf(origin.url);
  if (host === '') return null;
  const domain = registrableDomain(normalizeHost(host));
  return { domains: [domain], how: 'page', reason: `the capture's first request came from a page on ${domain} (its ${origin.header} header: ${origin.url})` };
}

function inferred(observer: CaptureObserver, attributor: Attributor): FirstPartyResult {
  const byDomain = new Map<string, { requests: number; order: number }>();
  observer.hostOrder.forEach((host, order) => {
    if (host === '' || attributor.entityOfHost(host) !== null) return;
    const domain = registrableDomain(normalizeHost(host));
    const entry = byDomain.get(domain) ?? { requests: 0, order };
    entry.requests += observer.hostCounts.get(host) ?? 0;
    byDomain.set(domain, entry);
  });
  const ranked = [...byDomain.entries()].sort(([a, x], [b, y]) => y.requests - x.requests || x.order - y.order || cmp(a, b));
  const best = ranked[0];
  if (!best) {
    return { domains: [], how: 'inferred', reason: 'no hint, and every domain the capture contacted is a catalogued company: no first party' };
  }
  const total = [...observer.hostCounts.values()].reduce((a, b) => a + b, 0);
  const firstDomain = observer.hostOrder.length > 0 ? registrableDomain(normalizeHost(observer.hostOrder[0]!)) : null;
  const firstNote = firstDomain === best[0] ? ', and the first request went to it'
    : firstDomain !== null ? `; the first request went to ${firstDomain}` : '';
  return {
    domains: [best[0]], how: 'inferred',
    reason: `inferred: ${best[0]} received ${best[1].requests} of ${total} requests, the most of any domain no catalog entry names${firstNote}`,
  };
}

/**
 * The first party's hosts: one of the domains or below one, or given the same entity by the catalog as one of them.
 * An object with a method rather than a closure, so that the code calling it stays optimised from one analysis to the
 * next.
 */
export class FirstPartyHosts {
  private readonly suffixes: ReadonlySet<string>;
  private readonly entityIds: ReadonlySet<string>;

  constructor(domains: readonly string[], private readonly attributor: Attributor) {
    this.suffixes = new Set(domains.map(normalizeHost));
    this.entityIds = new Set(domains.map((d) => attributor.entityOfHost(d)?.id).filter((id): id is string => id !== undefined));
  }

  includes(rawHost: string): boolean {
    const host = normalizeHost(rawHost);
    const entity = this.attributor.entityOfHost(host);
    if (entity && this.entityIds.has(entity.id)) return true;
    let dot = -1;
    do {
      if (this.suffixes.has(host.slice(dot + 1))) return true;
      dot = host.indexOf('.', dot + 1);
    } while (dot >= 0);
    return false;
  }
}

function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort(cmp);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
