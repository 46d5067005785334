import { InvalidInput, StateConflict } from '../shared/errors';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import type { TeTable } from './te-table';
import { validateTeTable } from './te-table';
import { parseTe } from './te-table';
import type { PolicyUpdate } from '../distribuidora/distribuidora-policy';
import { parseTariffTable, type TariffTable } from '../money/tariff-table';
import type { TariffSchedule } from '../money/tariff-schedule';

/** Events of a distribuidora's stream. */
export type TariffEvent = TariffPublishedEvent | DistribuidoraPolicySetEvent;

/** P10, P12, R13, R27, R28: a policy update of the distribuidora from `validFrom` (fields left out keep theirs). */
export type DistribuidoraPolicySetEvent = {
  type: 'DistribuidoraPolicySet';
  data: { distribuidora: string } & PolicyUpdate;
};

/** A distribuidora's stream (`tariff-<distribuidora>`): its tariffs and its policy, each from a date. */
export interface TariffState {
  readonly tables: readonly (TeTable & { tusd?: Record<string, Record<string, string>> })[];
  /** R22: the tariffs in R$ per subgrupo and posto, by validFrom. */
  readonly schedule: TariffSchedule;
  /** P10, P12, R13, R27, R28: the policy updates, by validFrom. */
  readonly policies: readonly PolicyUpdate[];
}

export const initialTariffState: TariffState = { tables: [], schedule: [], policies: [] };

/** PublishTariff: the TE per posto from a date, and optionally the TUSD components for invoices (R17). */
export interface PublishTariff {
  type: 'PublishTariff';
  data: {
    distribuidora: string;
    validFrom: string;
    te: Record<string, string>;
    tusd?: Record<string, Record<string, string>>;
    /** R22: `{ "<subgrupo>": { "<posto>": { te, tusd, fioB, fioA, ped, tfsee } } }`, validated by `decide`. */
    subgrupos?: Readonly<Record<string, unknown>>;
  };
}

/** A tariff published (TE for R2; R$ per subgrupo for R22). */
export type TariffPublishedEvent = {
  type: 'TariffPublished';
  data: {
    distribuidora: string;
    validFrom: string;
    te: Record<string, string>;
    tusd?: Record<string, Record<string, string>>;
    /** R22: R$/kWh sem tributos per subgrupo and posto (te, tusd, fioB, fioA, ped, tfsee). */
    subgrupos?: TariffTable['subgrupos'];
  };
};

export function decideTariff(cmd: PublishTariff, s: TariffState): TariffPublishedEvent[] {
  const d = cmd.data;
  const validFrom = parseBusinessDate(d.validFrom, 'validFrom');
  if (!d.te || typeof d.te !== 'object' || Object.keys(d.te).length === 0)
    throw new InvalidInput('te', 'a TE de cada posto é obrigatória');
  const te = validateTeTable(d.te);
  if (d.tusd !== undefined) {
    for (const [component, byPosto] of Object.entries(d.tusd)) {
      for (const [posto, v] of Object.entries(byPosto ?? {})) parseTe(v, `tusd.${component}.${posto}`);
    }
  }
  // R22: the tariffs in R$ (validated as a table; recorded as sent).
  const inReais = d.subgrupos === undefined ? null : parseTariffTable({ validFrom, subgrupos: d.subgrupos });
  if (s.tables.some((t) => t.validFrom === validFrom))
    throw new StateConflict(`já há uma tarifa publicada com vigência a partir de ${validFrom}`);
  return [
    {
      type: 'TariffPublished',
      data: {
        distribuidora: d.distribuidora,
        validFrom,
        te: te as Record<string, string>,
        ...(d.tusd ? { tusd: d.tusd } : {}),
        ...(inReais ? { subgrupos: inReais.subgrupos } : {}),
      },
    },
  ];
}

export function evolveTariff(s: TariffState, e: TariffPublishedEvent): TariffState {
  const validFrom = e.data.validFrom as BusinessDate;
  const t = {
    distribuidora: e.data.distribuidora,
    validFrom,
    te: e.data.te,
    ...(e.data.tusd ? { tusd: e.data.tusd } : {}),
  };
  const byDate = <T extends { validFrom: string }>(a: T, b: T) => (a.validFrom < b.validFrom ? -1 : 1);
  return {
    ...s,
    tables: [...s.tables, t].sort(byDate),
    schedule: e.data.subgrupos ? [...s.schedule, { validFrom, subgrupos: e.data.subgrupos }].sort(byDate) : s.schedule,
  };
}

/** R2: the TE in force on a date: the latest table valid from on or before it. */
export function teInForce(s: TariffState, date: string): TeTable | null {
  let found: TeTable | null = null;
  for (const t of s.tables) if (t.validFrom <= date) found = t;
  return found;
}
