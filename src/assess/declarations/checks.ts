/**
 * The checks behind store-label statements, with the stores' own semantics: collected is not shared; data SDKs send
 * counts as collected wherever it goes; data only the app's own server receives may be exempt (Play's ephemeral
 * processing, Apple's real-time servicing) — traffic cannot tell, so that is "unverifiable", never "consistent";
 * a transfer to a service provider is not sharing under Play's rules — only recipients whose business is advertising
 * are taken never to be one; "linked to you" is tested on the request that carried the data; tracking on identifiers
 * sent to advertising or attribution companies, or synced between companies.
 */
import type { ReportFinding } from '../../model.js';
import { searchedPhrase } from '../claims/context.js';
import { distinctSorted, listOf, plural } from '../text.js';
import { describeFindings, describeUnreadableSent, type Evidence } from './evidence.js';
import type { Outcome } from './outcome.js';
import type { StoreId, StoreType } from './store-types.js';

/** Types that identify a person or a device: data travelling beside them is linked to the user. */
export const IDENTITY_TYPES = ['account.email', 'account.phone', 'account.name', 'account.username'] as const;
export const DEVICE_ID_TYPES = [
  'device.imei', 'device.imsi', 'device.serial', 'device.android_id', 'device.ad_id', 'device.idfv', 'device.mac',
  'device.bluetooth_mac', 'device.sdk_id', 'tracking.id',
] as const;

const isIdentity = (t: string) => (IDENTITY_TYPES as readonly string[]).includes(t);
const isDeviceId = (t: string) => (DEVICE_ID_TYPES as readonly string[]).includes(t);

const COLLECT_RULE: Record<StoreId, string> = { play: 'play-sdk-collection', apple: 'apple-collect' };

/** A type the label declares ("may collect X"): observed or not, it is not contradicted by traffic. */
export function declaredOutcome(ev: Evidence, type: StoreType | null, findings: readonly ReportFinding[], what: string, name?: string): Outcome {
  if (!type || type.telltale.length === 0) {
    return {
      verdict: 'unverifiable', findings: [],
      why: `telltale does not recognise ${name ?? (type ? type.name : 'this data')} in traffic, so the capture neither shows nor rules it out.`,
      wouldSettle: ['evidence beyond traffic: the app\'s code, or the developer\'s records'],
    };
  }
  if (findings.length > 0) return { verdict: 'consistent', findings, why: `Observed ${what}: ${describeFindings(ev, findings)}.` };
  return {
    verdict: 'consistent', findings: [],
    why: `Not observed ${what} in this capture; a label says what an app may do, so absence does not contradict it.`,
  };
}

/** Nothing of these types may leave the device; used for "No data collected" and for types the label leaves out. */
export function undeclaredCollectedOutcome(ev: Evidence, store: StoreId, findings: readonly ReportFinding[], what: string): Outcome {
  if (findings.length === 0) return nothingSeenOutcome(ev, 'personal data of a type the label covers', () => true, store);
  const third = findings.filter((f) => ev.party(f.host) === 'third');
  const unknown = findings.filter((f) => ev.party(f.host) === 'unknown');
  if (third.length > 0) {
    return {
      verdict: 'contradicted', findings: third, rules: [COLLECT_RULE[store]],
      why: `${describeFindings(ev, third)}: ${what}. Data that libraries and SDKs send off the device counts as collected by the app, wherever it goes.`,
    };
  }
  if (unknown.length > 0) {
    return {
      verdict: 'unverifiable', findings: unknown, rules: [COLLECT_RULE[store]],
      why: `${describeFindings(ev, unknown)}: ${what}, sent to hosts that nobody identified as the app's own or a third party's.`,
      wouldSettle: [`which of ${listOf(distinctSorted(unknown.map((f) => f.host)))} are the app's own servers (--first-party or --app)`],
    };
  }
  const hosts = listOf(distinctSorted(findings.map((f) => f.host)));
  const exemption = store === 'play'
    ? 'Google Play does not show data that is processed ephemerally (kept only to serve the request in real time) on the store page, so the label may leave it out'
    : 'Apple counts data as collected only when it is kept longer than needed to serve the request in real time, and lets data the user ' +
      'types in and sends on purpose, occasionally and outside the app\'s main use, go undisclosed (optional disclosure)';
  return {
    verdict: 'unverifiable', findings, rules: store === 'play' ? ['play-ephemeral'] : ['apple-collect', 'apple-optional-disclosure'],
    why: `${describeFindings(ev, findings)}: ${what}, sent only to the app's own servers. ${exemption}; how long a server keeps data is not visible in traffic.`,
    wouldSettle: [`whether ${hosts} keep${findings.length === 1 ? 's' : ''} ${listOf(distinctSorted(findings.map((f) => f.dataType)))} beyond serving the request (the developer's retention records, or its answers in the store's form)`],
  };
}

const isAdvertising = (ev: Evidence, host: string) => ev.roles(host).has('advertising');

/** Play: these types may not go to third parties; for "No data shared" and for types left out of data shared. */
export function undeclaredSharedOutcome(ev: Evidence, findings: readonly ReportFinding[], what: string): Outcome {
  const third = findings.filter((f) => ev.party(f.host) === 'third');
  if (third.length === 0) {
    const unknown = findings.filter((f) => ev.party(f.host) === 'unknown');
    if (unknown.length > 0) {
      return {
        verdict: 'unverifiable', findings: unknown,
        why: `${describeFindings(ev, unknown)}: sent to hosts that nobody identified as the app's own or a third party's.`,
        wouldSettle: [`which of ${listOf(distinctSorted(unknown.map((f) => f.host)))} are the app's own servers (--first-party or --app)`],
      };
    }
    return nothingSeenOutcome(ev, 'personal data going to a third party', (h) => ev.party(h) !== 'first', 'play');
  }
  const ads = third.filter((f) => isAdvertising(ev, f.host));
  if (ads.length > 0) {
    return {
      verdict: 'contradicted', findings: ads, rules: ['play-service-provider'],
      why: `${describeFindings(ev, ads)} went to hosts catalogued as advertising (by the SDK that uses them, else by their company); ${what}. ` +
        'Play does not count a transfer to a service provider processing data on the developer\'s behalf as sharing; telltale does not take an ' +
        'advertising recipient to be one.',
    };
  }
  const companies = listOf(distinctSorted(third.map((f) => ev.ctx.destination(f.host)?.entity?.name ?? f.host)));
  return {
    verdict: 'unverifiable', findings: third, rules: ['play-service-provider', 'play-legal-user-initiated-anonymous'],
    why: `${describeFindings(ev, third)} went to third parties; ${what}. Play does not count transfers to a service provider that processes ` +
      'the data on the developer\'s behalf as sharing (nor transfers for legal purposes, that the user starts, or of anonymised data); ' +
      `whether ${companies} act only on the developer's behalf is a matter of contract, not visible in traffic.`,
    wouldSettle: [`the developer's contracts with ${companies}, or their published Data safety guidance`],
  };
}

/** Nothing was found: "consistent" only if nothing unreadable could hide it and detection looked at all. */
function nothingSeenOutcome(ev: Evidence, what: string, hostMatters: (h: string) => boolean, store: StoreId): Outcome {
  const blind = ev.unreadableSent(hostMatters);
  const exchanges = ev.ctx.input.exchanges;
  const scope = ev.ctx.input.searched;
  if (scope && !scope.generic && scope.profileTypes.length === 0) {
    return { verdict: 'unverifiable', findings: [], why: 'Nothing was searched for: no device profile was given and the profile-free detectors were off.', wouldSettle: ['a device profile, or the profile-free detectors'] };
  }
  if (blind.length > 0) {
    return {
      verdict: 'unverifiable', findings: [], rules: [COLLECT_RULE[store]],
      why: `No ${what} was found, but ${describeUnreadableSent(blind)} could hold it.`,
      wouldSettle: ['the readable content of those exchanges (a capture with the TLS keys, or without the app\'s own encryption)'],
    };
  }
  const seen = exchanges ? ` in ${plural(exchanges.length, 'exchange')}` : '';
  return { verdict: 'consistent', findings: [], why: `No ${what} was found${seen}.${searchedPhrase(scope)}` };
}

/** Apple "not linked to you": the data must not travel beside the user's or the device's identifiers. */
export function notLinkedOutcome(ev: Evidence, findings: readonly ReportFinding[], what: string): Outcome {
  if (findings.length === 0) return { verdict: 'consistent', findings: [], why: `Not observed ${what} in this capture, so nothing links it to the user.` };
  const sameExchange = (a: ReportFinding, b: ReportFinding) => a.source.input === b.source.input && a.source.index === b.source.index;
  const links = new Map<ReportFinding, ReportFinding[]>();
  for (const f of findings) {
    // Another kind of identifier in the same request ties the data to the person or the device.
    const ids = ev.ctx.strong.filter((g) => g !== f && sameExchange(f, g) && g.dataType !== f.dataType && (isIdentity(g.dataType) || isDeviceId(g.dataType)));
    if (ids.length > 0) links.set(f, ids);
  }
  if (links.size === 0) {
    return { verdict: 'consistent', findings, why: `Observed ${what} (${describeFindings(ev, findings)}), never in a request that also carried another account or device identifier.` };
  }
  const [first, ids] = [...links.entries()][0]!;
  const cited = new Map<string, ReportFinding>();
  for (const [f, gs] of links) for (const x of [f, ...gs]) cited.set(x.id, x);
  return {
    verdict: 'contradicted', findings: [...cited.values()], rules: ['apple-linked'],
    why: `${plural(links.size, 'finding')} of data declared not linked travelled in the same request as another identifier of the user or device; ` +
      `the first: ${first.id} (${first.dataType}) with ${listOf(ids.map((g) => `${g.id} (${g.dataType})`))} to ${first.host}.`,
  };
}

/** Apple, no "Data Used to Track You" section: no identifier to advertising or attribution companies, none synced. */
export function noTrackingOutcome(ev: Evidence): Outcome {
  const tracker = (h: string) => ev.party(h) !== 'first' && (ev.roles(h).has('advertising') || ev.roles(h).has('attribution'));
  const sent = ev.strongOf([...IDENTITY_TYPES, ...DEVICE_ID_TYPES]).filter((f) => tracker(f.host));
  const syncIds = new Set(ev.syncs.flatMap((s) => s.findings));
  const synced = ev.ctx.strong.filter((f) => syncIds.has(f.id));
  const all = [...new Map([...sent, ...synced].map((f) => [f.id, f])).values()];
  if (all.length > 0) {
    const parts = [
      sent.length > 0 ? `${describeFindings(ev, sent)} went to hosts catalogued as advertising or attribution (by the SDK that uses them, else by their company)` : '',
      ev.syncs.length > 0 ? `${plural(ev.syncs.length, 'identifier')} travelled between companies (identifier syncs)` : '',
    ].filter((p) => p !== '');
    return { verdict: 'contradicted', findings: all, rules: ['apple-tracking'], why: `${parts.join('; and ')}.` };
  }
  const blind = ev.unreadableSent(tracker);
  if (blind.length > 0) {
    return {
      verdict: 'unverifiable', findings: [], rules: ['apple-tracking'],
      why: `No identifier was seen going to a host catalogued as advertising or attribution, but ${describeUnreadableSent(blind)} could carry one.`,
      wouldSettle: ['the readable content of those exchanges'],
    };
  }
  return {
    verdict: 'consistent', findings: [], rules: ['apple-tracking'],
    why: 'No identifier was seen going to a host catalogued as advertising or attribution (by the SDK that uses it, else by its company), ' +
      'nor travelling between companies; linking done on servers is out of sight of traffic.',
  };
}

/** Play security practices: encryption in transit is visible in traffic; the others are not. */
export function practiceOutcome(ev: Evidence, practice: string): Outcome {
  const p = practice.toLowerCase();
  if (p.includes('encrypted in transit') && !/\b(not|isn'?t)\b/.test(p)) {
    const exchanges = ev.ctx.input.exchanges;
    if (!exchanges) return { verdict: 'unverifiable', findings: [], why: 'Which exchanges used TLS is not known here.', wouldSettle: ['the capture itself'] };
    const plain = new Set(exchanges.filter((e) => !e.secure).map((e) => `${e.source.input}:${e.source.index}`));
    const cleartext = ev.ctx.strong.filter((f) => plain.has(`${f.source.input}:${f.source.index}`));
    if (cleartext.length > 0) {
      return { verdict: 'contradicted', findings: cleartext, rules: ['play-encryption-in-transit'], why: `${describeFindings(ev, cleartext)}: sent over plain HTTP, unencrypted.` };
    }
    const why = plain.size === 0
      ? `All ${plural(exchanges.length, 'exchange')} used TLS (https or wss).`
      : `Every exchange that carried personal data used TLS (https or wss); ${exchanges.length - plain.size} of ${plural(exchanges.length, 'exchange')} did, ` +
        `and the ${plain.size} in plain HTTP carried no personal data telltale recognised.`;
    return { verdict: 'consistent', findings: [], rules: ['play-encryption-in-transit'], why };
  }
  return {
    verdict: 'unverifiable', findings: [],
    why: 'A practice of the developer (deletion, review, policy commitments) that traffic does not show.',
    wouldSettle: ['the developer\'s records or an independent audit'],
  };
}
