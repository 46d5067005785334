import type { CorrectionReport } from './correction-report';

/** What a correction re-billed, counted: a list's columns (its report has each cycle). */
export interface CorrectionTotals {
  /** The UCs with a cycle re-billed (the corrected one and any other it reached). */
  rebilledUcs: number;
  rebilledCycles: number;
  /** Re-billed cycles with no R$ (a tariff was missing): re-billed in kWh only. */
  unpricedCycles: number;
  /** Σ difference over the priced cycles: negative is refunded, positive charged. */
  totalDifference: string;
}

/** The totals of a correction's report. */
export function correctionTotalsOf(report: CorrectionReport): CorrectionTotals {
  return {
    rebilledUcs: new Set(report.cycles.map((c) => c.ucId)).size,
    rebilledCycles: report.cycles.length,
    unpricedCycles: report.cycles.filter((c) => c.action === 'unpriced').length,
    totalDifference: report.totalDifference,
  };
}
