import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '../auth/auth.module';
import { API_CONFIG, type ApiConfig } from '../config';
import { FixedWindowStorage } from './fixed-window.storage';
import { RateLimitGuard } from './rate-limit.guard';

/** The per-key rate limit (COMPENSA_RATE_LIMIT requests per second), applied to every route by a global guard. */
@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        throttlers: [{ ttl: 1000, limit: config.rateLimitPerSecond }],
        storage: new FixedWindowStorage(),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
