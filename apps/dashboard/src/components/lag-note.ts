import { html, nothing } from 'lit';
import { formatCount } from '../format/pt-br';

/** A note when the read models behind a view are behind the event log (X-Projection-Lag > 0). */
export function lagNote(lag: number) {
  if (lag <= 0) return nothing;
  return html`<p class="badge warn" data-testid="lag">
    Dados em atualização: ${formatCount(lag)} ${lag === 1 ? 'evento' : 'eventos'} ainda não processados
  </p>`;
}
