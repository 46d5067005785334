/**
 * The events the KurrentDB adapter sends: the caller's events with their final ids, the metadata it adds, and their
 * place in the stream's hash chain. Shared with the bench's journal writer (bench/support/double-journal-fill.ts),
 * which must write exactly what an append through the adapter writes.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store.port';
import { computeEventHash } from '../hash-chain';
import type { ChainLink } from './stream-heads';

/** An event with its final id, before its place in the chain is known. */
export interface PreparedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** The caller chose the id (a retry is possible); else it is fresh. */
  givenId: boolean;
}

/** An event as the adapter proposes it to the server (its metadata with `prevHash` and `hash`). */
export interface ChainedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The caller's events with their final ids and the metadata the adapter adds (all but the chain's hashes). */
export function prepareEvents(events: NewEvent[], recordedAt: string): PreparedEvent[] {
  return events.map((event): PreparedEvent => {
    const { hash: _hash, prevHash: _prev, recordedAt: _at, ...given } = event.metadata ?? {};
    const metadata = { ...given, schemaVersion: event.metadata?.schemaVersion ?? 1, recordedAt };
    return {
      id: event.id?.toLowerCase() ?? randomUUID(),
      type: event.type,
      data: event.data,
      metadata,
      givenId: event.id !== undefined,
    };
  });
}

/** The events with their place in the stream's hash chain, after `previous` (null: at revision 0). */
export function chainEvents(stream: string, prepared: PreparedEvent[], previous: ChainLink | null): ChainedEvent[] {
  const base = previous?.revision ?? -1;
  let prevHash = previous?.hash ?? null;
  return prepared.map((event, i) => {
    const metadata = { ...event.metadata, prevHash };
    const hash = computeEventHash({
      stream,
      revision: base + 1 + i,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: metadata as never,
    });
    prevHash = hash;
    return { id: event.id, type: event.type, data: event.data, metadata: { ...metadata, hash } };
  });
}
