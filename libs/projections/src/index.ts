/**
 * @compensa/projections: the read models, one code path for SQLite (embedded default) and PostgreSQL via Kysely.
 *
 * - `openReadModels(url)`: `sqlite:<path>` / a bare path, or `postgres://…` (optional schema) → `ReadModelStore`.
 * - `ProjectionRunner`: a checkpointed subscription feeding the projections in batch transactions (checkpoint and
 *   rows in one transaction), `lag()`, `waitForIdle()`, `start()/stop()`, `rebuild(names?, onProgress)`.
 * - Read models: uc_balance, uc_statement, titular_holdings, generator_flows, invoices, invoice_shares, corrections (tables of their own) and
 *   expiring_credits, portfolio (queries over uc_balance's lots and per-distribuidora totals).
 * - Queries (dialect-neutral; energy as kWh strings): ucState, balanceAsOf and balanceHistory (replay the stream, one dating rule: the read model has
 *   no history), statement, statementsPage, statementCycles, titularUcs, titularUcTotals, titularCredits,
 *   pendingReallocations, generatorFlows, expiringCredits, expiringByDistribuidora, expiringByMonth, portfolio,
 *   portfolioTotals, creditsHistory (monthly changes kept by uc_balance and titular_holdings), invoiceOf, invoicesPage,
 *   ucExpiringCredits, generatorScceByYear, portfolioMoneyByMonth, correctionsPage. Lists take `{ cursor, limit }` and return `{ items, nextCursor }`.
 */
export * from './read-model-store';
export * from './read-model-database';
export * from './sqlite-kysely-dialect';
export { createPgSchema } from './create-pg-schema';
export * from './projection';
export * from './projection-runner';
export { ownerKeyOf, parsePartition, partitionOf, type RebuildPartition, type RebuildPlan } from './rebuild-partitions';
export { migrateReadModels, resetProjections } from './migrations';
export { loadCheckpoints } from './projection-checkpoints';
export { ALL_PROJECTIONS, READ_MODEL_NAMES, projectionsFor } from './projections/all-projections';
export { ucBalanceProjection } from './projections/uc-balance.projection';
export { ucStatementProjection } from './projections/uc-statement.projection';
export { titularHoldingsProjection } from './projections/titular-holdings.projection';
export { generatorFlowsProjection } from './projections/generator-flows.projection';
export { invoicesProjection } from './projections/invoices.projection';
export { invoiceSharesProjection } from './projections/invoice-shares.projection';
export { correctionsProjection } from './projections/corrections.projection';
export * from './queries/page';
export * from './queries/uc-balance.queries';
export * from './queries/statement.queries';
export * from './queries/titular.queries';
export * from './queries/generator-flows.queries';
export * from './queries/expiring-credits.queries';
export * from './queries/portfolio.queries';
export * from './queries/credits-history.queries';
export * from './queries/invoices.queries';
export * from './queries/invoice-shares.queries';
export * from './queries/corrections.queries';
export { kwhOf, whOf } from './wh';
