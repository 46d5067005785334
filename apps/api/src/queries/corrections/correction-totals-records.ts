import type { CorrectionTotals, PlatformState } from '@compensa/application';

/**
 * The corrections' listed totals in the platform state (PLATFORM_DB_URL, else DATA_DIR/platform.db): read from the
 * streams once by any instance, then kept for every instance and every restart. Only final values are written (a
 * correction's events never change), so the first writer wins and the others write the same.
 */
export class CorrectionTotalsRecords {
  constructor(private readonly state: PlatformState) {}

  /** The totals kept for these corrections (the others are absent). */
  async of(ids: readonly string[]): Promise<Map<string, CorrectionTotals>> {
    if (ids.length === 0) return new Map();
    const rows = await this.state.db.selectFrom('correction_totals').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, JSON.parse(r.totals) as CorrectionTotals]));
  }

  async keep(id: string, totals: CorrectionTotals): Promise<void> {
    await this.state.db
      .insertInto('correction_totals')
      .values({ id, totals: JSON.stringify(totals) })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}
