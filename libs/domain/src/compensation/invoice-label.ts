import { monthYearLabel, type BusinessDate } from '../values/business-date';
import { BoundedMemo } from '../shared/bounded-memo';
import { GD_CLASSES, gdClassLabel, type GdClass } from '../values/gd-class';

/** Labels written, by date: 2 × 2 × 3 per date (same UC, same posto, class). */
const LABELS = new BoundedMemo<BusinessDate, string[]>();

/** R17: the invoice label of a compensation line, e.g. "ENERGIA INJ. oUC mPT 05/2026 GD I". */
export function invoiceLabel(line: {
  sameUc: boolean;
  samePosto: boolean;
  /** The credit's vintage, or the date of the reading that produced the energy. */
  date: BusinessDate;
  gdClass: GdClass;
}): string {
  // One reading writes the same few labels for many lines, and readings share dates: each label is written once.
  const c = GD_CLASSES.indexOf(line.gdClass);
  if (c < 0) return labelText(line);
  const byDate = LABELS.get(line.date, () => []);
  const i = (line.sameUc ? 2 * GD_CLASSES.length : 0) + (line.samePosto ? GD_CLASSES.length : 0) + c;
  return (byDate[i] ??= labelText(line));
}
function labelText(line: { sameUc: boolean; samePosto: boolean; date: BusinessDate; gdClass: GdClass }): string {
  return `ENERGIA INJ. ${line.sameUc ? 'mUC' : 'oUC'} ${line.samePosto ? 'mPT' : 'oPT'} ${monthYearLabel(line.date)} ${gdClassLabel(line.gdClass)}`;
}

/** R17: Copel's short codes for the same distinction (SALDO, OUT P, OUT UC, OUT UC/P). */
export function copelCode(line: { fromCredit: boolean; sameUc: boolean; samePosto: boolean }): string {
  if (line.sameUc && line.samePosto) return line.fromCredit ? 'SALDO' : 'INJ';
  if (line.sameUc) return 'OUT P';
  return line.samePosto ? 'OUT UC' : 'OUT UC/P';
}
