import type { Posto } from '@compensa/domain';
import { html, LitElement, type PropertyValues } from 'lit';
import { apiGet, ApiProblem } from '../api/api-client';
import type { CorrectionReport } from '../api/types';
import { sharedStyles } from '../components/shared-styles';
import {
  formatDate,
  formatKwh,
  formatMonth,
  formatPosto,
  formatReais,
  rebillingActionPtBr,
  rebillingTotalPtBr,
} from '../format/pt-br';
import { hrefOf } from '../router';

const uc = (ucId: string) => html`<a href=${hrefOf({ view: 'uc', ucId })}>${ucId}</a>`;
const beforeAfter = (before: string, after: string) => `${formatKwh(before)} → ${formatKwh(after)}`;

/**
 * A retificação's re-billing report (`GET /v1/corrections/{id}`), as the clerk prints it: the reading before and
 * after, each re-billed cycle of every UC with its kWh and invoice before and after and what to refund or charge, and
 * what changed at the UCs and titulares it reached (`compensa corrections show` says the same in text).
 */
export class CorrectionView extends LitElement {
  static override properties = { correctionId: {}, report: { state: true }, error: { state: true } };
  static override styles = sharedStyles;

  declare correctionId: string;
  declare report: CorrectionReport | null;
  declare error: string;

  constructor() {
    super();
    this.correctionId = '';
    this.report = null;
    this.error = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('correctionId') && this.correctionId) void this.load(this.correctionId);
  }

  private async load(id: string): Promise<void> {
    this.report = null;
    this.error = '';
    try {
      const { body } = await apiGet<CorrectionReport>(`/v1/corrections/${encodeURIComponent(id)}`);
      if (id === this.correctionId) this.report = body;
    } catch (error) {
      this.error =
        error instanceof ApiProblem && (error.status === 404 || error.status === 422)
          ? `Não existe a retificação ${id}.`
          : (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p class="error" data-testid="not-found">${this.error}</p>`;
    const r = this.report;
    if (!r) return html`<p class="muted">Carregando a retificação…</p>`;
    return html`
      <h1>Retificação</h1>
      <p class="subtitle" data-testid="correction-id">${r.id}</p>
      <div class="card" tabindex="0">
        <h2>Leitura retificada</h2>
        <p data-testid="correction-head">
          UC ${uc(r.ucId)}, ciclo ${formatMonth(r.cycle)} (leitura de ${formatDate(r.readingDate)}), retificada em
          ${formatDate(r.date)}
        </p>
        <p>Processo ${r.reference}: ${r.reason}</p>
        <table class="stacked">
          <tr class="head">
            <th>Posto</th>
            <th class="num">Consumo</th>
            <th class="num">Injeção</th>
          </tr>
          ${Object.entries(r.corrected).map(([posto, after]) => {
            const before = r.previous[posto as Posto] ?? { consumed: '0.000', injected: '0.000' };
            return html`<tr data-testid="correction-reading">
              <td data-label="Posto">${formatPosto(posto)}</td>
              <td class="num" data-label="Consumo">${beforeAfter(before.consumed, after.consumed)}</td>
              <td class="num" data-label="Injeção">${beforeAfter(before.injected, after.injected)}</td>
            </tr>`;
          })}
        </table>
      </div>
      <div class="card" tabindex="0">
        <h2>Faturas refeitas</h2>
        ${
          r.cycles.length === 0
            ? html`<p class="muted">Nenhuma fatura muda.</p>`
            : html`<table class="stacked" data-testid="correction-cycles">
                <tr class="head">
                  <th>Ciclo</th>
                  <th>UC</th>
                  <th>Diferença</th>
                  <th class="num">Fatura</th>
                  <th class="num">Compensado</th>
                  <th class="num">Faturado</th>
                </tr>
                ${r.cycles.map(
                  (c) =>
                    html`<tr data-testid="correction-cycle">
                      <td data-label="Ciclo">${formatMonth(c.cycle)}</td>
                      <td data-label="UC">${uc(c.ucId)}</td>
                      <td data-label="Diferença" data-testid="correction-action">
                        ${rebillingActionPtBr(c.action, c.difference)}
                      </td>
                      <td class="num" data-label="Fatura">
                        ${c.before.total === null ? '—' : formatReais(c.before.total)} →
                        ${c.after.total === null ? '—' : formatReais(c.after.total)}
                      </td>
                      <td class="num" data-label="Compensado">
                        ${beforeAfter(c.before.compensatedKwh, c.after.compensatedKwh)}
                      </td>
                      <td class="num" data-label="Faturado">${beforeAfter(c.before.billedKwh, c.after.billedKwh)}</td>
                    </tr>`,
                )}
              </table>`
        }
        <p data-testid="correction-total">
          <strong>Total: ${rebillingTotalPtBr(r.totalDifference)}</strong>
        </p>
      </div>
      <div class="card" tabindex="0">
        <h2>Créditos</h2>
        <ul data-testid="correction-credits">
          <li>UC ${uc(r.ucId)}: ${beforeAfter(r.balance.beforeKwh, r.balance.afterKwh)}</li>
          ${(r.beneficiaries ?? []).map(
            (b) =>
              html`<li>
                UC ${uc(b.ucId)} (beneficiária): excedente recebido do ciclo ${formatMonth(b.sourceCycle)}
                ${beforeAfter(b.receivedKwh.before, b.receivedKwh.after)}; créditos
                ${beforeAfter(b.balance.beforeKwh, b.balance.afterKwh)}
              </li>`,
          )}
          ${(r.held ?? []).map(
            (h) =>
              html`<li>
                UC ${uc(h.ucId)} (${h.rule === 'R18' ? 'troca de titularidade' : 'encerramento'} em
                ${formatDate(h.date)}, ${h.rule}): créditos mantidos para o titular
                <a href=${hrefOf({ view: 'titular', document: h.titularKey })}>${h.titularKey}</a>
                ${beforeAfter(h.heldKwh.before, h.heldKwh.after)}${
                  /^0(\.0+)?$/.test(h.heldKwh.after)
                    ? '; nada teria saído da UC: o prazo de 30 dias foi encerrado e o que foi movido nele, desfeito'
                    : ''
                }
              </li>`,
          )}
          ${(r.heldMoves ?? []).map(
            (m) =>
              html`<li>
                UC ${uc(m.ucId)}
                (${
                  m.rule === 'R19'
                    ? `recebeu créditos da UC ${m.fromUcId} na distribuição entre os membros no encerramento, R19`
                    : `recebeu créditos mantidos da UC ${m.fromUcId}, R20`
                }):
                recebidos ${beforeAfter(m.receivedKwh.before, m.receivedKwh.after)}; créditos
                ${beforeAfter(m.balance.beforeKwh, m.balance.afterKwh)}
              </li>`,
          )}
          ${(r.defaults ?? []).flatMap((d) =>
            d.decisions.map(
              (x) =>
                html`<li>
                  Destinação automática de ${formatDate(x.date)} (R20) dos créditos da UC ${x.fromUcId}: comparou o
                  consumo da UC ${uc(d.comparedUcId)} (${beforeAfter(d.consumptionKwh.before, d.consumptionKwh.after)});
                  ${
                    x.previousToUcIds
                      ? html`agora vai para a UC ${x.toUcIds.join(', ')} em vez da UC ${x.previousToUcIds.join(', ')}`
                      : html`continua para a UC ${x.toUcIds.join(', ') || '(nenhuma)'}`
                  }
                </li>`,
            ),
          )}
        </ul>
      </div>
    `;
  }
}
customElements.define('correction-view', CorrectionView);
