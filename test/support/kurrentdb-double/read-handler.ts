import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { EventLog, EventPredicate, StoredEvent } from './event-log';
import { Timestamp, eventResponse, filterPredicate, streamIdentifier, streamName } from './messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/**
 * `Streams.Read`: stream reads and $all reads (the bridge), and $all subscriptions (grpc-js).
 * `onSubscribed` receives the function that detaches a live subscription, so the server can detach it on stop.
 */
export function readHandler(log: EventLog, onSubscribed: (detach: () => void) => void) {
  return (call: ReadCall): void => {
    const options = call.request.getOptions();
    if (!options) return void call.emit('error', { code: status.INVALID_ARGUMENT, details: 'missing options' });
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    const send = (event: StoredEvent) => call.write(eventResponse(event, structuredIds));
    if (options.hasSubscription()) {
      if (!options.hasAll()) {
        return void call.emit('error', { code: status.UNIMPLEMENTED, details: 'the double subscribes to $all only' });
      }
      return onSubscribed(subscribeToAll(log, call, options, send));
    }
    const count = Number(options.getCount() || '0');
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    if (options.hasStream()) readStream(log, call, options.getStream()!, count, backwards, send);
    else readAll(log, options, count, backwards, send);
    call.end();
  };
}

function readStream(
  log: EventLog,
  call: ReadCall,
  options: ReadReq.Options.StreamOptions,
  count: number,
  backwards: boolean,
  send: (event: StoredEvent) => void,
): void {
  const name = streamName(options.getStreamIdentifier());
  const events = log.stream(name);
  if (!events) {
    call.write(
      new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name))),
    );
    return;
  }
  const last = events.length - 1;
  const from = options.hasRevision()
    ? Number(options.getRevision())
    : options.hasEnd()
      ? backwards
        ? last
        : events.length
      : 0;
  if (backwards) for (let i = Math.min(from, last), sent = 0; i >= 0 && sent < count; i--, sent++) send(events[i]);
  else for (let i = from, sent = 0; i < events.length && sent < count; i++, sent++) send(events[i]);
}

function readAll(
  log: EventLog,
  options: ReadReq.Options,
  count: number,
  backwards: boolean,
  send: (event: StoredEvent) => void,
): void {
  const all = options.getAll()!;
  const matches = filterPredicate(options);
  const position = all.hasPosition() ? BigInt(all.getPosition()!.getCommitPosition()) : undefined;
  // Forwards from a position includes it, backwards excludes it, as the server.
  const start = position !== undefined ? log.indexAtOrAfter(position) : all.hasEnd() ? log.all.length : 0;
  const step = backwards ? -1 : 1;
  let sent = 0;
  for (let i = backwards ? start - 1 : start; i >= 0 && i < log.all.length && sent < count; i += step) {
    if (!matches(log.all[i])) continue;
    send(log.all[i]);
    sent += 1;
  }
}

/** Confirmation, catch-up (excluding the start position), checkpoint (filtered), caught-up, then live events. */
function subscribeToAll(
  log: EventLog,
  call: ReadCall,
  options: ReadReq.Options,
  send: (event: StoredEvent) => void,
): () => void {
  const all = options.getAll()!;
  const matches: EventPredicate = filterPredicate(options);
  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  const from = all.hasPosition()
    ? log.indexAtOrAfter(BigInt(all.getPosition()!.getCommitPosition()) + 1n)
    : all.hasEnd()
      ? log.all.length
      : 0;
  for (let i = from; i < log.all.length; i++) if (matches(log.all[i])) send(log.all[i]);
  const head = log.all.at(-1)?.position;
  if (head !== undefined && options.hasFilter()) {
    call.write(
      new ReadResp().setCheckpoint(
        new ReadResp.Checkpoint().setCommitPosition(`${head}`).setPreparePosition(`${head}`),
      ),
    );
  }
  const caughtUp = new ReadResp.CaughtUp().setTimestamp(Timestamp.fromDate(new Date()));
  if (head !== undefined)
    caughtUp.setPosition(new ReadResp.Position().setCommitPosition(`${head}`).setPreparePosition(`${head}`));
  call.write(new ReadResp().setCaughtUp(caughtUp));
  // Same synchronous turn as the catch-up: no event can slip between the two.
  const detach = log.onAppended((events) => events.filter(matches).forEach(send));
  call.on('cancelled', detach);
  call.on('close', detach);
  return detach;
}
