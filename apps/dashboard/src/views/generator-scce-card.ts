import { html } from 'lit';
import type { GeneratorScce } from '../api/types';
import '../components/e-chart';
import { formatCount, formatGdClass, formatKwh, formatKwhNumber } from '../format/pt-br';
import { reaisCell, reaisHeading } from '../components/reais-column';
import { sumKwh } from '../format/sum-kwh';
import { hrefOf } from '../router';
import { GD_CLASS_COLORS, reaisAxis, reaisTooltip } from './chart-options';

type Year = GeneratorScce['years'][number];

/** Some of these kWh were billed in R$ (an invoice with its tariff published). */
const priced = (t: { kwh: string; unpricedKwh: string }) => t.kwh !== t.unpricedKwh;

/**
 * Gerador: the SCEE charge (Fio B, R23) paid on the energy the generator sent, by year of the cycles that
 * compensated it, per GD class, and per UC in the latest year; from `GET /v1/generators/{ucId}/scce-charges`. Nothing
 * when none of its energy was billed in R$ (a generator of a distribuidora without tariffs in R$).
 */
export function generatorScceCard(scce: GeneratorScce) {
  const years = scce.years.filter(priced);
  if (years.length === 0) return '';
  const newest = [...years].reverse();
  const latest = newest[0];
  const unpriced = sumKwh(scce.years.map((y) => y.unpricedKwh));
  return html`<div class="card" tabindex="0" data-testid="scce-card">
    <h2>Encargo SCEE (Fio B) sobre a energia enviada, por ano</h2>
    <e-chart data-testid="scce-chart" style="height:240px" .option=${chartOption(years)}></e-chart>
    <table class="compact" data-testid="scce-table">
      <tr>
        <th>Ano</th>
        <th>Classe</th>
        <th class="num">kWh</th>
        <th class="num">${reaisHeading('Encargo SCEE')}</th>
        <th class="num">${reaisHeading('Economia')}</th>
      </tr>
      ${newest.flatMap((y) =>
        y.byClass.filter(priced).map(
          (c) =>
            html`<tr data-testid="scce-row">
              <th scope="row">${y.year}</th>
              <td>${formatGdClass(c.gdClass)}</td>
              <td class="num">${formatKwhNumber(c.kwh)}</td>
              <td class="num">${reaisCell(c.scceCharge)}</td>
              <td class="num">${reaisCell(c.savings)}</td>
            </tr>`,
        ),
      )}
    </table>
    <h3 class="sub">Por UC em ${latest.year}</h3>
    <table class="compact" data-testid="scce-uc-table">
      <tr>
        <th>UC</th>
        <th class="num">kWh</th>
        <th class="num">${reaisHeading('Encargo SCEE')}</th>
        <th class="num">${reaisHeading('Economia')}</th>
      </tr>
      ${latest.byUc.filter(priced).map(
        (u) =>
          html`<tr>
            <td>
              <a href=${hrefOf({ view: 'uc', ucId: u.ucId })}>${u.ucId}</a>${u.ucId === scce.ucId ? ' (própria)' : ''}
            </td>
            <td class="num">${formatKwhNumber(u.kwh)}</td>
            <td class="num">${reaisCell(u.scceCharge)}</td>
            <td class="num">${reaisCell(u.savings)}</td>
          </tr>`,
      )}
    </table>
    <p class="muted small">
      O encargo incide sobre a energia compensada nas faturas (os créditos ainda em saldo pagam quando forem usados):
      valores como as faturas das ${formatCount(latest.byUc.length)} UCs os calcularam, pela parte desta geradora na
      energia compensada.${unpriced !== '0.000' ? ` Sem tarifa em R$: ${formatKwh(unpriced)}, fora dos valores.` : ''}
    </p>
  </div>`;
}

/** Bars per year, stacked by GD class: the charge each class paid. */
function chartOption(years: Year[]) {
  const classes = [...new Set(years.flatMap((y) => y.byClass.map((c) => c.gdClass)))].sort();
  return {
    tooltip: reaisTooltip(),
    legend: { bottom: 0 },
    grid: { left: 80, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: years.map((y) => y.year) },
    yAxis: reaisAxis(),
    series: classes.map((gdClass) => ({
      name: `Encargo SCEE ${formatGdClass(gdClass)}`,
      type: 'bar',
      stack: 'scce',
      barMaxWidth: 48,
      itemStyle: { color: GD_CLASS_COLORS[gdClass] },
      data: years.map((y) => Number(y.byClass.find((c) => c.gdClass === gdClass)?.scceCharge ?? '0')),
    })),
  };
}
