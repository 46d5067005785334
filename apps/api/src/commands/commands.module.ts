import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { PlatformState } from '@compensa/application';
import { API_CONFIG, type ApiConfig } from '../config';
import { PLATFORM_STATE } from '../platform/platform.tokens';
import { ETagInterceptor } from './etag.interceptor';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { PlatformCommandHandler } from './platform-command.handler';
import { COMMAND_CONTROLLERS } from './verb-controller';

/**
 * The HTTP command API: one controller per stream kind generated from the verb catalogue, DTOs validated, each verb
 * dispatched on the CommandBus to the one handler, which runs it on the Platform (PlatformModule). Idempotency keys
 * live in the platform state (DATA_DIR/platform.db, or PostgreSQL at PLATFORM_DB_URL, shared by every instance).
 */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: COMMAND_CONTROLLERS,
  providers: [
    PlatformCommandHandler,
    {
      provide: IdempotencyStore,
      inject: [PLATFORM_STATE, API_CONFIG],
      useFactory: (state: PlatformState, config: ApiConfig) =>
        new IdempotencyStore(state, Date.now, config.idempotencyClaimMs),
    },
    IdempotencyInterceptor,
    ETagInterceptor,
  ],
})
export class CommandsModule {}
