/**
 * `compensa projections rebuild --partitions N` and `--partition i/N` from the command line (the real entry point,
 * run from the sources; the partitions are child processes), on SQLite and PostgreSQL read models: the read models
 * equal those of the unpartitioned rebuild, row by row.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@compensa/event-store';
import { ALL_PROJECTIONS, openReadModels, ProjectionRunner, type ReadModelStore } from '@compensa/projections';
import { runSimulation } from '../../libs/application/src/simulation/run-simulation';

const ROOT = join(__dirname, '..', '..');
const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    [
      '--require',
      join(ROOT, 'test/support/swc-register.js'),
      join(ROOT, 'apps/cli/src/main.ts'),
      'projections',
      'rebuild',
      ...args,
    ],
    { encoding: 'utf8', cwd: ROOT },
  );
}

async function dump(url: string, schema?: string): Promise<Record<string, string[]>> {
  const rm = await openReadModels(url, schema ? { schema } : {});
  try {
    const out: Record<string, string[]> = {};
    for (const table of ALL_PROJECTIONS.flatMap((p) => p.tables)) {
      const rows = await rm.db.selectFrom(table).selectAll().execute();
      out[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    await rm.close();
  }
}

describe('compensa projections rebuild in partitions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-rebuild-partitions-'));
  const schema = `rebuild_cli_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let expected: Record<string, string[]>;

  beforeAll(async () => {
    const lines = ['06-troca-de-titularidade', '07-cooperativa-50-membros'].flatMap((name) =>
      readFileSync(join(ROOT, 'examples', `${name}.jsonl`), 'utf8').split('\n'),
    );
    await runSimulation(lines, { dataDir: dir });
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const rm: ReadModelStore = await openReadModels(`sqlite:${join(dir, 'whole.db')}`);
    try {
      await new ProjectionRunner({ store, readModels: rm }).rebuild();
    } finally {
      await rm.close();
      await store.close();
    }
    expected = await dump(`sqlite:${join(dir, 'whole.db')}`);
  }, 60_000);

  afterAll(async () => {
    await (await openReadModels(PG_URL, { schema })).close({ dropSchema: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('ISSUE16: --partitions 2 on SQLite runs two processes and gives the unpartitioned read models', async () => {
    const run = cli('--partitions', '2', '--data-dir', dir);
    expect(run.stderr).toContain('em 2 partições (processos)');
    expect(run.stderr).toContain('[0/2] partição 0/2');
    expect(run.status).toBe(0);
    expect(await dump(`sqlite:${join(dir, 'read-models.db')}`)).toEqual(expected);
  }, 60_000);

  it('ISSUE16: --partition i/N run one at a time on PostgreSQL: the last one finishes the rebuild', async () => {
    const url = ['--read-model-url', `${PG_URL}?schema=${schema}`, '--data-dir', dir];
    const second = cli('--partition', '1/2', ...url);
    expect(second.stderr).toContain('aguardando as outras partições');
    expect(second.status).toBe(0);
    const first = cli('--partition', '0/2', ...url);
    expect(first.stderr).toContain('todas as partições concluídas: reconstrução terminada');
    expect(first.status).toBe(0);
    expect(await dump(PG_URL, schema)).toEqual(expected);
  }, 60_000);
});
