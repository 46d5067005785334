import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CorrectionsController } from './corrections/corrections.controller';
import { ExpiringCreditsController } from './credits/expiring-credits.controller';
import { GeneratorFlowsController } from './generators/generator-flows.controller';
import { InvoicesController } from './invoices/invoices.controller';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PendingReallocationsController } from './reallocations/pending-reallocations.controller';
import { ProjectionLagInterceptor } from './shared/projection-lag.interceptor';
import { StatementsController } from './statements/statements.controller';
import { TitularCreditsController } from './titulares/titular-credits.controller';
import { UcQueriesController } from './ucs/uc-queries.controller';

/**
 * The HTTP query API (GET, operator and auditor keys): answered from the read models (ReadModelsModule), every
 * answer with X-Projection-Lag. A UC's balance as of a date is the domain folding its stream; credits over time are
 * the monthly changes uc_balance and titular_holdings keep.
 */
@Module({
  controllers: [
    UcQueriesController,
    StatementsController,
    InvoicesController,
    TitularCreditsController,
    GeneratorFlowsController,
    PendingReallocationsController,
    ExpiringCreditsController,
    PortfolioController,
    CorrectionsController,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: ProjectionLagInterceptor }],
})
export class QueriesModule {}
