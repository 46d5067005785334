import { type TitularState, type UcState } from '@compensa/domain';
import { canonicalJson, type RecordedEvent } from '@compensa/event-store';
import {
  statementsOfUcs,
  statementsPage,
  titularCredits,
  ucState,
  ucStates,
  type ReadModelDatabase,
  type StatementView,
  type UcView,
} from '@compensa/projections';
import type { Kysely } from 'kysely';
import type { AuditReplay, ReplayedStream } from './audit-replay-state';
import type { Mismatch } from './audit-report';

/** A lot as both sides are compared: one canonical string per lot, sorted. */
type LotKey = string;

const lotKeyOf = (
  l: {
    vintage: string;
    posto: string;
    gdClass: string;
    sourceUcId: string;
    kwh: string;
    expiresOn: string;
    cohort?: string;
  },
  from = '',
): LotKey => [from, l.vintage, l.posto, l.gdClass, l.sourceUcId, l.kwh, l.expiresOn, l.cohort ?? ''].join('|');

/**
 * Check 3: the read models agree with the replay. For every UC replayed: its status, titular and balance lot by lot,
 * and every cycle's statement; for every titular stream: the credits held and the open 30-day windows. Only
 * meaningful for a replay of the whole history (no --as-of / --position): the read models hold the present.
 */
export function compareReadModelsWith(db: Kysely<ReadModelDatabase>): (replay: AuditReplay) => Promise<Mismatch[]> {
  return async (replay) => {
    const mismatches: Mismatch[] = [];
    const lastRevision = new Map<string, number>();
    for (const e of replay.events) lastRevision.set(e.stream, Math.max(lastRevision.get(e.stream) ?? -1, e.revision));
    const differ = (
      stream: string,
      revision: number,
      eventType: string | null,
      path: string,
      expected: unknown,
      recorded: unknown,
    ) =>
      mismatches.push({
        check: 'read-model',
        stream,
        revision,
        eventType,
        path,
        expected,
        recorded,
        detail: `read model ${path} disagrees with the replay`,
      });

    // Each UC's compensations (and re-billings), indexed once: walking every replayed event per UC was quadratic.
    const compensations = new Map<string, RecordedEvent[]>();
    for (const e of replay.events) {
      if (e.type !== 'CycleCompensated' && e.type !== 'CycleRecompensated') continue;
      const list = compensations.get(e.stream);
      if (list) list.push(e);
      else compensations.set(e.stream, [e]);
    }
    for (const [stream, state] of replay.ucs)
      await compareUc(db, stream, state, lastRevision.get(stream) ?? 0, compensations.get(stream) ?? [], differ);
    for (const [stream, state] of replay.titulares)
      await compareTitular(db, stream, state, lastRevision.get(stream) ?? 0, differ);
    return mismatches;
  };
}

/**
 * A UC or titular stream just replayed, as check 3 compares it: its state, its last revision and (a UC) its cycles'
 * compensations, nothing else of its events (a batch of them waits for its read-model rows).
 */
export type ComparedStream =
  | { kind: 'uc'; stream: string; state: UcState; revision: number; compensations: readonly RecordedEvent[] }
  | { kind: 'titular'; stream: string; state: TitularState; revision: number };

export function comparedStreamOf(r: Extract<ReplayedStream, { kind: 'uc' | 'titular' }>): ComparedStream {
  const last = r.events.reduce((m, e) => Math.max(m, e.revision), -1);
  const revision = last < 0 ? 0 : last;
  if (r.kind === 'titular') return { kind: r.kind, stream: r.stream, state: r.state, revision };
  // A correction's CycleRecompensated replaces its cycle's compensation.
  const compensations = r.events.filter((e) => e.type === 'CycleCompensated' || e.type === 'CycleRecompensated');
  return { kind: r.kind, stream: r.stream, state: r.state, revision, compensations };
}

/**
 * Check 3 over a batch of streams replayed one after the other (`AuditOptions.compareStreams`): the same comparisons
 * as `compareReadModelsWith`, holding nothing of the batches before, the mismatches in the batch's order. The UCs'
 * rows are read for the whole batch at once (five queries a batch, not five a UC).
 */
export function compareStreamsWith(
  db: Kysely<ReadModelDatabase>,
): (batch: readonly ComparedStream[]) => Promise<Mismatch[]> {
  return async (batch) => {
    const mismatches: Mismatch[] = [];
    const differ: Differ = (stream, revision, eventType, path, expected, recorded) =>
      mismatches.push({
        check: 'read-model',
        stream,
        revision,
        eventType,
        path,
        expected,
        recorded,
        detail: `read model ${path} disagrees with the replay`,
      });
    const ucIds = batch.flatMap((r) => (r.kind === 'uc' ? [r.state.ucId] : []));
    const views = await ucStates(db, ucIds);
    const statements = await statementsOfUcs(db, ucIds);
    for (const r of batch) {
      if (r.kind === 'uc')
        compareUcWith(
          views.get(r.state.ucId) ?? null,
          statements.get(r.state.ucId) ?? new Map(),
          r.stream,
          r.state,
          r.revision,
          r.compensations,
          differ,
        );
      else await compareTitular(db, r.stream, r.state, r.revision, differ);
    }
    return mismatches;
  };
}

/**
 * Equal as canonical JSON, the cheap way first: the same keys with strictly equal values (one level of plain records
 * down) are equal; anything else is left to canonicalJson.
 */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (!sameFields(x as Record<string, unknown>, y as Record<string, unknown>)) return false;
  }
  return true;
}

type Differ = (
  stream: string,
  revision: number,
  eventType: string | null,
  path: string,
  expected: unknown,
  recorded: unknown,
) => void;

async function compareUc(
  db: Kysely<ReadModelDatabase>,
  stream: string,
  s: UcState,
  revision: number,
  events: readonly RecordedEvent[],
  differ: Differ,
): Promise<void> {
  const rm = await ucState(db, s.ucId);
  // Every statement of the UC in a few queries (a page of cycles at a time), not three queries a cycle.
  const statements = new Map<string, StatementView>();
  if (rm && events.length > 0) {
    let cursor: string | undefined;
    do {
      const page = await statementsPage(db, s.ucId, { limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const v of page.items) statements.set(v.cycle, v);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  compareUcWith(rm, statements, stream, s, revision, events, differ);
}

/** Check 3 for one UC, on its read-model rows already read. */
function compareUcWith(
  rm: UcView | null,
  statements: ReadonlyMap<string, StatementView>,
  stream: string,
  s: UcState,
  revision: number,
  events: readonly RecordedEvent[],
  differ: Differ,
): void {
  if (!rm) return differ(stream, revision, null, 'uc_balance', s.ucId, null);
  if (rm.status !== s.status) differ(stream, revision, null, 'uc_balance.status', s.status, rm.status);
  if (rm.titular.document !== s.titular?.document)
    differ(stream, revision, null, 'uc_balance.titular', s.titular?.document, rm.titular.document);
  const replayed = s.credits.map((c) => lotKeyOf({ ...c, kwh: c.kwh.toString() })).sort();
  const projected = rm.balance.vintages.map((v) => lotKeyOf(v)).sort();
  if (replayed.join('\n') !== projected.join('\n'))
    differ(stream, revision, null, 'uc_balance.vintages', replayed, projected);

  // Each cycle's compensation in force: a correction's CycleRecompensated replaces the recorded one.
  const inForce = new Map<string, { e: RecordedEvent; data: unknown }>();
  for (const e of events) {
    if (e.stream !== stream) continue;
    if (e.type === 'CycleCompensated') inForce.set((e.data as { cycle: string }).cycle, { e, data: e.data });
    if (e.type === 'CycleRecompensated') {
      const d = e.data as { cycle: string; compensation: unknown };
      inForce.set(d.cycle, { e, data: d.compensation });
    }
  }
  for (const { e, data } of inForce.values()) {
    const d = data as {
      cycle: string;
      readingDate: string;
      consumed: Record<string, string>;
      billed: Record<string, string>;
      compensatedKwh: string;
      excedenteKwh: string;
      lines: {
        posto: string;
        kwh: string;
        sourceUcId: string;
        sourcePosto: string;
        sourceKwh: string;
        vintage: string | null;
        gdClass: string;
        cohort?: string;
        label: string;
      }[];
    };
    const st = statements.get(d.cycle) ?? null;
    if (!st) {
      differ(stream, e.revision, e.type, `uc_statement[${d.cycle}]`, d.cycle, null);
      continue;
    }
    const pick = (x: {
      readingDate: string;
      consumed: Record<string, string>;
      billed: Record<string, string>;
      compensatedKwh: string;
      excedenteKwh: string;
    }) => ({
      readingDate: x.readingDate,
      consumed: x.consumed,
      billed: x.billed,
      compensatedKwh: x.compensatedKwh,
      excedenteKwh: x.excedenteKwh,
    });
    const lineOf = (l: (typeof d.lines)[number]) =>
      [
        l.posto,
        l.kwh,
        l.sourceUcId,
        l.sourcePosto,
        l.sourceKwh,
        l.vintage ?? '',
        l.gdClass,
        l.cohort ?? '',
        l.label,
      ].join('|');
    // Canonical JSON: the same values whatever the order of their keys.
    if (!sameFields(pick(d), pick(st)) && canonicalJson(pick(d)) !== canonicalJson(pick(st)))
      differ(stream, e.revision, e.type, `uc_statement[${d.cycle}]`, pick(d), pick(st));
    const replayedLines = d.lines.map(lineOf);
    const projectedLines = st.lines.map((l) => lineOf({ ...l, vintage: l.vintage ?? null }));
    if (replayedLines.join('\n') !== projectedLines.join('\n'))
      differ(stream, e.revision, e.type, `uc_statement[${d.cycle}].lines`, replayedLines, projectedLines);
  }
}

async function compareTitular(
  db: Kysely<ReadModelDatabase>,
  stream: string,
  s: TitularState,
  revision: number,
  differ: Differ,
): Promise<void> {
  if (!s.key) return;
  const rm = await titularCredits(db, s.key);
  const holding = rm.holdings.find((h) => h.stream === stream);
  const replayed = s.held.map((h) => lotKeyOf({ ...h.lot, kwh: h.lot.kwh.toString() }, h.fromUcId)).sort();
  const projected = (holding?.held ?? []).map((l) => lotKeyOf(l, l.fromUcId)).sort();
  if (replayed.join('\n') !== projected.join('\n'))
    differ(stream, revision, null, 'titular_holdings.held', replayed, projected);
  const open = (ws: readonly { fromUcId: string; deadline: string; status: string }[]) =>
    ws
      .filter((w) => w.status === 'open')
      .map((w) => `${w.fromUcId}|${w.deadline}`)
      .sort();
  const replayedWindows = open(s.windows);
  const projectedWindows = open(holding?.windows ?? []);
  if (replayedWindows.join('\n') !== projectedWindows.join('\n'))
    differ(stream, revision, null, 'titular_holdings.windows', replayedWindows, projectedWindows);
}
