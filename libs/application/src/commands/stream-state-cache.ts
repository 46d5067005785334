import { OldestKey } from '../oldest-key';
import type { SnapshotStore } from './snapshot-store';

/** A stream's state folded up to a revision (null: the stream has no events). */
export interface FoldedStream<S> {
  readonly state: S;
  readonly revision: number | null;
}

/**
 * The latest folded state of recently used streams, least recently used dropped first. A hint, never the truth:
 * the append's expected revision still decides, and a conflict reloads from the store.
 */
export class StreamStateCache<S> {
  private readonly entries = new Map<string, FoldedStream<S>>();
  private readonly oldest = new OldestKey(this.entries);

  /**
   * `snapshots`: where a stream's state is kept beyond this cache (and this process), so a stream not in memory is
   * loaded from its snapshot and the events after it (decideAndAppend).
   */
  constructor(
    private readonly capacity: number,
    readonly snapshots: SnapshotStore | null = null,
  ) {}

  get(stream: string): FoldedStream<S> | undefined {
    const entry = this.entries.get(stream);
    if (entry) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.oldest.putLast(stream, entry);
    }
    return entry;
  }

  /** Keeps `folded` unless a later revision is already cached (appends may settle out of order). */
  set(stream: string, folded: FoldedStream<S>): void {
    const current = this.entries.get(stream);
    if (current && (current.revision ?? -1) > (folded.revision ?? -1)) return;
    this.oldest.putLast(stream, folded);
    if (this.entries.size > this.capacity) this.entries.delete(this.oldest.next()!);
  }

  delete(stream: string): void {
    this.entries.delete(stream);
  }
}
