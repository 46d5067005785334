import { html, LitElement, type PropertyValues } from 'lit';
import { apiGetAll, ApiProblem } from '../api/api-client';
import type { TitularCredits, TitularUc } from '../api/types';
import { lagNote } from '../components/lag-note';
import { sharedStyles } from '../components/shared-styles';
import {
  formatCount,
  formatDate,
  formatDistribuidora,
  formatDocument,
  formatGdClass,
  formatKwh,
  formatKwhNumber,
  formatMonth,
  formatPosto,
  formatRule,
  formatUcStatus,
} from '../format/pt-br';
import { hrefOf } from '../router';

interface Data {
  titular: TitularCredits;
  ucs: TitularUc[];
  lag: number;
}

const WINDOW_STATUS = {
  open: 'aberta',
  moved: 'realocada',
  held: 'mantida (sem UC)',
  closed: 'encerrada por retificação',
} as const;

/** Titular: its UCs with their credits, and the credits held for it outside any UC. */
export class TitularView extends LitElement {
  static override properties = { document: {}, data: { state: true }, error: { state: true } };
  static override styles = sharedStyles;

  declare document: string;
  declare data: Data | null;
  declare error: string;

  constructor() {
    super();
    this.document = '';
    this.data = null;
    this.error = '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('document') && this.document) void this.load(this.document);
  }

  private async load(document: string): Promise<void> {
    this.data = null;
    this.error = '';
    try {
      const { first, items, lag } = await apiGetAll<TitularCredits>(
        `/v1/titulares/${encodeURIComponent(document)}/credits?limit=500`,
      );
      if (document === this.document) this.data = { titular: first, ucs: items, lag };
    } catch (error) {
      this.error =
        error instanceof ApiProblem && (error.status === 404 || error.status === 422)
          ? `Nenhum titular encontrado para ${formatDocument(document)}.`
          : (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p class="error" data-testid="not-found">${this.error}</p>`;
    if (!this.data) return html`<p class="muted">Carregando o titular…</p>`;
    const { titular, ucs, lag } = this.data;
    return html`
      <h1 data-testid="titular-name">${titular.name ?? formatDocument(titular.titularKey)}</h1>
      <p class="subtitle">
        ${titular.kind === 'CNPJ' ? 'CNPJ raiz' : 'CPF'}
        <span data-testid="titular-key">${formatDocument(titular.titularKey)}</span>
        ${titular.kind === 'CNPJ' ? html` · matriz e filiais` : ''}
      </p>
      ${lagNote(lag)}
      <div class="grid">
        <div class="card figure">
          <div class="label">UCs</div>
          <div class="value" data-testid="titular-ucs">${formatCount(titular.ucCount)}</div>
        </div>
        <div class="card figure">
          <div class="label">Créditos nas UCs</div>
          <div class="value" data-testid="titular-credits">${formatKwh(titular.creditsKwh)}</div>
        </div>
        <div class="card figure">
          <div class="label">Mantidos para o titular</div>
          <div class="value" data-testid="titular-held">${formatKwh(titular.heldKwh)}</div>
        </div>
      </div>
      <div class="card" tabindex="0">
        <h2>UCs do titular</h2>
        ${
          ucs.length === 0
            ? html`<p class="muted">Nenhuma UC ativa em nome deste titular.</p>`
            : html`<table data-testid="titular-uc-table">
                <tr>
                  <th>UC</th>
                  <th>Distribuidora</th>
                  <th>Documento</th>
                  <th>Situação</th>
                  <th>Papel</th>
                  <th>Último ciclo</th>
                  <th class="num">Créditos</th>
                </tr>
                ${ucs.map(
                  (u) =>
                    html`<tr data-testid="titular-uc" data-uc=${u.ucId}>
                      <td><a href=${hrefOf({ view: 'uc', ucId: u.ucId })}>${u.ucId}</a></td>
                      <td>${formatDistribuidora(u.distribuidora)}</td>
                      <td>${formatDocument(u.document)}</td>
                      <td>${formatUcStatus(u.status)}</td>
                      <td>
                        ${u.isGenerator ? html`<a class="badge ok" href=${hrefOf({ view: 'generator', ucId: u.ucId })}>geradora</a>` : ''}
                        ${u.isBeneficiary ? html`<span class="badge">beneficiária</span>` : ''}
                      </td>
                      <td>${u.lastCycle ? formatMonth(u.lastCycle) : '—'}</td>
                      <td class="num" data-testid="titular-uc-credits">${formatKwh(u.creditsKwh)}</td>
                    </tr>`,
                )}
              </table>`
        }
      </div>
      <div class="card" tabindex="0">
        <h2>Créditos mantidos para o titular</h2>
        ${
          titular.holdings.length === 0
            ? html`<p class="muted" data-testid="no-holdings">Nenhum crédito mantido fora das UCs.</p>`
            : titular.holdings.map(
                (h) => html`
                  <h3>${formatDistribuidora(h.distribuidora)}: ${formatKwh(h.heldKwh)}</h3>
                  ${
                    h.held.length === 0
                      ? ''
                      : html`<table data-testid="held-table">
                          <tr>
                            <th>Da UC</th>
                            <th>Safra</th>
                            <th>Posto</th>
                            <th>Classe</th>
                            <th class="num">kWh</th>
                            <th>Vence em</th>
                          </tr>
                          ${h.held.map(
                            (l) =>
                              html`<tr>
                                <td><a href=${hrefOf({ view: 'uc', ucId: l.fromUcId })}>${l.fromUcId}</a></td>
                                <td>${formatDate(l.vintage)}</td>
                                <td>${formatPosto(l.posto)}</td>
                                <td>${formatGdClass(l.gdClass)}</td>
                                <td class="num">${formatKwhNumber(l.kwh)}</td>
                                <td>${formatDate(l.expiresOn)}</td>
                              </tr>`,
                          )}
                        </table>`
                  }
                  <table class="stacked" data-testid="windows-table">
                    <tr class="head">
                      <th>Janela de 30 dias</th>
                      <th>Regra</th>
                      <th>Desde</th>
                      <th>Prazo</th>
                      <th>Situação</th>
                    </tr>
                    ${h.windows.map(
                      (w) =>
                        html`<tr>
                          <td data-label="Janela de 30 dias">UC ${w.fromUcId}</td>
                          <td data-label="Regra">${formatRule(w.rule)}</td>
                          <td data-label="Desde">${formatDate(w.date)}</td>
                          <td data-label="Prazo">${formatDate(w.deadline)}</td>
                          <td data-label="Situação" data-testid="window-status">
                            <span class="badge ${w.status === 'open' ? 'warn' : ''}">${WINDOW_STATUS[w.status]}</span>
                            ${
                              w.closedBy === null
                                ? ''
                                : html`<div>
                                    <a href=${hrefOf({ view: 'correction', correctionId: w.closedBy })}
                                      >${w.closedBy}</a
                                    >
                                  </div>`
                            }
                          </td>
                        </tr>`,
                    )}
                  </table>
                `,
              )
        }
      </div>
    `;
  }
}
customElements.define('titular-view', TitularView);
