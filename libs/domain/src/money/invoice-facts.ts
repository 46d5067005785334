import type { GdClass } from '../values/gd-class';
import type { Posto } from '../values/posto';
import type { CohortClass, ScceCohort } from '../values/scce-cohort';
import type { BandeiraPart } from './bandeira';
import { exactText } from './decimal-text';
import type { MissingTariff } from './missing-tariff';
import type { CycleTariffs } from './price-cycle';
import type { Rounding } from './rounding';
import type { TaxSettings } from './tax-settings';

/**
 * One compensation line as the invoice needs it (R17): built from `CycleCompensated.data.lines[]` (posto, kwh,
 * gdClass) and the source plant's installed power. Several lines with the same posto and class are summed.
 */
export interface InvoiceCompensation {
  /** The posto whose consumption was offset. */
  readonly posto: Posto;
  /** kWh offset at that posto, 3 places ("38.000"). */
  readonly kwh: string;
  readonly gdClass: GdClass;
  /** R27: the source plant has at most 1 MW installed (Convênio ICMS 16/2015 §1 I); otherwise no ICMS exemption. */
  readonly plantUpTo1Mw: boolean;
  /** R23 (L art. 27 §2): energy of a plant requested between 2023-01-08 and 2023-07-07; its f is `pricing.fCohort`. */
  readonly cohort?: ScceCohort;
}

/**
 * The recorded prices of the cycle (R22, R23) as exact decimal strings: what `cycleTariffsJson` writes. A value that
 * was not published is absent; `missing` says what it was.
 */
export interface InvoicePricing {
  /** T = te + tusd per posto, day-weighted (R22), exact. */
  readonly T: Readonly<Partial<Record<Posto, string>>>;
  /** The TE part of T per posto, day-weighted, exact: needed for Convênio 16/2015 `te-only` (R27). */
  readonly te: Readonly<Partial<Record<Posto, string>>>;
  /** f per posto and GD class (R23), exact. */
  readonly f: Readonly<Partial<Record<Posto, Readonly<Partial<Record<GdClass, string>>>>>>;
  /**
   * R23 (L art. 27 §2): f of the 2023-H1 cohort's energy per posto and class, exact; recorded only for a cycle with
   * days in 2029 or 2030, the only years it differs from `f` (absent: `f` holds for the cohort's energy too).
   */
  readonly fCohort?: Readonly<Partial<Record<Posto, Readonly<Partial<Record<CohortClass, string>>>>>>;
  readonly missing: readonly MissingTariff[];
}

/** R10, R24: the Grupo B minimum of the cycle. */
export interface GrupoBMinimum {
  /** P from the connection: "30", "50" or "100" kWh, BEFORE the baixa renda halving (`minimumKwh` of the event). */
  readonly kwh: string;
  /** R24: baixa renda residential subclass (CadÚnico), set at registration: CD is halved. */
  readonly baixaRenda: boolean;
  /** R10, R24: the reading interval is under 27 days (REN art. 285 I): no CD (see `isShortCycle`). */
  readonly shortCycle: boolean;
}

/**
 * Everything one cycle's invoice is computed from, and nothing else (R22–R28). The application layer builds it
 * from the recorded `CycleCompensated` event and the recorded pricing and policy, so a replay re-derives every R$.
 */
export interface InvoiceFacts {
  /** R24 (B) or R25 (A). */
  readonly group: 'A' | 'B';
  /** Consumed kWh per posto, 3 places (`CycleCompensated.data.consumed`). */
  readonly consumed: Readonly<Partial<Record<Posto, string>>>;
  /** The compensation lines (`CycleCompensated.data.lines`); per posto their kWh never exceed consumption. */
  readonly compensation: readonly InvoiceCompensation[];
  /** Grupo B: its minimum; Grupo A: null (R25: no minimum). */
  readonly minimum: GrupoBMinimum | null;
  /** R22, R23: see `cycleTariffsJson`. */
  readonly pricing: InvoicePricing;
  /** R26: the cycle's days under each month's flag (see `bandeiraParts`); empty: no bandeira. */
  readonly bandeira: readonly BandeiraPart[];
  /** R27: the distribuidora's tax settings in force on the reading date. */
  readonly taxes: TaxSettings;
  /** R28: the distribuidora's rounding setting (default `abnt`). */
  readonly rounding: Rounding;
}

/** R22, R23: the recordable (JSON) form of a cycle's prices, exact. */
export function cycleTariffsJson(t: CycleTariffs): InvoicePricing {
  const T: Partial<Record<Posto, string>> = {};
  const te: Partial<Record<Posto, string>> = {};
  const f: Partial<Record<Posto, Partial<Record<GdClass, string>>>> = {};
  for (const [posto, v] of Object.entries(t.T)) T[posto as Posto] = exactText(v);
  for (const [posto, v] of Object.entries(t.te)) te[posto as Posto] = exactText(v);
  for (const [posto, byClass] of Object.entries(t.f)) {
    const out: Partial<Record<GdClass, string>> = {};
    for (const [c, v] of Object.entries(byClass ?? {})) out[c as GdClass] = exactText(v);
    f[posto as Posto] = out;
  }
  if (t.fCohort === undefined) return { T, te, f, missing: t.missing };
  const fCohort: Partial<Record<Posto, Partial<Record<CohortClass, string>>>> = {};
  for (const [posto, byClass] of Object.entries(t.fCohort)) {
    const out: Partial<Record<CohortClass, string>> = {};
    for (const [c, v] of Object.entries(byClass ?? {})) out[c as CohortClass] = exactText(v);
    fCohort[posto as Posto] = out;
  }
  return { T, te, f, fCohort, missing: t.missing };
}

/** R10, R24: a reading interval under 27 days (REN art. 285 I) bills no CD; `days` as `dayCount(period)`. */
export function isShortCycle(days: number): boolean {
  return days < 27;
}
