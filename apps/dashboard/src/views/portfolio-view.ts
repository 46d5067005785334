import { html, LitElement } from 'lit';
import { apiGet } from '../api/api-client';
import type {
  CreditsHistory,
  ExpiringByMonth,
  HealthSummary,
  MoneyByMonth,
  Page,
  PendingReallocation,
  Portfolio,
} from '../api/types';
import '../components/e-chart';
import { lagNote } from '../components/lag-note';
import { sharedStyles } from '../components/shared-styles';
import {
  formatCount,
  formatDate,
  formatDaysLeft,
  formatDistribuidora,
  formatDocument,
  formatKwh,
  formatKwhNumber,
  formatMonth,
  formatRule,
} from '../format/pt-br';
import { hrefOf } from '../router';
import { PAGE_SIZE } from '../components/show-more';
import { kwhAxis, kwhTooltip } from './chart-options';
import { portfolioMoneyCard } from './portfolio-money-card';

interface Data {
  portfolio: Portfolio;
  history: CreditsHistory;
  expiring: ExpiringByMonth;
  pending: PendingReallocation[];
  /** Savings and SCEE charge per month and GD class (R23, R28). */
  money: MoneyByMonth;
  lag: number;
  /** Events the process managers parked and no operator has settled; null when /health did not answer. */
  parked: number | null;
}

/** Carteira: the portfolio's totals, credits over time, the expiry calendar, the pending 30-day reallocations. */
export class PortfolioView extends LitElement {
  static override properties = { data: { state: true }, error: { state: true }, moneyShown: { state: true } };
  static override styles = sharedStyles;

  declare data: Data | null;
  declare error: string;
  /** Months shown in the money table (newest first). */
  declare moneyShown: number;

  constructor() {
    super();
    this.data = null;
    this.error = '';
    this.moneyShown = PAGE_SIZE;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      // /health is public and counts parked events for every role (the admin list is for operators only).
      const health = apiGet<HealthSummary>('/health', null).catch(() => null);
      const [portfolio, history, expiring, pending, money] = await Promise.all([
        apiGet<Portfolio>('/v1/portfolio'),
        apiGet<CreditsHistory>('/v1/portfolio/credits-history'),
        apiGet<ExpiringByMonth>('/v1/portfolio/expiring-by-month?months=12'),
        apiGet<Page<PendingReallocation>>('/v1/reallocations/pending?limit=500'),
        apiGet<MoneyByMonth>('/v1/portfolio/money-by-month'),
      ]);
      this.data = {
        portfolio: portfolio.body,
        history: history.body,
        expiring: expiring.body,
        pending: pending.body.items,
        money: money.body,
        lag: Math.max(portfolio.lag, history.lag, expiring.lag, pending.lag, money.lag),
        parked: (await health)?.body.details?.processManagers?.parked ?? null,
      };
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p class="error">${this.error}</p>`;
    if (!this.data) return html`<p class="muted">Carregando a carteira…</p>`;
    const { portfolio, history, expiring, pending, money, lag, parked } = this.data;
    const t = portfolio.totals;
    const figure = (id: string, label: string, value: string) =>
      html`<div class="card figure">
        <div class="label">${label}</div>
        <div class="value" data-testid=${id}>${value}</div>
      </div>`;
    return html`
      <h1>Carteira</h1>
      <p class="subtitle">
        Posição em <span data-testid="today">${formatDate(portfolio.today)}</span> · Eventos parados:
        <span class="badge ${parked ? 'warn' : 'ok'}" data-testid="parked-count"
          >${parked === null ? '—' : formatCount(parked)}</span
        >
      </p>
      ${lagNote(lag)}
      <div class="grid">
        ${figure('ucs', 'UCs', formatCount(t.ucs))} ${figure('active-ucs', 'UCs ativas', formatCount(t.activeUcs))}
        ${figure('generators', 'Geradoras', formatCount(t.generators))}
        ${figure('beneficiaries', 'Beneficiárias', formatCount(t.beneficiaries))}
        ${figure('credits', 'Créditos em saldo', formatKwh(t.creditsOutstandingKwh))}
        ${figure('expiring-90', 'Vencem em 90 dias', formatKwh(t.expiringWithin90DaysKwh))}
        ${figure('held', 'Mantidos p/ titulares', formatKwh(t.heldForTitularesKwh))}
        ${figure('pending-count', 'Realocações pendentes', formatCount(t.pendingReallocations))}
      </div>
      <div class="two">
        <div class="card">
          <h2>Créditos em saldo ao longo do tempo</h2>
          <e-chart data-testid="credits-history-chart" .option=${this.historyOption(history)}></e-chart>
        </div>
        <div class="card" tabindex="0">
          <h2>kWh que vencem por mês (próximos 12 meses)</h2>
          <e-chart data-testid="expiring-chart" .option=${this.expiringOption(expiring)}></e-chart>
          <!-- One month a row: twelve columns did not fit the card. -->
          <table class="compact" data-testid="expiring-table">
            <tr>
              <th>Mês</th>
              <th class="num">Vencem (kWh)</th>
            </tr>
            ${expiring.months.map(
              (m) =>
                html`<tr>
                  <th scope="row">${formatMonth(m.month)}</th>
                  <td class="num" data-month=${m.month}>${formatKwhNumber(m.kwh)}</td>
                </tr>`,
            )}
          </table>
        </div>
      </div>
      ${portfolioMoneyCard(money, this.moneyShown, () => (this.moneyShown += PAGE_SIZE))}
      <div class="card" tabindex="0">
        <h2>Realocações de 30 dias pendentes</h2>
        ${
          pending.length === 0
            ? html`<p class="muted" data-testid="no-pending">Nenhuma realocação pendente.</p>`
            : html`<table class="stacked" data-testid="pending-table">
                <tr class="head">
                  <th>Titular</th>
                  <th>UC de origem</th>
                  <th>Regra</th>
                  <th>Desde</th>
                  <th>Prazo</th>
                  <th class="num">Dias restantes</th>
                  <th class="num">Créditos mantidos</th>
                </tr>
                ${pending.map(
                  (p) =>
                    html`<tr data-testid="pending-row">
                      <td data-label="Titular">
                        <a href=${hrefOf({ view: 'titular', document: p.titularKey })}
                          >${p.titularName ?? ''} (${formatDocument(p.titularKey)})</a
                        >
                      </td>
                      <td data-label="UC de origem">
                        <a href=${hrefOf({ view: 'uc', ucId: p.fromUcId })}>${p.fromUcId}</a>
                      </td>
                      <td data-label="Regra">${formatRule(p.rule)}</td>
                      <td data-label="Desde">${formatDate(p.date)}</td>
                      <td data-label="Prazo" data-testid="pending-deadline">${formatDate(p.deadline)}</td>
                      <td class="num" data-label="Dias restantes">
                        <span class="badge ${p.daysLeft <= 7 ? 'warn' : ''}" data-testid="pending-days"
                          >${formatDaysLeft(p.daysLeft)}</span
                        >
                      </td>
                      <td class="num" data-label="Créditos mantidos" data-testid="pending-kwh">
                        ${formatKwh(p.heldKwh)}
                      </td>
                    </tr>`,
                )}
              </table>`
        }
      </div>
      <div class="card" tabindex="0">
        <h2>Por distribuidora</h2>
        <table>
          <tr>
            <th>Distribuidora</th>
            <th class="num">UCs</th>
            <th class="num">Créditos em saldo</th>
          </tr>
          ${portfolio.distribuidoras.map(
            (d) =>
              html`<tr>
                <td>${formatDistribuidora(d.distribuidora)}</td>
                <td class="num">${formatCount(d.ucs)}</td>
                <td class="num">${formatKwh(d.creditsOutstandingKwh)}</td>
              </tr>`,
          )}
        </table>
      </div>
    `;
  }

  private historyOption(history: CreditsHistory) {
    return {
      tooltip: kwhTooltip(),
      legend: { data: ['Em saldo nas UCs', 'Mantidos p/ titulares'], bottom: 0 },
      grid: { left: 90, right: 20, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: history.points.map((p) => formatMonth(p.month)) },
      yAxis: kwhAxis(),
      series: [
        {
          name: 'Em saldo nas UCs',
          type: 'line',
          areaStyle: { opacity: 0.35 },
          symbol: 'none',
          data: history.points.map((p) => Number(p.creditsKwh)),
        },
        {
          // Not stacked on the UCs' credits: its line reads what is held, not the sum.
          name: 'Mantidos p/ titulares',
          type: 'line',
          symbol: 'none',
          itemStyle: { color: '#e07b00' },
          data: history.points.map((p) => Number(p.heldKwh)),
        },
      ],
    };
  }

  private expiringOption(expiring: ExpiringByMonth) {
    return {
      tooltip: kwhTooltip(),
      // Each month's bar is its own value; the axis tooltip lists it under its month.
      grid: { left: 90, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: expiring.months.map((m) => formatMonth(m.month)) },
      yAxis: kwhAxis(),
      series: [
        {
          name: 'Vencem',
          type: 'bar',
          itemStyle: { color: '#e07b00' },
          data: expiring.months.map((m) => Number(m.kwh)),
        },
      ],
    };
  }
}
customElements.define('portfolio-view', PortfolioView);
