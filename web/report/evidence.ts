/**
 * The evidence list: filters (search, data type, phase, claim), pages of cards, and routing — a link to #f12 shows
 * the page that holds f12 (clearing filters that hide it) and scrolls to its card. Only one page of cards is in the
 * DOM at a time, so a report with 100,000 findings opens as fast as one with ten. In print mode every card is drawn
 * (up to the print limit) and the page says if some were left out.
 */
import type { PageData, PageFinding } from '../../src/report/page-types.js';
import { card, type CardContext } from './cards.js';
import { byId, h, hashId, plural } from './dom.js';

interface Filters {
  text: string;
  type: string;
  phase: string;
  claim: string;
}

export class EvidenceList {
  private filtered: PageFinding[];
  private page = 0;
  private readonly indexById = new Map<string, number>();

  private readonly all: PageFinding[];

  constructor(private readonly data: PageData, private readonly ctx: CardContext) {
    this.all = ctx.findings;
    this.all.forEach((f, i) => this.indexById.set(f.id, i));
    this.filtered = this.all;
  }

  start(): void {
    if (this.data.print) {
      this.renderAll();
      return;
    }
    for (const id of ['evidence-filter', 'evidence-type', 'evidence-phase', 'evidence-claim']) {
      byId(id)?.addEventListener('input', () => this.applyFilters());
    }
    document.addEventListener('click', (e) => {
      const link = (e.target as Element | null)?.closest?.('a[data-claim]');
      if (!link) return;
      const select = byId<HTMLSelectElement>('evidence-claim');
      if (select) select.value = link.getAttribute('data-claim') ?? '';
      this.applyFilters();
    });
    window.addEventListener('hashchange', () => this.route());
    if (!this.route()) this.render();
  }

  private filters(): Filters {
    const value = (id: string) => (byId<HTMLInputElement | HTMLSelectElement>(id)?.value ?? '');
    return { text: value('evidence-filter').trim().toLowerCase(), type: value('evidence-type'), phase: value('evidence-phase'), claim: value('evidence-claim') };
  }

  private applyFilters(): void {
    const f = this.filters();
    this.filtered = this.all.filter((x) =>
      (!f.type || x.dataType === f.type) && (!f.phase || x.phase === f.phase) && (!f.claim || (x.claims ?? []).includes(f.claim))
      && (!f.text || `${x.id} ${x.dataType} ${x.host} ${x.path} ${x.phase} ${x.detector} ${x.url ?? ''}`.toLowerCase().includes(f.text)));
    this.page = 0;
    this.render();
  }

  private clearFilters(): void {
    for (const id of ['evidence-filter', 'evidence-type', 'evidence-phase', 'evidence-claim']) {
      const el = byId<HTMLInputElement | HTMLSelectElement>(id);
      if (el) el.value = '';
    }
    this.filtered = this.all;
  }

  /** Shows the card the location's hash names, if it is a finding. Returns whether it did. */
  route(): boolean {
    const id = hashId();
    if (!this.indexById.has(id)) return false;
    let at = this.filtered.findIndex((f) => f.id === id);
    if (at < 0) {
      this.clearFilters();
      at = this.indexById.get(id)!;
    }
    this.page = Math.floor(at / this.data.pageSize);
    this.render();
    const el = byId(id);
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.classList.add('flash');
    }
    return true;
  }

  private pages(): number {
    return Math.max(1, Math.ceil(this.filtered.length / this.data.pageSize));
  }

  private render(): void {
    const box = byId('cards');
    if (!box) return;
    const size = this.data.pageSize;
    const shown = this.filtered.slice(this.page * size, (this.page + 1) * size);
    box.replaceChildren(...shown.map((f) => card(f, this.ctx)));
    if (shown.length === 0) box.appendChild(h('p', { class: 'muted' }, 'No finding matches these filters.'));
    this.renderPager();
  }

  private renderPager(): void {
    const pager = byId('evidence-pager');
    if (!pager) return;
    const total = this.pages();
    const go = (page: number) => () => { this.page = page; this.render(); byId('evidence')?.scrollIntoView({ block: 'start' }); };
    const button = (label: string, page: number, disabled: boolean) => {
      const b = h('button', { type: 'button' }, label);
      b.disabled = disabled;
      b.addEventListener('click', go(page));
      return b;
    };
    const first = this.page * this.data.pageSize + 1;
    const last = Math.min(this.filtered.length, (this.page + 1) * this.data.pageSize);
    pager.replaceChildren(
      button('« first', 0, this.page === 0), button('‹ previous', this.page - 1, this.page === 0),
      h('span', {}, this.filtered.length === 0 ? 'no findings' : `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${plural(this.filtered.length, 'finding')} · page ${this.page + 1} of ${total}`),
      button('next ›', this.page + 1, this.page >= total - 1), button('last »', total - 1, this.page >= total - 1));
  }

  private renderAll(): void {
    const box = byId('cards');
    if (!box) return;
    const shown = this.all.slice(0, this.data.printLimit);
    box.replaceChildren(...shown.map((f) => card(f, this.ctx)));
    if (this.all.length > shown.length) {
      box.appendChild(h('p', {}, `This printout shows the first ${plural(shown.length, 'evidence card')} of ${this.all.length.toLocaleString('en-US')}; every finding is in the JSON and HTML reports.`));
    }
  }
}
