/**
 * The bench's fast fill of a double (DoubleJournalAppender): a data directory written in-process must be served by a
 * double exactly as the same appends made through the KurrentDB adapter and the client.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedRevision, type NewEvent, type RecordedEvent } from '@compensa/event-store';
import { KurrentDbEventStore } from '@compensa/event-store/kurrentdb';
import { DoubleJournalAppender, KurrentDbDouble } from '../support/kurrentdb-double';
import { LogJournal } from '../support/kurrentdb-double/log-journal';

const at = new Date('2026-01-15T12:00:00.000Z');
const ev = (type: string, data: unknown, metadata: NewEvent['metadata'] = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata,
});
/** Appends of a small history: two streams interleaved, batches of one and several, metadata of the caller's. */
const appends: { stream: string; expected: 'no_stream' | number; events: NewEvent[] }[] = [
  { stream: 'uc-copel-1', expected: 'no_stream', events: [ev('UcRegistered', { ucId: '1', kwh: '10.000' })] },
  {
    stream: 'uc-copel-2',
    expected: 'no_stream',
    events: [ev('UcRegistered', { ucId: '2' }, { commandId: 'c-1', schemaVersion: 2 })],
  },
  {
    stream: 'uc-copel-1',
    expected: 0,
    events: [ev('ReadingRecorded', { cycle: '2026-01', acentuação: 'ção' }), ev('CycleCompensated', { n: [1, 2] })],
  },
  { stream: 'uc-copel-2', expected: 0, events: [ev('ReadingRecorded', { cycle: '2026-01', nested: { a: null } })] },
];

async function readAll(store: KurrentDbEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

describe('DoubleJournalAppender: a double fed in-process serves what appends through the client would have', () => {
  const root = mkdtempSync(join(tmpdir(), 'compensa-journal-appender-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the same journal (but the write time), and the same events, hashes and positions read back', async () => {
    const viaClient = join(root, 'client');
    const viaJournal = join(root, 'journal');
    const double = new KurrentDbDouble({ dataDir: viaClient });
    const client = new KurrentDbEventStore(await double.start(), { clock: () => at });
    const appender = new DoubleJournalAppender(viaJournal, () => at);
    try {
      for (const a of appends) {
        const [byClient, byJournal] = [
          await client.append(a.stream, a.events, { expectedRevision: a.expected }),
          await appender.append(a.stream, a.events, { expectedRevision: a.expected }),
        ];
        expect(byJournal).toEqual(byClient);
      }
      await expect(appender.append('uc-copel-1', [ev('X', {})], { expectedRevision: 0 })).rejects.toBeInstanceOf(
        WrongExpectedRevision,
      );
    } finally {
      appender.close();
      await client.close();
      await double.stop();
    }
    const lines = (dir: string) => {
      const { journal, batches } = LogJournal.open(dir);
      journal.close();
      return batches.map((b) => b.map(({ created: _created, ...e }) => ({ ...e, data: [...e.data] })));
    };
    expect(lines(viaJournal)).toEqual(lines(viaClient));

    const served: RecordedEvent[][] = [];
    for (const dir of [viaClient, viaJournal]) {
      const d = new KurrentDbDouble({ dataDir: dir });
      const store = new KurrentDbEventStore(await d.start());
      try {
        served.push(await readAll(store));
        for (const stream of ['uc-copel-1', 'uc-copel-2'])
          await expect(store.verifyStream(stream)).resolves.toMatchObject({ ok: true });
      } finally {
        await store.close();
        await d.stop();
      }
    }
    expect(served[1]).toEqual(served[0]);
    expect(served[1]).toHaveLength(5);
  });
});
