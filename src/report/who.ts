/** Who a destination's data goes to, as a reader names it: the company, its owner, and the controller's country. */
import type { ReportDestination } from '../model.js';

export const FIRST_PARTY_LABEL = 'first party (the app)';

/** The country whose law governs the receiving company: its ultimate parent's headquarters. */
export function controllerCountry(d: ReportDestination): string | null {
  return d.entity ? d.entity.parentCountry ?? d.entity.country : null;
}

export function companyOf(d: ReportDestination | undefined): string {
  if (!d) return 'unknown';
  if (d.entity) return d.entity.name;
  return d.party === 'first' ? FIRST_PARTY_LABEL : `unattributed (${d.domain})`;
}

/** The ultimate owner (as of the capture, as attribution dated it) when it is not the company itself. */
export function ownerOf(d: ReportDestination): string | null {
  const owner = d.entity ? d.entity.ultimateParent ?? d.entity.parent : null;
  return owner && owner !== d.entity?.name ? owner : null;
}
