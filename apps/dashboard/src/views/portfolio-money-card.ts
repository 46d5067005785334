import { html } from 'lit';
import type { MoneyByMonth } from '../api/types';
import '../components/e-chart';
import { showMore } from '../components/show-more';
import { formatGdClass, formatKwh, formatKwhNumber, formatMonth } from '../format/pt-br';
import { reaisCell, reaisHeading } from '../components/reais-column';
import { sumKwh } from '../format/sum-kwh';
import { GD_CLASS_COLORS, reaisAxis, reaisTooltip } from './chart-options';

type Month = MoneyByMonth['months'][number];

/** Some of these kWh were billed in R$ (an invoice with its tariff published). */
const priced = (t: { kwh: string; unpricedKwh: string }) => t.kwh !== t.unpricedKwh;

/**
 * Carteira: the savings (R28) and the SCEE charge (R23) of the compensated energy per month and GD class, from
 * `GET /v1/portfolio/money-by-month`: two charts stacked by class and a table, newest month first (`shown` of them).
 * Months whose invoices have no tariff in R$ are left out and their kWh counted in a note.
 */
export function portfolioMoneyCard(money: MoneyByMonth, shown: number, more: () => void) {
  const months = money.months.filter(priced);
  const unpriced = sumKwh(money.months.map((m) => m.unpricedKwh));
  const note =
    unpriced !== '0.000'
      ? html`<p class="muted small" data-testid="money-unpriced">
          ${formatKwh(unpriced)} compensados em faturas sem tarifa em R$ publicada ficam fora destes valores.
        </p>`
      : '';
  if (months.length === 0) {
    return html`<div class="card" data-testid="money-card">
      <h2>Economia e encargo SCEE por mês</h2>
      <p class="muted">Nenhuma fatura em R$ com energia compensada.</p>
      ${note}
    </div>`;
  }
  const newest = [...months].reverse().slice(0, shown);
  return html`<div class="card" tabindex="0" data-testid="money-card">
    <h2>Economia e encargo SCEE por mês, por classe GD</h2>
    <div class="two">
      <div>
        <h3 class="sub">Economia das UCs</h3>
        <e-chart data-testid="savings-chart" style="height:260px" .option=${chartOption(months, 'savings')}></e-chart>
      </div>
      <div>
        <h3 class="sub">Encargo SCEE (Fio B)</h3>
        <e-chart
          data-testid="scce-month-chart"
          style="height:260px"
          .option=${chartOption(months, 'scceCharge')}
        ></e-chart>
      </div>
    </div>
    <table class="compact" data-testid="money-table">
      <tr>
        <th>Mês</th>
        <th>Classe</th>
        <th class="num">kWh</th>
        <th class="num">${reaisHeading('Economia')}</th>
        <th class="num">${reaisHeading('Encargo SCEE')}</th>
      </tr>
      ${newest.flatMap((m) =>
        m.byClass.filter(priced).map(
          (c) =>
            html`<tr data-testid="money-row">
              <th scope="row">${formatMonth(m.month)}</th>
              <td>${formatGdClass(c.gdClass)}</td>
              <td class="num">${formatKwhNumber(c.kwh)}</td>
              <td class="num">${reaisCell(c.savings)}</td>
              <td class="num">${reaisCell(c.scceCharge)}</td>
            </tr>`,
        ),
      )}
    </table>
    ${showMore(newest.length, months.length, more, 'more-money')} ${note}
  </div>`;
}

/** Bars per month, stacked by GD class, of one figure. */
function chartOption(months: Month[], figure: 'savings' | 'scceCharge') {
  const classes = [...new Set(months.flatMap((m) => m.byClass.map((c) => c.gdClass)))].sort();
  return {
    tooltip: reaisTooltip(),
    legend: { bottom: 0 },
    grid: { left: 80, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: months.map((m) => formatMonth(m.month)) },
    yAxis: reaisAxis(),
    series: classes.map((gdClass) => ({
      name: formatGdClass(gdClass),
      type: 'bar',
      stack: figure,
      barMaxWidth: 40,
      itemStyle: { color: GD_CLASS_COLORS[gdClass] },
      data: months.map((m) => Number(m.byClass.find((c) => c.gdClass === gdClass)?.[figure] ?? '0')),
    })),
  };
}
