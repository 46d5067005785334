/** The projections, and which projection answers each read model. */
import type { Projection, ProjectionName, ReadModelName } from '../projection';
import { generatorFlowsProjection } from './generator-flows.projection';
import { invoiceSharesProjection } from './invoice-shares.projection';
import { correctionsProjection } from './corrections.projection';
import { invoicesProjection } from './invoices.projection';
import { titularHoldingsProjection } from './titular-holdings.projection';
import { ucBalanceProjection } from './uc-balance.projection';
import { ucStatementProjection } from './uc-statement.projection';

/** Every projection, in the order a batch applies them. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  ucBalanceProjection,
  ucStatementProjection,
  titularHoldingsProjection,
  generatorFlowsProjection,
  invoicesProjection,
  invoiceSharesProjection,
  correctionsProjection,
];

/** Every read-model name a caller may use (`compensa projections rebuild [name]`). */
export const READ_MODEL_NAMES: readonly ReadModelName[] = [
  'uc_balance',
  'uc_statement',
  'titular_holdings',
  'expiring_credits',
  'generator_flows',
  'portfolio',
  'invoices',
  'invoice_shares',
  'corrections',
];

/** expiring_credits and portfolio are answered from uc_balance's lots and per-distribuidora totals. */
const OWNER: Record<ReadModelName, ProjectionName> = {
  uc_balance: 'uc_balance',
  uc_statement: 'uc_statement',
  titular_holdings: 'titular_holdings',
  generator_flows: 'generator_flows',
  invoices: 'invoices',
  invoice_shares: 'invoice_shares',
  corrections: 'corrections',
  expiring_credits: 'uc_balance',
  portfolio: 'uc_balance',
};

/** The projections behind some read-model names (all when none given); throws on an unknown name. */
export function projectionsFor(names?: readonly string[]): Projection[] {
  if (!names || names.length === 0) return [...ALL_PROJECTIONS];
  const wanted = new Set<ProjectionName>();
  for (const n of names) {
    const owner = OWNER[n as ReadModelName];
    if (!owner) throw new TypeError(`unknown read model "${n}" (one of ${READ_MODEL_NAMES.join(', ')})`);
    wanted.add(owner);
  }
  return ALL_PROJECTIONS.filter((p) => wanted.has(p.name));
}
