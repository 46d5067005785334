/**
 * `npm run bench:engine`: the compensation engine over a portfolio of 10,000 UCs for 12 cycles, in memory.
 *
 * The exact path is the real domain path: the PortfolioSimulator runs RecordReading through `decideUc`, folds the
 * events with `evolveUc`, and delivers every ExcedenteAllocated to the beneficiaries as ReceiveExcedente (decide +
 * evolve again). The float sketch re-implements similar steps (R1, R2, R8 order, R10 floor, R5/R6 splits, credits)
 * with plain JS numbers and no events, as a speed reference only: it follows the rules as they were before RULES.md's
 * last decisions (a priority rateio hands out the excedente's parts in order, not in proportion to each part; ties
 * within an age by class, posto and source), so its billed kWh are NOT compared with the engine's (the difference
 * would mix those rule changes with float error). What it still shows: naive rounding of float rateio splits to whole
 * Wh creates or loses energy (exact: none).
 *
 * Portfolio: 1,000 generators × (1 + 9 beneficiaries); even generators share by percentage (4-decimal shares adding
 * up to exactly 100), odd ones by priority; every third group is Grupo A (ponta / fora_ponta, with a TE table);
 * every fifth generator is GD I (so the R10 kWh floor applies at its beneficiaries). Setup (registration, rateios
 * and a first cycle so the rateios are in force, R7) is not timed; then 12 cycles are.
 *
 * With invoices (R22–R28): the same readings again, each gathering its money as the command side does
 * (`billingOfReading`: day-weighted T and f, bandeira days, taxes, the source plants' power; UCs read on the same
 * days share their cycle's prices, as `CompensaCommands.moneyOf` does) and recording it in
 * `CycleCompensated.billing`, then every UC-cycle's own invoice computed with `invoiceOfCycle` from its own event.
 * The bench prints its UC-cycles/s, the ratio to the kWh-only run, and checks that the kWh are the same in both and
 * that as many invoices were computed as UC-cycles were timed.
 *
 * Env: BENCH_GROUPS (default 1000), BENCH_CYCLES (12), BENCH_RUNS (3: the median is reported), BENCH_SHARE_PRICES
 * (1; 0: every reading computes its cycle's money itself, as if no two UCs shared their days).
 */
import { invoiceOfCycle, Kwh, Money, type UcEvent } from '@compensa/domain';
import { portfolioMoney } from './support/portfolio-money';
import {
  buildGroups,
  readingCommand,
  readingsOf,
  setupPortfolio,
  TE,
  type Group,
  type Reading,
} from './support/synthetic-portfolio';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 1000);
const BENEFICIARIES = 9;
const CYCLES = Number(process.env.BENCH_CYCLES ?? 12);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SHARE_PRICES = process.env.BENCH_SHARE_PRICES !== '0';

// ---------------------------------------------------------------------------------------------------------------
// The portfolio and its readings (deterministic)
// ---------------------------------------------------------------------------------------------------------------

interface ExactRun {
  ms: number;
  /** CPU time of this process over the timed part (user + system), robust to other processes on the machine. */
  cpuMs: number;
  ucCycles: number;
  /** Billed Wh per UC-cycle, in processing order. */
  billedWh: number[];
}

function billedOf(events: UcEvent[]): Partial<Record<string, string>> {
  for (const e of events) if (e.type === 'CycleCompensated') return e.data.billed;
  throw new Error('no CycleCompensated');
}

function runExact(groups: Group[], schedule: Reading[][]): ExactRun {
  const sim = setupPortfolio(groups);
  for (const r of schedule[0]) sim.execute(r.ucId, readingCommand(r)); // warm-up cycle (R7: rateios in force)
  const timed = schedule.slice(1).map((rs) => rs.map((r) => [r.ucId, readingCommand(r)] as const));
  // Keep only each reading's billed record (not the events), so the bench adds no garbage of its own to the run.
  const billed: Partial<Record<string, string>>[] = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const cycle of timed) for (const [ucId, cmd] of cycle) billed.push(billedOf(sim.execute(ucId, cmd)));
  const ms = performance.now() - start;
  const cpuMs = cpuMsSince(cpu);
  const billedWh = billed.map((b) => {
    let t = 0n;
    for (const v of Object.values(b)) t += Kwh.parse(v!).wh;
    return Number(t);
  });
  return { ms, cpuMs, ucCycles: billed.length, billedWh };
}

interface InvoiceRun extends ExactRun {
  invoices: number;
  /** Sum of the invoices' totals (R$), a checksum that the invoices were really computed. */
  totalReais: string;
}

/** The exact engine with the money: each reading gathers and records it, and each UC-cycle's invoice is computed. */
function runWithInvoices(groups: Group[], schedule: Reading[][]): InvoiceRun {
  const sim = setupPortfolio(groups, false, { money: portfolioMoney((id) => sim.state(id), SHARE_PRICES) });
  for (const r of schedule[0]) sim.execute(r.ucId, readingCommand(r));
  const timed = schedule.slice(1).map((rs) => rs.map((r) => [r.ucId, readingCommand(r)] as const));
  const billed: Partial<Record<string, string>>[] = [];
  const totals: string[] = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const cycle of timed)
    for (const [ucId, cmd] of cycle) {
      for (const e of sim.execute(ucId, cmd)) {
        if (e.type !== 'CycleCompensated') continue;
        billed.push(e.data.billed);
        totals.push(invoiceOfCycle(e.data).total ?? '0');
      }
    }
  const ms = performance.now() - start;
  const cpuMs = cpuMsSince(cpu);
  const billedWh = billed.map((b) => {
    let t = 0n;
    for (const v of Object.values(b)) t += Kwh.parse(v!).wh;
    return Number(t);
  });
  const totalReais = totals.reduce((a, t) => a.plus(t), new Money(0)).toFixed(2);
  return { ms, cpuMs, ucCycles: billed.length, billedWh, invoices: totals.length, totalReais };
}

// ---------------------------------------------------------------------------------------------------------------
// Float baseline: the same steps with JS numbers (kWh as floats). Fast, and wrong.
// ---------------------------------------------------------------------------------------------------------------

type P = 'unico' | 'ponta' | 'fora_ponta';
interface FSource {
  posto: P;
  eff: P;
  cls: 'GD_I' | 'GD_II';
  avail: number;
  date: string;
  src: string;
  kind: 0 | 1 | 2;
  ref: number;
}
interface FCredit {
  vintage: string;
  posto: P;
  cls: 'GD_I' | 'GD_II';
  kwh: number;
  src: string;
}
interface FReceived {
  posto: P;
  cls: 'GD_I' | 'GD_II';
  kwh: number;
  allocatedOn: string;
  src: string;
}
interface FUc {
  id: string;
  postos: P[];
  unico: boolean;
  minimum: number | null;
  cls: 'GD_I' | 'GD_II' | null;
  group: Group | null;
  rateio: boolean;
  credits: FCredit[];
  received: FReceived[];
  history: { date: string; kwh: number }[];
}

const FTE: Record<P, number> = { unico: 1, ponta: Number(TE.ponta), fora_ponta: Number(TE.fora_ponta) };

class FloatEngine {
  readonly ucs = new Map<string, FUc>();
  /** Wh a naive invoice would create or lose by rounding each float allocation to whole Wh. */
  roundingDriftWh = 0;
  splits = 0;

  constructor(groups: Group[]) {
    for (const g of groups) {
      const postos: P[] = g.groupA ? ['ponta', 'fora_ponta'] : ['unico'];
      for (const id of [g.generator, ...g.beneficiaries]) {
        this.ucs.set(id, {
          id,
          postos,
          unico: !g.groupA,
          minimum: g.groupA ? null : 100,
          cls: id === g.generator ? (g.gdI ? 'GD_I' : 'GD_II') : null,
          group: id === g.generator ? g : null,
          rateio: false,
          credits: [],
          received: [],
          history: [],
        });
      }
    }
  }

  /** One reading; returns the billed kWh. */
  reading(r: Reading): number {
    const u = this.ucs.get(r.ucId)!;
    const date = r.readingDate;
    const eff = (p: P): P => (u.unico ? 'unico' : p === 'unico' ? 'fora_ponta' : p);
    const remaining = new Map<P, number>();
    let totalConsumed = 0;
    for (const p of u.postos) {
      const c = (r.postos[p]?.consumed ?? 0) / 1000;
      remaining.set(p, c);
      totalConsumed += c;
    }
    // R9 (none expire within the bench's 12 months, but the check is the same work).
    u.credits = u.credits.filter((c) => addYears5(c.vintage) > date);
    const own: FSource[] = [];
    if (u.cls)
      for (const p of u.postos) {
        const inj = (r.postos[p]?.injected ?? 0) / 1000;
        if (inj > 0) own.push({ posto: p, eff: eff(p), cls: u.cls, avail: inj, date, src: u.id, kind: 0, ref: 0 });
      }
    const usable = u.received.filter((x) => x.allocatedOn <= date);
    u.received = u.received.filter((x) => x.allocatedOn > date);
    usable.sort((a, b) => (a.allocatedOn < b.allocatedOn ? -1 : a.allocatedOn > b.allocatedOn ? 1 : 0));
    const received: FSource[] = usable.map((x, i) => ({
      posto: x.posto,
      eff: eff(x.posto),
      cls: x.cls,
      avail: x.kwh,
      date: x.allocatedOn,
      src: x.src,
      kind: 1,
      ref: i,
    }));
    u.credits.sort((a, b) =>
      a.vintage !== b.vintage
        ? a.vintage < b.vintage
          ? -1
          : 1
        : a.cls !== b.cls
          ? a.cls < b.cls
            ? -1
            : 1
          : a.posto !== b.posto
            ? a.posto < b.posto
              ? -1
              : 1
            : a.src < b.src
              ? -1
              : a.src > b.src
                ? 1
                : 0,
    );
    const credits: FSource[] = u.credits.map((x, i) => ({
      posto: x.posto,
      eff: eff(x.posto),
      cls: x.cls,
      avail: x.kwh,
      date: x.vintage,
      src: x.src,
      kind: 2,
      ref: i,
    }));

    let budget: number | null = null;
    const all = [...own, ...received, ...credits].filter((s) => s.avail > 0);
    if (u.minimum !== null && all.length > 0 && all.every((s) => s.cls === 'GD_I'))
      budget = Math.max(totalConsumed - u.minimum, 0);
    const cap = (x: number) => (budget === null || x < budget ? x : budget);
    const take = (s: FSource, dest: P, destKwh: number, srcKwh: number) => {
      s.avail -= srcKwh;
      remaining.set(dest, remaining.get(dest)! - destKwh);
      if (budget !== null) budget -= destKwh;
    };
    const draw = (group: FSource[]) => {
      for (const s of group) {
        if (!remaining.has(s.eff)) continue;
        const amount = cap(Math.min(s.avail, remaining.get(s.eff)!));
        if (amount > 0) take(s, s.eff, amount, amount);
      }
      if (u.unico) return;
      const dests = u.postos.filter((p) => remaining.get(p)! > 0).sort((a, b) => FTE[b] - FTE[a]);
      for (const dest of dests) {
        const sources = group.filter((s) => s.avail > 0 && s.eff !== dest).sort((a, b) => FTE[a.eff] - FTE[b.eff]);
        for (const s of sources) {
          const destNeed = cap(remaining.get(dest)!);
          if (destNeed <= 0) break;
          const srcNeed = (destNeed * FTE[dest]) / FTE[s.eff];
          if (srcNeed <= s.avail) take(s, dest, destNeed, srcNeed);
          else {
            const got = Math.min((s.avail * FTE[s.eff]) / FTE[dest], destNeed);
            if (got > 0) take(s, dest, got, s.avail);
          }
        }
      }
    };
    draw(own);
    for (const g of groupByDate(received)) draw(g);
    for (const g of groupByDate(credits)) draw(g);

    // Credits used; received left → credit (vintage = this reading).
    u.credits = u.credits.map((c, i) => ({ ...c, kwh: credits[i].avail })).filter((c) => c.kwh > 0);
    for (const s of received)
      if (s.avail > 0) addCredit(u, { vintage: date, posto: s.posto, cls: s.cls, kwh: s.avail, src: s.src });

    // R3–R6: the excedente, per posto.
    const excedente = own.filter((s) => s.avail > 0);
    if (excedente.length > 0) this.allocate(u, excedente, date, totalConsumed);
    u.history.push({ date, kwh: totalConsumed });
    if (u.group) u.rateio = true; // R7: the rateio requested before this reading is in force from the next cycle
    let billed = 0;
    for (const v of remaining.values()) billed += v;
    return billed;
  }

  private allocate(u: FUc, parts: FSource[], date: string, ownConsumed: number) {
    const g = u.group!;
    if (!u.rateio) {
      for (const p of parts) addCredit(u, { vintage: date, posto: p.posto, cls: p.cls, kwh: p.avail, src: u.id });
      return;
    }
    const ids = [g.generator, ...g.beneficiaries];
    const give = (ucId: string, p: FSource, kwh: number) => {
      if (kwh <= 0) return;
      if (ucId === u.id) addCredit(u, { vintage: date, posto: p.posto, cls: p.cls, kwh, src: u.id });
      else this.ucs.get(ucId)!.received.push({ posto: p.posto, cls: p.cls, kwh, allocatedOn: date, src: u.id });
    };
    if (g.mode === 'percentage') {
      for (const p of parts) {
        let roundedSum = 0;
        ids.forEach((id, i) => {
          const kwh = (p.avail * g.shareUnits[i]) / 1_000_000;
          roundedSum += Math.round(kwh * 1000);
          give(id, p, kwh);
        });
        this.roundingDriftWh += Math.abs(roundedSum - Math.round(p.avail * 1000));
        this.splits++;
      }
      return;
    }
    // R6 / P6a / P6b.
    const demand = (id: string) => {
      if (id === u.id) return ownConsumed;
      const h = this.ucs.get(id)!.history;
      for (let i = h.length - 1; i >= 0; i--) if (h[i].date <= date) return h[i].kwh;
      return 0;
    };
    const total = parts.reduce((a, p) => a + p.avail, 0);
    const amounts = new Map<string, number>();
    let left = total;
    for (const id of g.beneficiaries) {
      const t = Math.min(demand(id), left);
      amounts.set(id, (amounts.get(id) ?? 0) + t);
      left -= t;
    }
    if (left > 0) {
      let best = g.beneficiaries[0];
      for (const id of g.beneficiaries) if (demand(id) > demand(best)) best = id;
      amounts.set(best, amounts.get(best)! + left);
    }
    const rem = parts.map((p) => p.avail);
    for (const id of g.beneficiaries) {
      let need = amounts.get(id) ?? 0;
      for (let i = 0; i < parts.length && need > 0; i++) {
        const t = Math.min(need, rem[i]);
        if (t <= 0) continue;
        rem[i] -= t;
        need -= t;
        give(id, parts[i], t);
      }
    }
  }
}

function addCredit(u: FUc, c: FCredit) {
  const same = u.credits.find(
    (x) => x.vintage === c.vintage && x.posto === c.posto && x.cls === c.cls && x.src === c.src,
  );
  if (same) same.kwh += c.kwh;
  else u.credits.push(c);
}

function addYears5(date: string): string {
  return `${Number(date.slice(0, 4)) + 5}${date.slice(4)}`;
}

function groupByDate(items: FSource[]): FSource[][] {
  const out: FSource[][] = [];
  let last: string | undefined;
  for (const s of items) {
    if (out.length === 0 || s.date !== last) out.push([]);
    out[out.length - 1].push(s);
    last = s.date;
  }
  return out;
}

interface FloatRun {
  ms: number;
  billedKwh: number[];
  engine: FloatEngine;
}

function runFloat(groups: Group[], schedule: Reading[][]): FloatRun {
  const engine = new FloatEngine(groups);
  for (const r of schedule[0]) engine.reading(r);
  const billedKwh: number[] = [];
  const start = performance.now();
  for (const cycle of schedule.slice(1)) for (const r of cycle) billedKwh.push(engine.reading(r));
  return { ms: performance.now() - start, billedKwh, engine };
}

// ---------------------------------------------------------------------------------------------------------------

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main() {
  const groups = buildGroups(GROUPS, BENEFICIARIES);
  const schedule = Array.from({ length: CYCLES + 1 }, (_, c) => readingsOf(groups, c));
  const ucs = groups.length * (1 + BENEFICIARIES);
  console.log(
    `engine bench: ${ucs} UCs (${groups.length} generators × ${BENEFICIARIES} beneficiaries), ${CYCLES} cycles, ${RUNS} runs (median), node ${process.version}`,
  );

  // Warm-up (JIT) on a small slice, not reported.
  runExact(
    groups.slice(0, 50),
    schedule.map((rs) => rs.slice(0, 500)),
  );
  runFloat(
    groups.slice(0, 50),
    schedule.map((rs) => rs.slice(0, 500)),
  );
  runWithInvoices(
    groups.slice(0, 50),
    schedule.map((rs) => rs.slice(0, 500)),
  );

  const exactRuns: ExactRun[] = [];
  const floatRuns: FloatRun[] = [];
  const invoiceRuns: InvoiceRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    exactRuns.push(runExact(groups, schedule));
    floatRuns.push(runFloat(groups, schedule));
    invoiceRuns.push(runWithInvoices(groups, schedule));
  }
  const exact = exactRuns[0];
  const float = floatRuns[0];
  const exactRate = median(exactRuns.map((r) => (r.ucCycles * 1000) / r.ms));
  const floatRate = median(floatRuns.map((r) => (float.billedKwh.length * 1000) / r.ms));

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `exact engine (decide + evolve + delivery): ${fmt(exactRate)} UC-cycles/s  (${exact.ucCycles} UC-cycles in ${fmt(median(exactRuns.map((r) => r.ms)))} ms)  target ≥ 20,000: ${exactRate >= 20000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `float sketch (similar steps, JS numbers, older R6/R8 rules; speed reference only): ${fmt(floatRate)} UC-cycles/s  (${fmt(median(floatRuns.map((r) => r.ms)))} ms)`,
  );
  console.log(`ratio float / exact: ${(floatRate / exactRate).toFixed(1)}×`);
  const withInvoices = invoiceRuns[0];
  const invoiceRate = median(invoiceRuns.map((r) => (r.ucCycles * 1000) / r.ms));
  const sameKwh =
    withInvoices.billedWh.length === exact.billedWh.length &&
    withInvoices.billedWh.every((w, i) => w === exact.billedWh[i]);
  console.log(
    `exact engine with invoices (money gathered${SHARE_PRICES ? ', cycle prices shared by UCs read on the same days' : ', each reading pricing its own cycle'}, billing recorded, invoiceOfCycle per UC-cycle): ${fmt(invoiceRate)} UC-cycles/s  (${fmt(withInvoices.invoices)} invoices for ${fmt(withInvoices.ucCycles)} UC-cycles in ${fmt(median(invoiceRuns.map((r) => r.ms)))} ms, R$ ${withInvoices.totalReais} in total)  target ≥ 20,000: ${invoiceRate >= 20000 ? 'met' : 'NOT met'}`,
  );
  const exactCpuRate = median(exactRuns.map((r) => (r.ucCycles * 1000) / r.cpuMs));
  const invoiceCpuRate = median(invoiceRuns.map((r) => (r.ucCycles * 1000) / r.cpuMs));
  console.log(
    `per CPU-second of this process (less sensitive to other load on the machine): kWh only ${fmt(exactCpuRate)}, with invoices ${fmt(invoiceCpuRate)} UC-cycles/s, ratio ${(invoiceCpuRate / exactCpuRate).toFixed(2)}`,
  );
  console.log(
    `ratio with invoices / kWh only: ${(invoiceRate / exactRate).toFixed(2)}  (kWh identical in both runs: ${sameKwh ? 'yes' : 'NO'}; one invoice per UC-cycle: ${withInvoices.invoices === withInvoices.ucCycles ? 'yes' : 'NO'})`,
  );
  console.log(
    `float sketch: naive rounding of float rateio splits to whole Wh creates or loses ${fmt(float.engine.roundingDriftWh)} Wh over ${fmt(float.engine.splits)} splits (exact: 0); its billed kWh are not compared (older rules, see the header)`,
  );
}

main();
