import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { ProjectionRunner } from '@compensa/projections';
import { PROJECTION_RUNNER } from '../read-models/read-models.tokens';

/** "Up" while the projections apply events; reports how far each is behind the head (events). */
@Injectable()
export class ReadModelsHealthIndicator {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: 'readModels' = 'readModels'): Promise<HealthIndicatorResult<'readModels'>> {
    const indicator = this.health.check(key);
    try {
      const lag = await this.runner.lag();
      // A failing batch is retried with backoff; until one commits, the read models are not being updated.
      if (this.runner.lastError) return indicator.down({ lag, message: this.runner.lastError.message });
      return indicator.up({ lag });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
