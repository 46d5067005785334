import { html } from 'lit';
import { formatCount } from '../format/pt-br';

/** How many rows a long list shows at first: a five-year history is 60 cycles, unreadable as one page. */
export const PAGE_SIZE = 12;

/**
 * The "Mostrar mais" button under a list that shows `shown` of `total` items (newest first), or nothing when all
 * are shown. `more` shows the next page.
 */
export function showMore(shown: number, total: number, more: () => void, testId: string) {
  if (shown >= total) return '';
  const next = Math.min(PAGE_SIZE, total - shown);
  return html`<p class="more">
    <button class="link" @click=${more} data-testid=${testId}>
      Mostrar mais ${formatCount(next)} (${formatCount(shown)} de ${formatCount(total)} exibidos)
    </button>
  </p>`;
}
