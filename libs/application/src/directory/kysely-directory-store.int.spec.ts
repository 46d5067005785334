/**
 * The UC directory on Kysely, on SQLite (a temp file) and PostgreSQL (a fresh schema, dropped after): it answers as
 * the in-memory directory, applies each stream revision once, commits a batch with its checkpoint, resumes from its
 * checkpoint, refuses the writes of a worker that lost its lease, and a read-only directory (an `api` instance) sees
 * the writer's changes at once.
 */
import { SqliteEventStore, type NewEvent, type RecordedEvent } from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../logger';
import { ConsumerLeases } from '../platform-state/consumer-leases';
import { FencedOut } from '../platform-state/fenced-out';
import { openPlatformState, type PlatformState } from '../platform-state/open-platform-state';
import type { Lease } from '../platform-state/consumer-leases';
import { DirectoryConsumer } from './directory-consumer';
import { MemoryDirectoryStore } from './directory-store';
import { KyselyDirectoryStore } from './kysely-directory-store';
import { SqliteDirectoryStore } from './sqlite-directory-store';
import { UcDirectory } from './uc-directory';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
async function answers(d: UcDirectory) {
  const facts = [];
  for (const date of ['2025-01-31', '2025-04-30', '9999-12-31']) facts.push(await d.factsMap([...UCS, '9999'], date));
  const due = [];
  for (const date of ['2025-03-01', '2025-03-02', '2026-01-01']) due.push(await d.dueWindows(date));
  const ucExpiries = [];
  for (const date of ['2029-12-31', '2030-02-28', '2030-02-28', '2040-01-01'])
    ucExpiries.push(await d.takeUcExpiries(date));
  const heldExpiries = [];
  for (const date of ['2030-12-31', '2031-12-31', '2031-12-31']) heldExpiries.push(await d.takeHeldExpiries(date));
  return {
    streams: await Promise.all(UCS.map((id) => d.streamOf(id))),
    facts,
    titularA: await d.ucsOfTitular('cemig', 'A', '2025-12-31'),
    titularB: await d.ucsOfTitular('cemig', 'B', '2025-12-31'),
    due,
    heldB: await d.heldWindowsOf('cemig', 'B'),
    titularStreams: await d.titularStreams(),
    ucExpiries,
    heldExpiries,
  };
}

async function applyEach(d: UcDirectory, events: RecordedEvent[]): Promise<void> {
  for (const e of events) await d.apply(e);
}

describe.each(['sqlite', 'postgres'] as const)('KyselyDirectoryStore on %s', (dialect) => {
  let dir: string;
  let state: PlatformState;
  /** The directory store on this test's database (with a fence when given). */
  let storeOf: (fence?: () => Lease | null) => KyselyDirectoryStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compensa-directory-'));
    const file = join(dir, 'platform.db');
    state =
      dialect === 'sqlite'
        ? await openPlatformState(`sqlite:${file}`)
        : await openPlatformState(PG_URL, {
            schema: `dir_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
            poolSize: 3,
          });
    storeOf = (fence) =>
      dialect === 'sqlite'
        ? new SqliteDirectoryStore(file, fence)
        : new KyselyDirectoryStore(state.db, 'postgres', fence);
  });

  afterEach(async () => {
    await state.close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the in-memory directory after applying the log', async () => {
    const events = recorded();
    const memory = new UcDirectory(new MemoryDirectoryStore());
    const kysely = new UcDirectory(storeOf());
    await applyEach(memory, events);
    await applyEach(kysely, events);
    const expected = await answers(memory);
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
    expect(await answers(kysely)).toEqual(expected);
  });

  it('applies each stream revision once: applying the log again changes nothing', async () => {
    const store = storeOf();
    const directory = new UcDirectory(store);
    const events = recorded();
    await applyEach(directory, events);
    await directory.applyBatch(events, events.length);
    await directory.applyBatch(events.slice(3, 9), events.length);
    await applyEach(directory, events);
    const once = new UcDirectory(new MemoryDirectoryStore());
    await applyEach(once, events);
    expect(await store.appliedRevision('uc-cemig-1001')).toBe(7);
    expect(await directory.factsOf('1001', '9999-12-31')).toEqual(await once.factsOf('1001', '9999-12-31'));
    expect(await answers(directory)).toEqual(await answers(once));
  });

  it('keeping one UC in memory (COMPENSA_DIRECTORY_CACHE_UCS=1), answers as the in-memory directory and applies each revision once: what left the cache is read from the store', async () => {
    const events = recorded();
    const store = storeOf();
    const small = new UcDirectory(store, { cachedUcs: 1 });
    await applyEach(small, events);
    await small.applyBatch(events, events.length);
    await applyEach(small, events.slice(2, 8));
    const memory = new UcDirectory(new MemoryDirectoryStore());
    await applyEach(memory, events);
    expect(await store.appliedRevision('uc-cemig-1001')).toBe(7);
    expect(await answers(small)).toEqual(await answers(memory));
  });

  it('commits a batch and its checkpoint together: a failing batch leaves neither', async () => {
    const store = storeOf();
    const directory = new UcDirectory(store);
    const events = recorded();
    await directory.applyBatch(events.slice(0, 3), 3);
    const broken = { ...events[4], data: { ucId: '1001', readingDate: '2025-02-10', postos: null } };
    await expect(directory.applyBatch([events[3], broken], 5)).rejects.toThrow();
    expect(await directory.checkpoint()).toBe(3);
    expect(await store.appliedRevision('uc-cemig-1001')).toBe(0);
    expect((await directory.factsOf('1001', '9999-12-31'))!.latestConsumption).toBeNull();
  });

  it('a lone read while a transaction is open waits for it: it never sees the writes of one not yet committed', async () => {
    const store = storeOf();
    await store.transaction((s) => s.setAppliedRevision('uc-cemig-1001', 1));
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    const open = store.transaction(async (s) => {
      await s.setAppliedRevision('uc-cemig-1001', 2);
      expect(await s.appliedRevision('uc-cemig-1001')).toBe(2);
      wrote();
      await holding;
      throw new Error('rolled back');
    });
    await written;
    const lone = store.appliedRevision('uc-cemig-1001');
    release();
    await expect(open).rejects.toThrow('rolled back');
    await expect(lone).resolves.toBe(1);
    await expect(store.appliedRevision('uc-cemig-1001')).resolves.toBe(1);
  });

  it('takes expiries by date, each once, in registration order', async () => {
    const directory = new UcDirectory(storeOf());
    await applyEach(directory, recorded());
    expect(await directory.takeUcExpiries('2029-12-30')).toEqual([]);
    expect(await directory.takeUcExpiries('2030-01-10')).toEqual(['1001', '2001']);
    expect(await directory.takeUcExpiries('2030-01-10')).toEqual([]);
    expect(await directory.takeUcExpiries('2030-02-10')).toEqual(['1002']);
    expect(await directory.takeHeldExpiries('2030-03-09')).toEqual([]);
    expect(await directory.takeHeldExpiries('2030-03-10')).toEqual(['titular-cemig-A']);
  });

  it('refuses the writes of a worker that lost its lease (FencedOut), and they leave nothing', async () => {
    const leases = new ConsumerLeases(state);
    const first = (await leases.acquire('process-managers', 'worker-a', 60_000))!;
    const writer = new UcDirectory(storeOf(() => first));
    const events = recorded();
    await writer.applyBatch(events.slice(0, 3), 3);
    // worker-a paused past its lease; worker-b took over (a higher token).
    await leases.release(first);
    const second = (await leases.acquire('process-managers', 'worker-b', 60_000))!;
    expect(second.token).toBeGreaterThan(first.token);
    await expect(writer.applyBatch(events.slice(3, 9), 9)).rejects.toBeInstanceOf(FencedOut);
    await expect(writer.applyAll(events.slice(3, 9))).rejects.toBeInstanceOf(FencedOut);
    const reader = new UcDirectory(storeOf(), { readOnly: true });
    expect(await reader.checkpoint()).toBe(3);
    expect((await reader.factsOf('1001', '9999-12-31'))!.latestConsumption).toBeNull();
    // The new holder writes.
    const successor = new UcDirectory(storeOf(() => second));
    await successor.applyBatch(events.slice(3, 9), 9);
    expect(await reader.checkpoint()).toBe(9);
  });

  it('a read-only directory (an api instance) sees the writer at once and writes nothing itself', async () => {
    const writer = new UcDirectory(storeOf());
    const reader = new UcDirectory(storeOf(), { readOnly: true });
    const events = recorded();
    await writer.applyBatch(events.slice(0, 3), 3);
    expect(await reader.streamOf('1001')).toBe('uc-cemig-1001');
    expect((await reader.factsOf('1001', '9999-12-31'))!.latestConsumption).toBeNull();
    await writer.applyBatch(events.slice(3, 4), 4);
    expect((await reader.factsOf('1001', '9999-12-31'))!.latestConsumption).toEqual({
      readingDate: '2025-01-10',
      kwh: '100.000',
    });
    await reader.applyAll(events.slice(4, 9));
    expect(await reader.applyBatch(events.slice(4, 9), 9)).toBe(false);
    expect(await writer.checkpoint()).toBe(4);
    expect((await writer.factsOf('1001', '9999-12-31'))!.latestConsumption!.readingDate).toBe('2025-01-10');
  });

  it('a read-only directory waiting for its own appends: a UC it finds needs no wait for its stream, nor for facts of a stream it did not write; facts of one it wrote wait, the waiters sharing each checkpoint read', async () => {
    const writer = new UcDirectory(storeOf());
    const events = recorded();
    await writer.applyBatch(events.slice(0, 3), 3);
    const store = storeOf();
    const asked: ((position: number) => void)[] = [];
    store.checkpoint = () => new Promise((resolve) => asked.push(resolve));
    const reader = new UcDirectory(store, {
      readOnly: true,
      writer: { head: () => Promise.resolve(4), waitMs: 5_000 },
    });
    // This instance appended the reading at position 4; the writer has not applied it yet.
    await reader.applyAll(events.slice(3, 4));
    expect(await reader.streamOf('1001')).toBe('uc-cemig-1001');
    // A UC whose stream this instance did not write: its facts need no wait either.
    expect((await reader.factsOf('1002', '9999-12-31'))?.ucId).toBe('1002');
    expect(asked).toHaveLength(0);
    const facts = [1, 2, 3].map(() => reader.factsOf('1001', '9999-12-31'));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => asked.length > 0);
    expect(asked).toHaveLength(1);
    asked.shift()!(3); // still behind: every waiter polls again, on one read
    await until(() => asked.length > 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(asked).toHaveLength(1);
    await writer.applyBatch(events.slice(3, 4), 4);
    asked.shift()!(4);
    for (const f of await Promise.all(facts))
      expect(f!.latestConsumption).toEqual({ readingDate: '2025-01-10', kwh: '100.000' });
  });

  it('a rateio’s UCs are read in one query (getUcs), with the facts one lookup each gives', async () => {
    const writer = new UcDirectory(storeOf());
    await writer.applyBatch(recorded(), recorded().length);
    const store = storeOf();
    const one = await Promise.all(['1001', '1002', '2001'].map((id) => store.getUc(id)));
    const many = await store.getUcs(['2001', 'nobody', '1001', '1002']);
    expect(many.sort((a, b) => a.ucId.localeCompare(b.ucId))).toEqual(one);
    const reader = new UcDirectory(store, { readOnly: true });
    const lookups = jest.spyOn(store, 'getUc');
    const reads = jest.spyOn(store, 'getUcs');
    const facts = await reader.factsMap(['1002', '1001', '2001'], '2025-01-31');
    expect(Object.keys(facts).sort()).toEqual(['1001', '1002', '2001']);
    for (const id of ['1001', '1002', '2001']) expect(facts[id]).toEqual(await reader.factsOf(id, '2025-01-31'));
    expect(reads).toHaveBeenCalledTimes(1);
    expect(lookups).toHaveBeenCalledTimes(3); // the three factsOf above, none for factsMap
  });

  it('a chunk’s streams and applied revisions are read in one query each, and the revisions written in one', async () => {
    const events = recorded();
    const writer = new UcDirectory(storeOf());
    await writer.applyBatch(events.slice(0, 3), 3);
    const store = storeOf();
    expect(await store.appliedRevisions(['uc-cemig-1001', 'nobody', 'uc-cemig-1002'])).toEqual(
      new Map([
        ['uc-cemig-1001', 0],
        ['uc-cemig-1002', 0],
      ]),
    );
    expect(await store.appliedRevisions([])).toEqual(new Map());
    const directory = new UcDirectory(store);
    const lookups = jest.spyOn(store, 'getUc');
    const reads = jest.spyOn(store, 'getUcs');
    const streams = await directory.streamsOf(['1002', 'nobody', '1001', '1002']);
    expect(streams).toEqual(
      new Map([
        ['1002', 'uc-cemig-1002'],
        ['1001', 'uc-cemig-1001'],
      ]),
    );
    expect(reads).toHaveBeenCalledTimes(1);
    expect(lookups).toHaveBeenCalledTimes(1); // 'nobody', looked up again as streamOf does
    // Applying the rest: the revisions of its streams in one read, then none one by one, and written in one
    // statement (inside the transaction: the store it hands out); the same answers.
    const revisions = jest.spyOn(store, 'appliedRevisions');
    const revision = jest.spyOn(store, 'appliedRevision');
    const writeMany = jest.spyOn(KyselyDirectoryStore.prototype, 'setAppliedRevisions');
    const writeOne = jest.spyOn(KyselyDirectoryStore.prototype, 'setAppliedRevision');
    await directory.applyAll(events.slice(3));
    expect(revisions).toHaveBeenCalledTimes(1);
    expect(revision).not.toHaveBeenCalled();
    expect(writeMany).toHaveBeenCalledTimes(1);
    expect(writeOne).not.toHaveBeenCalled();
    expect(await store.appliedRevision('uc-cemig-1001')).toBe(7);
    writeMany.mockRestore();
    writeOne.mockRestore();
    const once = new UcDirectory(new MemoryDirectoryStore());
    await applyEach(once, events);
    expect(await answers(directory)).toEqual(await answers(once));
  });

  it('resumes from its checkpoint after a restart and answers as a full rebuild', async () => {
    const events = new SqliteEventStore({ path: join(dir, 'events.db') });
    const all = history();
    const append = async (items: typeof all) => {
      for (const { stream, event } of items) await events.append(stream, [event], { expectedRevision: 'any' });
    };
    try {
      await append(all.slice(0, 12));
      let consumer = new DirectoryConsumer(events, new UcDirectory(storeOf()), silentLogger);
      await consumer.start();
      expect(consumer.position()).toBe(12);
      await consumer.stop();

      await append(all.slice(12));
      const resumed = new UcDirectory(storeOf());
      expect(await resumed.checkpoint()).toBe(12);
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
      expect(await resumed.checkpoint()).toBe(head);

      const rebuilt = new UcDirectory(new MemoryDirectoryStore());
      const full = new DirectoryConsumer(events, rebuilt, silentLogger);
      await full.start();
      await full.waitFor(head);
      expect(await answers(resumed)).toEqual(await answers(rebuilt));
      await full.stop();
      await consumer.stop();
    } finally {
      await events.close();
    }
  });
});
