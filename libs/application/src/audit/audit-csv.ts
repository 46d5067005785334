import { auditIntegrityCsvSections } from './audit-integrity-csv';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditReport, TrailUc } from './audit-report';
import { openingBalancesCsv } from './opening-balances-render';
import { AuditSpoolFile, type AuditReportSpool } from './audit-spool-file';

/**
 * The CSV columns: one row per compensation line (R17). `rebilledBy`: the retificação whose re-billing the line's cycle
 * is (empty: the reading's own bill).
 */
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
  'rebilledBy',
] as const;

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string | null): string {
  const v = value ?? '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One UC's compensation lines, a CSV row each. */
function ucRows(uc: TrailUc): string[] {
  const rows: string[] = [];
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
          c.rebilled?.correctionId ?? null,
        ]
          .map(field)
          .join(','),
      );
    }
  }
  return rows;
}

/** The rows after the compensation lines (whole-log checks, opening balances). */
const tailRows = (report: AuditReport): string[] => [
  ...auditIntegrityCsvSections(report),
  ...openingBalancesCsv(report.openingBalances),
];

/**
 * The report's compensation lines as CSV for spreadsheets (kWh with a decimal point, dates ISO, CRLF); a whole-log
 * audit adds, each after an empty line with its own header, check 4's totals and check 0's checkpoints.
 */
export function renderAuditCsv(report: AuditReport): string {
  const rows: string[] = [AUDIT_CSV_COLUMNS.join(',')];
  for (const uc of report.ucs) rows.push(...ucRows(uc));
  rows.push(...tailRows(report));
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * The CSV report of `streamAudit` written as a stream, byte for byte `renderAuditCsv`: each UC's lines are spooled to
 * a file as the UC arrives (the UCs come in the report's order), the whole-log sections added at the end. Memory holds
 * a buffer. `close` removes the spool.
 */
export class AuditCsvSpool implements AuditReportSpool {
  private readonly dir: string;
  private readonly lines: AuditSpoolFile;

  constructor(parentDir: string = tmpdir()) {
    this.dir = mkdtempSync(join(parentDir, 'compensa-audit-csv-'));
    this.lines = new AuditSpoolFile(join(this.dir, 'lines.csv'));
  }

  event(): void {}
  move(): void {}
  titular(): void {}

  uc(u: TrailUc): void {
    const rows = ucRows(u);
    if (rows.length > 0) this.lines.add(`${rows.join('\r\n')}\r\n`);
  }

  finish(report: AuditReport, write: (chunk: string | Uint8Array) => void): void {
    for (const chunk of this.chunks(report)) write(chunk);
  }

  *chunks(report: AuditReport, into?: Buffer): Generator<string | Uint8Array> {
    yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
    yield* this.lines.chunks(0, into);
    const tail = tailRows(report);
    if (tail.length > 0) yield `${tail.join('\r\n')}\r\n`;
  }

  close(): void {
    this.lines.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
