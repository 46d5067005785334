import { css, html, LitElement, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { apiGet, ApiProblem } from '../api/api-client';
import type { CorrectionListEntry, Page, Portfolio } from '../api/types';
import { lagNote } from '../components/lag-note';
import { sharedStyles } from '../components/shared-styles';
import { parseBusinessDate } from '../../../../libs/domain/src/values/business-date';
import { formatDate, formatDistribuidora, formatMonth, pluralPtBr, rebillingTotalPtBr } from '../format/pt-br';
import { hrefOf, NO_CORRECTIONS_FILTER, type CorrectionsFilter } from '../router';

/** "05/06/2026" → "2026-06-05"; "" for an empty field, null for anything that is not a calendar day. */
function isoDateOf(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!m) return null;
  return calendarDayOf(`${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`);
}

/** An ISO date if it is a calendar day (the domain's calendar: 31/06 is refused, as the API checks it), else null. */
function calendarDayOf(iso: string): string | null {
  try {
    return parseBusinessDate(iso);
  } catch {
    return null;
  }
}

/** A date field's text: dd/mm/aaaa for a calendar day; anything else (from a hand-edited URL) as it came. */
const fieldTextOf = (iso: string): string => (iso && calendarDayOf(iso) ? formatDate(iso) : iso);

/** A date field of the filter (dd/mm/aaaa text: Chromium's date picker showed mm/dd/yyyy), showing `iso`. */
const dateField = (label: string, name: 'from' | 'to', iso: string) =>
  html`<label
    >${label}
    <input
      name=${name}
      inputmode="numeric"
      placeholder="dd/mm/aaaa"
      autocomplete="off"
      .value=${live(fieldTextOf(iso))}
      data-testid="corrections-${name}"
  /></label>`;

/** What is wrong with a filter's dates, in pt-BR (the same words for typed fields and a hand-edited URL), or ''. */
function filterProblemOf(filter: CorrectionsFilter): string {
  const wrong = [
    filter.from && !calendarDayOf(filter.from) ? 'De' : null,
    filter.to && !calendarDayOf(filter.to) ? 'Até' : null,
  ].filter((x) => x !== null);
  if (wrong.length > 0)
    return `${wrong.join(' e ')}: escreva a data como dd/mm/aaaa (por exemplo 05/06/2026), ou deixe em branco.`;
  if (filter.from && filter.to && filter.from > filter.to)
    return 'A data inicial é depois da final: nenhuma retificação cabe nesse período.';
  return '';
}

/** What a correction re-billed, in words: "2 UCs, 3 faturas" (and how many had no tariff). */
function rebilledText(c: CorrectionListEntry): string {
  if (c.rebilledCycles === 0) return 'nenhuma fatura muda';
  const unpriced = c.unpricedCycles === 0 ? '' : ` (${c.unpricedCycles} sem tarifa em R$)`;
  return `${pluralPtBr(c.rebilledUcs, 'UC', 'UCs')}, ${pluralPtBr(c.rebilledCycles, 'fatura', 'faturas')}${unpriced}`;
}

/**
 * Retificações: every correction of the distribuidoras (`GET /v1/corrections`), newest first, with what each
 * re-billed and the net R$ to refund or charge; each links to its report. Filtered by distribuidora and date; the filter
 * is the route's (the URL's), so the browser's back button and a bookmark bring a filtered list back.
 */
export class CorrectionsView extends LitElement {
  static override properties = {
    filter: { attribute: false, hasChanged: (a?: CorrectionsFilter, b?: CorrectionsFilter) => !sameFilter(a, b) },
    items: { state: true },
    nextCursor: { state: true },
    distribuidoras: { state: true },
    lag: { state: true },
    error: { state: true },
    loading: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      form.actions {
        align-items: end;
      }
      form label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 0.8rem;
        color: #5b6b7a;
      }
      input {
        width: 9.5em;
      }
      select,
      input {
        font: inherit;
        font-size: 0.9rem;
        color: #1b2631;
        padding: 5px 8px;
        border: 1px solid #b8c4cf;
        border-radius: 6px;
        background: #fff;
      }
    `,
  ];

  declare items: CorrectionListEntry[] | null;
  declare nextCursor: string | null;
  declare distribuidoras: string[];
  declare lag: number;
  declare error: string;
  declare loading: boolean;
  /** The filter in the URL (set by the app from the route). */
  declare filter: CorrectionsFilter;
  /** The first page has been answered (the filter form stays while a later one loads). */
  private shownOnce = false;

  constructor() {
    super();
    this.items = null;
    this.nextCursor = null;
    this.distribuidoras = [];
    this.lag = 0;
    this.error = '';
    this.loading = false;
    this.filter = NO_CORRECTIONS_FILTER;
  }

  /** A new filter (the first one, or the URL changed): its first page, or what is wrong with its dates. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filter')) this.showFilter();
  }

  private showFilter(): void {
    this.nextCursor = null;
    this.items = null;
    // A hand-edited URL's date that is not a day: the problem, in place of a list.
    this.error = filterProblemOf(this.filter);
    if (!this.error) void this.load(null);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    apiGet<Portfolio>('/v1/portfolio')
      .then(({ body }) => (this.distribuidoras = body.distribuidoras.map((d) => d.distribuidora)))
      .catch(() => undefined);
  }

  /** The first page (cursor null) or the next one, appended. */
  private async load(cursor: string | null): Promise<void> {
    const query = new URLSearchParams();
    if (this.filter.distribuidora) query.set('distribuidora', this.filter.distribuidora);
    if (this.filter.from) query.set('from', this.filter.from);
    if (this.filter.to) query.set('to', this.filter.to);
    if (cursor) query.set('cursor', cursor);
    const asked = { ...this.filter };
    this.loading = true;
    this.error = '';
    try {
      const { body, lag } = await apiGet<Page<CorrectionListEntry>>(`/v1/corrections?${query.toString()}`);
      // A filter changed while this page was on its way: its answer is not this list's.
      if (JSON.stringify(asked) !== JSON.stringify(this.filter)) return;
      this.shownOnce = true;
      this.items = cursor ? [...(this.items ?? []), ...body.items] : body.items;
      this.nextCursor = body.nextCursor;
      this.lag = lag;
    } catch (error) {
      this.error =
        error instanceof ApiProblem && error.status === 422
          ? 'Confira o filtro: a API recusou a distribuidora ou as datas.'
          : (error as Error).message;
    } finally {
      this.loading = false;
    }
  }

  /** The form's filter goes to the URL (the app hands it back as `filter`); the same filter again reloads it. */
  private applyFilter(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const from = isoDateOf(String(form.get('from') ?? ''));
    const to = isoDateOf(String(form.get('to') ?? ''));
    // A date that is not a day stays out of the URL: the problem names its field, and the list stays as it was.
    const typed = { distribuidora: String(form.get('distribuidora') ?? ''), from: from ?? '?', to: to ?? '?' };
    const problem = filterProblemOf(typed);
    if (problem) {
      this.error = problem;
      return;
    }
    const href = hrefOf({ view: 'corrections', filter: typed });
    if (location.hash === href) this.showFilter();
    else location.hash = href;
  }

  override render() {
    // The heading waits for the first answer, as every view's does (the layout tests wait for it).
    if (this.items === null && !this.error && !this.shownOnce)
      return html`<p class="muted">Carregando as retificações…</p>`;
    return html`
      <h1>Retificações</h1>
      <p class="subtitle">Leituras retificadas, das mais recentes às mais antigas, e o que cada uma refaturou.</p>
      ${lagNote(this.lag)}
      <form class="actions" @submit=${this.applyFilter} data-testid="corrections-filter">
        <label
          >Distribuidora
          <select name="distribuidora" data-testid="corrections-distribuidora">
            <option value="">todas</option>
            ${this.distributorOptions().map(
              (d) =>
                html`<option value=${d} ?selected=${d === this.filter.distribuidora}>
                  ${formatDistribuidora(d)}
                </option>`,
            )}
          </select></label
        >
        ${dateField('De', 'from', this.filter.from)} ${dateField('Até', 'to', this.filter.to)}
        <button class="link" type="submit" data-testid="corrections-apply">Filtrar</button>
      </form>
      ${this.error ? html`<p class="error" data-testid="corrections-error">${this.error}</p>` : ''}
      ${this.items === null && this.error ? '' : html`<div class="card" tabindex="0">${this.list()}</div>`}
    `;
  }

  /** The portfolio's distribuidoras, and the URL's when the portfolio has none by that code (its list is then empty). */
  private distributorOptions(): string[] {
    const d = this.filter.distribuidora;
    return d && !this.distribuidoras.includes(d) ? [...this.distribuidoras, d] : this.distribuidoras;
  }

  private list() {
    // A page that did not come says why above (the error), not "loading" forever.
    if (this.items === null) return this.error ? '' : html`<p class="muted">Carregando as retificações…</p>`;
    if (this.items.length === 0)
      return html`<p class="muted" data-testid="corrections-empty">Nenhuma retificação nesse filtro.</p>`;
    return html`<table class="stacked" data-testid="corrections">
        <tr class="head">
          <th>Retificada em</th>
          <th>UC</th>
          <th>Ciclo</th>
          <th>Refaturou</th>
          <th>Diferença</th>
          <th>Processo</th>
          <th>Motivo</th>
        </tr>
        ${this.items.map(
          (c) =>
            html`<tr data-testid="correction-row">
              <td data-label="Retificada em">
                <a href=${hrefOf({ view: 'correction', correctionId: c.id })} title=${c.id}>${formatDate(c.date)}</a>
              </td>
              <td data-label="UC"><a href=${hrefOf({ view: 'uc', ucId: c.ucId })}>${c.ucId}</a></td>
              <td data-label="Ciclo">${formatMonth(c.cycle)}</td>
              <td data-label="Refaturou">${rebilledText(c)}</td>
              <td data-label="Diferença" data-testid="correction-row-total">
                ${rebillingTotalPtBr(c.totalDifference)}
              </td>
              <td data-label="Processo">${c.reference}</td>
              <td data-label="Motivo" class="wrap">${c.reason}</td>
            </tr>`,
        )}
      </table>
      ${
        this.nextCursor
          ? html`<p class="more">
              <button
                class="link"
                ?disabled=${this.loading}
                @click=${() => void this.load(this.nextCursor)}
                data-testid="corrections-more"
              >
                Mostrar mais
              </button>
            </p>`
          : ''
      }`;
  }
}
function sameFilter(a?: CorrectionsFilter, b?: CorrectionsFilter): boolean {
  return a?.distribuidora === b?.distribuidora && a?.from === b?.from && a?.to === b?.to;
}

customElements.define('corrections-view', CorrectionsView);
