import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Clock } from '@compensa/application';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { API_CONFIG, type ApiConfig } from './config';
import { ApiConfigModule } from './config.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { jsonBodyParser } from './http/json-body-parser';
import { HttpMetrics } from './metrics/http-metrics';
import { loggerParams } from './logging/logger-params';
import { MetricsModule } from './metrics/metrics.module';
import { PlatformModule } from './platform/platform.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { createValidationPipe } from './problems/validation.pipe';
import { QueriesModule } from './queries/queries.module';
import { rejectUnfitBodies } from './security/body-shape.middleware';
import { RateLimitModule } from './security/rate-limit.module';

/** What a caller of `AppModule.forRoot` may add: tests register their own controllers and capture the log. */
export interface AppModuleOptions {
  /** Controllers mounted beside the application's own (tests only). */
  extraControllers?: Type[];
  /** Where log lines go instead of stdout. */
  logDestination?: DestinationStream;
  /** The platform's clock instead of the wall clock (tests: a SettableClock). */
  clock?: Clock;
}

/**
 * The application: configuration, logging, event store, auth, health, problem+json and validation; which parts run
 * follows the role (config.role: the whole API for `all` and `api`, health and metrics only for `worker`).
 */
@Module({})
export class AppModule implements NestModule {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly httpMetrics: HttpMetrics,
  ) {}

  static forRoot(config: ApiConfig, options: AppModuleOptions = {}): DynamicModule {
    const foundation = [
      ApiConfigModule.forRoot(config),
      LoggerModule.forRoot(loggerParams(config.logLevel, options.logDestination)),
      EventStoreModule,
    ];
    // A worker serves /health and /metrics only: no keys, no commands, no queries.
    const http =
      config.role === 'worker'
        ? [HealthModule, PlatformModule.forRoot({ clock: options.clock }), ReadModelsModule, MetricsModule]
        : [
            // Before AuthModule: its guard runs first, so requests refused with 401 count against their IP too.
            RateLimitModule,
            AuthModule,
            HealthModule,
            PlatformModule.forRoot({ clock: options.clock }),
            ReadModelsModule,
            CommandsModule,
            MetricsModule,
            AuditModule,
            AdminModule,
            ImportsModule,
            QueriesModule,
            DashboardModule,
          ];
    return {
      module: AppModule,
      imports: [...foundation, ...http],
      controllers: options.extraControllers ?? [],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // HTTP metrics first, so that every answer is counted, the parser's refusals included.
    // Here rather than Nest's built-in parser: it then runs after the request logger (so its 400/413 carry a
    // request id) and its errors arrive as problems.
    // Then what the ValidationPipe cannot handle: bodies nested too deep, keys named like Object.prototype members.
    consumer
      .apply(this.httpMetrics.middleware(), jsonBodyParser(this.config.bodyLimitBytes), rejectUnfitBodies())
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
