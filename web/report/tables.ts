/** The destinations table: click a header to sort (numbers and times sort as such), type to filter rows. */
import { byId } from './dom.js';

function sortKey(cell: Element | undefined): string {
  return cell?.getAttribute('data-sort') ?? cell?.textContent?.trim().toLowerCase() ?? '';
}

function compareKeys(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function enhanceTable(tableId: string, filterId: string): void {
  const table = byId<HTMLTableElement>(tableId);
  if (!table) return;
  const body = table.tBodies[0];
  if (!body) return;
  let sortedBy = -1;
  let ascending = true;
  table.querySelectorAll('thead th').forEach((th, column) => {
    th.setAttribute('tabindex', '0');
    const sort = () => {
      ascending = sortedBy === column ? !ascending : true;
      sortedBy = column;
      const rows = [...body.rows];
      rows.sort((r1, r2) => compareKeys(sortKey(r1.cells[column]), sortKey(r2.cells[column])) * (ascending ? 1 : -1));
      body.append(...rows);
      table.querySelectorAll('thead th').forEach((other, i) =>
        other.setAttribute('aria-sort', i === column ? (ascending ? 'ascending' : 'descending') : 'none'));
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') sort(); });
  });
  const filter = byId<HTMLInputElement>(filterId);
  filter?.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const row of body.rows) row.hidden = q !== '' && !(row.textContent ?? '').toLowerCase().includes(q);
  });
}
