import { html, LitElement, type PropertyValues } from 'lit';
import { apiGet, apiGetAll, ApiProblem, openHtml } from '../api/api-client';
import type { BalanceHistory, Page, Statement, Uc } from '../api/types';
import '../components/e-chart';
import './uc-corrections';
import './uc-invoices';
import { lagNote } from '../components/lag-note';
import { sessionRole } from '../api/session';
import { sharedStyles } from '../components/shared-styles';
import { PAGE_SIZE, showMore } from '../components/show-more';
import {
  formatDate,
  formatDistribuidora,
  formatDocument,
  formatGdClass,
  formatKwh,
  formatKwhNumber,
  formatModalidade,
  formatMonth,
  formatPosto,
  formatRule,
  formatUcStatus,
} from '../format/pt-br';
import { hrefOf } from '../router';
import { dateAxis, kwhAxis, kwhTooltip } from './chart-options';

interface Data {
  uc: Uc;
  statements: Statement[];
  history: BalanceHistory;
  lag: number;
}

const SOURCE = { own: 'própria', received: 'recebida', credit: 'crédito' } as const;

/** UC: balance by vintage and posto, balance over time, each cycle's statement with its invoice labels. */
export class UcView extends LitElement {
  static override properties = {
    ucId: {},
    data: { state: true },
    error: { state: true },
    auditError: { state: true },
    vintagesShown: { state: true },
    statementsShown: { state: true },
  };
  static override styles = sharedStyles;

  declare ucId: string;
  declare data: Data | null;
  declare error: string;
  declare auditError: string;
  /** Long histories page: how many vintages and statements are shown (newest first). */
  declare vintagesShown: number;
  declare statementsShown: number;

  constructor() {
    super();
    this.ucId = '';
    this.data = null;
    this.error = '';
    this.auditError = '';
    this.vintagesShown = PAGE_SIZE;
    this.statementsShown = PAGE_SIZE;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ucId') && this.ucId) void this.load(this.ucId);
  }

  private async load(ucId: string): Promise<void> {
    this.data = null;
    this.error = '';
    this.vintagesShown = PAGE_SIZE;
    this.statementsShown = PAGE_SIZE;
    try {
      // All three at once: a five-year history is ready in well under a second.
      const [uc, history, statements] = await Promise.all([
        apiGet<Uc>(`/v1/ucs/${ucId}`),
        apiGet<BalanceHistory>(`/v1/ucs/${ucId}/balance/history`),
        apiGetAll<Page<Statement>>(`/v1/ucs/${ucId}/statements?limit=500`),
      ]);
      const lag = Math.max(uc.lag, history.lag, statements.lag);
      if (ucId === this.ucId) this.data = { uc: uc.body, statements: statements.items, history: history.body, lag };
    } catch (error) {
      this.error =
        error instanceof ApiProblem && error.status === 404
          ? `A UC ${ucId} não foi encontrada.`
          : (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p class="error" data-testid="not-found">${this.error}</p>`;
    if (!this.data) return html`<p class="muted">Carregando a UC ${this.ucId}…</p>`;
    const { uc, statements, history, lag } = this.data;
    // Newest first: the vintage that expires last and the latest cycle lead.
    const vintages = [...uc.balance.vintages].reverse().slice(0, this.vintagesShown);
    const newest = [...statements].reverse().slice(0, this.statementsShown);
    return html`
      <h1>UC <span data-testid="uc-id">${uc.ucId}</span></h1>
      <p class="subtitle">
        ${formatDistribuidora(uc.distribuidora)} · titular
        <a href=${hrefOf({ view: 'titular', document: uc.titular.document })} data-testid="uc-titular"
          >${uc.titular.name} (${formatDocument(uc.titular.document)})</a
        >
        · grupo ${uc.group} ·
        <span class="badge ${uc.status === 'active' ? 'ok' : ''}">${formatUcStatus(uc.status)}</span>
        ${uc.isGenerator ? html` · geradora ${uc.installedKw ? `${formatKwhNumber(uc.installedKw)} kW` : ''} (${formatModalidade(uc.modalidade)})` : ''}
      </p>
      ${lagNote(lag)}
      <div class="actions">
        ${uc.isGenerator ? html`<a class="button" href=${hrefOf({ view: 'generator', ucId: uc.ucId })} data-testid="to-generator">Para onde foi o excedente →</a>` : ''}
        ${
          // Only an auditor key may read the trail: an operator is not offered a link that can only refuse.
          sessionRole() === 'auditor'
            ? html`<button class="link" @click=${this.openAudit} data-testid="audit-link">Trilha de auditoria</button>`
            : ''
        }
        ${this.auditError ? html`<span class="error">${this.auditError}</span>` : ''}
      </div>
      <div class="two">
        <div class="card" tabindex="0">
          <h2>Saldo de créditos: <span data-testid="uc-balance">${formatKwh(uc.balance.totalKwh)}</span></h2>
          ${
            uc.balance.vintages.length === 0
              ? html`<p class="muted">Sem créditos em saldo.</p>`
              : html`<table data-testid="vintages">
                    <tr>
                      <th>Safra</th>
                      <th class="phone-hide">Posto</th>
                      <th class="phone-hide">Classe</th>
                      <th class="phone-hide">Origem</th>
                      <th class="num">kWh</th>
                      <th>Vence em</th>
                    </tr>
                    ${vintages.map(
                      (v) =>
                        html`<tr data-testid="vintage-row">
                          <td>
                            ${formatDate(v.vintage)}
                            <span class="phone-only"
                              >${formatPosto(v.posto)} · ${formatGdClass(v.gdClass)} · da UC
                              <a href=${hrefOf({ view: 'uc', ucId: v.sourceUcId })}>${v.sourceUcId}</a></span
                            >
                          </td>
                          <td class="phone-hide">${formatPosto(v.posto)}</td>
                          <td class="phone-hide">${formatGdClass(v.gdClass)}</td>
                          <td class="phone-hide">
                            <a href=${hrefOf({ view: 'uc', ucId: v.sourceUcId })}>${v.sourceUcId}</a>
                          </td>
                          <td class="num">${formatKwhNumber(v.kwh)}</td>
                          <td>${formatDate(v.expiresOn)}</td>
                        </tr>`,
                    )}
                  </table>
                  ${showMore(vintages.length, uc.balance.vintages.length, () => (this.vintagesShown += PAGE_SIZE), 'more-vintages')}`
          }
          ${
            // No credits, no chart: an empty one drew only its axis line under "Sem créditos em saldo."
            uc.balance.vintages.length === 0
              ? ''
              : html`<e-chart style="height:220px" .option=${this.vintageOption(uc)}></e-chart>`
          }
        </div>
        <div class="card">
          <h2>Saldo ao longo do tempo</h2>
          <e-chart data-testid="balance-history-chart" .option=${this.historyOption(history)}></e-chart>
        </div>
      </div>
      <uc-invoices .ucId=${uc.ucId}></uc-invoices>
      <uc-corrections .ucId=${uc.ucId}></uc-corrections>
      <div class="card" tabindex="0" data-testid="statements">
        <h2>Extratos por ciclo</h2>
        ${statements.length === 0 ? html`<p class="muted">Nenhuma leitura registrada.</p>` : ''}
        ${newest.map((s) => this.statement(s))}
        ${showMore(newest.length, statements.length, () => (this.statementsShown += PAGE_SIZE), 'more-statements')}
      </div>
    `;
  }

  private statement(s: Statement) {
    const kv = (label: string, kwh: string, id: string) =>
      html`<span>${label}: <b data-testid=${id}>${formatKwh(kwh)}</b></span>`;
    return html`<section class="statement" data-testid="statement" data-cycle=${s.cycle}>
      <h3>Ciclo ${formatMonth(s.cycle)} <span class="muted">· leitura em ${formatDate(s.readingDate)}</span></h3>
      <div class="kv">
        ${kv('Consumo', s.consumedKwh, 'consumed')} ${kv('Injeção', s.injectedKwh, 'injected')}
        ${kv('Compensado', s.compensatedKwh, 'compensated')} ${kv('Faturado', s.billedKwh, 'billed')}
        ${kv('Excedente', s.excedenteKwh, 'excedente')} ${kv('Expirado', s.expiredKwh, 'expired')}
        ${s.minimumApplied && s.minimumKwh ? html`<span class="badge warn">mínimo aplicado: ${formatKwh(s.minimumKwh)}</span>` : ''}
      </div>
      ${
        s.lines.length === 0
          ? ''
          : html`<table>
              <tr>
                <th>Rótulo na fatura</th>
                <th class="phone-hide">Posto</th>
                <th class="num">kWh</th>
                <th class="phone-hide">Fonte</th>
                <th class="phone-hide">UC de origem</th>
                <th class="phone-hide">Regra</th>
              </tr>
              ${s.lines.map((l) => {
                const source = `${SOURCE[l.source]}${l.vintage ? ` (safra ${formatDate(l.vintage)})` : ''}`;
                return html`<tr>
                  <td class="label">
                    <span class="invoice-label" data-testid="invoice-label">${l.label}</span>
                    <span class="phone-only"
                      >${formatPosto(l.posto)} · ${source} · da UC ${l.sourceUcId} · ${formatRule(l.rule)}</span
                    >
                  </td>
                  <td class="phone-hide">${formatPosto(l.posto)}</td>
                  <td class="num">${formatKwhNumber(l.kwh)}</td>
                  <td class="phone-hide">${source}</td>
                  <td class="phone-hide">${l.sourceUcId}</td>
                  <td class="phone-hide">${formatRule(l.rule)}</td>
                </tr>`;
              })}
            </table>`
      }
    </section>`;
  }

  private async openAudit(): Promise<void> {
    this.auditError = '';
    try {
      await openHtml(`/v1/audit/ucs/${this.ucId}?format=html`);
    } catch (error) {
      this.auditError =
        error instanceof ApiProblem && error.status === 403
          ? 'A trilha de auditoria exige uma chave de auditor.'
          : (error as Error).message;
    }
  }

  private vintageOption(uc: Uc) {
    const vintages = [...new Set(uc.balance.vintages.map((v) => v.vintage))].sort();
    const postos = [...new Set(uc.balance.vintages.map((v) => v.posto))];
    return {
      tooltip: kwhTooltip(),
      legend: { data: postos.map(formatPosto), bottom: 0 },
      grid: { left: 90, right: 20, top: 10, bottom: 50 },
      xAxis: { type: 'category', data: vintages.map(formatDate) },
      yAxis: kwhAxis(),
      series: postos.map((posto) => ({
        name: formatPosto(posto),
        type: 'bar',
        stack: 'posto',
        data: vintages.map((vintage) =>
          uc.balance.vintages
            .filter((v) => v.vintage === vintage && v.posto === posto)
            .reduce((sum, v) => sum + Number(v.kwh), 0),
        ),
      })),
    };
  }

  private historyOption(history: BalanceHistory) {
    return {
      tooltip: kwhTooltip(),
      grid: { left: 90, right: 30, top: 20, bottom: 30 },
      xAxis: dateAxis(),
      yAxis: kwhAxis(),
      // A balance holds its value until the next change: a step line on a time axis.
      series: [
        {
          name: 'Saldo',
          type: 'line',
          step: 'end',
          symbolSize: 6,
          data: history.points.map((p) => [p.date, Number(p.totalKwh)]),
        },
      ],
    };
  }
}
customElements.define('uc-view', UcView);
