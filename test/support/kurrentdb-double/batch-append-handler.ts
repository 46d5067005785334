import type { ServerDuplexStream } from '@grpc/grpc-js';
import { WrongExpectedVersion } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Code } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { BatchAppendReq, BatchAppendResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { EventLog, ExpectedState, ProposedEvent } from './event-log';
import { Any, GoogleEmpty, allPosition, streamName, uuidToString } from './messages';

type BatchAppendCall = ServerDuplexStream<BatchAppendReq, BatchAppendResp>;

/**
 * `Streams.BatchAppend`: the client keeps one bidirectional call open and multiplexes appends by correlation id;
 * each append may span several requests, the last with `is_final`. One response per append.
 */
export function batchAppendHandler(log: EventLog) {
  return (call: BatchAppendCall): void => {
    const pending = new Map<string, { options?: BatchAppendReq.Options; events: ProposedEvent[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = uuidToString(request.getCorrelationId());
      const entry = pending.get(correlationId) ?? { events: [] };
      pending.set(correlationId, entry);
      if (request.hasOptions()) entry.options = request.getOptions();
      for (const message of request.getProposedMessagesList()) {
        const metadata = message.getMetadataMap();
        entry.events.push({
          id: uuidToString(message.getId()),
          type: metadata.get('type') ?? '',
          contentType: metadata.get('content-type') ?? 'application/octet-stream',
          data: message.getData_asU8(),
          customMetadata: message.getCustomMetadata_asU8(),
        });
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      const options = entry.options ?? new BatchAppendReq.Options();
      const response = new BatchAppendResp()
        .setCorrelationId(request.getCorrelationId())
        // Without the stream identifier the client throws inside its data handler and the append never settles.
        .setStreamIdentifier(options.getStreamIdentifier());
      const expected = expectedState(options, response);
      const outcome = log.append(streamName(options.getStreamIdentifier()), expected, entry.events);
      if (outcome.kind === 'conflict') {
        response.setError(wrongExpectedVersion(expected, outcome.currentRevision));
      } else {
        const success = new BatchAppendResp.Success().setCurrentRevision(outcome.currentRevision.toString());
        // As the server: an idempotent replay reports no position.
        if (outcome.kind === 'written') success.setPosition(allPosition(outcome.position));
        else success.setNoPosition(new GoogleEmpty());
        response.setSuccess(success);
      }
      call.write(response);
    });
    call.on('end', () => call.end());
  };
}

/** Reads the expected state of the request and echoes it on the response, as the server. */
function expectedState(options: BatchAppendReq.Options, response: BatchAppendResp): ExpectedState {
  if (options.hasStreamPosition()) {
    response.setStreamPosition(options.getStreamPosition());
    return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  }
  if (options.hasNoStream()) return (response.setNoStream(new GoogleEmpty()), { kind: 'no_stream' });
  if (options.hasStreamExists()) return (response.setStreamExists(new GoogleEmpty()), { kind: 'stream_exists' });
  return (response.setAny(new GoogleEmpty()), { kind: 'any' });
}

/** A google.rpc.Status whose details pack `event_store.client.WrongExpectedVersion`. */
function wrongExpectedVersion(expected: ExpectedState, current: bigint | null): Status {
  const details = new WrongExpectedVersion();
  if (current === null) details.setCurrentNoStream(new GoogleEmpty());
  else details.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new GoogleEmpty());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new GoogleEmpty());
  else details.setExpectedAny(new GoogleEmpty());
  const any = new Any();
  any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status().setCode(Code.FAILED_PRECONDITION).setMessage('WrongExpectedVersion').setDetails(any);
}
