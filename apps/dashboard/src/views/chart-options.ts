import { formatDate, formatKwhNumber, formatReais } from '../format/pt-br';

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

/** R$ as pt-BR text from a chart's number ("R$ 1.234,56"); the figures themselves come as exact decimal strings. */
export function reaisLabel(value: number): string {
  return formatReais(value.toFixed(2));
}

/** A value axis in R$ with pt-BR labels (whole reais). */
export function reaisAxis() {
  return { type: 'value', axisLabel: { formatter: (v: number) => formatReais(v.toFixed(0)).replace(/,00$/, '') } };
}

/** An axis tooltip listing each series in pt-BR R$. */
export function reaisTooltip() {
  return { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => reaisLabel(Number(v)) };
}

/** One colour per GD class, the same in every chart. */
export const GD_CLASS_COLORS: Readonly<Record<string, string>> = {
  GD_I: '#2e7d32',
  GD_II: '#1565c0',
  GD_III: '#e07b00',
};
