import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreHealthIndicator } from './event-store.health';
import { HealthController } from './health.controller';
import { ProcessManagersHealthIndicator } from './process-managers.health';
import { ReadModelsHealthIndicator } from './read-models.health';

/** `GET /health`. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [EventStoreHealthIndicator, ReadModelsHealthIndicator, ProcessManagersHealthIndicator],
})
export class HealthModule {}
