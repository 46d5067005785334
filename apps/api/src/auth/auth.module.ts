import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { API_CONFIG, type ApiConfig } from '../config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry } from './api-key-registry';
import type { PlatformState } from '@compensa/application';
import { PLATFORM_STATE } from '../platform/platform.tokens';
import { loadApiKeyRegistry } from './api-key-store';
import { loadSharedApiKeyRegistry } from './shared-api-key-store';
import { SessionController } from './session.controller';

/** API-key authentication and role checks, applied to every route through a global guard. */
@Module({
  controllers: [SessionController],
  providers: [
    {
      provide: ApiKeyRegistry,
      inject: [API_CONFIG, PLATFORM_STATE],
      // Shared by every instance with PLATFORM_DB_URL; else DATA_DIR/api-keys.json.
      useFactory: (config: ApiConfig, state: PlatformState) =>
        config.platformDbUrl
          ? loadSharedApiKeyRegistry(config, state, new Logger('ApiKeys'))
          : loadApiKeyRegistry(config, new Logger('ApiKeys')),
    },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyRegistry],
})
export class AuthModule {}
