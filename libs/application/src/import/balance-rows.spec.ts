import { Readable } from 'node:stream';
import type { BusinessDate } from '@compensa/domain';
import { balanceErrorFileLine } from './balance-error-file';
import { balanceGroupsOf, gdClassOf, type BalanceGroup } from './balance-rows';
import { importBalances, type BalanceImportTarget, type BalanceOutcome } from './import-balances';

const DATE = '2026-06-01' as BusinessDate;
const HEADER =
  'uc;kind;vintage;posto;kwh;gd_class;origin_uc;titular_document;titular_name;distribuidora;left_on;rule;window;defaulted_on';

async function groups(text: string, format: 'csv' | 'jsonl' = 'csv'): Promise<BalanceGroup[]> {
  const out: BalanceGroup[] = [];
  for await (const g of balanceGroupsOf(Readable.from([text]), format, DATE)) out.push(g);
  return out;
}

describe('opening-balance files', () => {
  it('reads a `;` export (decimal comma, thousands dots, GD I as written) into one group per UC, its lines adjacent', async () => {
    const text = [
      HEADER,
      '4001;credito;2022-03-18;unico;1.412,5;GD I;4001;;;;;;;',
      '4001;recebido;2026-05-19;unico;60;gd_i;4001;;;;;;;',
      '4090;mantido;2024-06-20;unico;210;GD-II;4090;111.444.777-35;Bruno Lima;COPEL;2026-05-25;r19;aberto;',
    ].join('\r\n');
    const [a, b] = await groups(text);
    expect(a).toMatchObject({ kind: 'uc', line: 2, ucId: '4001' });
    expect(a.rows.map((r) => [r.kind, r.kwh, r.gdClass])).toEqual([
      ['credit', '1412.5', 'GD_I'],
      ['received', '60', 'GD_I'],
    ]);
    expect(b.rows[0]).toMatchObject({
      kind: 'held',
      gdClass: 'GD_II',
      held: { document: '111.444.777-35', distribuidora: 'copel', leftOn: '2026-05-25', rule: 'R19', window: 'open' },
    });
  });

  it('Q3 and R9: a UC with a negative kWh or a vintage already expired on the import date is refused whole, with its rule', async () => {
    const text = [
      HEADER,
      '4006;credito;2024-01-01;unico;10;GD I;4001',
      '4006;credito;2021-06-01;unico;30;GD I;4001',
      '4007;credito;2024-02-19;unico;-12,5;GD I;4001',
      '4008;recebido;2021-01-01;unico;5;GD I;4001',
    ].join('\n');
    const [r9, q3, received] = await groups(text);
    expect(r9).toMatchObject({ kind: 'malformed', ucId: '4006', status: 409, rule: 'R9' });
    expect(q3).toMatchObject({ kind: 'malformed', ucId: '4007', status: 422, rule: 'Q3' });
    // Received excedente is not a credit yet: no vintage to expire.
    expect(received).toMatchObject({ kind: 'uc', ucId: '4008' });
  });

  it('refuses a UC whose lines are not together, and held credits of one UC naming two titulares', async () => {
    const text = [
      HEADER,
      '4001;credito;2024-01-01;unico;10;GD I;4001',
      '4002;credito;2024-01-01;unico;10;GD I;4001',
      '4001;credito;2024-02-01;unico;10;GD I;4001',
      '4090;mantido;2024-06-20;unico;1;GD I;4090;111.444.777-35;Bruno;copel;2026-05-25;R19;aberto;',
      '4090;mantido;2024-06-20;unico;1;GD I;4090;529.982.247-25;Ana;copel;2026-05-25;R19;aberto;',
    ].join('\n');
    const out = await groups(text);
    expect(out.map((g) => [g.kind, g.ucId])).toEqual([
      ['uc', '4001'],
      ['uc', '4002'],
      ['malformed', '4001'],
      ['malformed', '4090'],
    ]);
  });

  it('reads JSON Lines with the same keys, numbers or strings; a line that is not JSON is reported', async () => {
    const text = `{"uc":"4001","kind":"credit","vintage":"2024-01-01","posto":"unico","kwh":12.5,"gd_class":"GD_I","origin_uc":"4001"}\nnot json\n`;
    const out = await groups(text, 'jsonl');
    expect(out[0]).toMatchObject({ kind: 'uc', ucId: '4001' });
    expect(out[0].rows[0]).toMatchObject({ kind: 'credit', kwh: '12.5' });
    expect(out[1]).toMatchObject({ kind: 'malformed', line: 2, status: 400 });
  });

  it('writes a negative kWh (Q3) and a vintage already expired (R9) to the error file in pt-BR', async () => {
    const text = [
      HEADER,
      '4006;credito;2021-05-20;unico;30;GD I;4001',
      '4007;credito;2024-02-19;unico;-12,5;GD I;4001',
    ].join('\n');
    // The file itself shows both wrong: nothing is sent to the platform.
    const unreached = () => Promise.reject(new Error('a UC refused by its file line reached the platform'));
    const target: BalanceImportTarget = {
      importUcOpening: unreached,
      distribuidoraOf: unreached,
      openedAt: unreached,
      heldOpenedAt: unreached,
    };
    const outcomes: BalanceOutcome[] = [];
    await importBalances(balanceGroupsOf(Readable.from([text]), 'csv', DATE), target, {
      file: 'saldos.csv',
      sha256: 'a'.repeat(64),
      date: DATE,
      onOutcome: (o) => outcomes.push(o),
    });
    expect(outcomes.sort((a, b) => a.line - b.line).map(balanceErrorFileLine)).toEqual([
      '2;"4006";saldo;409;R9;"linha 2: a safra de 20/05/2021 expirou em 20/05/2026 (60 meses), antes da importação em 01/06/2026"',
      '3;"4007";saldo;422;Q3;"linha 3: kWh negativo (-12,5); um saldo nunca é negativo"',
    ]);
  });

  it('names a missing column of the header', async () => {
    await expect(groups('uc;kind;vintage\n4001;credito;2024-01-01')).rejects.toThrow(
      /o cabeçalho do CSV não tem a\(s\) coluna\(s\) posto, kwh/,
    );
  });

  it('writes the GD class as the rules name it', () => {
    expect([gdClassOf('GD I'), gdClassOf('gd_iii'), gdClassOf('GD-II'), gdClassOf('X')]).toEqual([
      'GD_I',
      'GD_III',
      'GD_II',
      'X',
    ]);
  });
});
