import type { BusinessDate } from '../values/business-date';
import { gdClassLabel, type GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { Subgrupo } from '../values/subgrupo';

/**
 * What a cycle could not be priced with: days of a posto with no tariff in R$ in force (R22), or a year from 2029
 * whose SCEE rate is not published (R23). The invoice names it instead of inventing numbers.
 */
export type MissingTariff =
  | {
      readonly kind: 'tariff';
      readonly subgrupo: Subgrupo;
      readonly posto: Posto;
      /** A run of consecutive days without a tariff, both ends included. */
      readonly from: BusinessDate;
      readonly to: BusinessDate;
    }
  | { readonly kind: 'scce-rate'; readonly year: number; readonly gdClasses: readonly GdClass[] };

function ddmmyyyy(date: BusinessDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** The invoice's note for a missing tariff, in pt-BR. */
export function describeMissingTariff(m: MissingTariff): string {
  if (m.kind === 'tariff') {
    return `Tarifa em R$ não publicada para o subgrupo ${m.subgrupo}, posto ${m.posto}, de ${ddmmyyyy(m.from)} a ${ddmmyyyy(m.to)}.`;
  }
  return `Percentual do Fio B do SCEE para ${m.year} (art. 17 da Lei 14.300/2022) não publicado: ${m.gdClasses.map(gdClassLabel).join(', ')}.`;
}
