import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventStore } from '@compensa/event-store';
import { EVENT_STORE } from '../event-store/event-store.token';

/** Time after which an event store that has not answered counts as down. */
const TIMEOUT_MS = 3000;

/** "Up" when the event store answers `headPosition()` in time; reports the head position it saw. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: 'eventStore' = 'eventStore'): Promise<HealthIndicatorResult<'eventStore'>> {
    const indicator = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      });
      const headPosition = await Promise.race([this.store.headPosition(), timeout]);
      return indicator.up({ headPosition });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
