/**
 * Fault injection: a consumer never skips an event. A store that fails appends, a directory that lags and a poison
 * event end with every excedente delivered exactly once or parked (and delivered exactly once by a retry after the
 * fix). FAULT_RUNS=20 repeats the suite 20 times in a row (default 1); the SIGKILL case is retry-kill.int.spec.ts.
 */
import { auditReplay, Platform, SettableClock, parkedStream, type ConsumerReport } from '@compensa/application';
import { StateConflict, type BusinessDate } from '@compensa/domain';
import { SqliteEventStore } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deliveryLedger,
  eventually,
  expectExactlyOnce,
  openPlatform,
  recordCycle,
  registerGroups,
  registerUc,
  TEST_BACKOFF,
} from './fault-scenario';
import { appendPoisonAllocation } from '../support/poison-allocation';
import { deliveries, FlakyEventStore } from './flaky-event-store';
import { LaggingDirectoryStore } from './lagging-directory-store';

const RUNS = Math.max(1, Number(process.env.FAULT_RUNS ?? 1));
const DELIVERY = 'pm-excedente-delivery';

const report = async (platform: Platform): Promise<ConsumerReport> => (await platform.consumerReports())[DELIVERY];

/** An ExcedenteAllocated the UC decider never made: 42 kWh to `target` (not registered), plus `others`. */
const appendPoison = (store: SqliteEventStore, target: string, others: { ucId: string; kwh: string }[] = []) =>
  appendPoisonAllocation(store, '5000', [{ ucId: target, kwh: '42.000' }, ...others]);

for (let run = 1; run <= RUNS; run++) {
  describe(`consumers never skip (run ${run}/${RUNS})`, () => {
    let dir: string;
    let closers: (() => Promise<void>)[] = [];
    /** Closed after the test whatever happened (a platform left running would keep retrying, and jest alive). */
    const track = <T extends { close: () => Promise<void> }>(opened: T): T => {
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        await opened.close();
      };
      closers.push(close);
      return { ...opened, close };
    };
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'compensa-faults-'))));
    afterEach(async () => {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      closers = [];
      rmSync(dir, { recursive: true, force: true });
    });

    it('a store that fails the first N delivery appends: every excedente delivered exactly once, the checkpoint waits', async () => {
      const sqlite = new SqliteEventStore({ path: join(dir, 'events.db') });
      closers.push(() => sqlite.close());
      const flaky = new FlakyEventStore(sqlite);
      const { platform, close } = track(openPlatform(dir, { store: flaky }));
      await platform.start();
      await registerGroups(platform, 3);
      await platform.waitForIdle();
      const before = await report(platform);

      flaky.failAppends(Infinity, deliveries);
      await recordCycle(platform, 3, '2025-02');
      // While the store refuses, the consumer retries: /health's detail says so, and nothing is lost or skipped.
      await eventually(async () => (await report(platform)).attempts >= 3);
      const retrying = await report(platform);
      expect(retrying).toMatchObject({ state: 'retrying', parked: 0 });
      expect(retrying.retryingSince).not.toBeNull();
      expect(retrying.lastError).toMatch(/SQLITE_BUSY/);
      expect(retrying.lag).toBeGreaterThan(0);

      flaky.failAppends(7, deliveries); // the outage ends after 7 more refusals
      await platform.waitForIdle();
      const after = await report(platform);
      expect(after).toMatchObject({ state: 'ok', attempts: 0, parked: 0, lag: 0 });
      expect(after.retriesTotal - before.retriesTotal).toBeGreaterThanOrEqual(4);
      expect(flaky.failed).toBeGreaterThanOrEqual(7);
      expect(await expectExactlyOnce(sqlite)).toBe(3 * 4);
      await close();
    });

    it('a lagging directory: deliveries wait for it (transient, never an UnknownUc refusal) and happen once it catches up', async () => {
      const lagging = new LaggingDirectoryStore();
      lagging.lagging = false;
      const { platform, sqlite, close } = track(openPlatform(dir, { directory: lagging }));
      await platform.start();
      lagging.lagging = true;
      // Another instance registers the UCs and records the readings: this platform learns of them only through its directory.
      const other = new Platform({
        store: sqlite,
        checkpoints: { load: async () => null, store: async () => undefined },
        clock: new SettableClock('2025-01-01' as BusinessDate),
        retry: TEST_BACKOFF,
      });
      await registerGroups(other, 2);
      await recordCycle(other, 2, '2025-02');
      await eventually(async () => (await report(platform)).attempts >= 2);
      expect(await report(platform)).toMatchObject({ state: 'retrying', parked: 0 });
      expect((await report(platform)).lastError).toMatch(/DirectoryBehind/);
      expect((await deliveryLedger(sqlite)).received.size).toBe(0);

      lagging.lagging = false;
      await platform.waitForIdle();
      expect(await report(platform)).toMatchObject({ state: 'ok', parked: 0, lag: 0 });
      expect(await expectExactlyOnce(sqlite)).toBe(2 * 4); // four beneficiaries each (the generator keeps its share as credit)
      await close();
    });

    it('a poison event is parked before the checkpoint moves, later events are delivered, a retry after the fix delivers it exactly once', async () => {
      const { platform, sqlite, close } = track(openPlatform(dir));
      await platform.start();
      await registerGroups(platform, 1);
      await registerUc(platform, '5000');
      const poison = await appendPoison(sqlite, '9999', [{ ucId: '1001', kwh: '10.000' }]);
      await recordCycle(platform, 1, '2025-02');
      await platform.waitForIdle();

      // Parked with its position, error and the kWh that did not arrive; the healthy target got its share.
      const [record] = await platform.parked.list();
      expect(record).toMatchObject({
        consumer: DELIVERY,
        status: 'parked',
        event: {
          id: poison.id,
          stream: 'uc-copel-5000',
          revision: poison.revision,
          position: poison.position,
          type: 'ExcedenteAllocated',
        },
        error: { rule: 'UnknownUc' },
        kwh: '42.000',
        targets: ['9999'],
      });
      expect(await report(platform)).toMatchObject({ state: 'ok', parked: 1, lag: 0 });
      // The audit names it: its kWh are in transit (Q3 counts them), with the refusal.
      expect((await auditReplay(sqlite, { all: true })).inTransit).toEqual({
        kwh: '42.000',
        events: [
          expect.objectContaining({
            parkedId: record.parkedId,
            stream: 'uc-copel-5000',
            kwh: '42.000',
            targets: ['9999'],
            rule: 'UnknownUc',
          }),
        ],
      });
      let ledger = await deliveryLedger(sqlite);
      expect(ledger.parked).toHaveLength(1);
      expect(ledger.received.get(`${poison.id}>uc-copel-1001`)).toBe(1);
      // The reading after the poison was delivered to its five UCs.
      expect(
        ledger.wanted
          .filter((w) => w.eventId !== poison.id)
          .every((w) => ledger.received.get(`${w.eventId}>${w.target}`) === 1),
      ).toBe(true);

      // Parking again (a crash between the park and the checkpoint) is a no-op, and so is a replay from the start.
      await platform.parked.park(
        DELIVERY,
        poison,
        { rule: 'UnknownUc', message: 'again' },
        { kwh: '42.000', targets: ['9999'] },
      );
      await close();
      rmSync(join(dir, 'checkpoints.db'));
      const second = track(openPlatform(dir));
      await second.platform.start();
      await second.platform.waitForIdle();
      ledger = await deliveryLedger(second.sqlite);
      expect(ledger.parked).toHaveLength(1);

      // A retry before the fix: still parked, with the new error recorded.
      const still = await second.platform.retryParked(record.parkedId);
      expect(still).toMatchObject({
        status: 'parked',
        retries: [{ outcome: 'still-parked', error: { rule: 'UnknownUc' } }],
      });
      // The operator registers the UC; the retry delivers the 42 kWh exactly once.
      await registerUc(second.platform, '9999');
      const ok = await second.platform.retryParked(record.parkedId);
      expect(ok).toMatchObject({ status: 'retried-ok' });
      await expect(second.platform.retryParked(record.parkedId)).rejects.toBeInstanceOf(StateConflict);
      await second.platform.waitForIdle();
      ledger = await deliveryLedger(second.sqlite);
      expect(ledger.received.get(`${poison.id}>uc-copel-9999`)).toBe(1);
      expect([...ledger.received.values()].every((n) => n === 1)).toBe(true);
      expect((await second.platform.consumerReports())[DELIVERY].parked).toBe(0);
      expect((await auditReplay(second.sqlite, { all: true })).inTransit).toEqual({ kwh: '0.000', events: [] });

      // Another poison, settled by hand: resolved with its reason, kept, never deleted.
      const other = await appendPoison(second.sqlite, '8888');
      await second.platform.waitForIdle();
      const parked = (await second.platform.parked.list()).find((r) => r.event.id === other.id)!;
      expect(parked.status).toBe('parked');
      const resolved = await second.platform.parked.resolve(
        parked.parkedId,
        'UC 8888 does not exist: allocation corrected by hand',
      );
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolution: { reason: 'UC 8888 does not exist: allocation corrected by hand' },
      });
      await expect(second.platform.parked.resolve(parked.parkedId, 'twice')).rejects.toBeInstanceOf(StateConflict);
      const types: string[] = [];
      for await (const e of second.sqlite.readStream(parkedStream(DELIVERY))) types.push(e.type);
      expect(types).toEqual([
        'EventParked',
        'ParkedEventRetried',
        'ParkedEventRetried',
        'EventParked',
        'ParkedEventResolved',
      ]);
      await second.close();
    });
  });
}
