import {
  openReadModels,
  parsePartition,
  ProjectionRunner,
  projectionsFor,
  READ_MODEL_NAMES,
  type RebuildProgress,
} from '@compensa/projections';
import { SingleBar } from 'cli-progress';
import { join } from 'node:path';
import { openCliEventStore } from '../open-cli-event-store';
import { runPartitionProcesses } from './partition-processes';

/** Counts as a pt-BR reader reads them (1.000.000); seconds with a decimal comma. */
const count = (x: number) => x.toLocaleString('pt-BR');
const secs = (seconds: number) => seconds.toFixed(1).replace('.', ',');

/** Options of `compensa projections rebuild`. */
export interface RebuildOptions {
  dataDir: string;
  readModelUrl?: string;
  /** `i/N`: rebuild only partition i of N (joins or makes the plan; resumes from its checkpoint). */
  partition?: string;
  /** N: plan a rebuild in N partitions and run them as N processes of this command (`--partition i/N`). */
  partitions?: string;
}

/**
 * `compensa projections rebuild [name…]`: drops the named read models (default: all), replays the whole log into
 * them and moves their checkpoints, with a progress bar (events/s, ETA) on stderr. Run it with the API stopped: a
 * running API keeps projecting from its own checkpoints.
 *
 * In partitions (issue 16): `--partitions N` plans the rebuild, runs `--partition i/N` as N child processes at once
 * and reports the whole; `--partition i/N` runs one partition (on any machine that reaches the store and the read
 * models; a partition that died is run again and resumes), and the last partition to end finishes the rebuild.
 */
export async function rebuildCommand(names: string[], options: RebuildOptions): Promise<void> {
  const unknown = names.filter((n) => !(READ_MODEL_NAMES as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(
      `modelo de leitura desconhecido: ${unknown.join(', ')}; use um destes: ${READ_MODEL_NAMES.join(', ')}`,
    );
  const store = await openCliEventStore(options.dataDir);
  const url = options.readModelUrl ?? process.env.READ_MODEL_URL ?? `sqlite:${join(options.dataDir, 'read-models.db')}`;
  const readModels = await openReadModels(url);
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar({
    format: 'reconstrução |{bar}| {percentage}% | {value}/{total} eventos | {eps} eventos/s | ETA {eta_formatted}',
    stream: process.stderr,
    noTTYOutput: false,
    hideCursor: true,
  });
  let lastLine = 0;
  const onProgress = (p: RebuildProgress) => {
    if (tty) {
      if (!bar.isActive) bar.start(p.total, 0, { eps: 0 });
      bar.setTotal(p.total);
      bar.update(p.done, { eps: Math.round(p.eventsPerSecond) });
    } else if (Date.now() - lastLine > 2000) {
      // Not a terminal (CI, a log file): a line every 2 s instead of a redrawn bar.
      lastLine = Date.now();
      process.stderr.write(
        `reconstrução: ${count(p.done)}/${count(p.total)} eventos, ${count(Math.round(p.eventsPerSecond))} eventos/s, ETA ${p.etaSeconds === null ? '?' : Math.ceil(p.etaSeconds)} s\n`,
      );
    }
  };
  try {
    const runner = new ProjectionRunner({ store, readModels });
    const asked = names.length ? names : undefined;
    if (options.partitions !== undefined) {
      const partitions = Number(options.partitions);
      if (!Number.isInteger(partitions) || partitions < 1)
        throw new Error('--partitions: informe um número inteiro ≥ 1');
      if (options.partition !== undefined) throw new Error('informe --partitions N ou --partition i/N, não as duas');
      const [plan] = await runner.preparePartitions(asked, partitions);
      const started = performance.now();
      await runPartitionProcesses(names, partitions, options);
      // The last partition finished it; if two ended at once and each saw the other unfinished, this does.
      await runner.finishPartitions(asked);
      if ((await readModels.db.selectFrom('projection_rebuild_plan').selectAll().execute()).length > 0)
        throw new Error('as partições terminaram sem concluir a reconstrução');
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `reconstrução de ${rebuiltNames(
          names,
          projectionsFor(asked).map((p) => p.name),
        )} em ${readModels.dialect}, em ${partitions} partições (processos): ${count(plan.target)} eventos em ${secs(seconds)} s (${count(Math.round(plan.target / seconds))} eventos/s)\n`,
      );
      return;
    }
    if (options.partition !== undefined) {
      const partition = parsePartition(options.partition);
      const result = await runner.rebuildPartition(asked, partition, onProgress);
      if (bar.isActive) bar.stop();
      const label = `${partition.index}/${partition.count}`;
      process.stderr.write(
        `partição ${label} de ${rebuiltNames(names, result.projections)} em ${readModels.dialect}: ${count(result.events)} eventos${result.resumedAfter === null ? '' : ` (retomada após a posição ${result.resumedAfter})`} em ${secs(result.seconds)} s (${count(Math.round(result.eventsPerSecond))} eventos/s); ${result.finished ? 'todas as partições concluídas: reconstrução terminada' : 'aguardando as outras partições (a última conclui a reconstrução)'}\n`,
      );
      return;
    }
    const result = await runner.rebuild(asked, onProgress);
    if (bar.isActive) bar.stop();
    process.stderr.write(
      `reconstrução de ${rebuiltNames(names, result.projections)} em ${readModels.dialect}: ${count(result.events)} eventos em ${secs(result.seconds)} s (${count(Math.round(result.eventsPerSecond))} eventos/s)\n`,
    );
  } finally {
    if (bar.isActive) bar.stop();
    await readModels.close();
    await store.close();
  }
}

/**
 * What a rebuild rebuilt, by the names the user gave: "expiring_credits (com uc_balance, portfolio: tabelas da mesma
 * projeção)". A read model may be answered by another's projection; naming only that one puzzled.
 */
function rebuiltNames(asked: readonly string[], projections: readonly string[]): string {
  const all = READ_MODEL_NAMES.filter((n) => projections.includes(projectionsFor([n])[0].name));
  if (asked.length === 0) return `todos os modelos de leitura (${all.join(', ')})`;
  const also = all.filter((n) => !asked.includes(n));
  return `${asked.join(', ')}${also.length ? ` (com ${also.join(', ')}: tabelas da mesma projeção)` : ''}`;
}
