import type { ImportOutcome } from './import-readings';

/** The error file's columns (as the issue names them). */
export const ERROR_FILE_HEADER = 'line;uc;cycle;status;rule;detail';

/**
 * One refused reading as a line of the error file: `;`-separated (a Brazilian spreadsheet opens it as columns), every
 * text field quoted; the file starts with a UTF-8 BOM so accents show (written by the caller).
 */
export function errorFileLine(o: ImportOutcome): string {
  const q = (s: string) => `"${s.replace(/"/g, '""').replace(/[\r\n]+/g, ' ')}"`;
  return [String(o.line), q(o.ucId), q(o.cycle), String(o.status), o.rule ?? '', q(o.detail)].join(';');
}
