import { InvalidInput, titularKeyOfDocument, titularStream, ucStream } from '@compensa/domain';
import type { EventStore, RecordedEvent } from '@compensa/event-store';
import { tariffStream } from '../stream-events';
import type { AuditSelection } from './audit-selection';
import { NATIONAL_INPUT_STREAMS } from './money-inputs';

/** The streams an audit reads, and for `all` the events already read with them. */
export interface SelectedStreams {
  streams: string[];
  /** Filled when the selection read the streams' events on the way (all). */
  events?: Map<string, RecordedEvent[]>;
}

const UC_STREAM = /^uc-(.+)-(\d{1,20})$/;

/** Kind of a stream by its name. */
export function streamKind(stream: string): 'uc' | 'titular' | 'tariff' | 'national' | null {
  if (stream.startsWith('uc-')) return 'uc';
  if (stream.startsWith('titular-')) return 'titular';
  if (stream.startsWith('tariff-')) return 'tariff';
  if ((NATIONAL_INPUT_STREAMS as readonly string[]).includes(stream)) return 'national';
  return null;
}

/** R23, R26: the national streams a reading's money reads, those that exist (up to `position`). */
async function nationalStreams(store: EventStore, position?: number): Promise<string[]> {
  const found: string[] = [];
  for (const stream of NATIONAL_INPUT_STREAMS) {
    if ((await store.streamRevision(stream)) === null) continue;
    if (position !== undefined) {
      const first = await firstEvent(store, stream);
      if (first === null || first.position > position) continue;
    }
    found.push(stream);
  }
  return found;
}

async function firstEvent(store: EventStore, stream: string): Promise<RecordedEvent | null> {
  for await (const e of store.readStream(stream)) return e;
  return null;
}

/**
 * Resolves a selection to stream names. A UC: uc-<distribuidora>-<id> (UC numbers are unique within a
 * distribuidora only, so without one every distribuidora's UC of that number), found from the UcRegistered
 * events, plus its distribuidora's tariff stream (the TE its readings recorded is checked against it). A titular:
 * the UCs it held (UcRegistered, either side of a TitularidadeTransferred), its titular streams and tariffs.
 * All: every uc-, titular- and tariff- stream. Every selection also reads the national streams of bandeiras and SCEE
 * rates when they exist (a reading's money is checked against them). `position` bounds the scan, as the replay.
 */
export async function selectStreams(
  store: EventStore,
  selection: AuditSelection,
  position?: number,
): Promise<SelectedStreams> {
  const within = (e: RecordedEvent) => position === undefined || e.position <= position;
  if ('all' in selection) {
    const events = new Map<string, RecordedEvent[]>();
    const prefixes = ['uc-', 'titular-', 'tariff-', ...NATIONAL_INPUT_STREAMS];
    for await (const e of store.readAll({ filter: { streamPrefixes: prefixes } })) {
      if (!within(e)) break;
      if (streamKind(e.stream) === null) continue;
      const list = events.get(e.stream) ?? [];
      list.push(e);
      events.set(e.stream, list);
    }
    return { streams: [...events.keys()].sort(), events };
  }
  if ('uc' in selection) {
    const ucId = selection.uc;
    if (typeof ucId !== 'string' || !/^\d{1,20}$/.test(ucId))
      throw new InvalidInput('uc', `"${String(ucId)}" não é um número de UC`);
    const distribuidoras = new Set<string>();
    if (selection.distribuidora) distribuidoras.add(selection.distribuidora);
    else {
      for await (const e of store.readAll({ filter: { eventTypes: ['UcRegistered'] } })) {
        if (!within(e)) break;
        const d = e.data as { ucId?: string; distribuidora?: string };
        if (d.ucId === ucId && d.distribuidora) distribuidoras.add(d.distribuidora);
      }
    }
    const found = [...distribuidoras].sort();
    return {
      streams: [
        ...found.map((d) => ucStream(d, ucId)),
        ...found.map(tariffStream),
        ...(found.length ? await nationalStreams(store, position) : []),
      ],
    };
  }
  const key = titularKeyOfDocument(selection.titular);
  const ucs = new Set<string>();
  for await (const e of store.readAll({ filter: { eventTypes: ['UcRegistered', 'TitularidadeTransferred'] } })) {
    if (!within(e)) break;
    const d = e.data as {
      titular?: { key?: string };
      previousTitular?: { key?: string };
      newTitular?: { key?: string };
    };
    if ([d.titular, d.previousTitular, d.newTitular].some((t) => t?.key === key)) ucs.add(e.stream);
  }
  const distribuidoras = [
    ...new Set([...ucs].map((s) => UC_STREAM.exec(s)?.[1]).filter((d): d is string => !!d)),
  ].sort();
  const titulares: string[] = [];
  for (const d of distribuidoras)
    if ((await store.streamRevision(titularStream(d, key))) !== null) titulares.push(titularStream(d, key));
  const national = ucs.size ? await nationalStreams(store, position) : [];
  return { streams: [...[...ucs].sort(), ...titulares, ...distribuidoras.map(tariffStream), ...national] };
}
