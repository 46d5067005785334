import { createHash } from 'node:crypto';

/**
 * A correction's id, from what it is: the UC, the cycle, the distribuidora's process number and the values sent.
 * The same correction sent again has the same id (a no-op); `retif-<uc>-<cycle>-…` says where it lives.
 */
export function correctionIdOf(ucId: string, cycle: string, reference: unknown, postos: unknown): string {
  const values =
    postos && typeof postos === 'object'
      ? Object.entries(postos as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      : postos;
  const hash = createHash('sha256')
    .update(JSON.stringify([ucId, cycle, reference, values]))
    .digest('hex')
    .slice(0, 12);
  return `retif-${ucId}-${cycle}-${hash}`;
}

/** The UC and the cycle a correction id names, or null when it is not one. */
export function parseCorrectionId(id: string): { ucId: string; cycle: string } | null {
  const m = /^retif-(.+)-(\d{4}-\d{2})-[0-9a-f]{12}$/.exec(id);
  return m ? { ucId: m[1], cycle: m[2] } : null;
}
