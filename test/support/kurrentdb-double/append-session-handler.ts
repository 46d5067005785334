import { randomUUID } from 'node:crypto';
import { Metadata, status, type ServerReadableStream, type sendUnaryData } from '@grpc/grpc-js';
import type { Code } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import {
  StreamAlreadyInAppendSessionErrorDetails,
  StreamRevisionConflictErrorDetails,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb';
import {
  AppendRecord,
  AppendRequest,
  AppendResponse,
  AppendSessionResponse,
  SchemaFormat,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_pb';
import type { EventLog, ExpectedState, ProposedEvent } from './event-log';
import { Any } from './messages';

type AppendSessionCall = ServerReadableStream<AppendRequest, AppendSessionResponse>;

/** What the server calls the formats in `$schema.format` (the C# names of the proto enum). */
const FORMAT_NAMES: Record<number, string> = {
  [SchemaFormat.SCHEMA_FORMAT_JSON]: 'Json',
  [SchemaFormat.SCHEMA_FORMAT_PROTOBUF]: 'Protobuf',
  [SchemaFormat.SCHEMA_FORMAT_AVRO]: 'Avro',
  [SchemaFormat.SCHEMA_FORMAT_BYTES]: 'Bytes',
};

/** A gRPC error as grpc-js sends it, with an optional google.rpc.Status in `grpc-status-details-bin`. */
type Failure = { code: status; details: string; metadata?: Metadata };

/**
 * `kurrentdb.protocol.v2.streams.StreamsService/AppendSession` (KurrentDB 25.1+), what the client's
 * `multiStreamAppend` calls: one AppendRequest per stream, then one answer for all, atomically (EventLog.appendMany).
 * As the server (KurrentDB src/KurrentDB.Api.V2/Modules/Streams/StreamsService.cs):
 * - a stream twice in a session (names compared ignoring case) or a request without records: INVALID_ARGUMENT;
 * - a wrong expected revision: FAILED_PRECONDITION with `StreamRevisionConflictErrorDetails` of the first part in
 *   conflict (actual -1: no stream), nothing written;
 * - the record properties are kept, and a v1 read gives them as the event's JSON metadata with `$schema.name` (the
 *   type) and `$schema.format` added (EventRecord.SynthesizeMetadataFromProperties): the double stores that JSON;
 * - success: each stream's revision, and one position, that of the transaction's last event (the log position of
 *   the commit); an all-replay session answers the original revisions and the latest of their last positions.
 */
export function appendSessionHandler(log: EventLog) {
  return (call: AppendSessionCall, callback: sendUnaryData<AppendSessionResponse>): void => {
    const requests: AppendRequest[] = [];
    let failure: Failure | undefined;
    call.on('data', (request: AppendRequest) => {
      if (failure) return;
      const name = request.getStream();
      if (requests.some((r) => r.getStream().toLowerCase() === name.toLowerCase())) {
        const details = new StreamAlreadyInAppendSessionErrorDetails().setStream(name);
        failure = withDetails(
          status.INVALID_ARGUMENT,
          `Stream '${name}' already has a different group of messages in this session.`,
          'StreamAlreadyInAppendSessionErrorDetails',
          details.serializeBinary(),
        );
      } else if (request.getRecordsList().length === 0) {
        failure = { code: status.INVALID_ARGUMENT, details: `Write to stream "${name}" does not have any records` };
      }
      requests.push(request);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (failure) return callback(failure);
      if (requests.length === 0) {
        return callback({ code: status.INVALID_ARGUMENT, details: 'Append session started, but no append requests' });
      }
      let parts: { stream: string; expected: ExpectedState; revision: bigint; proposed: ProposedEvent[] }[];
      try {
        parts = requests.map((request) => {
          const revision = request.hasExpectedRevision() ? BigInt(request.getExpectedRevision()!) : -2n;
          return {
            stream: request.getStream(),
            expected: expectedState(revision),
            revision,
            proposed: request.getRecordsList().map(proposedEvent),
          };
        });
      } catch (error) {
        return callback({ code: status.INVALID_ARGUMENT, details: (error as Error).message });
      }
      const outcome = log.appendMany(parts);
      if (outcome.kind === 'mixed') {
        // The server's WrongExpectedVersion without details fails its own error mapping (an index out of range).
        return callback({ code: status.UNKNOWN, details: 'Exception was thrown by handler.' });
      }
      if (outcome.kind === 'conflict') {
        const [{ index, currentRevision }] = outcome.conflicts;
        const details = new StreamRevisionConflictErrorDetails()
          .setStream(parts[index].stream)
          .setExpectedRevision(parts[index].revision.toString())
          .setActualRevision((currentRevision ?? -1n).toString());
        return callback(
          withDetails(
            status.FAILED_PRECONDITION,
            `Append failed due to a revision conflict on stream '${parts[index].stream}'.`,
            'StreamRevisionConflictErrorDetails',
            details.serializeBinary(),
          ),
        );
      }
      const response = new AppendSessionResponse();
      let position = -1n;
      for (const [i, result] of outcome.outcomes.entries()) {
        if (result.kind === 'conflict') throw new Error('unreachable: a conflict among the outcomes');
        response.addOutput(
          new AppendResponse().setStream(parts[i].stream).setStreamRevision(result.currentRevision.toString()),
        );
        const last = log.stream(parts[i].stream)![Number(result.currentRevision)];
        if (last.position > position) position = last.position;
      }
      callback(null, response.setPosition(position.toString()));
    });
  };
}

/** The expected revision of an AppendRequest (sint64: a revision, or -1 no stream, -2 any, -4 exists). */
function expectedState(revision: bigint): ExpectedState {
  if (revision >= 0n) return { kind: 'revision', revision };
  if (revision === -1n) return { kind: 'no_stream' };
  if (revision === -2n) return { kind: 'any' };
  if (revision === -4n) return { kind: 'stream_exists' };
  throw new Error(`expected revision ${revision} is not valid`);
}

/** A record as the log keeps it: the metadata a v1 read will give (properties plus the server's `$schema.*`). */
function proposedEvent(record: AppendRecord): ProposedEvent {
  const schema = record.getSchema();
  const type = schema?.getName() ?? '';
  if (!type) throw new Error('the record has no schema name');
  const format = schema?.getFormat() ?? SchemaFormat.SCHEMA_FORMAT_UNSPECIFIED;
  const formatName = FORMAT_NAMES[format];
  if (!formatName) throw new Error(`schema format ${format} is not valid`);
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of record.getPropertiesMap().entries()) metadata[key] = value.toJavaScript();
  metadata['$schema.name'] = type;
  metadata['$schema.format'] = formatName;
  const id = record.hasRecordId() ? record.getRecordId()! : randomUUID();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new Error(`Could not parse RecordId "${id}" to GUID`);
  }
  return {
    id: id.toLowerCase(),
    type,
    contentType: format === SchemaFormat.SCHEMA_FORMAT_JSON ? 'application/json' : 'application/octet-stream',
    data: record.getData_asU8(),
    customMetadata: Buffer.from(JSON.stringify(metadata), 'utf8'),
  };
}

/** A failure carrying a google.rpc.Status whose details pack `kurrentdb.protocol.v2.streams.errors.<name>`. */
function withDetails(code: status, message: string, name: string, details: Uint8Array): Failure {
  const any = new Any();
  any.pack(details, `kurrentdb.protocol.v2.streams.errors.${name}`);
  // google.rpc.Code and the gRPC status codes are the same numbers.
  const rpcStatus = new Status()
    .setCode(code as number as Code)
    .setMessage(message)
    .setDetails(any);
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(rpcStatus.serializeBinary()));
  return { code, details: message, metadata };
}
