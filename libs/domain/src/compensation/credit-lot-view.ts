import type { ScceCohort } from '../values/scce-cohort';

/**
 * A credit lot as every reader shows it (read models, the audit, the API): energy as a kWh string (Q1), the lot's
 * vintage and expiry (R8, R9), its posto and GD class, and the UC whose injection made it. The one view type of a
 * lot; events carry the same fields, typed (`CreditLotJson`).
 */
export interface CreditLotView {
  vintage: string;
  posto: string;
  gdClass: string;
  sourceUcId: string;
  kwh: string;
  expiresOn: string;
  /** R23 (L art. 27 §2): the 2023-H1 cohort's energy; absent for other energy. */
  cohort?: ScceCohort;
}
