import { SqliteEventStore, type NewEvent, type RecordedEvent } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { silentLogger } from '../logger';
import { DirectoryConsumer } from './directory-consumer';
import { MemoryDirectoryStore } from './directory-store';
import { DUE_HELD_EXPIRIES_SQL, DUE_UC_EXPIRIES_SQL, SqliteDirectoryStore } from './sqlite-directory-store';
import { UcDirectory } from './uc-directory';

const UCS = ['1001', '1002', '1003', '2001'];

/** A small history over several streams: registrations, readings, credits, a transfer, a closure, R20 windows. */
function history(): { stream: string; event: NewEvent }[] {
  const uc = (id: string) => `uc-cemig-${id}`;
  const t = (key: string) => `titular-cemig-${key}`;
  const reg = (id: string, key: string, at: string) => ({
    stream: uc(id),
    event: {
      type: 'UcRegistered',
      data: { ucId: id, distribuidora: 'cemig', titular: { key }, billedAsGroupB: true, registeredAt: at },
    },
  });
  const reading = (id: string, date: string, kwh: string) => ({
    stream: uc(id),
    event: {
      type: 'ReadingRecorded',
      data: { ucId: id, readingDate: date, postos: { fora_ponta: { consumed: kwh } } },
    },
  });
  const credit = (id: string, expiresOn: string) => ({
    stream: uc(id),
    event: { type: 'CycleCompensated', data: { ucId: id, receivedToCredit: [{ expiresOn }] } },
  });
  return [
    reg('1001', 'A', '2025-01-01'),
    reg('1002', 'A', '2025-01-02'),
    reg('1003', 'B', '2025-01-03'),
    ...['01', '02', '03', '04', '05', '06'].map((m, i) => reading('1001', `2025-${m}-10`, String(100 + i))),
    reading('1002', '2025-02-10', '50'),
    credit('1001', '2030-01-10'),
    credit('1002', '2030-03-10'),
    credit('1003', '2031-01-10'),
    {
      stream: uc('1002'),
      event: { type: 'TitularidadeTransferred', data: { ucId: '1002', newTitular: { key: 'B' } } },
    },
    credit('1002', '2030-02-10'),
    {
      stream: t('A'),
      event: {
        type: 'CreditsHeldForTitular',
        data: {
          distribuidora: 'cemig',
          titular: { key: 'A' },
          fromUcId: '1002',
          deadline: '2025-03-01',
          lots: [{ expiresOn: '2030-03-10' }],
        },
      },
    },
    { stream: uc('1003'), event: { type: 'ContractClosed', data: { ucId: '1003' } } },
    {
      stream: t('B'),
      event: {
        type: 'CreditsHeldForTitular',
        data: {
          distribuidora: 'cemig',
          titular: { key: 'B' },
          fromUcId: '1003',
          deadline: '2025-04-01',
          lots: [{ expiresOn: '2031-01-10' }],
        },
      },
    },
    { stream: t('B'), event: { type: 'HeldCreditsKept', data: { fromUcId: '1003' } } },
    reg('2001', 'B', '2025-05-01'),
    {
      stream: uc('2001'),
      event: { type: 'HeldCreditsReceived', data: { ucId: '2001', lots: [{ expiresOn: '2029-12-31' }] } },
    },
  ];
}

/** The history as recorded events (revisions per stream, positions in order). */
function recorded(): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return history().map(({ stream, event }, i) => {
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    return {
      id: `e${i}`,
      stream,
      revision,
      position: i + 1,
      type: event.type,
      data: event.data,
      metadata: { recordedAt: '2025-01-01T00:00:00Z', schemaVersion: 1, hash: '', prevHash: null },
    };
  });
}

/** Everything the directory answers, the sweeps' takes last (they forget what they return). */
function answers(d: UcDirectory) {
  return {
    streams: UCS.map((id) => d.streamOf(id)),
    facts: ['2025-01-31', '2025-04-30', '9999-12-31'].map((date) => d.factsMap([...UCS, '9999'], date)),
    titularA: d.ucsOfTitular('cemig', 'A', '2025-12-31'),
    titularB: d.ucsOfTitular('cemig', 'B', '2025-12-31'),
    due: ['2025-03-01', '2025-03-02', '2026-01-01'].map((date) => d.dueWindows(date)),
    heldB: d.heldWindowsOf('cemig', 'B'),
    titularStreams: d.titularStreams(),
    ucExpiries: ['2029-12-31', '2030-02-28', '2030-02-28', '2040-01-01'].map((date) => d.takeUcExpiries(date)),
    heldExpiries: ['2030-12-31', '2031-12-31', '2031-12-31'].map((date) => d.takeHeldExpiries(date)),
  };
}

describe('SqliteDirectoryStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'compensa-directory-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers as the in-memory directory after applying the log', () => {
    const events = recorded();
    const memory = new UcDirectory(new MemoryDirectoryStore());
    const sqlite = new UcDirectory(new SqliteDirectoryStore(':memory:'));
    for (const e of events) {
      memory.apply(e);
      sqlite.apply(e);
    }
    const expected = answers(memory);
    expect(expected.facts[2]['1001'].latestConsumption).toEqual({ readingDate: '2025-06-10', kwh: '105.000' });
    // Only the last 4 readings are kept: January's is gone after the sixth.
    expect(expected.facts[0]['1001'].latestConsumption).toBeNull();
    expect(expected.facts[1]['1001'].latestConsumption).toEqual({ readingDate: '2025-04-10', kwh: '103.000' });
    expect(expected.facts[2]['1002']).toMatchObject({ titularKey: 'B' });
    expect(expected.facts[2]['1003']).toMatchObject({ status: 'closed' });
    expect(expected.titularA.map((f) => f.ucId)).toEqual(['1001']);
    expect(expected.titularB.map((f) => f.ucId)).toEqual(['1003', '1002', '2001']);
    expect(expected.due.map((ws) => ws.map((w) => w.fromUcId))).toEqual([[], ['1002'], ['1002']]);
    expect(expected.heldB.map((w) => w.fromUcId)).toEqual(['1003']);
    expect(expected.titularStreams).toEqual(['titular-cemig-A', 'titular-cemig-B']);
    // 1002's credit of 2030-03-10 was forgotten at the transfer, 1003's at the closure.
    expect(expected.ucExpiries).toEqual([['2001'], ['1001', '1002'], [], []]);
    expect(expected.heldExpiries).toEqual([['titular-cemig-A'], ['titular-cemig-B'], []]);
    expect(answers(sqlite)).toEqual(expected);
  });

  it('applies each stream revision once: applying the log again changes nothing', () => {
    const store = new SqliteDirectoryStore(':memory:');
    const directory = new UcDirectory(store);
    const events = recorded();
    for (const e of events) directory.apply(e);
    directory.applyBatch(events, events.length);
    directory.applyBatch(events.slice(3, 9), events.length);
    for (const e of events) directory.apply(e);
    const once = new UcDirectory(new MemoryDirectoryStore());
    for (const e of events) once.apply(e);
    expect(store.appliedRevision('uc-cemig-1001')).toBe(7);
    expect(directory.factsOf('1001', '9999-12-31')).toEqual(once.factsOf('1001', '9999-12-31'));
    expect(answers(directory)).toEqual(answers(once));
  });

  it('commits a batch and its checkpoint together: a failing batch leaves neither', () => {
    const store = new SqliteDirectoryStore(':memory:');
    const directory = new UcDirectory(store);
    const events = recorded();
    directory.applyBatch(events.slice(0, 3), 3);
    const broken = { ...events[4], data: { ucId: '1001', readingDate: '2025-02-10', postos: null } };
    expect(() => directory.applyBatch([events[3], broken], 5)).toThrow();
    expect(directory.checkpoint()).toBe(3);
    expect(store.appliedRevision('uc-cemig-1001')).toBe(0);
    expect(directory.factsOf('1001', '9999-12-31')!.latestConsumption).toBeNull();
  });

  it('takes expiries by date through the date index, not a scan of the UCs', () => {
    const db = new DatabaseSync(':memory:');
    const store = new SqliteDirectoryStore(db);
    const directory = new UcDirectory(store);
    for (const e of recorded()) directory.apply(e);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2030-01-01') as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    expect(plan(DUE_UC_EXPIRIES_SQL)).toMatch(
      /SEARCH e USING COVERING INDEX directory_(uc|held)_expiries_by_date \(expires_on<\?\)/,
    );
    expect(plan(DUE_UC_EXPIRIES_SQL)).not.toMatch(/SCAN/);
    expect(plan(DUE_HELD_EXPIRIES_SQL)).toMatch(
      /SEARCH e USING COVERING INDEX directory_(uc|held)_expiries_by_date \(expires_on<\?\)/,
    );
    expect(directory.takeUcExpiries('2029-12-30')).toEqual([]);
    expect(directory.takeUcExpiries('2030-01-10')).toEqual(['1001', '2001']);
    expect(directory.takeUcExpiries('2030-01-10')).toEqual([]);
    expect(directory.takeUcExpiries('2030-02-10')).toEqual(['1002']);
    expect(directory.takeHeldExpiries('2030-03-09')).toEqual([]);
    expect(directory.takeHeldExpiries('2030-03-10')).toEqual(['titular-cemig-A']);
  });

  it('resumes from its checkpoint after a restart and answers as a full rebuild', async () => {
    const events = new SqliteEventStore({ path: join(dir, 'events.db') });
    const file = join(dir, 'platform.db');
    const all = history();
    const append = async (items: typeof all) => {
      for (const { stream, event } of items) await events.append(stream, [event], { expectedRevision: 'any' });
    };
    try {
      await append(all.slice(0, 12));
      let store = new SqliteDirectoryStore(file);
      let consumer = new DirectoryConsumer(events, new UcDirectory(store), silentLogger);
      await consumer.start();
      expect(consumer.position()).toBe(12);
      await consumer.stop();
      store.close();

      await append(all.slice(12));
      store = new SqliteDirectoryStore(file);
      const resumed = new UcDirectory(store);
      expect(resumed.checkpoint()).toBe(12);
      const applied: number[] = [];
      const apply = resumed.applyBatch.bind(resumed);
      resumed.applyBatch = (batch, position, lazy) => {
        applied.push(...batch.map((e) => e.position));
        return apply(batch, position, lazy);
      };
      consumer = new DirectoryConsumer(events, resumed, silentLogger);
      await consumer.start();
      const head = await events.headPosition();
      await consumer.waitFor(head);
      // Only what came after the checkpoint was delivered.
      expect(applied).toEqual(Array.from({ length: all.length - 12 }, (_, i) => 13 + i));
      expect(resumed.checkpoint()).toBe(head);

      const rebuilt = new UcDirectory(new SqliteDirectoryStore(':memory:'));
      const full = new DirectoryConsumer(events, rebuilt, silentLogger);
      await full.start();
      await full.waitFor(head);
      expect(answers(resumed)).toEqual(answers(rebuilt));
      await full.stop();
      await consumer.stop();
      store.close();
    } finally {
      await events.close();
    }
  });
});
