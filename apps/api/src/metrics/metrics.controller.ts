import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Platform } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Public } from '../auth/public.decorator';
import { PROJECTION_RUNNER } from '../read-models/read-models.tokens';

/** `GET /metrics`: Prometheus text format; projection and process-manager lag in events behind the head. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  constructor(
    @Inject(PROJECTION_RUNNER) runner: ProjectionRunner,
    platform: Platform,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'compensa_' });
    new Gauge({
      name: 'compensa_projection_lag_events',
      help: 'Events between the head of the log and the projection checkpoint',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const [projection, lag] of Object.entries(await runner.lag())) this.set({ projection }, lag);
      },
    });
    new Gauge({
      name: 'compensa_process_manager_lag_events',
      help: 'Events between the head of the log and what each process manager (and the UC directory) has handled',
      labelNames: ['consumer'],
      registers: [this.registry],
      async collect() {
        for (const [consumer, lag] of Object.entries(await platform.lag())) this.set({ consumer }, lag);
      },
    });
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
