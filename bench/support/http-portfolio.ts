/**
 * The synthetic portfolio (synthetic-portfolio.ts) as HTTP requests to the command API: one titular per group (the
 * generator and its beneficiaries, autoconsumo remoto), the set-up requests in dependency order, and one cycle's
 * readings; and each request as the platform's verb it becomes.
 */
import type { CommandName } from '@compensa/application';
import {
  percentOf,
  readingCommand,
  readingsOf,
  TARIFF_FROM,
  TE,
  type Group,
  type Reading,
} from './synthetic-portfolio';

/** One request to the command API. */
export interface ApiRequest {
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
}

/** The distribuidora of the synthetic portfolio. */
export const DISTRIBUIDORA = 'copel';

/** A valid CPF (check digits computed) for the n-th titular; never eleven equal digits. */
export function cpfOf(n: number): string {
  const base = String(100_000_001 + n)
    .padStart(9, '0')
    .slice(-9)
    .split('')
    .map(Number);
  const check = (digits: number[]) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
    const rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  return [...base, d1, d2].join('');
}

/**
 * The set-up in phases: each phase may run concurrently, but only after the previous one (generation needs the UC,
 * a rateio needs its beneficiaries registered).
 */
/** Illustrative R$/kWh sem tributos (Copel-like, 2026): B1 residential and A4 by posto. */
const COMPONENTS = { fioB: '0.27650000', fioA: '0.06120000', ped: '0.00850000', tfsee: '0.00090000' };
const SUBGRUPOS = {
  B1: { unico: { te: '0.33017000', tusd: '0.49821000', ...COMPONENTS } },
  A4: {
    ponta: { te: TE.ponta, tusd: '0.61200000', ...COMPONENTS },
    fora_ponta: { te: TE.fora_ponta, tusd: '0.09800000', ...COMPONENTS },
  },
};

export function setupPhases(groups: readonly Group[]): ApiRequest[][] {
  const tariff: ApiRequest = {
    method: 'PUT',
    path: `/v1/tariffs/${DISTRIBUIDORA}`,
    // R22: tariffs in R$ too, so that the R10 cap of GD II beneficiaries runs as it does for a real distribuidora.
    body: { validFrom: TARIFF_FROM, te: TE, subgrupos: SUBGRUPOS },
  };
  const ucs: ApiRequest[] = [];
  const generation: ApiRequest[] = [];
  const rateios: ApiRequest[] = [];
  groups.forEach((g, index) => {
    const titular = { document: cpfOf(index), name: `Titular ${index}` };
    for (const ucId of [g.generator, ...g.beneficiaries]) {
      ucs.push({
        method: 'POST',
        path: '/v1/ucs',
        body: {
          ucId,
          distribuidora: DISTRIBUIDORA,
          titular,
          group: g.groupA ? 'A' : 'B',
          ...(g.groupA ? {} : { connection: 'trifasico' }),
          postos: g.groupA ? ['ponta', 'fora_ponta'] : ['unico'],
          registeredAt: '2024-01-01',
        },
      });
    }
    const requestedAt = g.gdI ? '2022-06-01' : '2024-02-01';
    generation.push({
      method: 'POST',
      path: `/v1/ucs/${g.generator}/generation`,
      body: {
        installedKw: '45.000',
        source: 'solar',
        dispatchable: false,
        modalidade: 'autoconsumo_remoto',
        requestedAt,
        connectedAt: requestedAt,
      },
    });
    const ids = [g.generator, ...g.beneficiaries];
    rateios.push({
      method: 'PUT',
      path: `/v1/ucs/${g.generator}/rateio`,
      body:
        g.mode === 'percentage'
          ? {
              requestedAt: '2024-11-01',
              mode: 'percentage',
              shares: ids.map((ucId, i) => ({ ucId, percent: percentOf(g.shareUnits[i]) })),
            }
          : { requestedAt: '2024-11-01', mode: 'priority', order: g.beneficiaries },
    });
  });
  return [[tariff], ucs, generation, rateios];
}

/** A reading as a RecordReading request. */
export function readingRequest(r: Reading): ApiRequest {
  const { data } = readingCommand(r) as { data: Record<string, unknown> };
  return { method: 'POST', path: `/v1/ucs/${r.ucId}/readings`, body: data };
}

/** Every UC's reading of cycle `c` (1 = 2025-01), each group's beneficiaries before its generator. */
export function cycleReadings(groups: Group[], c: number): { reading: Reading; request: ApiRequest }[] {
  return readingsOf(groups, c).map((reading) => ({ reading, request: readingRequest(reading) }));
}

/** A command-API request as the controllers hand it to the platform: the verb and its body (path parameters included). */
export function platformCommandOf(request: ApiRequest): { name: CommandName; body: Record<string, unknown> } {
  const [, , resource, id, action] = request.path.split('/');
  if (resource === 'tariffs') return { name: 'PublishTariff', body: { distribuidora: id, ...request.body } };
  const verb = id === undefined ? 'RegisterUc' : VERB_OF_UC_ACTION[action];
  if (resource !== 'ucs' || verb === undefined) throw new Error(`no verb for ${request.method} ${request.path}`);
  return { name: verb, body: id === undefined ? request.body : { ...request.body, ucId: id } };
}

const VERB_OF_UC_ACTION: Record<string, CommandName> = {
  generation: 'RegisterGeneration',
  rateio: 'ChangeRateio',
  readings: 'RecordReading',
};
