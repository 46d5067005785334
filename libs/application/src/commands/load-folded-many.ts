import type { EventStore, RecordedEvent, StreamFrom } from '@compensa/event-store';
import { loadStream } from '../stream-events';
import { loadFolded, SNAPSHOT_AFTER_EVENTS, type StreamFold } from './decide-and-append';
import type { StreamStateCache, FoldedStream } from './stream-state-cache';

/**
 * Many streams' states now, for a bulk import's chunk: what `loadFolded` gives each, in two reads for the whole
 * chunk instead of two per stream. Each stream starts from the newest state known (this process's cache, else its
 * snapshot, else nothing) and folds the events after it; one query reads every stream's tail. A stream that no
 * longer reaches its base's revision (a log replaced under the same data directory) is read whole, alone.
 */
export async function loadFoldedMany<E, S>(
  store: EventStore,
  streams: readonly string[],
  fold: StreamFold<E, S>,
  toDomain: (e: RecordedEvent) => E,
  cache: StreamStateCache<S>,
): Promise<Map<string, FoldedStream<S>>> {
  const bases = new Map<string, FoldedStream<S>>();
  const missing: string[] = [];
  for (const stream of streams) {
    const cached = cache.get(stream);
    if (cached && cached.revision !== null) bases.set(stream, cached);
    else missing.push(stream);
  }
  for (const [stream, snapshot] of cache.snapshots?.loadMany?.<S>(missing) ?? []) {
    if (snapshot.revision !== null) bases.set(stream, snapshot);
  }
  const from: StreamFrom[] = streams.map((stream) => {
    const base = bases.get(stream);
    return { stream, fromRevision: base ? base.revision! + 1 : 0 };
  });
  const tails = new Map<string, RecordedEvent[]>();
  if (store.readStreamsFrom) {
    for (const e of await store.readStreamsFrom(from)) {
      let tail = tails.get(e.stream);
      if (!tail) tails.set(e.stream, (tail = []));
      tail.push(e);
    }
  } else {
    for (const f of from) tails.set(f.stream, (await loadStream(store, f.stream, f.fromRevision)).events);
  }
  const out = new Map<string, FoldedStream<S>>();
  for (const stream of streams) {
    const base = bases.get(stream);
    const tail = tails.get(stream) ?? [];
    if (!base) {
      const folded = {
        state: tail.map(toDomain).reduce(fold.evolve, fold.initial),
        revision: tail.length > 0 ? tail[tail.length - 1].revision : null,
      };
      if (tail.length >= SNAPSHOT_AFTER_EVENTS) cache.snapshots?.save(stream, folded);
      out.set(stream, folded);
    } else if (
      tail.length > 0 ? tail[0].revision === base.revision! + 1 : (await store.streamRevision(stream)) === base.revision
    ) {
      const folded = {
        state: tail.map(toDomain).reduce(fold.evolve, base.state),
        revision: tail.length > 0 ? tail[tail.length - 1].revision : base.revision,
      };
      if (tail.length >= SNAPSHOT_AFTER_EVENTS) cache.snapshots?.save(stream, folded);
      out.set(stream, folded);
    } else {
      out.set(stream, await loadFolded(store, stream, fold, toDomain, null));
    }
    cache.set(stream, out.get(stream)!);
  }
  return out;
}
