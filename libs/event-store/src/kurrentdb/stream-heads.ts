/** The last event seen of a stream: its revision and its hash (the link an append at that revision chains to). */
export interface ChainLink {
  readonly revision: number;
  /** metadata.hash of that event; null for an event stored without one (written by another client). */
  readonly hash: string | null;
}

/**
 * The latest event this adapter read or wrote of recently used streams, so an append at that exact revision chains
 * to it without reading it again. A stream's event at a revision never changes (KurrentDB never reuses a revision,
 * even after a delete), so an entry is true for as long as it is kept; the append's expected revision still decides.
 * Bounded: two generations of at most `capacity` streams each, the older dropped whole when the newer fills.
 */
export class StreamHeads {
  private current = new Map<string, ChainLink>();
  private previous = new Map<string, ChainLink>();

  constructor(private readonly capacity: number) {}

  /** The event at `revision` of `stream`, if it is the latest one known. */
  at(stream: string, revision: number): ChainLink | undefined {
    const link = this.current.get(stream) ?? this.previous.get(stream);
    return link?.revision === revision ? link : undefined;
  }

  /** Notes an event read or written; an older one than the stream's latest known is ignored. */
  note(stream: string, link: ChainLink): void {
    if (this.capacity <= 0) return;
    const known = this.current.get(stream) ?? this.previous.get(stream);
    if (known && known.revision >= link.revision) return;
    if (!this.current.has(stream) && this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(stream, link);
  }
}
