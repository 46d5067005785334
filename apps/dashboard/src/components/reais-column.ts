import { html } from 'lit';
import { formatReais } from '../format/pt-br';

/**
 * A money table's amount, "R$ 1.234,56". On a narrow phone (under 380 px) its "R$ " gives way, and the column's
 * heading (`reaisHeading`) says "(R$)" once, so that four columns of amounts fit without scrolling sideways.
 */
export function reaisCell(value: string) {
  const text = formatReais(value);
  const at = text.indexOf('R$ ');
  if (at < 0) return text;
  return html`${text.slice(0, at)}<span class="reais-sign">R$ </span>${text.slice(at + 3)}`;
}

/** The heading of a column of `reaisCell`s: "(R$)" is added when the amounts drop their sign. */
export const reaisHeading = (label: string) => html`${label}<span class="reais-unit"> (R$)</span>`;
