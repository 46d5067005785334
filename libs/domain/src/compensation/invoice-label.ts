import { monthYearLabel, type BusinessDate } from '../values/business-date';
import { gdClassLabel, type GdClass } from '../values/gd-class';

/** R17: the invoice label of a compensation line, e.g. "ENERGIA INJ. oUC mPT 05/2026 GD I". */
export function invoiceLabel(line: {
  sameUc: boolean;
  samePosto: boolean;
  /** The credit's vintage, or the date of the reading that produced the energy. */
  date: BusinessDate;
  gdClass: GdClass;
}): string {
  return `ENERGIA INJ. ${line.sameUc ? 'mUC' : 'oUC'} ${line.samePosto ? 'mPT' : 'oPT'} ${monthYearLabel(line.date)} ${gdClassLabel(line.gdClass)}`;
}

/** R17: Copel's short codes for the same distinction (SALDO, OUT P, OUT UC, OUT UC/P). */
export function copelCode(line: { fromCredit: boolean; sameUc: boolean; samePosto: boolean }): string {
  if (line.sameUc && line.samePosto) return line.fromCredit ? 'SALDO' : 'INJ';
  if (line.sameUc) return 'OUT P';
  return line.samePosto ? 'OUT UC' : 'OUT UC/P';
}
