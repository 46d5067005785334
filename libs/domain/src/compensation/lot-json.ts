import { withCohort, type ScceCohort } from '../values/scce-cohort';
import type { BusinessDate } from '../values/business-date';
import type { GdClass } from '../values/gd-class';
import { Kwh } from '../values/kwh';
import type { Posto } from '../values/posto';
import type { CreditLot, ReceivedLot } from './lots';

/** A credit lot as events carry it (kWh as a string, Q1). */
export interface CreditLotJson {
  vintage: string;
  posto: Posto;
  gdClass: GdClass;
  kwh: string;
  expiresOn: string;
  sourceUcId: string;
  /** R23 (L art. 27 §2): only on energy of the 2023-H1 cohort. */
  cohort?: ScceCohort;
}

/** A received-excedente lot as events carry it. */
export interface ReceivedLotJson {
  id: string;
  sourceUcId: string;
  posto: Posto;
  gdClass: GdClass;
  kwh: string;
  allocatedOn: string;
  sourceCycle: string;
  /** R23 (L art. 27 §2): only on energy of the 2023-H1 cohort. */
  cohort?: ScceCohort;
}

export function creditToJson(l: CreditLot): CreditLotJson {
  return withCohort(
    {
      vintage: l.vintage,
      posto: l.posto,
      gdClass: l.gdClass,
      kwh: l.kwh.toString(),
      expiresOn: l.expiresOn,
      sourceUcId: l.sourceUcId,
    },
    l.cohort,
  );
}

export function creditFromJson(j: CreditLotJson): CreditLot {
  return withCohort(
    {
      vintage: j.vintage as BusinessDate,
      posto: j.posto,
      gdClass: j.gdClass,
      kwh: Kwh.parse(j.kwh),
      expiresOn: j.expiresOn as BusinessDate,
      sourceUcId: j.sourceUcId,
    },
    j.cohort,
  );
}

export function receivedToJson(l: ReceivedLot): ReceivedLotJson {
  return withCohort(
    {
      id: l.id,
      sourceUcId: l.sourceUcId,
      posto: l.posto,
      gdClass: l.gdClass,
      kwh: l.kwh.toString(),
      allocatedOn: l.allocatedOn,
      sourceCycle: l.sourceCycle,
    },
    l.cohort,
  );
}

export function receivedFromJson(j: ReceivedLotJson): ReceivedLot {
  return { ...j, kwh: Kwh.parse(j.kwh), allocatedOn: j.allocatedOn as BusinessDate };
}
