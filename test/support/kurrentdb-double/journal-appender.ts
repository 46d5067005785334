import {
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
} from '@compensa/event-store';
import { chainEvents, prepareEvents, type ChainLink } from '@compensa/event-store/kurrentdb';
import { EventLog, type ProposedEvent } from './event-log';
import { LogJournal } from './log-journal';

/**
 * Appends to a double's data directory in-process, without the gRPC hop: what a double later started on the
 * directory serves exactly as if each append had come through the KurrentDB adapter and the client. The events are
 * those the adapter sends (its `prepareEvents` and `chainEvents`: ids, recordedAt, schemaVersion, the hash chain),
 * encoded as the client encodes a JSON event (data and metadata as UTF-8 JSON, `application/json`), and written by the
 * double's own EventLog and journal (its checks, revisions, positions and journal lines). Only exact-revision and
 * `no_stream` appends, as a fill makes. Not fsync'd per append (one fsync at `close`): a bulk fill that is built again
 * if the machine crashes. The log stays in memory while it is written, as in the double that serves it.
 */
export class DoubleJournalAppender implements Pick<EventStore, 'append'> {
  private readonly log: EventLog;
  /** Each stream's last event written: what the next append chains to. */
  private readonly heads = new Map<string, ChainLink>();

  constructor(
    dataDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.log = new EventLog(LogJournal.open(dataDir, { sync: false }));
  }

  async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedRevision;
    if (events.length === 0) throw new Error('DoubleJournalAppender: an append of no events');
    if (expected !== 'no_stream' && typeof expected !== 'number')
      throw new Error(`DoubleJournalAppender: exact revisions only (got ${expected})`);
    const head = this.heads.get(stream) ?? null;
    const current = head?.revision ?? null;
    if ((expected === 'no_stream' ? null : expected) !== current)
      throw new WrongExpectedRevision(stream, expected, current);
    const chained = chainEvents(stream, prepareEvents(events, this.clock().toISOString()), head);
    const proposed = chained.map((e): ProposedEvent => ({
      id: e.id,
      type: e.type,
      contentType: 'application/json',
      data: Buffer.from(JSON.stringify(e.data), 'utf8'),
      customMetadata: Buffer.from(JSON.stringify(e.metadata), 'utf8'),
    }));
    const outcome = this.log.append(
      stream,
      head ? { kind: 'revision', revision: BigInt(head.revision) } : { kind: 'no_stream' },
      proposed,
    );
    if (outcome.kind !== 'written') throw new Error(`DoubleJournalAppender: ${stream} answered ${outcome.kind}`);
    const nextRevision = Number(outcome.currentRevision);
    this.heads.set(stream, { revision: nextRevision, hash: chained[chained.length - 1].metadata.hash as string });
    return { nextRevision, position: Number(outcome.position) };
  }

  /** Closes the journal (fsync'd now). */
  close(): void {
    this.log.close();
  }
}
