import { auditIntegrityCsvSections } from './audit-integrity-csv';
import type { AuditReport } from './audit-report';
import { openingBalancesCsv } from './opening-balances-render';

/** The CSV columns: one row per compensation line (R17). */
export const AUDIT_CSV_COLUMNS = [
  'uc',
  'cycle',
  'readingDate',
  'posto',
  'kwh',
  'source',
  'sourceUcId',
  'sourcePosto',
  'sourceKwh',
  'vintage',
  'gdClass',
  'rule',
  'label',
] as const;

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string | null): string {
  const v = value ?? '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The report's compensation lines as CSV for spreadsheets (kWh with a decimal point, dates ISO, CRLF); a whole-log
 * audit adds, each after an empty line with its own header, check 4's totals and check 0's checkpoints.
 */
export function renderAuditCsv(report: AuditReport): string {
  const rows: string[] = [AUDIT_CSV_COLUMNS.join(',')];
  for (const uc of report.ucs) {
    for (const c of uc.cycles) {
      for (const l of c.lines) {
        rows.push(
          [
            uc.ucId,
            c.cycle,
            c.readingDate,
            l.posto,
            l.kwh,
            l.source,
            l.sourceUcId,
            l.sourcePosto,
            l.sourceKwh,
            l.vintage,
            l.gdClass,
            l.rule,
            l.label,
          ]
            .map(field)
            .join(','),
        );
      }
    }
  }
  rows.push(...auditIntegrityCsvSections(report), ...openingBalancesCsv(report.openingBalances));
  return `${rows.join('\r\n')}\r\n`;
}
