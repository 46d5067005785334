/**
 * The money of the synthetic portfolio (R22–R28), gathered per reading as the command side does it
 * (`billingOfReading` with the policy in force, the day-weighted tariffs in R$, the bandeiras and the source plants'
 * power): illustrative Copel-like tariffs for B1 and A4, ICMS/PIS/COFINS set, a bandeira for every month.
 */
import {
  billingOfReading,
  energySourcesOf,
  installedWatts,
  ONE_MW_WATTS,
  parseTaxSettings,
  policyInForce,
  type BandeiraMonth,
  type BillingFacts,
  type CyclePricing,
  type PolicyUpdate,
  type TariffSchedule,
  type UcState,
} from '@compensa/domain';
import type { BusinessDate } from '@compensa/domain';
import { TARIFF_FROM } from './synthetic-portfolio';

const comp = (te: string, tusd: string, fioB: string, fioA: string) => ({
  te,
  tusd,
  fioB,
  fioA,
  ped: '0.01',
  tfsee: '0.0006',
});

/** Two tariffs (the second from mid-2025), so cycles across the change are day-weighted (R22). */
const SCHEDULE: TariffSchedule = [
  {
    validFrom: TARIFF_FROM as BusinessDate,
    subgrupos: {
      B1: { unico: comp('0.31', '0.47', '0.26', '0.06') },
      A4: { ponta: comp('0.46217', '1.55', '1.10', '0.20'), fora_ponta: comp('0.28431', '0.12', '0.07', '0.03') },
    },
  },
  {
    validFrom: '2025-06-24' as BusinessDate,
    subgrupos: {
      B1: { unico: comp('0.33', '0.50', '0.28', '0.06') },
      A4: { ponta: comp('0.46217', '1.65', '1.20', '0.20'), fora_ponta: comp('0.28431', '0.13', '0.07', '0.03') },
    },
  },
];

const POLICY: PolicyUpdate[] = [
  {
    validFrom: '2020-01-01' as BusinessDate,
    p10: 'greater-of',
    taxes: parseTaxSettings({ icms: '0.19', pis: '0.011', cofins: '0.05', icmsConvenio16: 'te-only' }),
  },
];

const FLAGS = [
  { flag: 'verde', rate: '0' },
  { flag: 'amarela', rate: '0.01885' },
  { flag: 'vermelha1', rate: '0.04463' },
] as const;

function bandeiras(): Record<string, BandeiraMonth> {
  const out: Record<string, BandeiraMonth> = {};
  for (let y = 2024; y <= 2027; y++)
    for (let m = 1; m <= 12; m++) {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      out[month] = { month, ...FLAGS[(y * 12 + m) % FLAGS.length] };
    }
  return out;
}

/**
 * The money callback of the simulator; `stateOf` reads another UC's state (for the source plants' power, R27).
 * `shareCyclePrices` (default on): UCs read on the same days share their cycle's money, computed once per UC shape
 * (subgrupo, postos) and days, as `CompensaCommands.moneyOf` does (the tariffs, rates, bandeiras and policy here are
 * constants); which plants are above 1 MW stays each UC's own. Every invoice is still computed for its UC-cycle.
 */
export function portfolioMoney(
  stateOf: (ucId: string) => UcState,
  shareCyclePrices = true,
): (
  ucId: string,
  state: UcState,
  readingDate: string,
) => { pricing: CyclePricing | null; billing: BillingFacts } | null {
  const months = bandeiras();
  const shared = new Map<string, { pricing: CyclePricing | null; billing: BillingFacts } | null>();
  return (_ucId, state, readingDate) => {
    const policy = policyInForce(POLICY, readingDate);
    const key = `${state.subgrupo}|${state.postos.join(',')}|${state.registeredAt ?? ''}|${state.lastReading?.readingDate ?? ''}|${readingDate}`;
    let money = shareCyclePrices ? shared.get(key) : undefined;
    if (money === undefined) {
      money = billingOfReading({
        uc: state,
        readingDate,
        schedule: SCHEDULE,
        policy,
        scceRates: {},
        bandeiras: months,
        plantsOver1Mw: [],
      });
      if (shareCyclePrices) shared.set(key, money);
    }
    if (!money || !policy.taxesSet) return money;
    // As `CompensaCommands.plantsOver1Mw`.
    const over: string[] = [];
    for (const id of energySourcesOf(state))
      if (installedWatts(id === state.ucId ? state : stateOf(id)) > ONE_MW_WATTS) over.push(id);
    over.sort();
    return { ...money, billing: { ...money.billing, plantsOver1Mw: over } };
  };
}
