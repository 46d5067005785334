/**
 * `npm run bench:correction`: what a retificação costs in the domain, for a UC with five years of history.
 *
 * A local GD I generator with 60 monthly readings (about 180 events). A correction of cycle 30 re-decides the UC's
 * whole history twice (as it stands, and with the corrected reading) and compares them cycle by cycle. The baseline,
 * measured in the same run, is recording the same history from the start (62 commands through `decideUc` and
 * `evolveUc`): the bench prints ms per correction, ms per history, and the ratio.
 *
 * Env: BENCH_RUNS (default 30: the median is reported).
 */
import { PortfolioSimulator, type SimCommand } from '@compensa/domain/testing/portfolio-simulator';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CPF = '52998224725';

function history(): { commands: SimCommand[]; cycles: string[] } {
  const commands: SimCommand[] = [
    {
      type: 'RegisterUc',
      data: {
        ucId: '1',
        distribuidora: 'copel',
        titular: { document: CPF, name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2020-01-01',
      },
    },
    {
      type: 'RegisterGeneration',
      data: {
        installedKw: '10',
        source: 'solar',
        dispatchable: false,
        modalidade: 'local',
        requestedAt: '2019-06-01',
        connectedAt: '2019-12-01',
      },
    },
  ];
  const cycles: string[] = [];
  for (let i = 0; i < 60; i++) {
    const y = 2020 + Math.floor((i + 1) / 12);
    const m = ((i + 1) % 12) + 1;
    const cycle = `${y}-${String(m).padStart(2, '0')}`;
    cycles.push(cycle);
    const consumed = String(300 + (i % 7) * 40);
    const injected = String(250 + (i % 5) * 60);
    commands.push({
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-10`, postos: { unico: { consumed, injected } } },
    });
  }
  return { commands, cycles };
}

function recorded(commands: readonly SimCommand[]): PortfolioSimulator {
  const sim = new PortfolioSimulator();
  for (const c of commands) sim.execute('1', c);
  return sim;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

const { commands, cycles } = history();
const corrections: number[] = [];
const baselines: number[] = [];
let events = 0;
let rebilled = 0;
for (let r = 0; r < RUNS; r++) {
  let t = process.hrtime.bigint();
  const sim = recorded(commands);
  baselines.push(ms(t));
  events = sim.events('1').length;
  t = process.hrtime.bigint();
  const appended = sim.correct('1', {
    correctionId: `bench-${r}`,
    cycle: cycles[30],
    date: '2025-02-01',
    postos: { unico: { consumed: String(700 + r), injected: '100' } },
    reason: 'bench',
    reference: `BENCH-${r}`,
  });
  corrections.push(ms(t));
  rebilled = appended.filter((e) => e.type === 'CycleRecompensated').length;
}
const correction = median(corrections);
const baseline = median(baselines);
process.stdout.write(
  `UC with ${cycles.length} cycles (${events} events); correction of cycle ${cycles[30]} re-billed ${rebilled} cycles\n` +
    `  correction:                      ${correction.toFixed(2)} ms (median of ${RUNS})\n` +
    `  recording the history (baseline): ${baseline.toFixed(2)} ms\n` +
    `  ratio:                           ${(correction / baseline).toFixed(2)}×\n`,
);
