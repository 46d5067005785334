import type { RebilledCycle } from '../api/types';
import { formatReais } from './pt-br';

/** What the clerk does about a re-billed cycle (or the total): refund, charge, nothing, or re-bill in kWh. */
export function rebillingActionText(action: RebilledCycle['action'], difference: string | null): string {
  const abs = (d: string) => formatReais(d.replace(/^-/, ''));
  switch (action) {
    case 'refund':
      return `devolver ${abs(difference!)}`;
    case 'charge':
      return `cobrar ${abs(difference!)}`;
    case 'none':
      return 'sem diferença em R$';
    case 'unpriced':
      return 'sem tarifa em R$: refaturar em kWh';
  }
}

/** What a correction's re-billing comes to in all (its total difference): refund, charge or nothing. */
export function rebillingTotalText(total: string): string {
  return rebillingActionText(total.startsWith('-') ? 'refund' : /[1-9]/.test(total) ? 'charge' : 'none', total);
}
