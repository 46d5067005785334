import { formatDate, formatKwhNumber } from '../format/pt-br';

/** kWh as pt-BR text from a chart's number (charts hold numbers; labels stay pt-BR). */
export function kwhLabel(value: number): string {
  return `${formatKwhNumber(value.toFixed(3))} kWh`;
}

/** A value axis in kWh with pt-BR labels. */
export function kwhAxis() {
  return { type: 'value', axisLabel: { formatter: (v: number) => formatKwhNumber(v.toFixed(0)) } };
}

/** An axis tooltip listing each series in pt-BR kWh. */
export function kwhTooltip() {
  // confine: the tooltip stays inside the chart (it was partly off-screen on a phone).
  return { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => kwhLabel(Number(v)) };
}

/** A time axis with pt-BR dates (dd/mm/aaaa). */
export function dateAxis() {
  return {
    type: 'time',
    // From the first point to the last: ECharts' rounded bounds started years before the UC existed.
    min: 'dataMin',
    max: 'dataMax',
    axisLabel: { hideOverlap: true, formatter: (v: number) => formatDate(new Date(v).toISOString().slice(0, 10)) },
  };
}
