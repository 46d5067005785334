import type { UcEvent } from '../uc/uc-events';
import type { InvoiceCompensation, InvoiceFacts } from './invoice-facts';

type CycleCompensatedData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

/**
 * The energy part of `InvoiceFacts` from a recorded `CycleCompensated` event: consumption per posto and one
 * compensation per line (R17). `plantUpTo1Mw` tells, for a line's source UC, whether its plant has at most 1 MW
 * installed (R27: Convênio ICMS 16/2015 §1 I); the application reads it from the generation it recorded.
 */
export function invoiceEnergyOf(
  data: Pick<CycleCompensatedData, 'consumed' | 'lines'>,
  plantUpTo1Mw: (sourceUcId: string) => boolean,
): Pick<InvoiceFacts, 'consumed' | 'compensation'> {
  const compensation: InvoiceCompensation[] = data.lines.map((l) => {
    const c: InvoiceCompensation = {
      posto: l.posto,
      kwh: l.kwh,
      gdClass: l.gdClass,
      plantUpTo1Mw: plantUpTo1Mw(l.sourceUcId),
    };
    return l.cohort === undefined ? c : { ...c, cohort: l.cohort }; // as `cohortField` adds it: last, only then
  });
  return { consumed: { ...data.consumed }, compensation };
}
