import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateConflict, type Decider } from '@compensa/domain';
import { SqliteEventStore } from '@compensa/event-store';
import { SettableClock } from '../clock';
import { UcDirectory } from '../directory/uc-directory';
import { nationalStream } from '../stream-events';
import { CompensaCommands } from './compensa-commands';

// A stream kind of its own (the next issues' national streams): a month's value published once.
type Publish = { type: 'Publish'; data: { month: string; value: string } };
type Published = { type: 'Published'; data: { month: string; value: string } };
const monthly: Decider<Publish, Published, readonly string[]> = {
  initialState: [],
  decide: (c, months) => {
    if (months.includes(c.data.month)) throw new StateConflict(`${c.data.month} is already published`);
    return [{ type: 'Published', data: c.data }];
  },
  evolve: (months, e) => [...months, e.data.month],
};

describe('a command on a stream of another kind (onStream)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-on-stream-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const commands = new CompensaCommands(store, new UcDirectory(), new SettableClock('2026-01-01' as never));
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds the stream with its decider, decides and appends with the revision decided on', async () => {
    const stream = nationalStream('example');
    const first = await commands.onStream(stream, monthly, { type: 'Publish', data: { month: '2026-01', value: '1' } });
    expect(first).toMatchObject({ stream: 'national-example', revision: 0 });
    await commands.onStream(stream, monthly, { type: 'Publish', data: { month: '2026-02', value: '2' } });
    await expect(
      commands.onStream(stream, monthly, { type: 'Publish', data: { month: '2026-01', value: '3' } }),
    ).rejects.toBeInstanceOf(StateConflict);
    expect(await store.streamRevision(stream)).toBe(1);
  });
});
