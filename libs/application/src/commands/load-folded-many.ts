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
  const tails = new Map<string, RecordedEvent[]>();
  /** Streams read from their base's own revision whose base event was there: the base holds, nothing else to ask. */
  const confirmed = new Set<string>();
  if (store.readStreamsFrom) {
    // One query: each stream after its base (a base with nothing after it is checked against the stream's revision).
    const from: StreamFrom[] = streams.map((stream) => {
      const base = bases.get(stream);
      return { stream, fromRevision: base ? base.revision! + 1 : 0 };
    });
    for (const e of await store.readStreamsFrom(from)) {
      let tail = tails.get(e.stream);
      if (!tail) tails.set(e.stream, (tail = []));
      tail.push(e);
    }
  } else {
    // A read per stream (KurrentDB): from the base's own revision, as `loadFolded` reads one stream, so that the same
    // read confirms a base with nothing after it, instead of a second round trip for the stream's revision.
    for (const stream of streams) {
      const base = bases.get(stream);
      const { events } = await loadStream(store, stream, base ? base.revision! : 0);
      if (base && events[0]?.revision === base.revision) {
        confirmed.add(stream);
        tails.set(stream, events.slice(1));
      } else tails.set(stream, base ? [] : events);
    }
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
      confirmed.has(stream) ||
      (store.readStreamsFrom &&
        (tail.length > 0
          ? tail[0].revision === base.revision! + 1
          : (await store.streamRevision(stream)) === base.revision))
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
