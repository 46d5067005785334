/** Queries on invoices: a UC's invoice of one cycle, and its invoices over a range of cycles. */
import type { Invoice } from '@compensa/domain';
import type { Kysely } from 'kysely';
import type { InvoiceTable, ReadModelDatabase } from '../read-model-database';
import { decodeCursor, pageLimit, pageOf, type Page, type PageRequest } from './page';

/** The invoice of a UC's cycle (R22–R28) with where and when it was read. */
export interface InvoiceView extends Invoice {
  ucId: string;
  cycle: string;
  distribuidora: string;
  readingDate: string;
  /**
   * Retificação: the correction that last re-billed the cycle, its date, the total of the invoice it replaced and the
   * total first issued (null while a tariff was missing), and how many corrections re-billed it; null for a reading's
   * own invoice.
   */
  rebilled: {
    correctionId: string;
    date: string;
    previousTotal: string | null;
    issuedTotal: string | null;
    times: number;
  } | null;
}

/** A range of cycles `YYYY-MM`, both ends included; either may be left open. */
export interface CycleRange {
  from?: string;
  to?: string;
}

function invoiceViewOf(row: InvoiceTable): InvoiceView {
  // The stored document is invoiceOfCycle's answer as it was derived: read back, never recomputed here.
  const invoice = JSON.parse(row.invoice) as Invoice;
  return {
    ucId: row.uc_id,
    cycle: row.cycle,
    distribuidora: row.distribuidora,
    readingDate: row.reading_date,
    ...invoice,
    rebilled:
      row.rebilled_by === null
        ? null
        : {
            correctionId: row.rebilled_by,
            date: row.rebilled_on!,
            previousTotal: row.previous_total,
            issuedTotal: row.issued_total,
            times: Number(row.rebilled_times),
          },
  };
}

/** A UC's invoice for a cycle; null when that cycle has no reading. */
export async function invoiceOf(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  cycle: string,
): Promise<InvoiceView | null> {
  const row = await db
    .selectFrom('invoice')
    .selectAll()
    .where('uc_id', '=', ucId)
    .where('cycle', '=', cycle)
    .executeTakeFirst();
  return row ? invoiceViewOf(row) : null;
}

/** A page of a UC's invoices within a range of cycles, oldest first. */
export async function invoicesPage(
  db: Kysely<ReadModelDatabase>,
  ucId: string,
  request: CycleRange & PageRequest = {},
): Promise<Page<InvoiceView>> {
  const limit = pageLimit(request);
  const after = request.cursor ? String(decodeCursor(request.cursor, 1)[0]) : null;
  const rows = await db
    .selectFrom('invoice')
    .selectAll()
    .where('uc_id', '=', ucId)
    .$if(request.from !== undefined, (q) => q.where('cycle', '>=', request.from!))
    .$if(request.to !== undefined, (q) => q.where('cycle', '<=', request.to!))
    .$if(after !== null, (q) => q.where('cycle', '>', after!))
    .orderBy('cycle')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, invoiceViewOf, (r) => [r.cycle]);
}
