/**
 * Credits outstanding over time, kept as monthly changes: `credit_history` (credits at UCs, written by uc_balance)
 * and `held_credit_history` (credits held for titulares, written by titular_holdings), keyed by (distribuidora,
 * month). Each change of a stream's total counts in the month of the event's business date (the domain's
 * `eventDataDate`).
 */
import type { Kysely } from 'kysely';
import { eventDataDate } from '@compensa/domain';
import type { RecordedEvent } from '@compensa/event-store';
import { tableSpec } from './bulk-writer';
import type {
  CreditHistoryDateTable,
  CreditHistoryTable,
  HeldCreditHistoryTable,
  ReadModelDatabase,
} from './read-model-database';

const MONTH = /^\d{4}-\d{2}$/;

/** The business date in the event's data (`YYYY-MM-DD`), or null (HeldCreditsReceived has none). */
export function dataDateOf(e: RecordedEvent): string | null {
  return eventDataDate(e.type, e.data);
}

/** The `YYYY-MM` of a date, or null when it has none. */
export function monthOf(date: string): string | null {
  const month = date.slice(0, 7);
  return MONTH.test(month) ? month : null;
}

/** The CreditsReallocated or HeldCreditsReallocated a HeldCreditsReceived names as its cause (`<event id>:<target UC>`). */
export function causeIdOf(e: RecordedEvent): string {
  const source = String((e.data as { sourceEventId?: string }).sourceEventId ?? '');
  return source.slice(0, source.lastIndexOf(':'));
}

/** The distribuidora of a titular stream `titular-<distribuidora>-<key>`. */
export function distribuidoraOfTitularStream(e: RecordedEvent): string {
  const data = e.data as { distribuidora?: unknown; titularKey?: unknown };
  if (typeof data.distribuidora === 'string') return data.distribuidora;
  const key = typeof data.titularKey === 'string' ? data.titularKey : e.stream.slice(e.stream.lastIndexOf('-') + 1);
  return e.stream.slice('titular-'.length, e.stream.length - key.length - 1);
}

/** Monthly changes a batch gathers, written once at its end (a month seen with no change is written as 0). */
export class MonthlyDelta {
  private readonly rows = new Map<string, Map<string, CreditHistoryTable>>();

  /** Adds `wh` to the distribuidora's month. */
  add(distribuidora: string, month: string, wh: number): void {
    let months = this.rows.get(distribuidora);
    if (!months) this.rows.set(distribuidora, (months = new Map()));
    const row = months.get(month);
    if (row) row.wh += wh;
    else months.set(month, { distribuidora, month, wh });
  }

  values(): CreditHistoryTable[] {
    const out: CreditHistoryTable[] = [];
    for (const months of this.rows.values()) for (const row of months.values()) out.push(row);
    return out;
  }
}

export const CREDIT_HISTORY = tableSpec<CreditHistoryTable>({
  table: 'credit_history',
  columns: [
    ['distribuidora', 'text'],
    ['month', 'text'],
    ['wh', 'bigint'],
  ],
  key: ['distribuidora', 'month'],
  onConflict: { add: ['wh'] },
});

export const HELD_CREDIT_HISTORY = tableSpec<HeldCreditHistoryTable>({
  table: 'held_credit_history',
  columns: [
    ['distribuidora', 'text'],
    ['month', 'text'],
    ['wh', 'bigint'],
  ],
  key: ['distribuidora', 'month'],
  onConflict: { add: ['wh'] },
});

export const CREDIT_HISTORY_DATE = tableSpec<CreditHistoryDateTable>({
  table: 'credit_history_date',
  columns: [
    ['event_id', 'text'],
    ['date', 'text'],
  ],
  key: ['event_id'],
  onConflict: { set: ['date'] },
});

/** The id under which `credit_history_date` keeps the latest business date seen. */
export const LATEST_DATE_ID = '';

/** Creates a monthly table (`credit_history` or `held_credit_history`). */
export async function createMonthlyTable(
  db: Kysely<ReadModelDatabase>,
  table: 'credit_history' | 'held_credit_history',
): Promise<void> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('distribuidora', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('wh', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['distribuidora', 'month'])
    .execute();
}
