import type { LogJournal } from './log-journal';

/** Expected stream state of an append, as the server receives it. */
export type ExpectedState =
  { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

/** An event as a client proposes it. */
export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

/** An event as the double stores it. Positions are byte-like offsets: increasing, not consecutive, as a real log. */
export interface StoredEvent extends ProposedEvent {
  stream: string;
  revision: bigint;
  position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server's `created`. */
  created: bigint;
}

/** What an append answers: written, idempotent (no position, as the server), or a conflict. */
export type AppendOutcome =
  | { kind: 'written'; currentRevision: bigint; position: bigint }
  | { kind: 'idempotent'; currentRevision: bigint }
  | { kind: 'conflict'; currentRevision: bigint | null };

/** A multi-stream append that wrote nothing: the parts in conflict, or a replay mixed with new parts. */
export type MultiConflict =
  { kind: 'conflict'; conflicts: { index: number; currentRevision: bigint | null }[] } | { kind: 'mixed' };

/** Which events of $all a read or subscription wants. */
export type EventPredicate = (event: StoredEvent) => boolean;

/**
 * The log of the double: streams, $all, and live listeners, in memory; with a journal, every append is also on disk
 * (fsync'd) before it is answered, and the log is read back from the journal at start. Every operation is
 * synchronous, so a subscription can catch up and register for live events in one turn of the event loop without a
 * gap.
 */
export class EventLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<(events: StoredEvent[]) => void>();
  private nextPosition = 0n;

  /** `journal`: the durable file and the appends it already holds (LogJournal.open); none: memory only. */
  constructor(private readonly journal?: { journal: LogJournal; batches: StoredEvent[][] }) {
    for (const batch of journal?.batches ?? []) this.load(batch);
  }

  /** One journal line: the events of one append, of one stream or (a multi-stream append) several. */
  private load(written: StoredEvent[]): void {
    for (const event of written) {
      const existing = this.streams.get(event.stream) ?? [];
      existing.push(event);
      this.streams.set(event.stream, existing);
    }
    this.all.push(...written);
    const last = written[written.length - 1];
    this.nextPosition = last.position + BigInt(64 + last.data.length + last.customMetadata.length + last.stream.length);
  }

  /** Closes the journal (the double stops). */
  close(): void {
    this.journal?.journal.close();
  }

  stream(name: string): StoredEvent[] | undefined {
    return this.streams.get(name);
  }

  append(stream: string, expected: ExpectedState, proposed: ProposedEvent[]): AppendOutcome {
    const decision = this.check(stream, expected, proposed);
    if (decision.kind !== 'ok') return decision;
    if (proposed.length === 0) {
      return { kind: 'written', currentRevision: decision.current ?? -1n, position: this.nextPosition };
    }
    const [outcome] = this.write([{ stream, proposed }]);
    return outcome;
  }

  /**
   * The v2 multi-stream append: every part is checked before anything is written, then all are written as one
   * transaction (contiguous positions, one journal line, one notification), as the server's WriteEvents with several
   * streams. Every part a replay: the original results. Some parts conflicting (the others writable): the conflicts.
   * A replay mixed with other parts: the server answers a WrongExpectedVersion without details (`mixed`).
   */
  appendMany(
    parts: { stream: string; expected: ExpectedState; proposed: ProposedEvent[] }[],
  ): { kind: 'written' | 'idempotent'; outcomes: AppendOutcome[] } | MultiConflict {
    const decisions = parts.map((p) => this.check(p.stream, p.expected, p.proposed));
    const conflicts = decisions.flatMap((d, index) =>
      d.kind === 'conflict' ? [{ index, currentRevision: d.currentRevision }] : [],
    );
    const idempotent = decisions.filter((d) => d.kind === 'idempotent');
    if (idempotent.length === parts.length) return { kind: 'idempotent', outcomes: idempotent };
    if (idempotent.length > 0) return { kind: 'mixed' };
    if (conflicts.length > 0) return { kind: 'conflict', conflicts };
    return { kind: 'written', outcomes: this.write(parts) };
  }

  /** Whether `proposed` may go on `stream` as expected: ok (with its current revision), a replay, or a conflict. */
  private check(
    stream: string,
    expected: ExpectedState,
    proposed: ProposedEvent[],
  ): AppendOutcome | { kind: 'ok'; current: bigint | null } {
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? null : BigInt(existing.length - 1);
    const ids = proposed.map((event) => event.id);
    // The server's idempotency: the same ids already written at the place the caller expected are a no-op.
    const idempotentFrom = (first: number): AppendOutcome | undefined => {
      if (first < 0 || first + ids.length > existing.length || ids.length === 0) return undefined;
      const matches = ids.every((id, i) => existing[first + i].id === id);
      return matches ? { kind: 'idempotent', currentRevision: BigInt(first + ids.length - 1) } : undefined;
    };
    switch (expected.kind) {
      case 'no_stream':
        if (current !== null) return idempotentFrom(0) ?? { kind: 'conflict', currentRevision: current };
        break;
      case 'revision':
        if (current !== expected.revision) {
          const replay =
            current !== null && current > expected.revision ? idempotentFrom(Number(expected.revision) + 1) : undefined;
          return replay ?? { kind: 'conflict', currentRevision: current };
        }
        break;
      case 'stream_exists':
      case 'any': {
        if (expected.kind === 'stream_exists' && current === null) return { kind: 'conflict', currentRevision: null };
        const first = existing.findIndex((event) => event.id === ids[0]);
        const replay = first >= 0 ? idempotentFrom(first) : undefined;
        if (replay) return replay;
        break;
      }
    }
    return { kind: 'ok', current };
  }

  /** Writes checked parts (each with at least one event) as one transaction; answers each part's outcome. */
  private write(parts: { stream: string; proposed: ProposedEvent[] }[]): AppendOutcome[] {
    const created = BigInt(Date.now()) * 10_000n;
    let next = this.nextPosition;
    const byPart = parts.map(({ stream, proposed }) => {
      const base = this.streams.get(stream)?.length ?? 0;
      return proposed.map((event, i): StoredEvent => {
        const position = next;
        next += BigInt(64 + event.data.length + event.customMetadata.length + stream.length);
        return { ...event, stream, revision: BigInt(base + i), position, created };
      });
    });
    const written = byPart.flat();
    // On disk before anything sees it: an append the double answered survives its crash.
    this.journal?.journal.write(written);
    this.nextPosition = next;
    for (const [i, { stream }] of parts.entries()) {
      const existing = this.streams.get(stream) ?? [];
      existing.push(...byPart[i]);
      this.streams.set(stream, existing);
    }
    this.all.push(...written);
    for (const listener of this.listeners) listener(written);
    return byPart.map((events) => {
      const last = events[events.length - 1];
      return { kind: 'written', currentRevision: last.revision, position: last.position };
    });
  }

  /** Registers a live listener; returns the function that removes it. */
  onAppended(listener: (events: StoredEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Index in $all of the first event at or after a position. */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.all[mid].position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Replaces an event's data in place: what an attacker with disk access could do (for the tamper test). */
  tamper(stream: string, revision: number): void {
    const event = this.streams.get(stream)?.[revision];
    if (!event) throw new Error(`no event ${stream}@${revision}`);
    const data = JSON.parse(Buffer.from(event.data).toString('utf8')) as unknown;
    event.data = Buffer.from(JSON.stringify({ tampered: true, was: data }), 'utf8');
  }
}
