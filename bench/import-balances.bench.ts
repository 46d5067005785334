/**
 * `npm run bench:import-balances`: opening balances of BENCH_BALANCES_UCS UCs (default 10,000) through
 * `importBalances` on the embedded store, as `compensa import balances` runs them: two credit lots a UC, and for
 * every fourth UC the credits held for its former titular (a second stream, appended with the balance in one
 * transaction). The UCs are registered first (not measured). Prints UCs/s and UCs per CPU-second. Not part of CI.
 */
import { balanceGroupsOf, importBalances, Platform, platformBalanceTarget, SystemClock } from '@compensa/application';
import { parseBusinessDate } from '@compensa/domain';
import { SqliteCheckpointStore, SqliteEventStore } from '@compensa/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const UCS = Number(process.env.BENCH_BALANCES_UCS ?? 10_000);
const DATE = parseBusinessDate('2026-06-01');
const HEADER =
  'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on';

/** A valid CPF (check digits computed) for a number: one titular per UC, as a real portfolio has. */
function cpf(n: number): string {
  const digits = String(100_000_000 + n)
    .slice(-9)
    .split('')
    .map(Number);
  const check = (ds: number[]) => {
    const r = (ds.reduce((a, x, i) => a + x * (ds.length + 1 - i), 0) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = check(digits);
  return [...digits, d1, check([...digits, d1])].join('');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'compensa-bench-balances-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db') });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const platform = new Platform({ store, checkpoints, clock: new SystemClock() });
  try {
    await platform.start({ processManagers: false });
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < UCS; i++) {
      pending.push(
        platform.commands.execute('RegisterUc', {
          ucId: String(10_000 + i),
          distribuidora: 'copel',
          titular: { document: cpf(i + 1_000), name: 'Titular' },
          group: 'B',
          connection: 'trifasico',
          postos: ['unico'],
          registeredAt: '2026-05-04',
        } as never),
      );
      if (pending.length >= 64) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const lines = [HEADER];
    for (let i = 0; i < UCS; i++) {
      const uc = String(10_000 + i);
      lines.push(`${uc};credito;2022-03-18;unico;412,5;GD I;${uc};;;;;;;`);
      lines.push(`${uc};credito;2024-11-19;unico;1.080;GD I;${uc};;;;;;;`);
      if (i % 4 === 0)
        lines.push(
          `${uc};mantido;2024-06-20;unico;210;GD I;${uc};${cpf(500_000 + i)};Antigo;copel;2026-05-25;R18;aberto;`,
        );
    }
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { summary } = await importBalances(
      balanceGroupsOf(Readable.from([`${lines.join('\n')}\n`]), 'csv', DATE),
      platformBalanceTarget(platform, store),
      { file: 'saldos.csv', sha256: 'd'.repeat(64), date: DATE },
    );
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    if (summary.accepted !== UCS) throw new Error(`expected ${UCS} UCs opened, got ${JSON.stringify(summary)}`);
    process.stdout.write(
      `${UCS} UCs opened in ${wall.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} CPU-s: ` +
        `${Math.round(UCS / wall)} UCs/s, ${Math.round(UCS / cpuSeconds)} UCs per CPU-s\n`,
    );
  } finally {
    await platform.stop();
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
