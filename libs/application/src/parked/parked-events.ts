import { StateConflict } from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { StreamNotFound } from '@compensa/event-store';
import { deterministicId } from '../deterministic-id';
import {
  parkedStream,
  type EventParkedData,
  type ParkedError,
  type ParkedEventResolvedData,
  type ParkedEventRetriedData,
  type ParkedRecord,
} from './parked-record';

/** No parked record has this id: HTTP 404. */
export class ParkedEventNotFound extends Error {
  override readonly name = 'ParkedEventNotFound';
  constructor(readonly parkedId: string) {
    super(`não há evento parado ${parkedId}`);
  }
}

/** The parked record's id: one per consumer and event, so parking an event again (after a crash) is a no-op. */
export function parkedIdOf(consumer: string, eventId: string): string {
  return deterministicId('parked', consumer, eventId);
}

/**
 * The parked events of the platform's consumers, folded from their `parked-<consumer>` streams. The streams are the
 * truth: `refresh` reads what another process (the CLI, another instance) appended since, before any answer.
 */
export class ParkedEvents {
  private readonly records = new Map<string, ParkedRecord>();
  /** The revision folded so far, per consumer stream. */
  private readonly folded = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    readonly consumers: readonly string[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads every consumer's stream past what is already folded. */
  async refresh(): Promise<void> {
    for (const consumer of this.consumers) {
      const stream = parkedStream(consumer);
      const from = (this.folded.get(stream) ?? -1) + 1;
      try {
        for await (const e of this.store.readStream(stream, { fromRevision: from })) this.apply(e);
      } catch (err) {
        if (!(err instanceof StreamNotFound)) throw err;
      }
    }
  }

  private apply(e: RecordedEvent): void {
    if (e.revision <= (this.folded.get(e.stream) ?? -1)) return;
    this.folded.set(e.stream, e.revision);
    switch (e.type) {
      case 'EventParked': {
        const d = e.data as EventParkedData;
        if (this.records.has(d.parkedId)) return;
        this.records.set(d.parkedId, { ...d, status: 'parked', lastError: d.error, retries: [], resolution: null });
        return;
      }
      case 'ParkedEventRetried': {
        const d = e.data as ParkedEventRetriedData;
        const r = this.records.get(d.parkedId);
        if (!r) return;
        this.records.set(d.parkedId, {
          ...r,
          status: d.outcome === 'delivered' ? 'retried-ok' : r.status,
          lastError: d.error ?? r.lastError,
          retries: [...r.retries, d],
        });
        return;
      }
      case 'ParkedEventResolved': {
        const d = e.data as ParkedEventResolvedData;
        const r = this.records.get(d.parkedId);
        if (r) this.records.set(d.parkedId, { ...r, status: 'resolved', resolution: d });
        return;
      }
    }
  }

  /**
   * Parks an event durably (appended and fsynced before the caller moves its checkpoint). Idempotent by the
   * record's id: an event parked before a crash and handled again after it is not parked twice.
   */
  async park(
    consumer: string,
    e: RecordedEvent,
    error: ParkedError,
    energy: { kwh: string | null; targets: readonly string[] },
  ): Promise<ParkedRecord> {
    const parkedId = parkedIdOf(consumer, e.id);
    await this.refresh();
    const known = this.records.get(parkedId);
    if (known) return known;
    const data: EventParkedData = {
      parkedId,
      consumer,
      event: { id: e.id, stream: e.stream, revision: e.revision, position: e.position, type: e.type },
      error,
      kwh: energy.kwh,
      targets: [...energy.targets],
      parkedAt: this.now().toISOString(),
    };
    // The same id at 'any' revision: a replay of an append that already happened is a no-op at the store.
    await this.store.append(
      parkedStream(consumer),
      [{ id: parkedId, type: 'EventParked', data, metadata: { causationId: e.id } }],
      {
        expectedRevision: 'any',
      },
    );
    await this.refresh();
    return this.records.get(parkedId)!;
  }

  /** Every parked record, oldest first (all statuses: nothing is deleted). */
  async list(): Promise<ParkedRecord[]> {
    await this.refresh();
    return [...this.records.values()].sort((a, b) => a.event.position - b.event.position);
  }

  /** One record; throws ParkedEventNotFound. */
  async get(parkedId: string): Promise<ParkedRecord> {
    await this.refresh();
    const r = this.records.get(parkedId);
    if (!r) throw new ParkedEventNotFound(parkedId);
    return r;
  }

  /** Records still parked, per consumer (what /health and /metrics count); as last refreshed. */
  openCounts(): Record<string, number> {
    const out: Record<string, number> = Object.fromEntries(this.consumers.map((c) => [c, 0]));
    for (const r of this.records.values()) if (r.status === 'parked') out[r.consumer] = (out[r.consumer] ?? 0) + 1;
    return out;
  }

  /** Records the outcome of an operator's retry. */
  async recordRetry(parkedId: string, error: ParkedError | null): Promise<ParkedRecord> {
    const r = await this.openRecord(parkedId);
    const data: ParkedEventRetriedData = {
      parkedId,
      outcome: error ? 'still-parked' : 'delivered',
      ...(error ? { error } : {}),
      retriedAt: this.now().toISOString(),
    };
    await this.store.append(parkedStream(r.consumer), [{ type: 'ParkedEventRetried', data }], this.expecting(r));
    return this.get(parkedId);
  }

  /** An operator settles a parked event by hand; the reason is required and kept. */
  async resolve(parkedId: string, reason: string): Promise<ParkedRecord> {
    const r = await this.openRecord(parkedId);
    const data: ParkedEventResolvedData = { parkedId, reason, resolvedAt: this.now().toISOString() };
    await this.store.append(parkedStream(r.consumer), [{ type: 'ParkedEventResolved', data }], this.expecting(r));
    return this.get(parkedId);
  }

  /** Appends on the revision folded: two operators settling one record at once get a 409, not two outcomes. */
  private expecting(r: ParkedRecord): { expectedRevision: number } {
    return { expectedRevision: this.folded.get(parkedStream(r.consumer))! };
  }

  /** A record that is still parked: a retried-ok or resolved one is settled (409). */
  async openRecord(parkedId: string): Promise<ParkedRecord> {
    const r = await this.get(parkedId);
    if (r.status !== 'parked')
      throw new StateConflict(
        `o evento parado ${parkedId} já foi ${r.status === 'resolved' ? 'resolvido' : 'entregue numa nova tentativa'} (${r.status})`,
      );
    return r;
  }
}
