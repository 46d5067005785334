/** The audit report's HTML tables (pt-BR): one builder for every section, so a phone reads each alike. */
import { escapeHtml as h } from './pt-br-format';

/** Tables with this many columns or more are read on a phone one row at a time, as label/value lines. */
const STACKED_FROM = 5;

/** A table's opening up to its first row (rows are joined by a line break). */
export function tableStart(head: readonly string[]): string {
  const th = head.map((c) => `<th>${h(c)}</th>`).join('');
  // In a box that scrolls sideways (a tab stop, for the keyboard): a wide table does not widen the page on a phone;
  // a wide one (`s`) shows each row as label/value lines there instead (the report's style).
  const stacked = head.length >= STACKED_FROM ? ' s' : '';
  return `<div class="t${stacked}" tabindex="0"><table><thead><tr>${th}</tr></thead><tbody>`;
}

/**
 * A row; each cell names its column (`data-label`), which a phone shows beside the value in place of the header row
 * (the report's style), so no column sits out of sight.
 */
export function tableRow(head: readonly string[], r: readonly string[], numeric: readonly number[] = []): string {
  return `<tr>${r
    .map((c, i) => `<td data-label="${h(head[i])}"${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`)
    .join('')}</tr>`;
}

export const TABLE_END = '</tbody></table></div>';

/** A whole table; `numeric` are the columns aligned right (figures). */
export function table(head: readonly string[], rows: readonly string[][], numeric: readonly number[] = []): string {
  return `${tableStart(head)}${rows.map((r) => tableRow(head, r, numeric)).join('\n')}${TABLE_END}`;
}
