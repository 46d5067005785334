import type { BalanceOutcome } from './import-balances';

/** The error file's columns of an opening-balance import. */
export const BALANCE_ERROR_FILE_HEADER = 'line;uc;part;status;rule;detail';

/**
 * One refused part of a UC as a line of the error file: `;`-separated (a Brazilian spreadsheet opens it as columns),
 * text fields quoted; the file starts with a UTF-8 BOM so accents show (written by the caller).
 */
export function balanceErrorFileLine(o: BalanceOutcome): string {
  const q = (s: string) => `"${s.replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"`;
  return [String(o.line), q(o.ucId), o.part, String(o.status), o.rule ?? '', q(o.detail)].join(';');
}
