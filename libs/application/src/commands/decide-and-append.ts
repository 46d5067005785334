import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { asReadJson, WrongExpectedRevision } from '@compensa/event-store';
import { EVENT_SCHEMA_VERSIONS } from '@compensa/domain';
import { loadStream, toNewEvent } from '../stream-events';
import { ConcurrencyConflict, type CommandMeta, type CommandResult } from './command-result';
import type { SnapshotStore } from './snapshot-store';
import type { FoldedStream, StreamStateCache } from './stream-state-cache';

/**
 * A load that folded this many events after the stream's snapshot writes a new one: a UC read once a month (a few
 * events a month) is snapshotted every few months, a long history only once.
 */
export const SNAPSHOT_AFTER_EVENTS = 16;

/** How many times a command decides again after losing a race for its stream. */
export const MAX_ATTEMPTS = 5;

/** How a stream's events fold into the state its decisions read. */
export interface StreamFold<E, S> {
  readonly initial: S;
  readonly evolve: (state: S, event: E) => S;
}

/**
 * Fold the stream, decide on its state, append with the revision decided on; on a conflict, reload and decide
 * again (bounded), so no update is ever lost. Nothing is appended when `decide` throws (a refusal).
 *
 * With a `cache`, the state folded after this process's last command on the stream is used without reading the
 * stream again. It may be stale (another process appended): the append then conflicts and the stream is reloaded;
 * a refusal, a no-op or an If-Match mismatch decided on a cached state is confirmed on a fresh load before it is
 * answered. So the answer is always the one the stream's current revision gives.
 */
export async function decideAndAppend<E extends { type: string; data: unknown }, S>(
  store: EventStore,
  stream: string,
  fold: StreamFold<E, S>,
  decide: (state: S, revision: number | null) => E[] | Promise<E[]>,
  toDomain: (e: RecordedEvent) => E,
  meta: CommandMeta,
  onAppended?: (events: RecordedEvent[]) => void | Promise<void>,
  cache?: StreamStateCache<S>,
): Promise<CommandResult> {
  const reload = async (): Promise<FoldedStream<S>> => {
    const folded = await loadFolded(store, stream, fold, toDomain, cache?.snapshots ?? null);
    cache?.set(stream, folded);
    return folded;
  };
  // The audit groups a stream's events by the command that appended them (`groupByCommand`): a command called
  // without an id (in-process `execute`, `recordReading`) still marks its events as one command, or the audit would
  // re-decide its CycleCompensated on a state that already holds its own ReadingRecorded (R22–R28 money null).
  const commandId = meta.commandId ?? (meta.causationId ? undefined : randomUUID());
  let current = cache?.get(stream);
  let fresh = current === undefined;
  current ??= await reload();
  for (let conflicts = 0; ;) {
    const { state, revision } = current;
    let decided: E[];
    try {
      if (meta.expectedRevision !== undefined && meta.expectedRevision !== revision) {
        throw new WrongExpectedRevision(stream, meta.expectedRevision, revision);
      }
      decided = await decide(state, revision);
    } catch (err) {
      if (fresh) return (await appendedBefore(store, stream, meta)) ?? Promise.reject(err);
      // Decided on a cached state: confirm on the stream as it is now.
      current = await reload();
      fresh = true;
      continue;
    }
    if (decided.length === 0) {
      if (fresh) return (await appendedBefore(store, stream, meta)) ?? { stream, revision, events: [] };
      current = await reload();
      fresh = true;
      continue;
    }
    const newEvents = decided.map((e, i) => toNewEvent(e, { ...meta, commandId, id: meta.eventIds?.(i) }));
    try {
      const result = await store.append(stream, newEvents, { expectedRevision: revision ?? 'no_stream' });
      const first = result.nextRevision - decided.length + 1;
      if (cache) remember(cache, stream, fold, toDomain, state, revision, decided, result.nextRevision);
      if (onAppended) {
        await onAppended(
          decided.map((e, i) => ({
            id: newEvents[i].id ?? '',
            stream,
            revision: first + i,
            position: result.position,
            type: e.type,
            data: e.data,
            metadata: { recordedAt: '', schemaVersion: 1, hash: '', prevHash: null },
          })),
        );
      }
      return { stream, revision: result.nextRevision, events: decided };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevision) || meta.expectedRevision !== undefined) {
        cache?.delete(stream);
        throw err;
      }
      // A conflict on a cached state is no lost race, only a stale cache: it does not count as an attempt.
      if (fresh && ++conflicts >= MAX_ATTEMPTS) throw new ConcurrencyConflict(stream, conflicts);
      current = await reload();
      fresh = true;
    }
  }
}

/**
 * What this command appended on an earlier run, found by its command id (an HTTP request with an Idempotency-Key:
 * its first run appended, then its instance died before answering; the key's retry runs it again, and the state
 * now refuses or ignores it). Null when no event of the stream carries the id (the refusal is the answer).
 */
export async function appendedBefore(
  store: EventStore,
  stream: string,
  meta: CommandMeta,
): Promise<CommandResult | null> {
  if (!meta.keyed || meta.commandId === undefined) return null;
  // A stream not there (a refused first command on it): nothing appended, and reading it would throw.
  if ((await store.streamRevision(stream)) === null) return null;
  const events: { type: string; data: unknown }[] = [];
  let revision: number | null = null;
  for await (const e of store.readStream(stream)) {
    if (e.metadata.commandId !== meta.commandId) continue;
    events.push({ type: e.type, data: e.data });
    revision = e.revision;
  }
  return events.length ? { stream, revision, events } : null;
}

/**
 * Caches the state after a successful append: the decided events folded as they will be read back (JSON, current
 * schema version). An append answered by the store as a replay of events already there (same ids) wrote nothing
 * at `revision`: the entry is dropped instead.
 */
function remember<E extends { type: string; data: unknown }, S>(
  cache: StreamStateCache<S>,
  stream: string,
  fold: StreamFold<E, S>,
  toDomain: (e: RecordedEvent) => E,
  state: S,
  revision: number | null,
  decided: E[],
  nextRevision: number,
): void {
  if (nextRevision !== (revision ?? -1) + decided.length) {
    cache.delete(stream);
    return;
  }
  const next = foldAsRead(fold, toDomain, stream, state, revision, decided);
  cache.set(stream, { state: next, revision: nextRevision });
}

/**
 * `state` (at `revision`) with the decided events folded as they will be read back: their data as its JSON parses
 * (asReadJson, without the text), at the current schema version, exactly as a reload from the store would fold them.
 */
export function foldAsRead<E extends { type: string; data: unknown }, S>(
  fold: StreamFold<E, S>,
  toDomain: (e: RecordedEvent) => E,
  stream: string,
  state: S,
  revision: number | null,
  decided: readonly E[],
  /** The events' data is as read already (asReadShared): folded as it is. */
  dataAsRead = false,
): S {
  return decided.reduce((s, e, i) => {
    const asRead: RecordedEvent = {
      id: '',
      stream,
      revision: (revision ?? -1) + 1 + i,
      position: 0,
      type: e.type,
      data: dataAsRead ? e.data : asReadJson(e.data),
      metadata: { recordedAt: '', schemaVersion: EVENT_SCHEMA_VERSIONS[e.type] ?? 1, hash: '', prevHash: null },
    };
    return fold.evolve(s, toDomain(asRead));
  }, state);
}

/**
 * The stream's state now: its snapshot (if any) and the events after it, or every event. A snapshot the stream has
 * not reached (a log replaced under the same data directory) is ignored. The read starts at the snapshot's own
 * revision: one read says both that the stream reached it and what follows (and the store sees the event an append
 * at the head will chain to).
 */
export async function loadFolded<E, S>(
  store: EventStore,
  stream: string,
  fold: StreamFold<E, S>,
  toDomain: (e: RecordedEvent) => E,
  snapshots: SnapshotStore | null,
): Promise<FoldedStream<S>> {
  const base = snapshots?.load<S>(stream) ?? null;
  if (base && base.revision !== null) {
    const { events, revision } = await loadStream(store, stream, base.revision);
    if (events.length > 0 && events[0].revision === base.revision) {
      const after = events.slice(1);
      const folded = { state: after.map(toDomain).reduce(fold.evolve, base.state), revision: revision! };
      if (after.length >= SNAPSHOT_AFTER_EVENTS) snapshots!.save(stream, folded);
      return folded;
    }
  }
  const { events, revision } = await loadStream(store, stream);
  const folded = { state: events.map(toDomain).reduce(fold.evolve, fold.initial), revision };
  if (snapshots && events.length >= SNAPSHOT_AFTER_EVENTS) snapshots.save(stream, folded);
  return folded;
}
