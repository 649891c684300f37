/**
 * telltale.declaration/1 statements: policy statements a vendor makes in words ("US data is stored in Virginia",
 * "nothing goes to China", "no third-party sharing"), each checked against the capture.
 */
import { countrySet } from '../../catalog/index.js';
import type { ReportFinding } from '../../model.js';
import { cmp } from '../../util/compare.js';
import { searchedPhrase } from '../claims/context.js';
import { MIN_MEDIA_BYTES } from '../claims/unposted-media.js';
import { distinctSorted, listOf, plural } from '../text.js';
import { describeFindings, describeUnreadableSent, type Evidence } from './evidence.js';
import type { OwnStatement } from './formats.js';
import type { Outcome } from './outcome.js';

export function checkOwn(s: OwnStatement, ev: Evidence): Outcome {
  switch (s.kind) {
    case 'storage-countries':
      return storage(s.countries, ev);
    case 'no-collection-before-consent':
      return beforeConsent(ev);
    case 'no-third-party-sharing':
      return noThirdParty(s.except, ev);
    case 'not-collected':
      return notSent(s.dataTypes, ev, () => true, 'leaving the device');
    case 'not-shared':
      return notSent(s.dataTypes, ev, (h) => ev.party(h) !== 'first', 'going to a third party');
    case 'no-transfer-to':
      return noTransfer(new Set([...(s.countries ?? []), ...(s.countrySets ?? []).flatMap((n) => [...countrySet(n)])]), ev);
  }
}

/** "US (api.x.example: 12 findings), CN (…)": where the servers that received personal data stand. */
function serverCountries(ev: Evidence, findings: readonly ReportFinding[]): string {
  const byCountry = new Map<string, Set<string>>();
  for (const f of findings) {
    const c = ev.ctx.destination(f.host)?.serverCountry ?? 'an unknown country';
    byCountry.set(c, (byCountry.get(c) ?? new Set()).add(f.host));
  }
  return [...byCountry.entries()].sort(([a], [b]) => cmp(a, b)).map(([c, hosts]) => `${c} (${listOf([...hosts].sort(cmp), 3)})`).join('; ');
}

function storage(countries: readonly string[], ev: Evidence): Outcome {
  const stated = new Set(countries);
  const elsewhere = ev.ctx.strong.filter((f) => {
    const c = ev.ctx.destination(f.host)?.serverCountry;
    return !c || !stated.has(c);
  });
  const seen = ev.ctx.strong.length > 0
    ? ` What traffic does show is where the receiving servers stand: personal data went to servers in ${serverCountries(ev, ev.ctx.strong)}.`
    : ' No personal data was seen going anywhere in this capture.';
  const outside = elsewhere.length > 0
    ? ` ${plural(elsewhere.length, 'finding')} went to servers outside ${listOf([...stated].sort(cmp))} or of unknown location — where data was sent, not where it is stored: a server may forward, cache or discard what it receives.`
    : '';
  return {
    verdict: 'unverifiable', findings: elsewhere,
    why: `Where data is stored is not visible in traffic.${seen}${outside}`,
    wouldSettle: ['the operator\'s records of where the data is stored and backed up, or an audit of its data centres'],
  };
}

function beforeConsent(ev: Evidence): Outcome {
  const claim = ev.claims.find((c) => c.id === 'pre-consent-collection');
  if (!claim) return { verdict: 'unverifiable', findings: [], why: 'The pre-consent claim was not evaluated.', wouldSettle: ['tester events with the consent moment'] };
  const cited = ev.ctx.strong.filter((f) => claim.findings.includes(f.id));
  switch (claim.verdict) {
    case 'supported':
      return { verdict: 'contradicted', findings: cited, why: claim.summary };
    case 'not-supported':
      return { verdict: 'consistent', findings: [], why: claim.summary };
    case 'inconclusive':
      return { verdict: 'unverifiable', findings: [], why: claim.summary, wouldSettle: claim.missing ?? [] };
  }
}

/** Whether a destination is one of the exceptions: an entity id or name (or its parent's), or a domain and its subdomains. */
function excepted(ev: Evidence, host: string, except: readonly string[]): boolean {
  const d = ev.ctx.destination(host);
  const names = [d?.entity?.id, d?.entity?.name, d?.entity?.parent].filter((n): n is string => !!n).map((n) => n.toLowerCase());
  return except.some((x) => {
    const e = x.toLowerCase();
    return names.includes(e) || host === e || host.endsWith(`.${e}`);
  });
}

function noThirdParty(except: readonly string[], ev: Evidence): Outcome {
  const outside = (h: string) => !excepted(ev, h, except);
  const third = ev.ctx.strong.filter((f) => ev.party(f.host) === 'third' && outside(f.host));
  const exceptText = except.length > 0 ? ` (other than ${listOf([...except])})` : '';
  if (third.length > 0) {
    return { verdict: 'contradicted', findings: third, why: `Personal data went to third parties${exceptText}: ${describeFindings(ev, third)}.` };
  }
  const unknown = ev.ctx.strong.filter((f) => ev.party(f.host) === 'unknown' && outside(f.host));
  if (unknown.length > 0) {
    return {
      verdict: 'unverifiable', findings: unknown,
      why: `${describeFindings(ev, unknown)}: sent to hosts that nobody identified as the app's own or a third party's.`,
      wouldSettle: [`which of ${listOf(distinctSorted(unknown.map((f) => f.host)))} are the app's own servers (--first-party or --app)`],
    };
  }
  return nothingFound(ev, `personal data going to a third party${exceptText}`, (h) => ev.party(h) !== 'first' && outside(h), []);
}

function notSent(patterns: readonly string[], ev: Evidence, hostMatters: (h: string) => boolean, where: string): Outcome {
  const what = listOf([...patterns]);
  const hits = ev.strongOf(patterns).filter((f) => hostMatters(f.host));
  if (hits.length > 0) return { verdict: 'contradicted', findings: hits, why: `Found ${where}: ${describeFindings(ev, hits)}.` };
  const unsearched = patterns.filter((p) => !ev.searched(p));
  if (unsearched.length > 0) {
    return {
      verdict: 'unverifiable', findings: [],
      why: `${listOf(unsearched)} ${unsearched.length === 1 ? 'was' : 'were'} not searched for: no device profile value of that type was given.`,
      wouldSettle: [`a device profile with the values of ${listOf(unsearched)}`],
    };
  }
  const weak = ev.weakOf(patterns).filter((f) => hostMatters(f.host));
  const mediaOnly = patterns.every((p) => p.startsWith('media.'));
  return nothingFound(ev, `${what} ${where}`, hostMatters, weak, mediaOnly ? MIN_MEDIA_BYTES : undefined);
}

function noTransfer(countries: ReadonlySet<string>, ev: Evidence): Outcome {
  const list = listOf([...countries].sort(cmp), 8);
  const server = (h: string) => ev.ctx.destination(h)?.serverCountry ?? null;
  const hits = ev.ctx.strong.filter((f) => {
    const c = server(f.host);
    return c !== null && countries.has(c);
  });
  const controllers = ev.ctx.strong.filter((f) => {
    const e = ev.ctx.destination(f.host)?.entity;
    const c = server(f.host);
    return !hits.includes(f) && c !== null && ((e?.country && countries.has(e.country)) || (e?.parentCountry && countries.has(e.parentCountry)));
  });
  const control = controllers.length > 0
    ? ` Separately, ${describeFindings(ev, controllers)} went to servers elsewhere run by companies based in or owned from ${list}: a fact about control, not transfer.`
    : '';
  if (hits.length > 0) return { verdict: 'contradicted', findings: hits, why: `Personal data went to servers in ${list}: ${describeFindings(ev, hits)}.${control}` };
  const unknown = ev.ctx.strong.filter((f) => server(f.host) === null);
  if (unknown.length > 0) {
    return {
      verdict: 'unverifiable', findings: unknown,
      why: `${describeFindings(ev, unknown)}: the servers' countries are unknown (no server IP in the capture, or none the IP database places).${control}`,
      wouldSettle: ['the server IP addresses (a capture that records them), or a fresher IP database (--ip-country-db)'],
    };
  }
  return nothingFound(ev, `personal data going to servers in ${list}`, (h) => {
    const c = server(h);
    return c === null || countries.has(c);
  }, [], undefined, control);
}

/** Nothing found: "consistent" only when nothing unreadable could hide it and nothing weaker points at it. */
function nothingFound(ev: Evidence, what: string, hostMatters: (h: string) => boolean, weak: readonly ReportFinding[], minBytes?: number, extra = ''): Outcome {
  const blind = ev.unreadableSent(hostMatters, minBytes);
  const scope = ev.ctx.input.searched;
  if (scope && !scope.generic && scope.profileTypes.length === 0) {
    return { verdict: 'unverifiable', findings: [], why: 'Nothing was searched for: no device profile was given and the profile-free detectors were off.', wouldSettle: ['a device profile, or the profile-free detectors'] };
  }
  if (weak.length > 0 || blind.length > 0) {
    const parts = [
      weak.length > 0 ? `${plural(weak.length, 'possible match', 'possible matches')} (${describeFindings(ev, weak)})` : '',
      blind.length > 0 ? describeUnreadableSent(blind) : '',
    ].filter((p) => p !== '');
    return {
      verdict: 'unverifiable', findings: weak,
      why: `No ${what} was confirmed, but ${parts.join(' and ')} could be it.${extra}`,
      wouldSettle: [weak.length > 0 ? 'stronger evidence for the possible matches (a device profile with the values)' : '',
        blind.length > 0 ? 'the readable content of the unreadable exchanges' : ''].filter((w) => w !== ''),
    };
  }
  const exchanges = ev.ctx.input.exchanges;
  const seen = exchanges ? ` in ${plural(exchanges.length, 'exchange')}` : '';
  return { verdict: 'consistent', findings: [], why: `No ${what} was found${seen}.${searchedPhrase(scope)}${extra}` };
}
