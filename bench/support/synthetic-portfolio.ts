/**
 * A synthetic, deterministic portfolio for the benchmarks: groups of one generator and its beneficiaries (even groups
 * share by percentage with 4-decimal shares adding up to exactly 100, odd ones by priority; every third group is
 * Grupo A with ponta / fora_ponta and a TE; every fifth generator is GD I), and their readings cycle by cycle.
 */
import { Kwh } from '@compensa/domain';
import {
  PortfolioSimulator,
  type PortfolioSimulatorOptions,
  type SimCommand,
} from '@compensa/domain/testing/portfolio-simulator';

const CPF = '52998224725';
/** The TE of the synthetic distribuidora. */
export const TE = { fora_ponta: '0.28431000', ponta: '0.46217000' };
/** When that TE took effect. */
export const TARIFF_FROM = '2020-01-01';

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Group {
  generator: string;
  beneficiaries: string[];
  groupA: boolean;
  gdI: boolean;
  mode: 'percentage' | 'priority';
  /** Percentage shares in units of 0.0001%, adding up to 1,000,000 (generator first, then beneficiaries). */
  shareUnits: number[];
}

export interface Reading {
  ucId: string;
  cycle: string;
  readingDate: string;
  /** Wh per posto. */
  postos: Partial<Record<'unico' | 'ponta' | 'fora_ponta', { consumed: number; injected: number }>>;
}

export function buildGroups(count: number, beneficiaries = 9): Group[] {
  const rnd = prng(7);
  const groups: Group[] = [];
  for (let g = 0; g < count; g++) {
    const base = 100000 + g * 10;
    const weights = Array.from({ length: beneficiaries + 1 }, (_, i) => (i === 0 ? 0.3 : 0.5 + rnd()));
    const sum = weights.reduce((a, b) => a + b, 0);
    const units = weights.map((w) => Math.floor((w / sum) * 1_000_000));
    units[1] += 1_000_000 - units.reduce((a, b) => a + b, 0);
    groups.push({
      generator: String(base),
      beneficiaries: Array.from({ length: beneficiaries }, (_, i) => String(base + 1 + i)),
      groupA: g % 3 === 0,
      gdI: g % 5 === 0,
      mode: g % 2 === 0 ? 'percentage' : 'priority',
      shareUnits: units,
    });
  }
  return groups;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Cycle 0 is the untimed warm-up cycle (2024-12); 1..CYCLES are timed (2025-01 …). */
export const cycleName = (c: number) => {
  const t = 2024 * 12 + 11 + c;
  return `${Math.floor(t / 12)}-${pad((t % 12) + 1)}`;
};

/**
 * The readings of one cycle, in processing order: every group's beneficiaries (day 8), then its generator (day 15).
 * `from`/`to`: only the groups in that range, with the values the whole portfolio's readings give them (the cycle's
 * random draws of the groups before `from` are made and dropped), so a history can be built a slice at a time.
 */
export function readingsOf(groups: Group[], c: number, from = 0, to = groups.length): Reading[] {
  const rnd = prng(1000 + c);
  const cycle = cycleName(c);
  const whIn = (lo: number, hi: number) => Math.floor((lo + rnd() * (hi - lo)) * 1000);
  const out: Reading[] = [];
  for (let i = 0; i < Math.min(to, groups.length); i++) {
    const g = groups[i];
    if (i < from) {
      // A Grupo A reading draws twice a beneficiary and four times a generator; a Grupo B one, once and twice.
      for (let k = (g.groupA ? 2 : 1) * g.beneficiaries.length + (g.groupA ? 4 : 2); k > 0; k--) rnd();
      continue;
    }
    for (const b of g.beneficiaries) {
      out.push({
        ucId: b,
        cycle,
        readingDate: `${cycle}-08`,
        postos: g.groupA
          ? { ponta: { consumed: whIn(20, 120), injected: 0 }, fora_ponta: { consumed: whIn(150, 700), injected: 0 } }
          : { unico: { consumed: whIn(120, 650), injected: 0 } },
      });
    }
    out.push({
      ucId: g.generator,
      cycle,
      readingDate: `${cycle}-15`,
      postos: g.groupA
        ? {
            ponta: { consumed: whIn(30, 150), injected: whIn(0, 200) },
            fora_ponta: { consumed: whIn(100, 600), injected: whIn(2500, 6000) },
          }
        : { unico: { consumed: whIn(100, 500), injected: whIn(2500, 6000) } },
    });
  }
  return out;
}

export const kwhOf = (wh: number) => Kwh.ofWh(BigInt(wh)).toString();
export const percentOf = (units: number) => {
  const whole = Math.floor(units / 10000);
  const frac = String(units % 10000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
};

export function readingCommand(r: Reading): SimCommand {
  const postos: Record<string, { consumed: string; injected: string }> = {};
  for (const [p, v] of Object.entries(r.postos))
    postos[p] = { consumed: kwhOf(v!.consumed), injected: kwhOf(v!.injected) };
  return { type: 'RecordReading', data: { cycle: r.cycle, readingDate: r.readingDate, postos } };
}

export function setupPortfolio(
  groups: Group[],
  keepEvents = false,
  options: Omit<PortfolioSimulatorOptions, 'keepEvents'> = {},
): PortfolioSimulator {
  const sim = new PortfolioSimulator({ ...options, keepEvents });
  sim.publishTariff('copel', TARIFF_FROM, TE);
  for (const g of groups) {
    for (const id of [g.generator, ...g.beneficiaries]) {
      sim.execute(id, {
        type: 'RegisterUc',
        data: {
          ucId: id,
          distribuidora: 'copel',
          titular: { document: CPF, name: 'Ana' },
          group: g.groupA ? 'A' : 'B',
          connection: g.groupA ? null : 'trifasico',
          postos: g.groupA ? ['ponta', 'fora_ponta'] : ['unico'],
          registeredAt: '2024-01-01',
        },
      });
    }
    const requestedAt = g.gdI ? '2022-06-01' : '2024-02-01';
    sim.execute(g.generator, {
      type: 'RegisterGeneration',
      data: {
        installedKw: '45.000',
        source: 'solar',
        dispatchable: false,
        modalidade: 'autoconsumo_remoto',
        requestedAt,
        connectedAt: requestedAt,
      },
    });
    const ids = [g.generator, ...g.beneficiaries];
    sim.execute(
      g.generator,
      g.mode === 'percentage'
        ? {
            type: 'ChangeRateio',
            data: {
              requestedAt: '2024-11-01',
              mode: 'percentage',
              shares: ids.map((ucId, i) => ({ ucId, percent: percentOf(g.shareUnits[i]) })),
            },
          }
        : { type: 'ChangeRateio', data: { requestedAt: '2024-11-01', mode: 'priority', order: g.beneficiaries } },
    );
  }
  return sim;
}
