import { parseAnySubgrupo, type Subgrupo } from '../values/subgrupo';
import { InvalidInput } from '../shared/errors';
import { parseBusinessDate, type BusinessDate } from '../values/business-date';
import { parsePosto, type Posto } from '../values/posto';
import { parseUnitPrice } from './decimal-text';

/**
 * R22: one posto's tariff in R$/kWh sem tributos, as the Resolução Homologatória publishes it (up to 8 places):
 * T = te + tusd; fioB, fioA, ped and tfsee are the TUSD components the SCEE charge needs (R23).
 */
export interface TariffComponents {
  readonly te: string;
  readonly tusd: string;
  readonly fioB: string;
  readonly fioA: string;
  readonly ped: string;
  readonly tfsee: string;
}

export const TARIFF_COMPONENTS: readonly (keyof TariffComponents)[] = ['te', 'tusd', 'fioB', 'fioA', 'ped', 'tfsee'];

/** R22: what `PublishTariff` carries in R$: per subgrupo and posto, from `validFrom`. */
export interface TariffTable {
  readonly validFrom: BusinessDate;
  readonly subgrupos: Readonly<Partial<Record<Subgrupo, Readonly<Partial<Record<Posto, TariffComponents>>>>>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** R22: validates one posto's components: all six present, each a non-negative decimal with ≤ 8 places. */
export function parseTariffComponents(raw: unknown, field: string): TariffComponents {
  if (!isRecord(raw)) throw new InvalidInput(field, 'deve ser um objeto com te, tusd, fioB, fioA, ped, tfsee');
  for (const key of Object.keys(raw)) {
    if (!(TARIFF_COMPONENTS as readonly string[]).includes(key)) {
      throw new InvalidInput(`${field}.${key}`, `componente desconhecido (${TARIFF_COMPONENTS.join(', ')})`);
    }
  }
  const out: Record<string, string> = {};
  for (const key of TARIFF_COMPONENTS) {
    const value = raw[key];
    if (value === undefined) throw new InvalidInput(`${field}.${key}`, 'é obrigatório');
    parseUnitPrice(value, `${field}.${key}`);
    out[key] = value as string;
  }
  return out as unknown as TariffComponents;
}

/**
 * R22: validates the R$ part of a `PublishTariff`: `{ validFrom, subgrupos: { B1: { unico: { te, tusd, … } } } }`.
 * Refuses an unknown subgrupo or posto, a missing component, a negative or non-numeric value, > 8 places.
 */
export function parseTariffTable(raw: { validFrom: unknown; subgrupos: unknown }): TariffTable {
  const validFrom = parseBusinessDate(raw.validFrom as string, 'validFrom');
  if (!isRecord(raw.subgrupos) || Object.keys(raw.subgrupos).length === 0) {
    throw new InvalidInput('subgrupos', 'informe ao menos um subgrupo com seus postos');
  }
  const subgrupos: Partial<Record<Subgrupo, Partial<Record<Posto, TariffComponents>>>> = {};
  for (const [sg, byPosto] of Object.entries(raw.subgrupos)) {
    const subgrupo = parseAnySubgrupo(sg, `subgrupos.${sg}`);
    if (!isRecord(byPosto) || Object.keys(byPosto).length === 0) {
      throw new InvalidInput(`subgrupos.${sg}`, 'informe ao menos um posto');
    }
    const postos: Partial<Record<Posto, TariffComponents>> = {};
    for (const [p, components] of Object.entries(byPosto)) {
      const posto = parsePosto(p, `subgrupos.${sg}.${p}`);
      postos[posto] = parseTariffComponents(components, `subgrupos.${sg}.${p}`);
    }
    subgrupos[subgrupo] = postos;
  }
  return { validFrom, subgrupos };
}
