import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Platform } from '@compensa/application';
import type { ProjectionRunner } from '@compensa/projections';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { Public } from '../auth/public.decorator';
import { PROJECTION_RUNNER } from '../read-models/read-models.tokens';
import { HttpMetrics } from './http-metrics';

/** `GET /metrics`: Prometheus text format; projection and process-manager lag in events behind the head. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly registry: Registry;

  constructor(@Inject(PROJECTION_RUNNER) runner: ProjectionRunner, platform: Platform, http: HttpMetrics) {
    // One registry: the HTTP metrics' (their middleware runs outside this controller).
    this.registry = http.registry;
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
    // Per consumer: failed attempts (transient, retried), lag, open parked events (permanent, waiting for an operator).
    const retriesSeen = new Map<string, number>();
    new Counter({
      name: 'compensa_consumer_retries_total',
      help: 'Failed attempts at an event that each process manager retried (transient failures)',
      labelNames: ['consumer'],
      registers: [this.registry],
      async collect() {
        for (const [consumer, r] of Object.entries(await platform.consumerReports())) {
          this.inc({ consumer }, Math.max(0, r.retriesTotal - (retriesSeen.get(consumer) ?? 0)));
          retriesSeen.set(consumer, r.retriesTotal);
        }
      },
    });
    new Gauge({
      name: 'compensa_consumer_lag_events',
      help: 'Events between the head of the log and what each process manager has handled (grows while it retries)',
      labelNames: ['consumer'],
      registers: [this.registry],
      async collect() {
        for (const [consumer, r] of Object.entries(await platform.consumerReports())) this.set({ consumer }, r.lag);
      },
    });
    new Gauge({
      name: 'compensa_parked_events',
      help: 'Events each process manager parked (a decider refused them) and no operator has retried or resolved yet',
      labelNames: ['consumer'],
      registers: [this.registry],
      async collect() {
        for (const [consumer, r] of Object.entries(await platform.consumerReports())) this.set({ consumer }, r.parked);
      },
    });
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
