/**
 * The portfolio of the fault-injection tests: generators 1000, 1010, … each sharing its excedente with four
 * beneficiaries (+1..+4, 20 % each, 20 % kept), and the checks every test ends with.
 */
import { Platform, SettableClock, type PlatformOptions, type RetryBackoff } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore, type EventStore, type RecordedEvent } from '@compensa/event-store';
import { join } from 'node:path';

export const CPF = '52998224725';
/** Fast enough for tests, same shape as production's 50 ms → 30 s. */
export const TEST_BACKOFF: RetryBackoff = { initialMs: 5, maxMs: 100, directoryWaitMs: 100 };

/** A platform on DIR/events.db and DIR/checkpoints.db (or on `store` when given, e.g. a flaky wrapper of it). */
export function openPlatform(dir: string, extra: Partial<PlatformOptions> & { store?: EventStore } = {}) {
  const sqlite = new SqliteEventStore({ path: join(dir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const store = extra.store ?? sqlite;
  const platform = new Platform({
    clock: new SettableClock('2025-01-01' as BusinessDate),
    retry: TEST_BACKOFF,
    ...extra,
    store,
    checkpoints,
  });
  return {
    platform,
    sqlite,
    close: async () => {
      await platform.stop();
      checkpoints.close();
      await sqlite.close();
    },
  };
}

/** Registers `generators` groups through `platform`'s commands (it need not be started). */
export async function registerGroups(platform: Platform, generators: number, firstGenerator = 1000): Promise<void> {
  const c = platform.commands;
  // R10: these UCs have no tariff in R$; their distribuidora reads the minimum as `greater-of` (P10).
  await c.execute('SetDistribuidoraPolicy', { distribuidora: 'copel', validFrom: '2000-01-01', p10: 'greater-of' });
  for (let g = 0; g < generators; g++) {
    const gen = firstGenerator + g * 10;
    for (let i = 0; i <= 4; i++) await registerUc(platform, String(gen + i));
    await c.execute('RegisterGeneration', {
      ucId: String(gen),
      installedKw: '50',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2025-01-02',
      connectedAt: '2025-01-10',
    });
    await c.execute('ChangeRateio', {
      ucId: String(gen),
      requestedAt: '2025-01-10',
      mode: 'percentage',
      shares: [0, 1, 2, 3, 4].map((i) => ({ ucId: String(gen + i), percent: '20' })),
    });
    await c.execute('RecordReading', {
      ucId: String(gen),
      cycle: '2025-01',
      readingDate: '2025-01-15',
      postos: { unico: { consumed: '0', injected: '0' } },
    });
  }
}

export function registerUc(platform: Platform, ucId: string) {
  return platform.commands.execute('RegisterUc', {
    ucId,
    distribuidora: 'copel',
    titular: { document: CPF, name: 'Ana' },
    group: 'B',
    connection: 'trifasico',
    postos: ['unico'],
    registeredAt: '2025-01-01',
  });
}

/** Each generator's reading of `cycle`: 900.001 kWh of excedente allocated to five UCs. */
export async function recordCycle(
  platform: Platform,
  generators: number,
  cycle: string,
  firstGenerator = 1000,
): Promise<void> {
  for (let g = 0; g < generators; g++) {
    await platform.commands.execute('RecordReading', {
      ucId: String(firstGenerator + g * 10),
      cycle,
      readingDate: `${cycle}-15`,
      postos: { unico: { consumed: '100', injected: '1000.001' } },
    });
  }
}

/** Every (allocation, target) pair and how many ExcedenteReceived each has; the parked events' records. */
export async function deliveryLedger(store: EventStore) {
  const wanted: { eventId: string; target: string }[] = [];
  const received = new Map<string, number>();
  const parked: RecordedEvent[] = [];
  for await (const e of store.readAll()) {
    if (e.type === 'ExcedenteAllocated') {
      const targets = new Set((e.data as { allocations: { ucId: string }[] }).allocations.map((a) => a.ucId));
      for (const t of targets) wanted.push({ eventId: e.id, target: `uc-copel-${t}` });
    }
    if (e.type === 'ExcedenteReceived') {
      const k = `${(e.data as { sourceEventId: string }).sourceEventId}>${e.stream}`;
      received.set(k, (received.get(k) ?? 0) + 1);
    }
    if (e.type === 'EventParked') parked.push(e);
  }
  return { wanted, received, parked };
}

/** Every allocation reached each of its targets exactly once, and nothing else was delivered (none parked). */
export async function expectExactlyOnce(store: EventStore): Promise<number> {
  const { wanted, received, parked } = await deliveryLedger(store);
  expect(wanted.length).toBeGreaterThan(0);
  expect(parked).toEqual([]);
  const missingOrDoubled = wanted.filter((w) => received.get(`${w.eventId}>${w.target}`) !== 1);
  expect(missingOrDoubled).toEqual([]);
  expect([...received.values()].reduce((a, b) => a + b, 0)).toBe(wanted.length);
  return wanted.length;
}

/** Polls until `check` holds (or fails after `ms`). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
