/** identifier-assigned-before-signup: did a server hand the device an identifier before any signup or login? */
import type { ReportSignal } from '../../model.js';
import { cmp } from '../../util/compare.js';
import { describeHost, distinctSorted, listOf, plural } from '../text.js';
import { ID_ASSIGNMENT_SCOPE } from '../../detect/index.js';
import { inconclusive, NO_EVENTS, supported, unsupportedOrInconclusive, type ClaimContext, type ClaimEvaluator } from './context.js';
import { assignedIds, sinceInstall } from './describe.js';
import { windowInfo, type Window } from './window.js';

const sameExchange = (a: { source: ReportSignal['source'] }, b: { source: ReportSignal['source'] }) =>
  a.source.input === b.source.input && a.source.index === b.source.index;

/** One response may hand out several ids (one signal each): group them by exchange, keeping time order. */
interface Assignment {
  source: ReportSignal['source'];
  time: string;
  host: string;
  ids: string[];
}

function byExchange(signals: readonly ReportSignal[]): Assignment[] {
  const out: Assignment[] = [];
  for (const s of signals) {
    const same = out.find((a) => sameExchange(a, s));
    if (same) same.ids = distinctSorted([...same.ids, assignedIds(s)]);
    else out.push({ source: s.source, time: s.time, host: s.host, ids: [assignedIds(s)] });
  }
  return out;
}

export const identifierAssignedBeforeSignup: ClaimEvaluator = (ctx) => {
  const id = 'identifier-assigned-before-signup';
  const assigned = ctx.input.signals
    .filter((s) => s.kind === 'id-assigned')
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.source.input - b.source.input || a.source.index - b.source.index);
  if (!ctx.hasEvents) {
    const text = assigned.length > 0
      ? `${plural(assigned.length, 'response')} handed the device identifiers, but without tester events there is no signup moment to compare with.`
      : 'Without tester events there is no signup moment to compare with.';
    return inconclusive(id, text, [NO_EVENTS]);
  }
  const signup = [...ctx.eventsOf('signup'), ...ctx.eventsOf('login')].sort((a, b) => cmp(a.at, b.at))[0];
  const signupText = signup ? `before the first ${signup.kind} at ${signup.at}` : 'and no signup or login was recorded in the session';
  const window = ctx.window(signup ? `before the first ${signup.kind} (${signup.at})` : 'the whole session (no signup or login was recorded)',
    (l) => l.beforeSignup);
  const early = byExchange(assigned.filter((s) => ctx.label(s.time).beforeSignup));
  if (early.length > 0) {
    const first = early[0]!;
    const hosts = distinctSorted(early.map((e) => e.host)).map((h) => describeHost(h, ctx.destination(h)));
    const request = ctx.strong.filter((f) => early.some((e) => sameExchange(e, f)));
    const carried = request.length > 0 ? ` The registering requests themselves carried ${plural(request.length, 'finding')}.` : '';
    return supported(id, request,
      `${plural(early.length, 'response')} from ${listOf(hosts)} handed the device identifiers ${signupText}. ` +
      `${early.length === 1 ? 'It came' : 'The first came'} at ${first.time}${sinceInstall(ctx, first.time)} and assigned ${listOf(first.ids)}.${carried}`,
      { exchanges: early.map((e) => e.source), window: windowInfo(window) });
  }
  const responses = byExchange(assigned).length;
  const cookies = cookiesIn(ctx, window);
  const judgedCookies = cookies && ID_ASSIGNMENT_SCOPE.setCookie
    ? ` The ${plural(cookies.cookies, 'cookie')} that ${plural(cookies.responses, 'response')} from ${listOf(cookies.hosts, 4)} set in that ` +
      'window were judged: none held an identifier-shaped value living 30 days or more that a later request sent back.'
    : '';
  const checked = ` Checked: ${ID_ASSIGNMENT_SCOPE.description}.${judgedCookies}`;
  return unsupportedOrInconclusive(ctx, id, {
    window,
    hides: { what: 'received' },
    weak: [],
    notSupported: (responses > 0
      ? `${plural(responses, 'response')} handed the device identifiers, all after the first ${signup?.kind ?? 'signup'} at ${signup?.at ?? '?'}.`
      : `No response ${signup ? `before the first ${signup.kind}` : 'in the session'} was recognised as handing the device an identifier.`) + checked,
    question: 'whether an identifier was assigned before signup',
    searched: false,
    otherMissing: cookies && !ID_ASSIGNMENT_SCOPE.setCookie
      ? [`a judgement of the ${plural(cookies.cookies, 'cookie')} that ${plural(cookies.responses, 'response')} from ${listOf(cookies.hosts, 4)} set in that window ` +
        '(telltale does not yet judge Set-Cookie values as assigned identifiers)']
      : [],
  });
};

/** Cookies set by responses in the window: the commonest way a server hands a client an identifier. */
function cookiesIn(ctx: ClaimContext, window: Window): { cookies: number; responses: number; hosts: string[] } | null {
  const setting = (ctx.input.exchanges ?? []).filter((e) => e.setCookies > 0 && window.contains(e.timeMs));
  if (setting.length === 0) return null;
  return {
    cookies: setting.reduce((n, e) => n + e.setCookies, 0),
    responses: setting.length,
    hosts: distinctSorted(setting.map((e) => e.host)),
  };
}
