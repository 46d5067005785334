/** Conversions between the client's events and positions (bigint) and the port's (numbers). */
import type { AllStreamResolvedEvent, Position, ResolvedEvent } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../event-store.port';
import { fromReadMetadata } from './record-properties';

/** Above this, a commit position is the server's "no position" marker (u64 max), not an offset in the log. */
const NO_POSITION = 2n ** 63n;

/**
 * The port's position of an event: its commit position. Events written through gRPC commit alone, so commit =
 * prepare; older servers report no commit position on stream reads (u64 max), hence the prepare fallback.
 */
export function positionNumber(position: Position | undefined): number | undefined {
  if (!position) return undefined;
  return Number(position.commit < NO_POSITION ? position.commit : position.prepare);
}

/** A port position as the client's: commit = prepare, as for every event written through gRPC. */
export function clientPosition(position: number): Position {
  const value = BigInt(Math.max(0, position));
  return { commit: value, prepare: value };
}

/** The port's event, or undefined for a link without its event (the adapter never resolves links). */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const position =
    positionNumber(event.position) ??
    (resolved.commitPosition === undefined ? undefined : Number(resolved.commitPosition));
  const raw = event.metadata instanceof Uint8Array || event.metadata === undefined ? {} : event.metadata;
  // An event of a multi-stream append comes back with the server's synthesised metadata: restore ours.
  const metadata = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? fromReadMetadata(raw) : raw;
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: position ?? -1,
    type: event.type,
    data: event.data,
    metadata: metadata as RecordedEvent['metadata'],
  };
}
