/** Queries by titular: its UCs (uc_balance's uc_state), the credits held for it and the pending 30-day windows (titular_holdings). */
import { cohortField, titularKeyOfDocument, type CreditLotView, type ScceCohort } from '@compensa/domain';
import type { Kysely } from 'kysely';
import type { ReadModelDatabase, TitularWindowTable } from '../read-model-database';
import { kwhOf, num } from '../wh';
import { decodeCursor, pageLimit, pageOf, type Page, type PageRequest } from './page';

/** A lot held for a titular. */
export interface HeldLotView extends CreditLotView {
  fromUcId: string;
}

/** A 30-day window (R18–R20). */
export interface WindowView {
  stream: string;
  distribuidora: string;
  titularKey: string;
  fromUcId: string;
  rule: string;
  date: string;
  deadline: string;
  /**
   * open: waiting for an indication; moved: done; held: the default found no UC (R20); closed: a retificação found
   * that nothing would have left the UC, so the window would not have opened (`closedBy` names it).
   */
  status: 'open' | 'moved' | 'held' | 'closed';
  defaultedOn: string | null;
  /** The correction that closed the window (status closed), else null. */
  closedBy: string | null;
}

/** What is held for a titular in one distribuidora (one titular stream). */
export interface TitularHoldingView {
  stream: string;
  distribuidora: string;
  titular: { document: string; name: string; kind: string };
  heldKwh: string;
  held: HeldLotView[];
  windows: WindowView[];
}

/** Credits held for a titular across distribuidoras. */
export interface TitularCreditsView {
  titularKey: string;
  heldKwh: string;
  holdings: TitularHoldingView[];
}

/** A UC of a titular, in short. */
export interface TitularUcView {
  ucId: string;
  distribuidora: string;
  /** The UC's own titular document (a filial's CNPJ under the same root). */
  document: string;
  name: string;
  status: string;
  isGenerator: boolean;
  isBeneficiary: boolean;
  creditsKwh: string;
  lastCycle: string | null;
}

/** How many UCs a titular key has, the credits in their balances, and who the lowest UC's titular is. */
export interface TitularUcTotalsView {
  ucs: number;
  creditsKwh: string;
  document: string | null;
  name: string | null;
  kind: string | null;
}

/** A CPF/CNPJ (validated) or an 8-digit CNPJ root → the titular key. */
function titularKeyOf(documentOrKey: string): string {
  const compact = documentOrKey.replace(/[.\-/\s]/g, '').toUpperCase();
  return /^[0-9A-Z]{8}$/.test(compact) ? compact : titularKeyOfDocument(compact);
}

function windowOf(w: TitularWindowTable): WindowView {
  return {
    stream: w.stream,
    distribuidora: w.distribuidora,
    titularKey: w.titular_key,
    fromUcId: w.from_uc_id,
    rule: w.rule,
    date: w.date,
    deadline: w.deadline,
    status: w.status as WindowView['status'],
    defaultedOn: w.defaulted_on,
    closedBy: w.closed_by,
  };
}

/** Credits held for a titular (by CPF, CNPJ or CNPJ root); holdings empty when nothing was ever held. */
export async function titularCredits(
  db: Kysely<ReadModelDatabase>,
  documentOrKey: string,
): Promise<TitularCreditsView> {
  const key = titularKeyOf(documentOrKey);
  const holders = await db
    .selectFrom('titular_holder')
    .selectAll()
    .where('titular_key', '=', key)
    .orderBy('stream')
    .execute();
  const lots = await db
    .selectFrom('titular_held_lot')
    .selectAll()
    .where('titular_key', '=', key)
    .orderBy('stream')
    .orderBy('position')
    .orderBy('idx')
    .execute();
  const windows = await db
    .selectFrom('titular_window')
    .selectAll()
    .where('titular_key', '=', key)
    .orderBy('stream')
    .orderBy('position')
    .execute();
  let total = 0;
  const holdings = holders.map((h) => {
    const held = lots.filter((l) => l.stream === h.stream);
    const wh = held.reduce((a, l) => a + num(l.wh), 0);
    total += wh;
    return {
      stream: h.stream,
      distribuidora: h.distribuidora,
      titular: { document: h.document, name: h.name, kind: h.kind },
      heldKwh: kwhOf(wh),
      held: held.map((l) => ({
        fromUcId: l.from_uc_id,
        vintage: l.vintage,
        posto: l.posto,
        gdClass: l.gd_class,
        sourceUcId: l.source_uc_id,
        kwh: kwhOf(l.wh),
        expiresOn: l.expires_on,
        ...cohortField(l.cohort === null ? undefined : (l.cohort as ScceCohort)),
      })),
      windows: windows.filter((w) => w.stream === h.stream).map(windowOf),
    };
  });
  return { titularKey: key, heldKwh: kwhOf(total), holdings };
}

/** Options of `pendingReallocations`. */
export interface PendingReallocationsRequest extends PageRequest {
  /** Window statuses listed (default: open). */
  statuses?: readonly ('open' | 'held')[];
}

/** 30-day windows still pending, earliest deadline first. */
export async function pendingReallocations(
  db: Kysely<ReadModelDatabase>,
  request: PendingReallocationsRequest = {},
): Promise<Page<WindowView>> {
  const limit = pageLimit(request);
  const statuses = request.statuses && request.statuses.length > 0 ? [...request.statuses] : ['open'];
  let q = db.selectFrom('titular_window').selectAll().where('status', 'in', statuses);
  if (request.cursor) {
    const [deadline, stream, position] = decodeCursor(request.cursor, 3) as [string, string, number];
    q = q.where((eb) =>
      eb.or([
        eb('deadline', '>', deadline),
        eb.and([eb('deadline', '=', deadline), eb('stream', '>', stream)]),
        eb.and([eb('deadline', '=', deadline), eb('stream', '=', stream), eb('position', '>', position)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('deadline')
    .orderBy('stream')
    .orderBy('position')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, windowOf, (w) => [w.deadline, w.stream, num(w.position)]);
}

/** A page of the UCs whose titular key (CPF, or CNPJ root) is `titularKey`, by UC number (as text: the index's order). */
export async function titularUcs(
  db: Kysely<ReadModelDatabase>,
  titularKey: string,
  request: PageRequest = {},
): Promise<Page<TitularUcView>> {
  const limit = pageLimit(request);
  let q = db.selectFrom('uc_state').selectAll().where('titular_key', '=', titularKey);
  if (request.cursor) {
    const [ucId, distribuidora] = decodeCursor(request.cursor, 2) as [string, string];
    q = q.where((eb) =>
      eb.or([eb('uc_id', '>', ucId), eb.and([eb('uc_id', '=', ucId), eb('distribuidora', '>', distribuidora)])]),
    );
  }
  const rows = await q
    .orderBy('uc_id')
    .orderBy('distribuidora')
    .limit(limit + 1)
    .execute();
  return pageOf(
    rows,
    limit,
    (r) => ({
      ucId: r.uc_id,
      distribuidora: r.distribuidora,
      document: r.titular_document,
      name: r.titular_name,
      status: r.status,
      isGenerator: num(r.is_generator) === 1,
      isBeneficiary: num(r.is_beneficiary) === 1,
      creditsKwh: kwhOf(r.credits_wh),
      lastCycle: r.last_cycle,
    }),
    (r) => [r.uc_id, r.distribuidora],
  );
}

/** How many UCs a titular key has and the credits in their balances. */
export async function titularUcTotals(db: Kysely<ReadModelDatabase>, titularKey: string): Promise<TitularUcTotalsView> {
  const totals = await db
    .selectFrom('uc_state')
    .select((eb) => [eb.fn.countAll<number>().as('ucs'), eb.fn.sum<number>('credits_wh').as('wh')])
    .where('titular_key', '=', titularKey)
    .executeTakeFirstOrThrow();
  // The lowest UC's titular names the titular (a matriz and its filiais share the key).
  const first = await db
    .selectFrom('uc_state')
    .select(['titular_document', 'titular_name', 'titular_kind'])
    .where('titular_key', '=', titularKey)
    .orderBy('titular_document')
    .limit(1)
    .executeTakeFirst();
  return {
    ucs: num(totals.ucs),
    creditsKwh: kwhOf(totals.wh),
    document: first?.titular_document ?? null,
    name: first?.titular_name ?? null,
    kind: first?.titular_kind ?? null,
  };
}
