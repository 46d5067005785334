import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Platform } from '@compensa/application';

/**
 * The process managers: each one's state (retrying since when, attempts, last error), lag and open parked events.
 * "Up" while they run — a consumer that retries or has parked events still serves — with `degraded: true` then, which
 * turns the overall status of /health to `degraded` (HealthController).
 */
@Injectable()
export class ProcessManagersHealthIndicator {
  constructor(
    private readonly platform: Platform,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: 'processManagers' = 'processManagers'): Promise<HealthIndicatorResult<'processManagers'>> {
    const indicator = this.health.check(key);
    try {
      const consumers = await this.platform.consumerReports();
      const reports = Object.values(consumers);
      const parked = reports.reduce((n, r) => n + r.parked, 0);
      const degraded = parked > 0 || reports.some((r) => r.state === 'retrying');
      return indicator.up({ degraded, parked, consumers });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
