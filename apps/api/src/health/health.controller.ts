import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { EventStoreHealthIndicator } from './event-store.health';
import { HealthCheckFailureFilter } from './health-check-failure.filter';
import { ProcessManagersHealthIndicator } from './process-managers.health';
import { ReadModelsHealthIndicator } from './read-models.health';

/** Terminus's result, whose status may also be `degraded`: serving, but a consumer retries or has parked events. */
export type CompensaHealthResult = Omit<HealthCheckResult, 'status'> & {
  status: HealthCheckResult['status'] | 'degraded';
};

/**
 * Liveness and readiness for load balancers and orchestrators: public, terminus JSON (store, projection lag, process
 * managers). 200 `degraded` while a process manager retries or has parked events (still serving); 503 when down.
 */
@ApiTags('health')
@Public()
@Controller('health')
@UseFilters(HealthCheckFailureFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly readModels: ReadModelsHealthIndicator,
    private readonly processManagers: ProcessManagersHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  async check(): Promise<CompensaHealthResult> {
    const result = await this.health.check([
      () => this.eventStore.check(),
      () => this.readModels.check(),
      () => this.processManagers.check(),
    ]);
    const degraded = (result.details.processManagers as { degraded?: boolean } | undefined)?.degraded === true;
    return result.status === 'ok' && degraded ? { ...result, status: 'degraded' } : result;
  }
}
