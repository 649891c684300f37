/**
 * transfer-to-country-of-concern (where the server is) and controller-in-country-of-concern (who controls the
 * recipient). The two are separate facts and separate claims: a Virginia server run by a Beijing company is one
 * and not the other.
 */
import { countrySet } from '../../catalog/index.js';
import type { ReportDestination, ReportFinding } from '../../model.js';
import type { ClaimId } from '../types.js';
import { dataTypesOf, describeHost, distinctSorted, listOf, plural } from '../text.js';
import { supported, unsupportedOrInconclusive, type ClaimContext, type ClaimEvaluator } from './context.js';
import { WHOLE_CAPTURE } from './window.js';

type Which = 'server' | 'controller';

const COUNTRIES_OF_CONCERN = () => countrySet('countries-of-concern');

function concernFacts(d: ReportDestination | undefined, which: Which, set: ReadonlySet<string>): string[] {
  if (!d) return [];
  if (which === 'server') return d.serverCountry && set.has(d.serverCountry) ? [`server ${listOf(d.serverIps, 3) || 'IP unknown'} in ${d.serverCountry}`] : [];
  const e = d.entity;
  const facts: string[] = [];
  if (e?.country && set.has(e.country)) facts.push(`${e.name} based in ${e.country}`);
  if (e?.parent && e.parentCountry && set.has(e.parentCountry)) facts.push(`parent ${e.parent} in ${e.parentCountry}`);
  return facts;
}

/** Hosts whose side of the question cannot be answered from the report. */
function unknownHosts(ctx: ClaimContext, findings: readonly ReportFinding[], which: Which): string[] {
  return distinctSorted(findings.map((f) => f.host)).filter((h) => {
    const d = ctx.destination(h);
    if (!d) return true;
    return which === 'server' ? d.serverCountry === null : d.entity === null && d.party === 'third';
  });
}

function whereTheyWent(ctx: ClaimContext, findings: readonly ReportFinding[], which: Which): string {
  const places = distinctSorted(findings.map((f) => {
    const d = ctx.destination(f.host);
    if (which === 'server') return d?.serverCountry ?? 'an unknown country';
    if (!d?.entity) return d?.party === 'first' ? "the app's own servers" : 'an unidentified company';
    return `${d.entity.name} (${d.entity.country ?? '?'}${d.entity.parentCountry && d.entity.parentCountry !== d.entity.country ? `, parent in ${d.entity.parentCountry}` : ''})`;
  }));
  return listOf(places);
}

function evaluate(ctx: ClaimContext, id: ClaimId, which: Which) {
  const set = COUNTRIES_OF_CONCERN();
  const concerned = (host: string) => concernFacts(ctx.destination(host), which, set).length > 0;
  const hits = ctx.strong.filter((f) => concerned(f.host));
  if (hits.length > 0) {
    const hosts = distinctSorted(hits.map((f) => f.host))
      .map((h) => `${describeHost(h, ctx.destination(h))}: ${concernFacts(ctx.destination(h), which, set).join(', ')}`);
    const other = which === 'server'
      ? 'Who controls these servers is a separate fact (controller-in-country-of-concern).'
      : 'Where the servers stand is a separate fact (transfer-to-country-of-concern).';
    const subject = which === 'server' ? 'servers in a country of concern' : 'companies based in or owned from a country of concern';
    return supported(id, hits,
      `${plural(hits.length, 'finding')} of personal data (${listOf(dataTypesOf(hits))}) went to ${subject}: ${hosts.join('; ')}. ${other}`);
  }
  const unknown = unknownHosts(ctx, ctx.strong, which);
  const otherMissing = unknown.length === 0 ? [] : [which === 'server'
    ? `the server country of ${listOf(unknown)} (no server IP in the capture, or none the IP database places)`
    : `the company behind ${listOf(unknown)} (not in the catalog)`];
  const notConcerned = which === 'server' ? 'to a server outside the countries of concern' : 'to a company not tied to a country of concern';
  const question = which === 'server' ? 'whether data went to a server in a country of concern' : 'whether data went to a company tied to a country of concern';
  return unsupportedOrInconclusive(ctx, id, {
    window: WHOLE_CAPTURE,
    hides: { what: 'sent', hostSetAside: (h) => (concerned(h) ? null : notConcerned) },
    weak: ctx.weak.filter((f) => concerned(f.host)),
    notSupported: ctx.strong.length > 0
      ? `The ${plural(ctx.strong.length, 'finding')} went to ${which === 'server' ? 'servers in ' : ''}${whereTheyWent(ctx, ctx.strong, which)}; ` +
        `${which === 'server' ? 'none of these is' : 'none is based in or owned from'} a country of concern (${[...set].sort().join(', ')}).`
      : 'No personal data was found in the traffic to any recipient tied to a country of concern.',
    question,
    otherMissing,
  });
}

export const transferToCountryOfConcern: ClaimEvaluator = (ctx) => evaluate(ctx, 'transfer-to-country-of-concern', 'server');
export const controllerInCountryOfConcern: ClaimEvaluator = (ctx) => evaluate(ctx, 'controller-in-country-of-concern', 'controller');
