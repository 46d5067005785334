import type { AuditReport } from './audit-report';

/** Columns of the conservation section (check 4), one row per distribuidora. */
export const CONSERVATION_CSV_COLUMNS = [
  'section',
  'distribuidora',
  'injected',
  'receivedFromOthers',
  'sentToOthers',
  'opened',
  'compensated',
  'credits',
  'held',
  'expired',
  'inTransit',
  'difference',
] as const;

/** Columns of the signed-checkpoints section (check 0): a row with the key and counts, then one per finding. */
export const CHECKPOINT_CSV_COLUMNS = ['section', 'keyId', 'seq', 'kind', 'position', 'after', 'detail'] as const;

const field = (value: string | number | null): string => {
  const v = value === null ? '' : String(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/**
 * The whole-log sections after the compensation lines, each after an empty line with its own header: check 4's
 * totals per distribuidora and check 0's checkpoints. Empty for a UC or titular audit.
 */
export function auditIntegrityCsvSections(report: AuditReport): string[] {
  const rows: string[] = [];
  if (report.conservation) {
    rows.push('', CONSERVATION_CSV_COLUMNS.join(','));
    for (const t of report.conservation.totals) {
      rows.push(
        [
          'conservation',
          t.distribuidora,
          t.injected,
          t.receivedFromOthers,
          t.sentToOthers,
          t.opened,
          t.compensated,
          t.credits,
          t.held,
          t.expired,
          t.inTransit,
          t.difference,
        ]
          .map(field)
          .join(','),
      );
    }
  }
  const li = report.logIntegrity;
  if (li) {
    rows.push('', CHECKPOINT_CSV_COLUMNS.join(','));
    const summary = li.ran
      ? `${li.verified} of ${li.checkpoints} checkpoints match the log (up to position ${li.verifiedUpTo ?? 'none'})`
      : `not checked: ${li.reason ?? ''}`;
    rows.push(
      ['checkpoints', li.keyId, null, li.ran ? 'verified' : 'not-checked', li.verifiedUpTo, null, summary]
        .map(field)
        .join(','),
    );
    for (const f of li.findings) {
      rows.push(['checkpoints', li.keyId, f.seq, f.kind, f.position, f.after, f.detail].map(field).join(','));
    }
  }
  return rows;
}
