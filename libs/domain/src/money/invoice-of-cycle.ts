import type { UcEvent } from '../uc/uc-events';
import { computeInvoice } from './compute-invoice';
import type { Invoice } from './invoice';
import { invoiceEnergyOf } from './invoice-energy';
import { NO_TAXES } from './tax-settings';

type CycleCompensatedData = Extract<UcEvent, { type: 'CycleCompensated' }>['data'];

const NOTE_NO_BILLING = 'Ciclo registrado antes do faturamento em R$: sem tarifas registradas, apenas os kWh.';
const NOTE_NO_TAXES = 'Tributos (ICMS, PIS, COFINS) não configurados para a distribuidora: valores sem tributos.';
const noteNoBandeira = (months: readonly string[]) =>
  `Bandeira tarifária não publicada para ${months.map((m) => `${m.slice(5)}/${m.slice(0, 4)}`).join(', ')}: não cobrada.`;

/**
 * R22–R28: the invoice of a cycle from its recorded `CycleCompensated` alone (the kWh, the minimum, and the billing
 * facts the reading recorded). The read model, the simulation and the audit all call this one function.
 */
export function invoiceOfCycle(data: CycleCompensatedData): Invoice {
  const billing = data.billing ?? null;
  const over1Mw = billing?.plantsOver1Mw ?? [];
  const over = over1Mw.length === 0 ? null : new Set(over1Mw); // most UCs use no plant above 1 MW: no set
  const energy = invoiceEnergyOf(data, (ucId) => over === null || !over.has(ucId));
  const notes: string[] = [];
  if (!billing) notes.push(NOTE_NO_BILLING);
  else {
    if (billing.bandeiraMissing.length) notes.push(noteNoBandeira(billing.bandeiraMissing));
    if (!billing.taxesSet) notes.push(NOTE_NO_TAXES);
  }
  return computeInvoice(
    {
      // R11: only a Grupo B cycle has a minimum (a Grupo A UC billed as Grupo B records one).
      group: data.minimumKwh === null ? 'A' : 'B',
      ...energy,
      minimum:
        data.minimumKwh === null
          ? null
          : { kwh: data.minimumKwh, baixaRenda: data.baixaRenda, shortCycle: data.shortCycle },
      pricing: billing?.pricing ?? { T: {}, te: {}, f: {}, missing: [] },
      bandeira: billing?.bandeira ?? [],
      taxes: billing?.taxes ?? NO_TAXES,
      rounding: billing?.rounding ?? 'abnt',
    },
    notes,
  );
}
