/** Queries on corrections: a distribuidora's retificações, newest first. */
import type { Kysely } from 'kysely';
import type { CorrectionTable, ReadModelDatabase } from '../read-model-database';
import { decodeCursor, pageLimit, pageOf, type Page, type PageRequest } from './page';

/** A retificação as the list gives it: its report is `GET /v1/corrections/{id}`. */
export interface CorrectionListItem {
  id: string;
  ucId: string;
  distribuidora: string;
  cycle: string;
  readingDate: string;
  /** The correction's business date. */
  date: string;
  reason: string;
  reference: string;
}

/** Which corrections: of one distribuidora (all when absent), dated within `from`…`to` (both included, either open). */
export interface CorrectionFilter {
  distribuidora?: string;
  from?: string;
  to?: string;
}

function itemOf(row: CorrectionTable): CorrectionListItem {
  return {
    id: row.correction_id,
    ucId: row.uc_id,
    distribuidora: row.distribuidora,
    cycle: row.cycle,
    readingDate: row.reading_date,
    date: row.date,
    reason: row.reason,
    reference: row.reference,
  };
}

/** A page of corrections, newest first (by date, then id, descending). */
export async function correctionsPage(
  db: Kysely<ReadModelDatabase>,
  request: CorrectionFilter & PageRequest = {},
): Promise<Page<CorrectionListItem>> {
  const limit = pageLimit(request);
  const after = request.cursor ? decodeCursor(request.cursor, 2).map(String) : null;
  const rows = await db
    .selectFrom('correction')
    .selectAll()
    .$if(request.distribuidora !== undefined, (q) => q.where('distribuidora', '=', request.distribuidora!))
    .$if(request.from !== undefined, (q) => q.where('date', '>=', request.from!))
    .$if(request.to !== undefined, (q) => q.where('date', '<=', request.to!))
    .$if(after !== null, (q) =>
      q.where((eb) =>
        eb.or([eb('date', '<', after![0]), eb.and([eb('date', '=', after![0]), eb('correction_id', '<', after![1])])]),
      ),
    )
    .orderBy('date', 'desc')
    .orderBy('correction_id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, itemOf, (r) => [r.date, r.correction_id]);
}
