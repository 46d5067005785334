import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { apiGet } from '../api/api-client';
import type { CorrectionReport } from '../api/types';
import { sharedStyles } from '../components/shared-styles';
import { formatDate, formatMonth, rebillingTotalPtBr } from '../format/pt-br';
import { hrefOf } from '../router';

/**
 * The retificações of a UC's own readings (`GET /v1/ucs/{ucId}/corrections`), each linking to its report; nothing
 * when the UC has none (a cycle another UC's correction re-billed says so in the invoices).
 */
export class UcCorrections extends LitElement {
  static override properties = { ucId: {}, items: { state: true }, error: { state: true } };
  static override styles = sharedStyles;

  declare ucId: string;
  declare items: CorrectionReport[] | null;
  declare error: string;

  constructor() {
    super();
    this.ucId = '';
    this.items = null;
    this.error = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ucId') && this.ucId) void this.load(this.ucId);
  }

  private async load(ucId: string): Promise<void> {
    this.items = null;
    this.error = '';
    try {
      const { body } = await apiGet<{ items: CorrectionReport[] }>(`/v1/ucs/${encodeURIComponent(ucId)}/corrections`);
      if (ucId === this.ucId) this.items = body.items;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<div class="card"><p class="error">${this.error}</p></div>`;
    if (!this.items || this.items.length === 0) return nothing;
    return html`<div class="card" tabindex="0" data-testid="uc-corrections">
      <h2>Retificações</h2>
      <table class="stacked">
        <tr class="head">
          <th>Ciclo</th>
          <th>Diferença</th>
          <th>Retificada em</th>
          <th>Processo</th>
          <th>Motivo</th>
        </tr>
        ${[...this.items].reverse().map(
          (r) =>
            html`<tr data-testid="uc-correction">
              <td data-label="Ciclo">
                <a href=${hrefOf({ view: 'correction', correctionId: r.id })} title=${r.id}>${formatMonth(r.cycle)}</a>
              </td>
              <td data-label="Diferença" data-testid="uc-correction-total">${rebillingTotalPtBr(r.totalDifference)}</td>
              <td data-label="Retificada em">${formatDate(r.date)}</td>
              <td data-label="Processo">${r.reference}</td>
              <td data-label="Motivo">${r.reason}</td>
            </tr>`,
        )}
      </table>
    </div>`;
  }
}
customElements.define('uc-corrections', UcCorrections);
