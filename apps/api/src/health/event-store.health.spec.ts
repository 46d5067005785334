import { ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@compensa/event-store';
import { EventStoreHealthIndicator } from './event-store.health';
import { HealthCheckFailureFilter } from './health-check-failure.filter';

const storeAnswering = (headPosition: () => Promise<number | null>): EventStore =>
  ({ headPosition }) as unknown as EventStore;

describe('EventStoreHealthIndicator', () => {
  it('is up with the head position when the store answers', async () => {
    const indicator = new EventStoreHealthIndicator(
      storeAnswering(async () => 41),
      new HealthIndicatorService(),
    );
    expect(await indicator.check()).toEqual({ eventStore: { status: 'up', headPosition: 41 } });
  });

  it('is down with the reason when the store fails', async () => {
    const failing = storeAnswering(async () => {
      throw new Error('database is locked');
    });
    const indicator = new EventStoreHealthIndicator(failing, new HealthIndicatorService());
    expect(await indicator.check()).toEqual({ eventStore: { status: 'down', message: 'database is locked' } });
  });

  it('is down when the store does not answer in time', async () => {
    jest.useFakeTimers();
    try {
      const indicator = new EventStoreHealthIndicator(
        storeAnswering(() => new Promise(() => undefined)),
        new HealthIndicatorService(),
      );
      const result = indicator.check();
      await jest.advanceTimersByTimeAsync(3000);
      expect(await result).toEqual({ eventStore: { status: 'down', message: 'no answer within 3000 ms' } });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('HealthCheckFailureFilter', () => {
  it('answers the 503 with terminus JSON, not problem+json', () => {
    const body = { status: 'error', info: {}, error: { eventStore: { status: 'down' } }, details: {} };
    const response = { statusCode: 0, setHeader: jest.fn(), end: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new HealthCheckFailureFilter().catch(new ServiceUnavailableException(body), host);
    expect(response.statusCode).toBe(503);
    expect(response.setHeader).toHaveBeenCalledWith('Content-Type', 'application/json; charset=utf-8');
    expect(JSON.parse(response.end.mock.calls[0][0] as string)).toEqual(body);
  });
});
