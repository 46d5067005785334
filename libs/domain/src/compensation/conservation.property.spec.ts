/**
 * Properties of the whole engine over random portfolios (RULES.md Q2, Q3; determinism of decide/evolve).
 * A scenario: 1–3 generators (Grupo B `unico` or Grupo A ponta/fora_ponta with a TE table; GD I, GD II, GD I + a
 * GD II tranche, or >500 kW) with 0–5 beneficiaries each, up to 70 monthly cycles of readings in random order
 * (credits live 60 months, so some expire), rateio changes (percentages adding up to exactly 100 with up to 4
 * decimals, or priority orders), contract closures and daily sweeps. The PortfolioSimulator plays the handler and
 * the excedente process manager. All ledgers are kept in integer Wh.
 */
import fc from 'fast-check';
import { fold } from '../shared/decider';
import { InvalidInput, RuleViolationError, StateConflict, UnknownUc } from '../shared/errors';
import { parseTe } from '../tariff/te-table';
import { PortfolioSimulator, type SimCommand } from '../testing/portfolio-simulator';
import { CPF_ANA } from '../testing/fixtures';
import { decideUc } from '../uc/decide-uc';
import { ucDecider } from '../uc/uc-decider';
import type { P12Mode } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import type { UcState } from '../uc/uc-state';
import { Kwh } from '../values/kwh';
import { Percent } from '../values/percent';
import type { Posto } from '../values/posto';
import type { P10Mode } from './grupo-b-limit';
import { Money, type CyclePricing } from '../money/cycle-pricing';

// ---------------------------------------------------------------------------------------------------------------
// Scenario model and generators
// ---------------------------------------------------------------------------------------------------------------

type Connection = 'monofasico' | 'bifasico' | 'trifasico';
interface UcSpec {
  groupA: boolean;
  connection: Connection;
}
interface GenSpec extends UcSpec {
  /** GD I request (2022), GD II (2024), GD I grown with a GD II tranche (R16), or a >500 kW plant (GD III by rateio). */
  kind: 'gd1' | 'gd2' | 'gd1+gd2' | 'big';
}
interface ReadingSpec {
  uc: number;
  day: number;
  /** Wh: consumed/injected of the first and second posto (the second only for Grupo A). */
  c1: number;
  i1: number;
  c2: number;
  i2: number;
}
interface RateioSpec {
  gen: number;
  day: number;
  mode: 'percentage' | 'priority';
  picks: number[];
  cuts: number[];
  leftover: number | null;
}
interface MonthSpec {
  rateio: RateioSpec | null;
  readings: ReadingSpec[];
  close: number | null;
  sweep: boolean;
}
interface Scenario {
  gens: GenSpec[];
  bens: UcSpec[];
  te: { fp: number; p: number };
  te2: { month: number; fp: number; p: number } | null;
  p12: P12Mode;
  /** Per UC (by index), a percentage applied to its consumption: some UCs consume little, so credits pile up and expire. */
  consumptionScale: number[];
  months: MonthSpec[];
}

const connectionArb = fc.constantFrom<Connection>('monofasico', 'bifasico', 'trifasico');
const ucSpecArb: fc.Arbitrary<UcSpec> = fc.record({ groupA: fc.boolean(), connection: connectionArb });
const genSpecArb: fc.Arbitrary<GenSpec> = fc.record({
  groupA: fc.boolean(),
  connection: connectionArb,
  kind: fc.constantFrom<GenSpec['kind']>('gd1', 'gd2', 'gd1+gd2', 'big'),
});
/** kWh with 3 decimals, in Wh; often zero. */
const whArb = (max: number) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 0, max }) });
const readingArb: fc.Arbitrary<ReadingSpec> = fc.record({
  uc: fc.nat({ max: 50 }),
  day: fc.integer({ min: 1, max: 28 }),
  c1: whArb(1_500_000),
  i1: whArb(3_000_000),
  c2: whArb(800_000),
  i2: whArb(600_000),
});
const rateioArb: fc.Arbitrary<RateioSpec> = fc.record({
  gen: fc.nat({ max: 5 }),
  day: fc.integer({ min: 1, max: 28 }),
  mode: fc.constantFrom<'percentage' | 'priority'>('percentage', 'priority'),
  picks: fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 5 }),
  cuts: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 4, maxLength: 4 }),
  leftover: fc.option(fc.nat({ max: 50 }), { freq: 3 }),
});
const monthArb: fc.Arbitrary<MonthSpec> = fc.record({
  rateio: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: rateioArb }),
  readings: fc.array(readingArb, { minLength: 1, maxLength: 20 }),
  close: fc.oneof({ weight: 60, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: 50 }) }),
  sweep: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
/** Up to 70 monthly cycles: short runs, and long ones that reach the 60-month expiry (R9). */
const monthsArb = fc.oneof(
  fc.array(monthArb, { minLength: 1, maxLength: 12 }),
  fc.array(monthArb, { minLength: 58, maxLength: 70 }),
);
/** TE in R$/kWh with up to 8 decimals, as 1e-8 units. */
const teArb = fc.record({
  fp: fc.integer({ min: 5_000_000, max: 60_000_000 }),
  p: fc.integer({ min: 20_000_000, max: 150_000_000 }),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .array(fc.tuple(genSpecArb, fc.array(ucSpecArb, { maxLength: 5 })), { minLength: 1, maxLength: 3 })
  .chain((groups) =>
    fc.record({
      gens: fc.constant(groups.map(([g]) => g)),
      bens: fc.constant(groups.flatMap(([, b]) => b)),
      te: teArb,
      te2: fc.option(fc.record({ month: fc.nat({ max: 69 }), fp: teArb.map((t) => t.fp), p: teArb.map((t) => t.p) }), {
        freq: 2,
      }),
      p12: fc.constantFrom<P12Mode>('open-cycle', 'next-month'),
      consumptionScale: fc.array(fc.constantFrom(0, 5, 30, 100, 100, 100), { minLength: 18, maxLength: 18 }),
      months: monthsArb,
    }),
  );

// ---------------------------------------------------------------------------------------------------------------
// Running a scenario through the simulator
// ---------------------------------------------------------------------------------------------------------------

const teString = (units: number) => {
  const s = String(units).padStart(9, '0');
  return `${s.slice(0, -8)}.${s.slice(-8)}`;
};
const kwhString = (wh: number) => Kwh.ofWh(BigInt(wh)).toString();
const pad = (n: number) => String(n).padStart(2, '0');
const cycleOf = (monthIndex: number) => {
  const total = 2024 * 12 + monthIndex; // month 0 = 2024-01
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}`;
};

interface Portfolio {
  ids: string[];
  generators: string[];
  groupA: Set<string>;
}

function portfolioOf(sc: Scenario): Portfolio {
  const generators = sc.gens.map((_, i) => String(i + 1));
  const beneficiaries = sc.bens.map((_, i) => String(101 + i));
  const groupA = new Set<string>(
    [
      ...sc.gens.map((g, i) => (g.groupA ? generators[i] : '')),
      ...sc.bens.map((b, i) => (b.groupA ? beneficiaries[i] : '')),
    ].filter(Boolean),
  );
  return { ids: [...generators, ...beneficiaries], generators, groupA };
}

const isRefusal = (e: unknown) =>
  e instanceof RuleViolationError || e instanceof InvalidInput || e instanceof StateConflict || e instanceof UnknownUc;

interface RunOptions {
  delivery?: 'immediate' | 'on-next-command';
  /** Called before every command with the command as `decide` would get it. */
  beforeCommand?: (sim: PortfolioSimulator, ucId: string, command: SimCommand) => void;
  /** Called after every month's commands. */
  afterMonth?: (sim: PortfolioSimulator) => void;
  /** R10: P10 for the scenario's distribuidora and the pricing the handler gathers (default: `greater-of`, none). */
  p10?: P10Mode;
  pricing?: (ucId: string, readingDate: string) => CyclePricing | null;
}

interface RunResult {
  sim: PortfolioSimulator;
  pf: Portfolio;
  accepted: number;
  refused: number;
}

function runScenario(sc: Scenario, opts: RunOptions = {}): RunResult {
  const sim = new PortfolioSimulator({
    p12: { copel: sc.p12 },
    delivery: opts.delivery ?? 'immediate',
    ...(opts.p10 ? { p10: { copel: opts.p10 } } : {}),
    ...(opts.pricing ? { pricing: opts.pricing } : {}),
  });
  const pf = portfolioOf(sc);
  let accepted = 0;
  let refused = 0;
  const run = (ucId: string, command: SimCommand) => {
    opts.beforeCommand?.(sim, ucId, command);
    try {
      sim.execute(ucId, command);
      accepted++;
    } catch (e) {
      // A refusal appends nothing; anything else (RangeError: a negative balance, TypeError…) is a bug.
      if (!isRefusal(e)) throw e;
      refused++;
    }
  };

  sim.publishTariff('copel', '2020-01-01', { fora_ponta: teString(sc.te.fp), ponta: teString(sc.te.p) });
  for (const id of pf.ids) {
    const a = pf.groupA.has(id);
    run(id, {
      type: 'RegisterUc',
      data: {
        ucId: id,
        distribuidora: 'copel',
        titular: { document: CPF_ANA, name: 'Ana' },
        group: a ? 'A' : 'B',
        connection: a ? null : (sc.gens[Number(id) - 1] ?? sc.bens[Number(id) - 101]).connection,
        postos: a ? ['ponta', 'fora_ponta'] : ['unico'],
        registeredAt: '2024-01-01',
      },
    });
  }
  sc.gens.forEach((g, i) => {
    const id = pf.generators[i];
    const requestedAt = g.kind === 'gd2' || g.kind === 'big' ? '2024-01-10' : '2022-06-01';
    run(id, {
      type: 'RegisterGeneration',
      data: {
        installedKw: g.kind === 'big' ? '600.000' : '20.000',
        source: 'solar',
        dispatchable: false,
        modalidade: 'autoconsumo_remoto',
        requestedAt,
        connectedAt: requestedAt,
      },
    });
    if (g.kind === 'gd1+gd2') run(id, { type: 'AddCapacity', data: { addedKw: '20.000', requestedAt: '2024-01-15' } });
  });

  sc.months.forEach((m, mi) => {
    const cycle = cycleOf(mi);
    if (sc.te2 && sc.te2.month === mi)
      sim.publishTariff('copel', `${cycle}-01`, { fora_ponta: teString(sc.te2.fp), ponta: teString(sc.te2.p) });
    if (m.rateio) {
      const r = m.rateio;
      const gen = pf.generators[r.gen % pf.generators.length];
      const picks = [...new Set(r.picks.map((x) => pf.ids[x % pf.ids.length]))];
      const requestedAt = `${cycle}-${pad(r.day)}`;
      if (r.mode === 'percentage') {
        // Cut points on 0..1,000,000 units of 0.0001%: the shares add up to exactly 100.
        const cuts = r.cuts.slice(0, picks.length - 1).sort((a, b) => a - b);
        const bounds = [0, ...cuts, 1_000_000];
        const shares = picks.map((ucId, i) => ({
          ucId,
          percent: Percent.ofUnits(BigInt(bounds[i + 1] - bounds[i])).toString(),
        }));
        run(gen, { type: 'ChangeRateio', data: { requestedAt, mode: 'percentage', shares } });
      } else {
        const leftover = r.leftover === null ? undefined : pf.ids[r.leftover % pf.ids.length];
        run(gen, {
          type: 'ChangeRateio',
          data: { requestedAt, mode: 'priority', order: picks, ...(leftover ? { leftoverUcId: leftover } : {}) },
        });
      }
    }
    const seen = new Set<string>();
    for (const rd of m.readings) {
      const id = pf.ids[rd.uc % pf.ids.length];
      if (seen.has(id)) continue; // one reading per UC and cycle
      seen.add(id);
      const isGen = pf.generators.includes(id);
      const inj = (wh: number) => kwhString(isGen ? wh : 0);
      const scale = sc.consumptionScale[pf.ids.indexOf(id) % sc.consumptionScale.length];
      const con = (wh: number) => kwhString(Math.floor((wh * scale) / 100));
      const postos: Record<string, { consumed: string; injected: string }> = pf.groupA.has(id)
        ? {
            ponta: { consumed: con(rd.c2), injected: inj(rd.i2) },
            fora_ponta: { consumed: con(rd.c1), injected: inj(rd.i1) },
          }
        : { unico: { consumed: con(rd.c1), injected: inj(rd.i1) } };
      run(id, { type: 'RecordReading', data: { cycle, readingDate: `${cycle}-${pad(rd.day)}`, postos } });
    }
    if (m.close !== null)
      run(pf.ids[m.close % pf.ids.length], { type: 'CloseContract', data: { date: `${cycle}-28` } });
    if (m.sweep) sim.sweep(`${cycle}-28`);
    opts.afterMonth?.(sim);
  });
  sim.flushAll();
  return { sim, pf, accepted, refused };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers over events (all amounts in Wh)
// ---------------------------------------------------------------------------------------------------------------

const wh = (s: string | undefined) => (s === undefined ? 0n : Kwh.parse(s).wh);
const sumWh = (xs: Iterable<string>) => {
  let t = 0n;
  for (const x of xs) t += wh(x);
  return t;
};
const KWH_STRING = /^\d+\.\d{3}$/;

function addTo(m: Map<string, bigint>, k: string, v: bigint) {
  m.set(k, (m.get(k) ?? 0n) + v);
}

/** Q2 reference: largest remainder at 1 Wh, ties to the earlier entry (written independently of the domain's). */
function referenceSplit(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const parts = weights.map((w) => (total * w) / sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = (total * weights[a]) % sum;
      const rb = (total * weights[b]) % sum;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  for (const i of order) {
    if (left === 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}

/** A plain assertion for hot loops (jest's expect is slow over tens of thousands of lines). */
function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function poolOf(s: UcState): bigint {
  return s.credits.reduce((a, c) => a + c.kwh.wh, 0n) + s.received.reduce((a, r) => a + r.kwh.wh, 0n);
}

function assertNoNegativeBalance(sim: PortfolioSimulator) {
  for (const id of sim.ucIds()) {
    const s = sim.state(id);
    for (const c of s.credits) if (c.kwh.wh <= 0n) throw new Error(`UC ${id}: credit lot of ${c.kwh.wh} Wh`);
    for (const r of s.received) if (r.kwh.wh <= 0n) throw new Error(`UC ${id}: received lot of ${r.kwh.wh} Wh`);
  }
}

/** Runs per property (scaled by CONSERVATION_RUNS_SCALE, e.g. 10 for a long soak); the file stays under ~15 s. */
const SCALE = Number(process.env.CONSERVATION_RUNS_SCALE ?? 1);
const params = <Ts extends unknown[] = [Scenario]>(seedOffset: number, numRuns: number): fc.Parameters<Ts> => ({
  numRuns: Math.max(1, Math.round(numRuns * SCALE)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) + seedOffset } : {}),
});

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe('conservation of energy across a random portfolio (Q2, Q3)', () => {
  it('Q3 for every UC and cycle, per posto: consumed = compensated + billed, the lines add up to compensated, nothing negative', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const { sim } = runScenario(sc, { afterMonth: assertNoNegativeBalance });
        for (const { ucId, event } of sim.log) {
          if (event.type !== 'CycleCompensated') continue;
          const d = event.data;
          const postos = sim.state(ucId).postos;
          let compensatedTotal = 0n;
          for (const p of postos) {
            for (const v of [d.consumed[p], d.compensated[p], d.billed[p], d.injected[p]])
              check(KWH_STRING.test(v ?? ''), `${ucId} ${d.cycle} ${p}: "${v}" is not a kWh`);
            check(
              wh(d.consumed[p]) === wh(d.compensated[p]) + wh(d.billed[p]),
              `${ucId} ${d.cycle} ${p}: consumed ${d.consumed[p]} ≠ compensated ${d.compensated[p]} + billed ${d.billed[p]}`,
            );
            const byLines = sumWh(d.lines.filter((l) => l.posto === p).map((l) => l.kwh));
            check(
              byLines === wh(d.compensated[p]),
              `${ucId} ${d.cycle} ${p}: lines ${byLines} ≠ compensated ${d.compensated[p]}`,
            );
            compensatedTotal += wh(d.compensated[p]);
          }
          check(wh(d.compensatedKwh) === compensatedTotal, `${ucId} ${d.cycle}: compensatedKwh`);
          for (const l of d.lines) {
            check(KWH_STRING.test(l.kwh) && KWH_STRING.test(l.sourceKwh), `${ucId} ${d.cycle}: line amounts`);
            check(wh(l.kwh) > 0n, `${ucId} ${d.cycle}: an empty line`);
          }
          // R10 / P10: under the kWh floor, compensation stops where billing reaches the minimum (it may stop
          // earlier when the sources run out), so at least the minimum is billed (all consumption, when below it).
          if (d.minimumApplied) {
            const billed = sumWh(Object.values(d.billed) as string[]);
            const consumed = sumWh(Object.values(d.consumed) as string[]);
            const min = wh(d.minimumKwh!);
            expect(billed).toBeGreaterThanOrEqual(consumed < min ? consumed : min);
          }
        }
      }),
      params(0, 90),
    );
  });

  it('Q3 for the whole system: every Wh injected is used at its UC, or is excedente that ends up compensated, held as credit or expired', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const { sim, pf } = runScenario(sc);
        const receivedLot = new Map<string, bigint>(); // lot id → Wh, per UC
        const allocatedTo = new Map<string, bigint>(); // `${uc}|${sourceEventId}|posto|class` → Wh
        const deliveredTo = new Map<string, bigint>();
        const inflow = new Map<string, bigint>(); // per UC: what entered its pool (credits + received not yet used)
        const outflow = new Map<string, bigint>();
        let injected = 0n;
        let ownUsed = 0n;
        let excedente = 0n;
        let allocated = 0n;
        let retained = 0n;
        let receivedUsed = 0n;
        let creditsUsed = 0n;
        let expired = 0n;
        let heldForTitular = 0n;
        const excedenteOfReading = new Map<string, bigint>();

        for (const { ucId, event } of sim.log) {
          switch (event.type) {
            case 'CycleCompensated': {
              const d = event.data;
              const inj = sumWh(Object.values(d.injected) as string[]);
              check(sumWh(d.injectedByClass.map((p) => p.kwh)) === inj, `R16 split at ${ucId}`); // R16: the tranches split the injection exactly
              const own = sumWh(d.lines.filter((l) => l.source === 'own').map((l) => l.sourceKwh));
              const exc = wh(d.excedenteKwh);
              // R3 (net): injected = own use (R1, R2, in source kWh) + excedente.
              check(own + exc === inj, `ledger #1: ${ucId}`);
              // Per posto and class: the injection by class = its own use + its excedente part (checked with the allocation).
              const usedFromReceived = sumWh(d.lines.filter((l) => l.source === 'received').map((l) => l.sourceKwh));
              const usedFromCredits = sumWh(d.lines.filter((l) => l.source === 'credit').map((l) => l.sourceKwh));
              check(sumWh(d.receivedUsed.map((r) => r.kwh)) === usedFromReceived, `ledger #2: ${ucId}`);
              check(sumWh(d.creditsUsed.map((c) => c.kwh)) === usedFromCredits, `ledger #3: ${ucId}`);
              // R8: every usable received lot is settled here: used, or turned into credit (vintage = this reading).
              let settled = 0n;
              for (const r of d.receivedUsed) {
                const lot = receivedLot.get(`${ucId}|${r.lotId}`);
                check(lot !== undefined, `unknown received lot ${r.lotId} at ${ucId}`);
                check(wh(r.kwh) <= lot!, `received lot over-used at ${ucId}`);
                settled += lot!;
                receivedLot.delete(`${ucId}|${r.lotId}`);
              }
              const toCredit = sumWh(d.receivedToCredit.map((c) => c.kwh));
              check(usedFromReceived + toCredit === settled, `ledger #4: ${ucId}`);
              for (const c of d.receivedToCredit)
                check(c.vintage === d.readingDate, `received → credit vintage at ${ucId}`);
              injected += inj;
              ownUsed += own;
              excedente += exc;
              receivedUsed += usedFromReceived;
              creditsUsed += usedFromCredits;
              addTo(outflow, ucId, usedFromReceived + usedFromCredits);
              excedenteOfReading.set(`${ucId}|${d.cycle}`, exc);
              break;
            }
            case 'ExcedenteAllocated': {
              const d = event.data;
              check(wh(d.excedenteKwh) === excedenteOfReading.get(`${ucId}|${d.cycle}`), `ledger #5: ${ucId}`);
              const a = sumWh(d.allocations.map((x) => x.kwh));
              const r = sumWh(d.retained.map((x) => x.kwh));
              check(a + r === wh(d.excedenteKwh), `ledger #6: ${ucId}`);
              allocated += a;
              retained += r;
              addTo(inflow, ucId, r);
              for (const x of d.allocations) {
                check(x.ucId !== ucId, `an allocation to the generator itself at ${ucId}`);
                addTo(allocatedTo, `${x.ucId}|${ucId}:${d.cycle}|${x.posto}|${x.gdClass}`, wh(x.kwh));
              }
              break;
            }
            case 'ExcedenteReceived': {
              const d = event.data;
              d.parts.forEach((p, i) => {
                receivedLot.set(`${ucId}|${d.sourceEventId}:${i}`, wh(p.kwh));
                addTo(deliveredTo, `${ucId}|${d.sourceEventId}|${p.posto}|${p.gdClass}`, wh(p.kwh));
                addTo(inflow, ucId, wh(p.kwh));
              });
              break;
            }
            case 'CreditsExpired': {
              const t = wh(event.data.totalKwh);
              check(sumWh(event.data.lots.map((l) => l.kwh)) === t, `ledger #7: ${ucId}`);
              expired += t;
              addTo(outflow, ucId, t);
              break;
            }
            case 'ContractClosed': {
              const t = sumWh(event.data.creditsLeaving.map((l) => l.kwh));
              heldForTitular += t; // R19: held for the titular
              addTo(outflow, ucId, t);
              break;
            }
            case 'TitularidadeTransferred':
            case 'CreditsReallocated':
            case 'HeldCreditsReceived':
              throw new Error(`unexpected ${event.type} in this scenario`);
            default:
              break;
          }
        }
        // The process manager delivered every allocation, exactly.
        expect(deliveredTo).toEqual(allocatedTo);
        // Per UC: what entered its pool = what left it + what it holds now (credits and received not yet used).
        let held = 0n;
        for (const id of pf.ids) {
          const pool = poolOf(sim.state(id));
          expect((inflow.get(id) ?? 0n) - (outflow.get(id) ?? 0n)).toBe(pool);
          held += pool;
        }
        // The whole system, in source kWh.
        expect(excedente).toBe(allocated + retained);
        expect(injected).toBe(ownUsed + receivedUsed + creditsUsed + expired + heldForTitular + held);
      }),
      params(1, 120),
    );
  });

  it('Q2 every split adds up exactly: allocations + retained = excedente per posto and class; R5 by largest remainder; R6 by demand', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const { sim } = runScenario(sc);
        // P6a as recorded by the log: every reading's date and total consumption, in processing order.
        const readings = new Map<string, { date: string; wh: bigint }[]>();
        for (const { ucId, event } of sim.log) {
          if (event.type === 'ReadingRecorded') {
            const list = readings.get(ucId) ?? [];
            list.push({
              date: event.data.readingDate,
              wh: sumWh(Object.values(event.data.postos).map((p) => p!.consumed)),
            });
            readings.set(ucId, list);
          }
          if (event.type === 'CycleCompensated') {
            // R2 records both sides of a conversion, consistent with the TE to 1 Wh of either posto.
            const d = event.data;
            const unicoOnly = sim.state(ucId).postos.length === 1 && sim.state(ucId).postos[0] === 'unico';
            for (const l of d.lines) {
              const eff: Posto = unicoOnly ? 'unico' : l.sourcePosto === 'unico' ? 'fora_ponta' : l.sourcePosto;
              if (eff === l.posto) {
                check(l.kwh === l.sourceKwh, `${ucId} ${d.cycle}: same-posto line with two amounts`);
                continue;
              }
              const teSrc = parseTe(d.te![eff]!);
              const teDst = parseTe(d.te![l.posto]!);
              // One side is the other converted (kWh_q = kWh_p × TE_p / TE_q) and rounded half-even to 1 Wh: the
              // values differ by at most 1 Wh of the posto that was rounded (the engine rounds the source side
              // when it covers the whole need, the destination side when the source runs out).
              const diff = wh(l.kwh) * teDst - wh(l.sourceKwh) * teSrc;
              const bound = teSrc > teDst ? teSrc : teDst;
              check(
                diff <= bound && -diff <= bound,
                `${ucId} ${d.cycle}: R2 ${l.sourceKwh} ${l.sourcePosto} → ${l.kwh} ${l.posto}`,
              );
              check(wh(l.sourceKwh) > 0n, `${ucId} ${d.cycle}: R2 from nothing`);
            }
          }
          if (event.type !== 'ExcedenteAllocated') continue;
          const d = event.data;
          const key = (p: { posto: string; gdClass: string }) => `${p.posto}|${p.gdClass}`;
          const excedente = new Map<string, bigint>();
          for (const p of d.excedente) addTo(excedente, key(p), wh(p.kwh));
          const split = new Map<string, bigint>();
          for (const a of d.allocations) {
            check(wh(a.kwh) > 0n, `${ucId}: an empty allocation`);
            addTo(split, key(a), wh(a.kwh));
          }
          for (const r of d.retained) addTo(split, key(r), wh(r.kwh));
          for (const [k, v] of split) if (v === 0n) split.delete(k);
          for (const [k, v] of excedente) if (v === 0n) excedente.delete(k);
          expect(split).toEqual(excedente);

          const allocatedTo = (uc: string, k?: string) =>
            d.allocations
              .filter((a) => a.ucId === uc && (k === undefined || key(a) === k))
              .reduce((t, a) => t + wh(a.kwh), 0n);
          const keep = (uc: string) => uc === d.ucId || d.inputs.ineligible[uc] !== undefined;
          if (!d.rateio) {
            expect(d.allocations).toEqual([]);
          } else if (d.rateio.mode === 'percentage') {
            const weights = d.rateio.shares.map((s) => Percent.parse(s.percent).units);
            expect(weights.reduce((a, b) => a + b, 0n)).toBe(Percent.HUNDRED_UNITS);
            for (const [k, total] of excedente) {
              const parts = referenceSplit(total, weights);
              d.rateio.shares.forEach((s, i) =>
                expect(keep(s.ucId) ? 0n : allocatedTo(s.ucId, k)).toBe(keep(s.ucId) ? 0n : parts[i]),
              );
              const kept = d.rateio.shares.reduce((t, s, i) => (keep(s.ucId) ? t + parts[i] : t), 0n);
              expect(d.retained.filter((r) => key(r) === k).reduce((t, r) => t + wh(r.kwh), 0n)).toBe(kept);
            }
          } else {
            // R6 / P6a: the recorded demand is the latest reading dated on or before this one (the generator: this one).
            const order = d.rateio.order;
            for (const uc of order) {
              const own = uc === d.ucId;
              const list = readings.get(uc) ?? [];
              const latest = own ? list[list.length - 1] : [...list].reverse().find((r) => r.date <= d.readingDate);
              expect(wh(d.inputs.demands![uc])).toBe(latest?.wh ?? 0n);
            }
            const demand = (uc: string) => wh(d.inputs.demands![uc]);
            let left = wh(d.excedenteKwh);
            const amounts = new Map<string, bigint>();
            for (const uc of order) {
              const take = demand(uc) < left ? demand(uc) : left;
              addTo(amounts, uc, take);
              left -= take;
            }
            if (left > 0n) {
              // P6b: leftoverUc, else the largest demand, ties to the first in order.
              let target = d.rateio.leftoverUcId;
              if (!target) {
                target = order[0];
                for (const uc of order) if (demand(uc) > demand(target)) target = uc;
              }
              addTo(amounts, target, left);
            }
            let kept = 0n;
            for (const [uc, amount] of amounts) {
              if (keep(uc)) kept += amount;
              else expect(allocatedTo(uc)).toBe(amount);
            }
            expect(sumWh(d.retained.map((r) => r.kwh))).toBe(kept);
          }
        }
      }),
      params(2, 120),
    );
  });

  it('determinism: folding the same events twice gives equal states, equal to the live state; deciding the same command on the same state twice gives equal events', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        let decisions = 0;
        const { sim } = runScenario(sc, {
          beforeCommand: (s, ucId, command) => {
            if (command.type !== 'RecordReading' && command.type !== 'ChangeRateio') return;
            const full = s.prepare(ucId, command);
            const state = s.state(ucId);
            const attempt = () => {
              try {
                return decideUc(full, state);
              } catch (e) {
                return e;
              }
            };
            expect(attempt()).toEqual(attempt());
            decisions++;
          },
        });
        for (const id of sim.ucIds()) {
          const events = sim.events(id);
          const a = fold(ucDecider, events);
          const b = fold(ucDecider, JSON.parse(JSON.stringify(events)) as UcEvent[]); // as read back from a store
          expect(a).toEqual(b);
          expect(a).toEqual(sim.state(id));
        }
        // Running the same scenario again appends exactly the same events.
        expect(runScenario(sc).sim.log).toEqual(sim.log);
        return decisions >= 0;
      }),
      params(3, 40),
    );
  });

  it("determinism: when the process manager delivers (right away, or just before the beneficiary's next command) changes no outcome (R12: business dates decide)", () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const outcomes = (delivery: 'immediate' | 'on-next-command') => {
          const { sim } = runScenario(sc, { delivery });
          return sim.log
            .filter((r) => r.event.type !== 'ExcedenteReceived')
            .map((r) => ({ ucId: r.ucId, event: r.event }))
            .sort((x, y) => (x.ucId < y.ucId ? -1 : x.ucId > y.ucId ? 1 : 0)); // per stream, in stream order (stable)
        };
        expect(outcomes('on-next-command')).toEqual(outcomes('immediate'));
      }),
      params(4, 60),
    );
  });
});

describe('R10 `cap` over a random portfolio', () => {
  /** T per posto and f of GD II / GD III in R$ 0.0001 units; f may exceed T (such a source is limited by C only). */
  const pricingArb = fc.record({
    t: fc.integer({ min: 1000, max: 20000 }),
    tp: fc.integer({ min: 1000, max: 30000 }),
    f2: fc.integer({ min: 0, max: 25000 }),
    f3: fc.integer({ min: 0, max: 25000 }),
  });
  const money = (units: number) => new Money(units).div(10_000);
  const pricingOf = (pr: { t: number; tp: number; f2: number; f3: number }): CyclePricing => {
    const f = { GD_I: money(0), GD_II: money(pr.f2), GD_III: money(pr.f3) };
    return {
      T: { unico: money(pr.t), fora_ponta: money(pr.t), ponta: money(pr.tp) },
      f: { unico: f, fora_ponta: f, ponta: f },
    };
  };
  const kwh = (s: string) => new Money(s);

  it('R10 in `cap` mode the energy parcel (C − E)×T + Σ E_i f_i is never below CD by more than one Wh at T, and E never exceeds C', () => {
    fc.assert(
      fc.property(scenarioArb, pricingArb, (sc, pr) => {
        const { sim } = runScenario(sc, { p10: 'cap', pricing: () => pricingOf(pr) });
        let checked = 0;
        for (const { event } of sim.log) {
          if (event.type !== 'CycleCompensated') continue;
          const d = event.data;
          const consumed = sumWh(Object.values(d.consumed) as string[]);
          check(wh(d.compensatedKwh) <= consumed, `${d.ucId} ${d.cycle}: E ${d.compensatedKwh} > C`);
          // Grupo B `unico` only (Grupo A has no minimum, R11); a short cycle has none either.
          if (d.minimumKwh === null || d.shortCycle) continue;
          expect(d.p10).toBe('cap');
          const T = kwh(d.pricing!.T.unico!);
          const C = kwh(Kwh.ofWh(consumed).toString());
          const E = kwh(d.compensatedKwh);
          const charges = d.lines.reduce(
            (a, l) => a.plus(kwh(l.kwh).times(kwh(d.pricing!.f.unico![l.gdClass]))),
            new Money(0),
          );
          const parcel = C.minus(E).times(T).plus(charges);
          const cd = kwh(d.minimumKwh).times(T);
          const floor = Money.min(cd, C.times(T)).minus(T.times('0.001'));
          check(
            parcel.gte(floor),
            `${d.ucId} ${d.cycle}: parcel ${parcel.toString()} < CD ${cd.toString()} − 1 Wh at T`,
          );
          checked++;
        }
        return checked >= 0;
      }),
      params(7, 60),
    );
  });
});

describe('conservation: counterexamples found', () => {
  // Found by these properties against commit c2eded2: closing (or transferring) a UC merges its pending received
  // excedente into its credits by lot key (vintage|posto|class|source) before expiring them and emits the merged lot
  // in CreditsExpired; evolve then subtracted the merged amount from the credit lot alone, which went negative
  // (RangeError: negative energy: -300000 Wh), so the decided events could not be folded. It needs a beneficiary's
  // credit and a not-yet-used received lot of the same source and date (both UCs read on the same day, the
  // beneficiary's reading processed first, R12), then no reading until the credit has expired, then a closure with
  // no daily sweep in between. Fixed in evolve (expireLots, commit 6ef79a7); kept as a regression test.
  // Q3 expects all 700 kWh expired (the received 300 leaves with vintage = its allocating reading, 2024-03-10, so it
  // has expired too) and nothing held for the titular.
  it('Q3 closing a UC whose expired credit and pending received excedente share vintage, posto, class and source', () => {
    const sim = new PortfolioSimulator();
    const uc = (ucId: string): SimCommand => ({
      type: 'RegisterUc',
      data: {
        ucId,
        distribuidora: 'copel',
        titular: { document: CPF_ANA, name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2024-01-01',
      },
    });
    const read = (cycle: string, date: string, consumed: string, injected: string): SimCommand => ({
      type: 'RecordReading',
      data: { cycle, readingDate: date, postos: { unico: { consumed, injected } } },
    });
    sim.execute('1', uc('1'));
    sim.execute('2', uc('2'));
    sim.execute('1', {
      type: 'RegisterGeneration',
      data: {
        installedKw: '20.000',
        source: 'solar',
        dispatchable: false,
        modalidade: 'autoconsumo_remoto',
        requestedAt: '2024-01-10',
        connectedAt: '2024-01-10',
      },
    });
    sim.execute('1', {
      type: 'ChangeRateio',
      data: { requestedAt: '2024-01-01', mode: 'percentage', shares: [{ ucId: '2', percent: '100' }] },
    });
    sim.execute('1', read('2024-01', '2024-01-10', '0', '0')); // the rateio is in force from 2024-02 (R7)
    sim.execute('1', read('2024-02', '2024-02-10', '0', '500')); // 500 to UC 2, allocated on 2024-02-10
    sim.execute('2', read('2024-03', '2024-03-10', '100', '0')); // uses 100; 400 → credit, vintage 2024-03-10, source 1
    sim.execute('1', read('2024-03', '2024-03-10', '0', '300')); // same day, processed after: 300 pending at UC 2
    // The credit expires on 2029-03-10; UC 2 takes no reading until it closes the day after.
    const events = sim.execute('2', { type: 'CloseContract', data: { date: '2029-03-11' } });
    const expiredEvent = events.find((e) => e.type === 'CreditsExpired');
    const closed = events.find((e) => e.type === 'ContractClosed');
    expect(expiredEvent?.type === 'CreditsExpired' && expiredEvent.data.totalKwh).toBe('700.000');
    expect(closed?.type === 'ContractClosed' && closed.data.creditsLeaving).toEqual([]);
    expect(poolOf(sim.state('2'))).toBe(0n);
  });
});
