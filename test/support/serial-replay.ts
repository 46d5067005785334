import { deliverExcedente, Platform, SettableClock, type CommandBodies, type CommandName } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore, type RecordedEvent } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A command the API accepted: its verb, its path and body, and the stream, revision and events it answered. */
export interface AcceptedCommand {
  name: CommandName;
  path: string;
  body: Record<string, unknown>;
  result: { stream: string; revision: number | null; events: unknown[] };
}

/** The log a serial replay produced, and how many commands it decided again. */
export interface SerialReplay {
  events: RecordedEvent[];
  rerun: number;
  /** Process-manager deliveries (`ExcedenteReceived`) decided again by the delivery's own handler. */
  derived: number;
  /** Types of the events copied as they were (earlier commands' events). */
  copied: string[];
}

/**
 * A fresh platform on its own store gets the original log in order: events of accepted concurrent commands are
 * decided again by running the command (with the original event ids); each excedente delivery is decided again by
 * the process manager's handler (`deliverExcedente`, on the replayed allocation, for that target only, where the
 * original log has it); everything else (the set-up commands) is copied as it was. Equal logs mean each accepted command decided on exactly the
 * history the store put before it: no lost update, the same outcome as a serial run.
 * Commands are those of `/v1/ucs/{ucId}/…` (the UC id is taken from the path).
 */
export async function serialReplay(original: RecordedEvent[], commands: AcceptedCommand[]): Promise<SerialReplay> {
  const replayDir = mkdtempSync(join(tmpdir(), 'compensa-replay-'));
  const replayStore = new SqliteEventStore({ path: join(replayDir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(replayDir, 'checkpoints.db'));
  // Not started: no process manager runs here, their events are copied.
  const replay = new Platform({
    store: replayStore,
    checkpoints,
    clock: new SettableClock('2025-01-01' as BusinessDate),
  });
  const byFirstEvent = new Map(
    commands.map((c) => [`${c.result.stream}#${c.result.revision! - c.result.events.length + 1}`, c]),
  );
  let rerun = 0;
  let derived = 0;
  const copied: string[] = [];
  try {
    for (let i = 0; i < original.length; i++) {
      const e = original[i];
      const command = byFirstEvent.get(`${e.stream}#${e.revision}`);
      if (command) {
        const ids = original.slice(i, i + command.result.events.length).map((x) => x.id);
        const ucId = /^\/v1\/ucs\/(\d+)\//.exec(command.path)![1];
        await replay.commands.execute(
          command.name,
          { ...command.body, ucId } as unknown as CommandBodies[CommandName],
          {
            eventIds: (index) => ids[index],
          },
        );
        i += command.result.events.length - 1;
        rerun++;
        continue;
      }
      if (e.type === 'ExcedenteReceived') {
        const d = e.data as { ucId: string; sourceEventId: string };
        const allocation = (await readOne(replayStore, d.sourceEventId, original)) as RecordedEvent<
          string,
          { allocations: { ucId: string }[] }
        >;
        await deliverExcedente(replay.commands, {
          ...allocation,
          data: { ...allocation.data, allocations: allocation.data.allocations.filter((a) => a.ucId === d.ucId) },
        });
        derived++;
        continue;
      }
      copied.push(e.type);
      await replayStore.append(
        e.stream,
        [{ id: e.id, type: e.type, data: e.data, metadata: { schemaVersion: e.metadata.schemaVersion } }],
        { expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1 },
      );
      await replay.directory.apply(e);
    }
    const out: RecordedEvent[] = [];
    for await (const e of replayStore.readAll()) out.push(e);
    return { events: out, rerun, derived, copied };
  } finally {
    checkpoints.close();
    await replayStore.close();
    rmSync(replayDir, { recursive: true, force: true });
  }
}

/** The replayed event that has `id` (the original tells where it is: same stream and revision). */
async function readOne(store: SqliteEventStore, id: string, original: RecordedEvent[]): Promise<RecordedEvent> {
  const at = original.find((x) => x.id === id);
  if (!at) throw new Error(`no event ${id} in the original log`);
  for await (const e of store.readStream(at.stream, { fromRevision: at.revision, maxCount: 1 })) return e;
  throw new Error(`event ${at.stream}@${at.revision} not replayed yet`);
}
