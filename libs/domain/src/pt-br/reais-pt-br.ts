/**
 * Money as a person reads it (pt-BR), from the exact decimal strings amounts travel as (never a float): the one
 * wording of the CLI, the API's documents, the audit report and the dashboard.
 */

/** "1234.56" → "R$ 1.234,56"; "-0.50" → "-R$ 0,50". A string that is not an amount is returned as it is. */
export function reaisPtBr(amount: string): string {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}R$ ${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${(m[3] ?? '').padEnd(2, '0')}`;
}

/** What is done about a re-billed cycle (or a correction in all): refund, charge, nothing, or re-bill in kWh. */
export type RebillingAction = 'refund' | 'charge' | 'none' | 'unpriced';

/** The action a signed difference calls for: negative is refunded, positive charged. */
export function rebillingActionOf(difference: string): RebillingAction {
  return difference.startsWith('-') ? 'refund' : /[1-9]/.test(difference) ? 'charge' : 'none';
}

/** What a correction comes to in all (its signed total difference): refund, charge or nothing. */
export function rebillingTotalPtBr(total: string): string {
  return rebillingActionPtBr(rebillingActionOf(total), total);
}

/** "devolver R$ 1.886,56", "cobrar R$ 370,57", "sem diferença em R$", "sem tarifa em R$: refaturar em kWh". */
export function rebillingActionPtBr(action: RebillingAction, difference: string | null): string {
  const abs = () => reaisPtBr((difference ?? '0.00').replace(/^-/, ''));
  switch (action) {
    case 'refund':
      return `devolver ${abs()}`;
    case 'charge':
      return `cobrar ${abs()}`;
    case 'none':
      return 'sem diferença em R$';
    case 'unpriced':
      return 'sem tarifa em R$: refaturar em kWh';
  }
}
