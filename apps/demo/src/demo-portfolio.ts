import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppLogger } from '@compensa/application';
import type { BusinessDate } from '@compensa/domain';
import { runSimulation, type SimulationReport } from '@compensa/application';
import { solarHistoryLines } from './solar-history';

/**
 * The demo's today: after the newest example (16's readings of 2026-07-08), and 9 days after the change of titular
 * of the open-window run below, so its 30-day window is still open (21 days left).
 */
export const DEMO_DATE = '2026-07-10' as BusinessDate;

/**
 * The scenario cut to leave a reallocation pending, how many of its lines are kept, and how many months its dates
 * move forward so that its change of titular (2025-04-01 in the example) falls 9 days before DEMO_DATE.
 */
const OPEN_WINDOW = { scenario: '06-troca-de-titularidade.jsonl', lines: 7, monthsLater: 15 };

/** What was loaded. */
export interface DemoPortfolio {
  today: BusinessDate;
  scenarios: string[];
  /** The simulation's output over the whole store. */
  report: SimulationReport;
}

/** examples/ from the repository root, found from this file (sources under jest, or dist/ once built). */
export function examplesDir(from: string = __dirname): string {
  for (let dir = from; dir !== join(dir, '..'); dir = join(dir, '..')) {
    try {
      if (readdirSync(join(dir, 'examples')).some((f) => f.endsWith('.jsonl'))) return join(dir, 'examples');
    } catch {
      // not here: go up
    }
  }
  throw new Error('examples/ not found');
}

/**
 * Loads a realistic portfolio into `dataDir` through the command side (runSimulation: the API's handlers and
 * process managers on the embedded store): every scenario of examples/ (their UC numbers differ), a five-year
 * solar history (credits about to expire), and last 06 cut after its change of titular, so that no later run
 * passes its 30-day deadline. The API then runs with its clock at DEMO_DATE.
 */
export async function loadDemoPortfolio(dataDir: string, logger?: AppLogger): Promise<DemoPortfolio> {
  const dir = examplesDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && f !== OPEN_WINDOW.scenario)
    .sort();
  const read = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n');
  const runs: [string, string[]][] = [
    ...files.map((f): [string, string[]] => [f, read(f)]),
    ['solar-history (generated)', solarHistoryLines()],
    [
      `${OPEN_WINDOW.scenario} (first ${OPEN_WINDOW.lines} lines)`,
      read(OPEN_WINDOW.scenario)
        .slice(0, OPEN_WINDOW.lines)
        .map((line) => movedLater(line, OPEN_WINDOW.monthsLater)),
    ],
  ];
  let report: SimulationReport | null = null;
  for (const [, lines] of runs) report = await runSimulation(lines, { dataDir, logger });
  return { today: DEMO_DATE, scenarios: runs.map(([name]) => name), report: report! };
}

const DATE_OR_CYCLE = /^(\d{4})-(\d{2})(-\d{2})?$/;

/**
 * A simulation line with every date and cycle of the UC's own history moved `months` later (days kept: the cut of 06
 * has none past the 28th). A distribuidora's policy line is kept as it is: it holds "from" a date, not "on" it.
 */
export function movedLater(line: string, months: number): string {
  if (line.trim() === '') return line;
  const command = JSON.parse(line) as { command?: string };
  if (command.command === 'SetDistribuidoraPolicy') return line;
  const move = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = DATE_OR_CYCLE.exec(value);
      if (!m) return value;
      const index = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}${m[3] ?? ''}`;
    }
    if (Array.isArray(value)) return value.map(move);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, move(v)]));
    return value;
  };
  return JSON.stringify(move(command));
}
