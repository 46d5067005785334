import { randomUUID } from 'node:crypto';
import { SettableClock } from '../clock';
import { refusalOf } from '../commands/refusal';
import { SqliteDirectoryStore } from '../directory/sqlite-directory-store';
import type { AppLogger } from '../logger';
import { Platform } from '../platform';
import { addDays, parseBusinessDate, type BusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';
import { join } from 'node:path';
import { buildReport, type SimulationReport } from './simulation-report';
import { commandBusinessDateOf, MalformedLine, parseSimulationLine } from './simulation-line';

/** Options of a simulation run. */
export interface SimulationOptions {
  dataDir: string;
  logger?: AppLogger;
  /** Called after each line (progress). */
  onLine?: (line: number, total: number) => void;
}

/**
 * Runs a file of commands, in order, through the same handlers and process managers as the API, on an embedded
 * store in `dataDir`, waiting after each line until the process managers have caught up. Refused lines are
 * reported with their 1-based number and the run goes on.
 */
export async function runSimulation(lines: string[], options: SimulationOptions): Promise<SimulationReport> {
  const store = new SqliteEventStore({ path: join(options.dataDir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(options.dataDir, 'checkpoints.db'));
  const directory = new SqliteDirectoryStore(join(options.dataDir, 'directory.db'));
  const clock = new SettableClock('1900-01-01' as BusinessDate);
  const platform = new Platform({ store, checkpoints, directory, clock, logger: options.logger });
  const rejected: SimulationReport['rejected'] = [];
  try {
    await platform.start();
    const numbered = lines.map((text, i) => ({ text: text.trim(), n: i + 1 })).filter((l) => l.text !== '');
    for (const { text, n } of numbered) {
      let name = 'unknown';
      try {
        const line = parseSimulationLine(text);
        if (line.kind === 'advance') {
          name = 'AdvanceClock';
          await advance(platform, clock, line.to);
          continue;
        }
        name = line.name;
        const date = commandBusinessDateOf(line.name, line.body);
        // "Time": what is due before d happens first; then the command; then what is due on d.
        if (date) await advance(platform, clock, addDays(parseBusinessDate(date), -1));
        await platform.commands.execute(line.name, line.body as never, {
          commandId: randomUUID(),
          correlationId: `simulate:${n}`,
        });
        await platform.waitForIdle();
        if (date) await advance(platform, clock, date as BusinessDate);
      } catch (err) {
        if (err instanceof MalformedLine) {
          rejected.push({ line: n, command: name, status: 400, rule: null, detail: err.message });
          continue;
        }
        const refusal = refusalOf(err);
        if (!refusal) throw err;
        rejected.push({ line: n, command: name, ...refusal });
      } finally {
        options.onLine?.(n, lines.length);
      }
    }
    await platform.waitForIdle();
    return await buildReport(store, rejected);
  } finally {
    await platform.stop();
    directory.close();
    checkpoints.close();
    await store.close();
  }
}

async function advance(platform: Platform, clock: SettableClock, to: BusinessDate): Promise<void> {
  if (clock.advanceTo(to)) await platform.runDue(to);
}
