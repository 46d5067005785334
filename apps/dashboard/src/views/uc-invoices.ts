import { html, LitElement, type PropertyValues } from 'lit';
import { apiGetAll, downloadFile, openHtml } from '../api/api-client';
import type { InvoiceView, Page } from '../api/types';
import '../components/e-chart';
import { sharedStyles } from '../components/shared-styles';
import { PAGE_SIZE, showMore } from '../components/show-more';
import { formatDate, formatMonth, formatReais } from '../format/pt-br';
import { hrefOf } from '../router';

/** One cycle's invoice as `GET /v1/ucs/{ucId}/invoices` lists it (R22–R28); R$ null while a tariff is missing. */
type InvoiceItem = Pick<InvoiceView, 'cycle' | 'status' | 'total' | 'savings' | 'scceCharge' | 'rebilled'>;

/**
 * A UC's invoices over time (issue 12): total, savings and the SCEE charge per cycle, newest first, each with its
 * printable demonstrativo. Amounts are the API's decimal strings; the chart plots them, the table prints them.
 */
export class UcInvoices extends LitElement {
  static override properties = { ucId: {}, items: { state: true }, shown: { state: true }, error: { state: true } };
  static override styles = sharedStyles;

  declare ucId: string;
  declare items: InvoiceItem[] | null;
  declare shown: number;
  declare error: string;

  constructor() {
    super();
    this.ucId = '';
    this.items = null;
    this.shown = PAGE_SIZE;
    this.error = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ucId') && this.ucId) void this.load(this.ucId);
  }

  private async load(ucId: string): Promise<void> {
    this.items = null;
    this.shown = PAGE_SIZE;
    try {
      const page = await apiGetAll<Page<InvoiceItem>>(`/v1/ucs/${ucId}/invoices?limit=500`);
      if (ucId === this.ucId) this.items = page.items;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<div class="card"><p class="error">${this.error}</p></div>`;
    if (!this.items) return html`<div class="card"><p class="muted">Carregando as faturas…</p></div>`;
    const priced = this.items.filter((i) => i.total !== null);
    const newest = [...this.items].reverse().slice(0, this.shown);
    return html`<div class="card" tabindex="0" data-testid="invoices">
      <h2>Faturas em R$</h2>
      ${this.items.length === 0 ? html`<p class="muted">Nenhuma fatura: nenhuma leitura registrada.</p>` : ''}
      ${priced.length > 0 ? html`<e-chart style="height:240px" .option=${this.option(priced)}></e-chart>` : ''}
      ${
        newest.length > 0
          ? html`<table class="stacked">
              <tr class="head">
                <th>Ciclo</th>
                <th class="num">Total</th>
                <th class="num">Economia</th>
                <th class="num">Encargo SCEE</th>
                <th>Demonstrativo</th>
              </tr>
              ${newest.map(
                (i) =>
                  html`<tr data-testid="invoice-row">
                    <td data-label="Ciclo">
                      ${formatMonth(i.cycle)}
                      ${
                        i.rebilled
                          ? html`<div data-testid="invoice-rebilled">
                              <a
                                href=${hrefOf({ view: 'correction', correctionId: i.rebilled.correctionId })}
                                title=${i.rebilled.correctionId}
                                >refaturada em
                                ${formatDate(i.rebilled.date)}${
                                  i.rebilled.times > 1 ? ` (${i.rebilled.times}ª vez)` : ''
                                }</a
                              >
                            </div>`
                          : ''
                      }
                    </td>
                    ${
                      i.total === null
                        ? html`<td colspan="3" class="muted" data-label="Total">Tarifa em R$ não publicada</td>`
                        : html`<td class="num" data-label="Total">
                              ${formatReais(i.total)}
                              ${
                                i.rebilled?.previousTotal
                                  ? html`<div class="muted" data-testid="invoice-previous-total">
                                        antes ${formatReais(i.rebilled.previousTotal)}
                                      </div>
                                      ${
                                        i.rebilled.times > 1 && i.rebilled.issuedTotal
                                          ? html`<div class="muted" data-testid="invoice-issued-total">
                                              emitida ${formatReais(i.rebilled.issuedTotal)}
                                            </div>`
                                          : ''
                                      }`
                                  : ''
                              }
                            </td>
                            <td class="num" data-label="Economia">${formatReais(i.savings ?? '0')}</td>
                            <td class="num" data-label="Encargo SCEE">${formatReais(i.scceCharge ?? '0')}</td>`
                    }
                    <td class="actions-cell" data-label="Demonstrativo">
                      <button
                        class="link"
                        aria-label="Abrir o demonstrativo de ${formatMonth(i.cycle)}"
                        @click=${() => void openHtml(`/v1/ucs/${this.ucId}/invoices/${i.cycle}?format=html`)}
                      >
                        Abrir
                      </button>
                      <button
                        class="link"
                        data-testid="invoice-pdf"
                        aria-label="Baixar PDF do demonstrativo de ${formatMonth(i.cycle)}"
                        @click=${() =>
                          void downloadFile(
                            `/v1/ucs/${this.ucId}/invoices/${i.cycle}?format=pdf`,
                            `demonstrativo-${this.ucId}-${i.cycle}.pdf`,
                          )}
                      >
                        Baixar PDF
                      </button>
                    </td>
                  </tr>`,
              )}
            </table>`
          : ''
      }
      ${showMore(newest.length, this.items.length, () => (this.shown += PAGE_SIZE), 'more-invoices')}
    </div>`;
  }

  private option(items: InvoiceItem[]) {
    const reais = (v: unknown) => formatReais(Number(v).toFixed(2));
    return {
      tooltip: { trigger: 'axis', confine: true, valueFormatter: reais },
      legend: { bottom: 0 },
      grid: { left: 60, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: items.map((i) => formatMonth(i.cycle)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatReais(v.toFixed(0)) } },
      series: [
        { name: 'Total', type: 'bar', data: items.map((i) => i.total) },
        { name: 'Economia', type: 'line', data: items.map((i) => i.savings) },
        { name: 'Encargo SCEE', type: 'line', data: items.map((i) => i.scceCharge) },
      ],
    };
  }
}

customElements.define('uc-invoices', UcInvoices);
