/**
 * The re-billing wording (refund, charge, nothing, kWh only): the domain's own, the one the CLI report and the
 * demonstrativo print (a pure module, bundled as it is).
 */
import {
  rebillingActionOf,
  rebillingActionPtBr,
  type RebillingAction,
} from '../../../../libs/domain/src/pt-br/reais-pt-br';

/** What the clerk does about a re-billed cycle: refund, charge, nothing, or re-bill in kWh. */
export function rebillingActionText(action: RebillingAction, difference: string | null): string {
  return rebillingActionPtBr(action, difference);
}

/** What a correction's re-billing comes to in all (its total difference): refund, charge or nothing. */
export function rebillingTotalText(total: string): string {
  return rebillingActionPtBr(rebillingActionOf(total), total);
}
