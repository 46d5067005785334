import { createRequire } from 'node:module';
import {
  UUID,
  StreamIdentifier,
  AllStreamPosition,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { ReadReq, ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { EventPredicate, StoredEvent } from './event-log';

// The generated code resolves its own google-protobuf copy (3.x, nested in the client): use that one, so the
// well-known types we build serialize through the same classes the generated messages expect.
const clientRequire = createRequire(require.resolve('@kurrent/kurrentdb-client/package.json'));
export const { Any } = clientRequire(
  'google-protobuf/google/protobuf/any_pb',
) as typeof import('google-protobuf/google/protobuf/any_pb');
export const { Timestamp } = clientRequire(
  'google-protobuf/google/protobuf/timestamp_pb',
) as typeof import('google-protobuf/google/protobuf/timestamp_pb');

/** A UUID message's canonical string, whichever form the client sent. */
export function uuidToString(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured();
  if (!structured) return '';
  const hex = (bits: string) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
  const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}-${all.slice(16, 20)}-${all.slice(20)}`;
}

/** A UUID message in the form the read asked for (`uuid_option`). */
export function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const signed = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString(10);
  return uuid.setStructured(
    new UUID.Structured()
      .setMostSignificantBits(signed(hex.slice(0, 16)))
      .setLeastSignificantBits(signed(hex.slice(16))),
  );
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

export function streamName(identifier: StreamIdentifier | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

export function allPosition(position: bigint): AllStreamPosition {
  return new AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString());
}

/** `ReadResp.event` for a stored event: commit = prepare, as every event written through gRPC. */
export function eventResponse(event: StoredEvent, structuredIds: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.created.toString());
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString());
  return new ReadResp().setEvent(read);
}

/** The read's filter as a predicate over stored events (prefixes or a regex, on stream name or event type). */
export function filterPredicate(options: ReadReq.Options): EventPredicate {
  const filter = options.hasFilter() ? options.getFilter() : undefined;
  if (!filter) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  const field = (event: StoredEvent) => (onStream ? event.stream : event.type);
  const regex = expression?.getRegex();
  if (regex) {
    const pattern = new RegExp(regex);
    return (event) => pattern.test(field(event));
  }
  const prefixes = expression?.getPrefixList() ?? [];
  return (event) => prefixes.some((prefix) => field(event).startsWith(prefix));
}

export const { Empty: GoogleEmpty } = clientRequire(
  'google-protobuf/google/protobuf/empty_pb',
) as typeof import('google-protobuf/google/protobuf/empty_pb');
