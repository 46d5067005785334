import type { AuditReport } from './audit-report';

/** Sorts object keys (code-unit order) at every depth, so equal reports print byte for byte the same. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((k) => record[k] !== undefined)
        .map((k) => [k, sortKeys(record[k])]),
    );
  }
  return value;
}

/** The report as JSON for machines: sorted keys, two-space indent, a final newline; nothing of the run itself. */
export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify(sortKeys(report), null, 2)}\n`;
}
