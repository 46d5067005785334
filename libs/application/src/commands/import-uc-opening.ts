import {
  parseTitularDocument,
  parseUcId,
  StateConflict,
  titularDecider,
  type Decider,
  titularKeyOf,
  titularStream,
  ucDecider,
  UnknownUc,
  type TitularState,
  type UcState,
} from '@compensa/domain';
import {
  MultiStreamAppendUnsupported,
  WrongExpectedRevision,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
} from '@compensa/event-store';
import { randomUUID } from 'node:crypto';
import type { UcDirectory } from '../directory/uc-directory';
import { toDomainEvent, toNewEvent } from '../stream-events';
import { ConcurrencyConflict, type CommandMeta, type CommandResult } from './command-result';
import { appendedBefore, loadFolded, MAX_ATTEMPTS } from './decide-and-append';
import type { StreamStateCache } from './stream-state-cache';
import { distribuidoraCode, type CommandBodies } from './verb-catalogue';

/** One UC's opening from the legacy system: its own lots (its stream) and the credits held for its titular. */
export interface UcOpeningBodies {
  readonly balance?: Omit<CommandBodies['ImportOpeningBalance'], 'heldCredits'>;
  readonly held?: CommandBodies['ImportOpeningHeldCredits'];
}

/**
 * What became of one part: appended (no events when this file was already imported for the UC), refused by the
 * rules, or withheld because the other part was refused (nothing of the UC appended).
 */
export type OpeningPartOutcome =
  | { readonly kind: 'appended'; readonly result: CommandResult }
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'withheld'; readonly by: unknown };

/** The outcome of each part sent. */
export interface UcOpeningOutcome {
  readonly balance?: OpeningPartOutcome;
  readonly held?: OpeningPartOutcome;
}

/** What the opening needs of the command side: the store, the directory, and the caches its appends invalidate. */
export interface UcOpeningRuntime {
  readonly store: EventStore;
  readonly directory: UcDirectory;
  readonly ucStates: StreamStateCache<UcState>;
  readonly titularStates: StreamStateCache<TitularState>;
  applyToDirectory(events: RecordedEvent[]): Promise<void>;
}

type PartName = 'balance' | 'held';

/** A part ready to decide: its stream, how to load it, and its decision on the loaded state. */
interface Part {
  readonly name: PartName;
  readonly stream: string;
  readonly cache: StreamStateCache<unknown>;
  decideOn(): Promise<{ revision: number | null; events: { type: string; data: unknown }[] }>;
}

/**
 * A UC's opening balance and its titular's held credits, all or nothing: both parts are decided (with the same
 * deciders and refusals as the two HTTP verbs), then appended in one transaction (`appendMany`), each at the
 * revision its decision read. A part refused appends nothing of the UC; another writer on either stream meanwhile
 * appends nothing and both are decided again (bounded). Idempotent as each verb: a part already imported from this
 * file decides nothing, so a UC half-imported before (two commands) is completed; a keyed command (HTTP
 * Idempotency-Key) run again after its first run appended answers with that run's events, as `decideAndAppend` does
 * for the one-stream verbs. A store that cannot append to two
 * streams in one transaction refuses the UC (409), nothing appended.
 */
export async function importUcOpening(
  rt: UcOpeningRuntime,
  bodies: UcOpeningBodies,
  meta: CommandMeta = {},
): Promise<UcOpeningOutcome> {
  const parts: Part[] = [];
  const refusals: Partial<Record<PartName, unknown>> = {};
  if (bodies.balance) {
    try {
      parts.push(await balancePart(rt, bodies.balance));
    } catch (error) {
      refusals.balance = error;
    }
  }
  if (bodies.held) {
    try {
      parts.push(heldPart(rt, bodies.held));
    } catch (error) {
      refusals.held = error;
    }
  }
  const names = (['balance', 'held'] as const).filter((n) => bodies[n] !== undefined);
  for (let attempt = 1; ; attempt++) {
    const decided: { part: Part; revision: number | null; events: { type: string; data: unknown }[] }[] = [];
    for (const part of parts) {
      try {
        decided.push({ part, ...(await part.decideOn()) });
      } catch (error) {
        refusals[part.name] = error;
      }
    }
    const writes = decided.filter((d) => d.events.length > 0);
    // A keyed retry (Idempotency-Key) whose first run appended, then died before answering: nothing is left to
    // append (or the state now refuses it); the events the first run appended under the key's id are its answer.
    if (writes.length === 0 || names.some((n) => refusals[n] !== undefined)) {
      const before = parts.length === names.length ? await keyedAnswer(rt.store, parts, decided, meta) : null;
      if (before) return before;
    }
    if (names.some((n) => refusals[n] !== undefined)) return refusedOutcome(names, refusals);
    const commandId = meta.commandId ?? randomUUID();
    const appends: StreamAppend[] = writes.map((d) => ({
      stream: d.part.stream,
      events: d.events.map((e) => toNewEvent(e, { ...meta, commandId })),
      expectedRevision: d.revision ?? 'no_stream',
    }));
    try {
      const results = await rt.store.appendMany(appends);
      const out: Partial<Record<PartName, OpeningPartOutcome>> = {};
      for (const d of decided) {
        const i = writes.indexOf(d);
        const revision = i < 0 ? d.revision : results[i].nextRevision;
        out[d.part.name] = { kind: 'appended', result: { stream: d.part.stream, revision, events: d.events } };
        if (i < 0) continue;
        d.part.cache.delete(d.part.stream);
        const first = results[i].nextRevision - d.events.length + 1;
        await rt.applyToDirectory(
          d.events.map((e, j) => ({
            id: appends[i].events[j].id ?? '',
            stream: d.part.stream,
            revision: first + j,
            position: results[i].position,
            type: e.type,
            data: e.data,
            metadata: { recordedAt: '', schemaVersion: 1, hash: '', prevHash: null },
          })),
        );
      }
      return out;
    } catch (err) {
      for (const d of writes) d.part.cache.delete(d.part.stream);
      if (err instanceof MultiStreamAppendUnsupported) {
        refusals[writes[0].part.name] = new StateConflict(
          `o saldo inicial da UC e os créditos mantidos do seu titular vão para dois streams, e o armazenamento de eventos ` +
            `não grava em vários streams numa só transação${err.reason ? ` (${err.reason})` : ''}: nada gravado`,
        );
        return refusedOutcome(names, refusals);
      }
      if (!(err instanceof WrongExpectedRevision)) throw err;
      if (attempt >= MAX_ATTEMPTS) {
        refusals[writes[0].part.name] = new ConcurrencyConflict(err.stream, attempt);
        return refusedOutcome(names, refusals);
      }
    }
  }
}

/**
 * What an earlier run of this keyed command appended (`appendedBefore` on each part's stream, one transaction so
 * both or neither), answered as that run answered: each part appended, a part that run found already imported
 * with no events at its stream's revision. Null when the command is not keyed or no stream has its events.
 */
async function keyedAnswer(
  store: EventStore,
  parts: readonly Part[],
  decided: readonly { part: Part; revision: number | null }[],
  meta: CommandMeta,
): Promise<Partial<Record<PartName, OpeningPartOutcome>> | null> {
  if (!meta.keyed || meta.commandId === undefined) return null;
  const found = await Promise.all(parts.map((p) => appendedBefore(store, p.stream, meta)));
  if (found.every((f) => f === null)) return null;
  const out: Partial<Record<PartName, OpeningPartOutcome>> = {};
  for (const [i, part] of parts.entries()) {
    const revision = decided.find((d) => d.part === part)?.revision ?? (await store.streamRevision(part.stream));
    out[part.name] = { kind: 'appended', result: found[i] ?? { stream: part.stream, revision, events: [] } };
  }
  return out;
}

/** The refused parts as refused, the others withheld by the first refusal (in part order). */
function refusedOutcome(
  names: readonly PartName[],
  refusals: Partial<Record<PartName, unknown>>,
): Partial<Record<PartName, OpeningPartOutcome>> {
  const first = names.find((n) => refusals[n] !== undefined)!;
  const out: Partial<Record<PartName, OpeningPartOutcome>> = {};
  // Held credits are reported withheld when the balance was refused, whatever their own decision: the balance's
  // refusal is what the clerk fixes first.
  for (const n of names)
    out[n] = n === first ? { kind: 'refused', error: refusals[n] } : { kind: 'withheld', by: refusals[first] ?? null };
  return out;
}

async function balancePart(rt: UcOpeningRuntime, body: CommandBodies['ImportOpeningBalance']): Promise<Part> {
  const { ucId, ...data } = body;
  parseUcId(ucId);
  const stream = await rt.directory.streamOf(ucId);
  if (!stream) throw new UnknownUc(ucId);
  return foldedPart(rt.store, 'balance', stream, rt.ucStates, ucDecider, { type: 'ImportOpeningBalance', data });
}

function heldPart(rt: UcOpeningRuntime, body: CommandBodies['ImportOpeningHeldCredits']): Part {
  const { document, name, ...data } = body;
  const distribuidora = distribuidoraCode(data.distribuidora);
  const stream = titularStream(distribuidora, titularKeyOf(parseTitularDocument(document, 'document')));
  return foldedPart(rt.store, 'held', stream, rt.titularStates, titularDecider, {
    type: 'ImportOpeningHeldCredits',
    data: { ...data, distribuidora, titular: { document, name } },
  });
}

/** A part decided by `decider` on its stream's state, folded from the snapshot and what follows it. */
function foldedPart<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  name: PartName,
  stream: string,
  cache: StreamStateCache<S>,
  decider: Decider<C, E, S>,
  command: C,
): Part {
  return {
    name,
    stream,
    cache: cache as StreamStateCache<unknown>,
    decideOn: async () => {
      const { state, revision } = await loadFolded<E, S>(
        store,
        stream,
        { initial: decider.initialState, evolve: decider.evolve },
        toDomainEvent as (e: RecordedEvent) => E,
        cache.snapshots,
      );
      return { revision, events: decider.decide(command, state) };
    },
  };
}
