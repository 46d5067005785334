import {
  parseUcId,
  rateioUcIds,
  ucDecider,
  UnknownUc,
  type BandeiraState,
  type ScceRateState,
  type TariffState,
  type UcCommand,
  type UcEvent,
  type UcState,
} from '@compensa/domain';
import {
  asReadShared,
  WrongExpectedRevision,
  type AppendResult,
  type EventStore,
  type RecordedEvent,
} from '@compensa/event-store';
import type { UcDirectory } from '../directory/uc-directory';
import { toDomainEvent, toNewEvent } from '../stream-events';
import type { CommandMeta, CommandResult } from './command-result';
import { foldAsRead, type StreamFold } from './decide-and-append';
import { loadFoldedMany } from './load-folded-many';
import type { StreamStateCache } from './stream-state-cache';
import type { CommandBodies } from './verb-catalogue';

/** A RecordReading body without its UC (the command's data). */
export type ReadingData = Omit<CommandBodies['RecordReading'], 'ucId'>;

/** One reading of a batch: the API's body and its command metadata. */
export interface ReadingItem {
  readonly body: CommandBodies['RecordReading'];
  readonly meta: CommandMeta;
}

/** What became of one item: its result, or the error the single-command path would have thrown. */
export type Settled<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: unknown };

/** The rarely written streams every reading reads (tariffs and policy, SCEE rates, bandeiras), folded once. */
export interface ReadingSources {
  readonly distribuidoras: ReadonlyMap<string, TariffState>;
  readonly rates: ScceRateState;
  readonly bandeiras: BandeiraState;
}

/** What the batch needs of the command side (CompensaCommands gives it). */
export interface ReadingBatchRuntime {
  readonly store: EventStore;
  readonly directory: UcDirectory;
  readonly states: StreamStateCache<UcState>;
  sources(distribuidoras: Iterable<string>): Promise<ReadingSources>;
  command(state: UcState, data: ReadingData, sources: ReadingSources): Promise<UcCommand>;
  /** The single-command path (decideAndAppend): for a stream whose batched append lost a race. */
  one(body: CommandBodies['RecordReading'], meta: CommandMeta): Promise<CommandResult>;
}

/** Readings decided between two yields to the event loop. */
const YIELD_EVERY = 100;

const UC_FOLD: StreamFold<UcEvent, UcState> = { initial: ucDecider.initialState, evolve: ucDecider.evolve };

/** A stream's state as the batch decides on it: folded up to `revision`, of which `committed` is in the store. */
interface Running {
  state: UcState;
  revision: number | null;
  committed: number | null;
}

/**
 * Readings decided and appended as if recorded one at a time in the items' order, with fewer reads and writes: the
 * chunk's UC states load in one read (snapshots, then every stream's tail in one query), the distribuidoras' and
 * national streams are folded once, each reading is decided by the same `ucDecider` on the same context the
 * single-command path builds, and every stream's new events are appended together (one transaction: the store's
 * group commit), each append with the revision it was decided on and the store's hash chain.
 *
 * Order: a UC's readings are decided in turn, each on the state its predecessors left. A reading records the
 * directory's facts of its rateio's UCs (their latest consumption), so it is decided only once the readings before
 * it in the items of those UCs have been appended and applied to the directory, and before those after it are: the
 * items fall into waves (decided, appended, applied to the directory), each reading in the first wave that keeps
 * that order. A stream whose append loses a race (another writer, a process manager) has its readings, from then
 * on, run through the single-command path, which reloads and decides again.
 */
export async function recordReadingsBatch(
  rt: ReadingBatchRuntime,
  items: readonly ReadingItem[],
): Promise<Settled<CommandResult>[]> {
  const out: Settled<CommandResult>[] = new Array<Settled<CommandResult>>(items.length);
  // If-Match and deterministic event ids are the single path's: none of an import's readings carries them.
  if (items.some((i) => i.meta.expectedRevision !== undefined || i.meta.eventIds)) {
    for (const [n, item] of items.entries()) out[n] = await settle(rt.one(item.body, item.meta));
    return out;
  }
  const streamOf: (string | null)[] = new Array<string | null>(items.length).fill(null);
  const valid: number[] = [];
  for (const [n, { body }] of items.entries()) {
    try {
      parseUcId(body.ucId);
      valid.push(n);
    } catch (error) {
      out[n] = { ok: false, error };
    }
  }
  // The chunk's UCs looked up together (one read for those not cached).
  let streams: Map<string, string>;
  try {
    streams = await rt.directory.streamsOf(valid.map((n) => items[n].body.ucId));
  } catch (error) {
    streams = new Map();
    for (const n of valid) out[n] = { ok: false, error };
    valid.length = 0;
  }
  for (const n of valid) {
    const stream = streams.get(items[n].body.ucId);
    if (stream) streamOf[n] = stream;
    else out[n] = { ok: false, error: new UnknownUc(items[n].body.ucId) };
  }
  const chunkStreams = [...new Set(streamOf.filter((s): s is string => s !== null))];
  const loaded = await loadFoldedMany(rt.store, chunkStreams, UC_FOLD, toDomainEvent, rt.states);
  const running = new Map<string, Running>();
  for (const [stream, f] of loaded)
    running.set(stream, { state: f.state, revision: f.revision, committed: f.revision });
  const sources = await rt.sources(new Set([...loaded.values()].map((f) => f.state.distribuidora)));
  const waves = wavesOf(items, streamOf, loaded as ReadonlyMap<string, { state: UcState }>);
  // Streams whose batched append failed: their later readings take the single path.
  const single = new Set<string>();

  for (const wave of waves) {
    const pending = new Map<string, { n: number; decided: UcEvent[]; asRead: UcEvent[] }[]>();
    for (const [k, n] of wave.entries()) {
      // Let HTTP requests and the process managers in now and then: a batch's decisions are otherwise one long turn.
      if (k > 0 && k % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      const stream = streamOf[n]!;
      const { body, meta } = items[n];
      if (single.has(stream)) {
        out[n] = await settle(rt.one(body, meta));
        continue;
      }
      const run = running.get(stream)!;
      let decided: UcEvent[];
      try {
        const { ucId: _uc, ...data } = body;
        decided = ucDecider.decide(await rt.command(run.state, data, sources), run.state);
      } catch (error) {
        out[n] = { ok: false, error };
        continue;
      }
      if (decided.length === 0) {
        out[n] = { ok: true, result: { stream, revision: run.revision, events: [] } };
        continue;
      }
      // The events' data as the store gives it back, copied once: folded into the state, appended, and kept by the
      // store for its subscriptions as it is (asReadShared).
      const asRead = decided.map((e) => ({ type: e.type, data: asReadShared(e.data) }) as UcEvent);
      let rows = pending.get(stream);
      if (!rows) pending.set(stream, (rows = []));
      rows.push({ n, decided, asRead });
      run.state = foldAsRead(UC_FOLD, toDomainEvent, stream, run.state, run.revision, asRead, true);
      run.revision = (run.revision ?? -1) + decided.length;
    }

    // Issued in one turn of the event loop: the store writes them in one transaction.
    const appends = [...pending].map(([stream, rows]) => {
      const run = running.get(stream)!;
      const events = rows.flatMap(({ n, asRead }) => asRead.map((e) => toNewEvent(e, items[n].meta)));
      const appended: Promise<AppendResult> = rt.store.append(stream, events, {
        expectedRevision: run.committed ?? 'no_stream',
      });
      return { stream, rows, run, appended };
    });
    const settled = await Promise.allSettled(appends.map((a) => a.appended));
    const recorded: RecordedEvent[] = [];
    const retry: { stream: string; rows: { n: number }[] }[] = [];
    appends.forEach(({ stream, rows, run }, k) => {
      const result = settled[k];
      if (result.status === 'rejected') {
        single.add(stream);
        rt.states.delete(stream);
        if (result.reason instanceof WrongExpectedRevision) retry.push({ stream, rows });
        else for (const { n } of rows) out[n] = { ok: false, error: result.reason };
        return;
      }
      let revision = run.committed ?? -1;
      for (const { n, decided, asRead } of rows) {
        const first = revision + 1;
        revision += decided.length;
        out[n] = { ok: true, result: { stream, revision, events: decided } };
        asRead.forEach((e, i) =>
          recorded.push({
            id: '',
            stream,
            revision: first + i,
            position: result.value.position,
            type: e.type,
            data: e.data,
            metadata: { recordedAt: '', schemaVersion: 1, hash: '', prevHash: null },
          }),
        );
      }
      run.committed = run.revision;
      rt.states.set(stream, { state: run.state, revision: run.revision });
    });
    // Lost races first, in the items' order: they read the directory as it was before this wave's readings. Those of
    // UCs that neither read nor write each other's facts run side by side (their appends share a transaction).
    await inOrderSideBySide(
      retry.flatMap((r) => r.rows.map(({ n }) => n)).sort((a, b) => a - b),
      (n) => touchesOf(items[n], loaded.get(streamOf[n]!)!.state),
      async (n) => {
        out[n] = await settle(rt.one(items[n].body, items[n].meta));
      },
    );
    await rt.directory.applyAll(recorded);
  }
  return out;
}

/** The UC a reading writes, and those whose directory facts it reads (its rateio's). */
function touchesOf(item: ReadingItem, state: UcState): { writes: string; reads: readonly string[] } {
  return { writes: state.ucId ?? item.body.ucId, reads: state.rateio ? rateioUcIds(state.rateio) : [] };
}

/**
 * Runs `run` for `ns` in order, side by side while they touch different UCs: one that writes a UC those in flight read
 * or write, or reads one they write, first waits for all of them. So each sees what it would have seen one at a time.
 */
async function inOrderSideBySide(
  ns: readonly number[],
  touches: (n: number) => { writes: string; reads: readonly string[] },
  run: (n: number) => Promise<void>,
): Promise<void> {
  let inFlight: Promise<void>[] = [];
  const writing = new Set<string>();
  const reading = new Set<string>();
  for (const n of ns) {
    const t = touches(n);
    if (writing.has(t.writes) || reading.has(t.writes) || t.reads.some((u) => writing.has(u))) {
      await Promise.all(inFlight);
      inFlight = [];
      writing.clear();
      reading.clear();
    }
    writing.add(t.writes);
    for (const u of t.reads) reading.add(u);
    inFlight.push(run(n));
  }
  await Promise.all(inFlight);
}

/**
 * The items in waves (item numbers in order within each): a reading goes in the first wave not before its UC's
 * previous reading, after every earlier reading of a UC of its rateio, and not before a wave that read its UC's facts.
 */
function wavesOf(
  items: readonly ReadingItem[],
  streamOf: readonly (string | null)[],
  loaded: ReadonlyMap<string, { state: UcState }>,
): number[][] {
  const waves: number[][] = [];
  const lastWave = new Map<string, number>();
  const readAt = new Map<string, number>();
  items.forEach((_, n) => {
    const stream = streamOf[n];
    if (stream === null) return;
    const { state } = loaded.get(stream)!;
    const ucId = state.ucId ?? items[n].body.ucId;
    const reads = state.rateio ? rateioUcIds(state.rateio) : [];
    let w = Math.max(lastWave.get(ucId) ?? 0, readAt.get(ucId) ?? 0);
    for (const u of reads) {
      const last = lastWave.get(u);
      if (last !== undefined) w = Math.max(w, last + 1);
    }
    lastWave.set(ucId, w);
    for (const u of reads) readAt.set(u, Math.max(readAt.get(u) ?? 0, w));
    (waves[w] ??= []).push(n);
  });
  return waves.filter(Boolean);
}

async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, result: await p };
  } catch (error) {
    return { ok: false, error };
  }
}
