/** Queries on uc_statement. */
import { cohortField, type ScceCohort } from '@compensa/domain';
import type { Kysely } from 'kysely';
import type {
  ReadModelDatabase,
  UcStatementLineTable,
  UcStatementPostoTable,
  UcStatementTable,
} from '../read-model-database';
import { kwhOf, num } from '../wh';
import { decodeCursor, pageLimit, pageOf, type Page, type PageRequest } from './page';

/** One compensation line of a statement, with its invoice label (R17). */
export interface StatementLineView {
  posto: string;
  kwh: string;
  source: 'own' | 'received' | 'credit';
  sourceUcId: string;
  sourcePosto: string;
  sourceKwh: string;
  vintage: string | null;
  gdClass: string;
  /** R23 (L art. 27 §2): the 2023-H1 cohort's energy; absent for other energy. */
  cohort?: ScceCohort;
  rule: string;
  label: string;
}

/** A UC's statement for one cycle. Per-posto maps hold kWh strings. */
export interface StatementView {
  ucId: string;
  cycle: string;
  distribuidora: string;
  readingDate: string;
  consumed: Record<string, string>;
  injected: Record<string, string>;
  compensated: Record<string, string>;
  billed: Record<string, string>;
  consumedKwh: string;
  injectedKwh: string;
  billedKwh: string;
  compensatedKwh: string;
  excedenteKwh: string;
  /** Credits expired with this reading (same command: before it, and on its date after it). */
  expiredKwh: string;
  minimumKwh: string | null;
  minimumApplied: boolean;
  p12: string;
  rules: string[];
  lines: StatementLineView[];
}

/** A statement's row, its per posto rows and its lines (those of its cycle, in order) → the view. */
function statementViewOf(
  s: UcStatementTable,
  postos: UcStatementPostoTable[],
  lines: UcStatementLineTable[],
): StatementView {
  const map = (k: 'consumed_wh' | 'injected_wh' | 'compensated_wh' | 'billed_wh') =>
    Object.fromEntries(postos.map((p) => [p.posto, kwhOf(p[k])]));
  return {
    ucId: s.uc_id,
    cycle: s.cycle,
    distribuidora: s.distribuidora,
    readingDate: s.reading_date,
    consumed: map('consumed_wh'),
    injected: map('injected_wh'),
    compensated: map('compensated_wh'),
    billed: map('billed_wh'),
    consumedKwh: kwhOf(s.consumed_wh),
    injectedKwh: kwhOf(s.injected_wh),
    billedKwh: kwhOf(s.billed_wh),
    compensatedKwh: kwhOf(s.compensated_wh),
    excedenteKwh: kwhOf(s.excedente_wh),
    expiredKwh: kwhOf(s.expired_wh),
    minimumKwh: s.minimum_wh === null ? null : kwhOf(s.minimum_wh),
    minimumApplied: num(s.minimum_applied) === 1,
    p12: s.p12,
    rules: s.rules === '' ? [] : s.rules.split(','),
    lines: lines.map((l) => ({
      posto: l.posto,
      kwh: kwhOf(l.wh),
      source: l.source as StatementLineView['source'],
      sourceUcId: l.source_uc_id,
      sourcePosto: l.source_posto,
      sourceKwh: kwhOf(l.source_wh),
      vintage: l.vintage,
      gdClass: l.gd_class,
      ...cohortField(l.cohort === null ? undefined : (l.cohort as ScceCohort)),
      rule: l.rule,
      label: l.label,
    })),
  };
}

/** The statement of a UC for a cycle (`YYYY-MM`); null when there is none. */
export async function statement(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  cycle: string,
): Promise<StatementView | null> {
  const s = await db
    .selectFrom('uc_statement')
    .selectAll()
    .where('uc_id', '=', ucId)
    .where('cycle', '=', cycle)
    .executeTakeFirst();
  if (!s) return null;
  const [view] = await completeStatements(db, ucId, [s]);
  return view;
}

/**
 * A page of a UC's statements, oldest cycle first, each complete (per posto figures and invoice lines), in three
 * queries whatever the page length: `statement` for many cycles at once.
 */
export async function statementsPage(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  request: PageRequest = {},
): Promise<Page<StatementView>> {
  const limit = pageLimit(request);
  const after = request.cursor ? String(decodeCursor(request.cursor, 1)[0]) : null;
  const rows = await db
    .selectFrom('uc_statement')
    .selectAll()
    .where('uc_id', '=', ucId)
    .$if(after !== null, (q) => q.where('cycle', '>', after!))
    .orderBy('cycle')
    .limit(limit + 1)
    .execute();
  if (rows.length === 0) return { items: [], nextCursor: null };
  const views = await completeStatements(db, ucId, rows.slice(0, limit));
  const byCycle = new Map(views.map((v) => [v.cycle, v]));
  return pageOf(
    rows,
    limit,
    (s) => byCycle.get(s.cycle)!,
    (s) => [s.cycle],
  );
}

/** Statements with their per-posto figures and invoice lines: three queries however many cycles. */
async function completeStatements(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  rows: Parameters<typeof statementViewOf>[0][],
): Promise<StatementView[]> {
  const cycles = rows.map((r) => r.cycle);
  const postos = await db
    .selectFrom('uc_statement_posto')
    .selectAll()
    .where('uc_id', '=', ucId)
    .where('cycle', 'in', cycles)
    .orderBy('cycle')
    .orderBy('posto')
    .execute();
  const lines = await db
    .selectFrom('uc_statement_line')
    .selectAll()
    .where('uc_id', '=', ucId)
    .where('cycle', 'in', cycles)
    .orderBy('cycle')
    .orderBy('line_no')
    .execute();
  return rows.map((s) =>
    statementViewOf(
      s,
      postos.filter((p) => p.cycle === s.cycle),
      lines.filter((l) => l.cycle === s.cycle),
    ),
  );
}

/**
 * Every statement of many UCs at once, by UC then cycle (the audit's check 3): three queries for the whole list, not
 * three a UC.
 */
export async function statementsOfUcs(
  db: Kysely<ReadModelDatabase>,
  ucIds: readonly string[],
): Promise<Map<string, Map<string, StatementView>>> {
  const out = new Map<string, Map<string, StatementView>>();
  if (ucIds.length === 0) return out;
  const ids = [...ucIds];
  const rows = await db
    .selectFrom('uc_statement')
    .selectAll()
    .where('uc_id', 'in', ids)
    .orderBy('uc_id')
    .orderBy('cycle')
    .execute();
  if (rows.length === 0) return out;
  const postos = await db
    .selectFrom('uc_statement_posto')
    .selectAll()
    .where('uc_id', 'in', ids)
    .orderBy('uc_id')
    .orderBy('cycle')
    .orderBy('posto')
    .execute();
  const lines = await db
    .selectFrom('uc_statement_line')
    .selectAll()
    .where('uc_id', 'in', ids)
    .orderBy('uc_id')
    .orderBy('cycle')
    .orderBy('line_no')
    .execute();
  // All three in (uc_id, cycle) order as JS compares (a stable sort keeps each key's posto and line_no order
  // from SQL, whatever the database's collation): each statement's postos and lines are the next run of its key.
  const byKey = (a: { uc_id: string; cycle: string }, b: { uc_id: string; cycle: string }) =>
    before(a, b) ? -1 : before(b, a) ? 1 : 0;
  rows.sort(byKey);
  postos.sort(byKey);
  lines.sort(byKey);
  let p = 0;
  let l = 0;
  const runOf = <T extends { uc_id: string; cycle: string }>(
    list: T[],
    from: number,
    r: { uc_id: string; cycle: string },
  ) => {
    let i = from;
    while (i < list.length && before(list[i]!, r)) i++;
    const start = i;
    while (i < list.length && list[i]!.uc_id === r.uc_id && list[i]!.cycle === r.cycle) i++;
    return { run: list.slice(start, i), next: i };
  };
  for (const r of rows) {
    const ps = runOf(postos, p, r);
    const ls = runOf(lines, l, r);
    p = ps.next;
    l = ls.next;
    let ofUc = out.get(r.uc_id);
    if (!ofUc) out.set(r.uc_id, (ofUc = new Map()));
    ofUc.set(r.cycle, statementViewOf(r, ps.run, ls.run));
  }
  return out;
}

/** `a` sorts before `b` by (uc_id, cycle), as SQLite and PostgreSQL (C collation) order them. */
function before(a: { uc_id: string; cycle: string }, b: { uc_id: string; cycle: string }): boolean {
  return a.uc_id < b.uc_id || (a.uc_id === b.uc_id && a.cycle < b.cycle);
}

/** The cycles with a statement for a UC, oldest first. */
export async function statementCycles(db: Kysely<ReadModelDatabase>, ucId: string): Promise<string[]> {
  const rows = await db.selectFrom('uc_statement').select('cycle').where('uc_id', '=', ucId).orderBy('cycle').execute();
  return rows.map((r) => r.cycle);
}
