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
/** A UC's role: generator (linking to where its excedente went) and/or beneficiary. */
const roleBadges = (u: TitularUc) =>
  html`${u.isGenerator ? html`<a class="badge ok" href=${hrefOf({ view: 'generator', ucId: u.ucId })}>geradora</a>` : ''}
  ${u.isBeneficiary ? html`<span class="badge">beneficiária</span>` : ''}`;

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
                  <th class="phone-hide">Distribuidora</th>
                  <th class="phone-hide">Documento</th>
                  <th class="phone-hide">Situação</th>
                  <th class="phone-hide">Papel</th>
                  <th class="phone-hide">Último ciclo</th>
                  <th class="num">Créditos</th>
                </tr>
                ${ucs.map(
                  (u) =>
                    html`<tr data-testid="titular-uc" data-uc=${u.ucId}>
                      <td>
                        <a href=${hrefOf({ view: 'uc', ucId: u.ucId })}>${u.ucId}</a>
                        <span class="phone-only"
                          >${formatDistribuidora(u.distribuidora)} · ${formatUcStatus(u.status)} · último ciclo
                          ${u.lastCycle ? formatMonth(u.lastCycle) : '—'}${
                            // The heading shows a CPF titular's document; a CNPJ's filial is this UC's own.
                            u.document === titular.titularKey ? '' : ` · ${formatDocument(u.document)}`
                          }
                          ${roleBadges(u)}</span
                        >
                      </td>
                      <td class="phone-hide">${formatDistribuidora(u.distribuidora)}</td>
                      <td class="phone-hide">${formatDocument(u.document)}</td>
                      <td class="phone-hide">${formatUcStatus(u.status)}</td>
                      <td class="phone-hide">${roleBadges(u)}</td>
                      <td class="phone-hide">${u.lastCycle ? formatMonth(u.lastCycle) : '—'}</td>
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
                            <th class="phone-hide">Da UC</th>
                            <th>Safra</th>
                            <th class="phone-hide">Posto</th>
                            <th class="phone-hide">Classe</th>
                            <th class="num">kWh</th>
                            <th>Vence em</th>
                          </tr>
                          ${h.held.map(
                            (l) =>
                              html`<tr>
                                <td class="phone-hide">
                                  <a href=${hrefOf({ view: 'uc', ucId: l.fromUcId })}>${l.fromUcId}</a>
                                </td>
                                <td>
                                  ${formatDate(l.vintage)}
                                  <span class="phone-only"
                                    >da UC <a href=${hrefOf({ view: 'uc', ucId: l.fromUcId })}>${l.fromUcId}</a> ·
                                    ${formatPosto(l.posto)} · ${formatGdClass(l.gdClass)}</span
                                  >
                                </td>
                                <td class="phone-hide">${formatPosto(l.posto)}</td>
                                <td class="phone-hide">${formatGdClass(l.gdClass)}</td>
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
