import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ExpiringCreditsController } from './credits/expiring-credits.controller';
import { GeneratorFlowsController } from './generators/generator-flows.controller';
import { CreditsHistoryService } from './portfolio/credits-history.service';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PendingReallocationsController } from './reallocations/pending-reallocations.controller';
import { ProjectionLagInterceptor } from './shared/projection-lag.interceptor';
import { StatementsController } from './statements/statements.controller';
import { TitularCreditsController } from './titulares/titular-credits.controller';
import { UcQueriesController } from './ucs/uc-queries.controller';

/**
 * The HTTP query API (GET, operator and auditor keys): answered from the read models (ReadModelsModule), every
 * answer with X-Projection-Lag. History (a balance as of a date, over time) is the domain folding the log.
 */
@Module({
  controllers: [
    UcQueriesController,
    StatementsController,
    TitularCreditsController,
    GeneratorFlowsController,
    PendingReallocationsController,
    ExpiringCreditsController,
    PortfolioController,
  ],
  providers: [CreditsHistoryService, { provide: APP_INTERCEPTOR, useClass: ProjectionLagInterceptor }],
})
export class QueriesModule {}
