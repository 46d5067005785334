import { InvalidInput, StateConflict } from '../shared/errors';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import type { TeTable } from './te-table';
import { validateTeTable } from './te-table';
import { parseTe } from './te-table';

/** Tariffs of one distribuidora: `tariff-<distribuidora>`. */
export interface TariffState {
  readonly tables: readonly (TeTable & { tusd?: Record<string, Record<string, string>> })[];
}

export const initialTariffState: TariffState = { tables: [] };

/** PublishTariff: the TE per posto from a date, and optionally the TUSD components for invoices (R17). */
export interface PublishTariff {
  type: 'PublishTariff';
  data: { distribuidora: string; validFrom: string; te: Record<string, string>; tusd?: Record<string, Record<string, string>> };
}

export type TariffEvent = {
  type: 'TariffPublished';
  data: { distribuidora: string; validFrom: string; te: Record<string, string>; tusd?: Record<string, Record<string, string>> };
};

export function decideTariff(cmd: PublishTariff, s: TariffState): TariffEvent[] {
  const d = cmd.data;
  const validFrom = parseBusinessDate(d.validFrom, 'validFrom');
  if (!d.te || typeof d.te !== 'object' || Object.keys(d.te).length === 0) throw new InvalidInput('te', 'a TE per posto is required');
  const te = validateTeTable(d.te);
  if (d.tusd !== undefined) {
    for (const [component, byPosto] of Object.entries(d.tusd)) {
      for (const [posto, v] of Object.entries(byPosto ?? {})) parseTe(v, `tusd.${component}.${posto}`);
    }
  }
  if (s.tables.some((t) => t.validFrom === validFrom)) throw new StateConflict(`a tariff valid from ${validFrom} is already published`);
  return [{ type: 'TariffPublished', data: { distribuidora: d.distribuidora, validFrom, te: te as Record<string, string>, ...(d.tusd ? { tusd: d.tusd } : {}) } }];
}

export function evolveTariff(s: TariffState, e: TariffEvent): TariffState {
  const t = { distribuidora: e.data.distribuidora, validFrom: e.data.validFrom as BusinessDate, te: e.data.te, ...(e.data.tusd ? { tusd: e.data.tusd } : {}) };
  return { tables: [...s.tables, t].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1)) };
}

/** R2: the TE in force on a date: the latest table valid from on or before it. */
export function teInForce(s: TariffState, date: string): TeTable | null {
  let found: TeTable | null = null;
  for (const t of s.tables) if (t.validFrom <= date) found = t;
  return found;
}
