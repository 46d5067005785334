import { Readable } from 'node:stream';
import { splitCsvLine } from './csv-records';
import { normaliseDecimal } from './decimal-text';
import { importFormatOf, readingGroupsOf, type ReadingGroup } from './reading-groups';

const groups = async (text: string, format: 'csv' | 'jsonl' = 'csv'): Promise<ReadingGroup[]> => {
  const out: ReadingGroup[] = [];
  for await (const g of readingGroupsOf(Readable.from([text]), format)) out.push(g);
  return out;
};

describe('reading a CSV export', () => {
  it('splits on the separator, honouring quotes', () => {
    expect(splitCsvLine('a;"b;c";"d ""e"""', ';')).toEqual(['a', 'b;c', 'd "e"']);
    expect(splitCsvLine(' 1 , 2 ,', ',')).toEqual(['1', '2', '']);
  });

  it('reads a `;` file with a decimal comma and dots grouping thousands; a `,` file with a decimal point', () => {
    expect(normaliseDecimal('1.234,5', true)).toBe('1234.5');
    expect(normaliseDecimal('1.180', true)).toBe('1180');
    expect(normaliseDecimal('1234.5', false)).toBe('1234.5');
  });

  it("folds a UC's adjacent lines (one per posto) into one RecordReading, with the first line's number", async () => {
    const csv =
      '\uFEFFUC;Cycle;Reading_Date;Posto;Consumed;Injected\r\n' +
      '3004;2026-07;2026-07-20;ponta;1.180;0\r\n' +
      '3004;2026-07;2026-07-20;fora_ponta;8.215,5;0\r\n' +
      '\r\n' +
      '3001;2026-07;2026-07-20;unico;251,5;1.012,25\r\n';
    expect(await groups(csv)).toEqual([
      {
        kind: 'reading',
        line: 2,
        rows: 2,
        body: {
          ucId: '3004',
          cycle: '2026-07',
          readingDate: '2026-07-20',
          postos: { ponta: { consumed: '1180', injected: '0' }, fora_ponta: { consumed: '8215.5', injected: '0' } },
        },
      },
      {
        kind: 'reading',
        line: 5,
        rows: 1,
        body: {
          ucId: '3001',
          cycle: '2026-07',
          readingDate: '2026-07-20',
          postos: { unico: { consumed: '251.5', injected: '1012.25' } },
        },
      },
    ]);
  });

  it('reports a repeated posto or postos with different dates as one malformed reading', async () => {
    const csv =
      'uc,cycle,reading_date,posto,consumed,injected\n1,2026-07,2026-07-20,unico,1,0\n1,2026-07,2026-07-20,unico,2,0\n';
    expect(await groups(csv)).toEqual([
      { kind: 'malformed', line: 2, rows: 2, ucId: '1', cycle: '2026-07', problem: 'linha 3: posto unico repetido' },
    ]);
  });

  it('refuses a file whose header lacks a column', async () => {
    await expect(groups('uc;cycle;posto\n1;2026-07;unico\n')).rejects.toThrow(/reading_date, consumed, injected/);
  });
});

describe('reading a JSON Lines file', () => {
  it('takes RecordReading bodies (a `command` field ignored) and reports lines that are not JSON objects', async () => {
    const body = {
      ucId: '1',
      cycle: '2026-07',
      readingDate: '2026-07-20',
      postos: { unico: { consumed: '1', injected: '0' } },
    };
    const text = `${JSON.stringify({ command: 'RecordReading', ...body })}\n\nnot json\n[]\n`;
    expect(await groups(text, 'jsonl')).toEqual([
      { kind: 'reading', line: 1, rows: 1, body },
      { kind: 'malformed', line: 3, rows: 1, ucId: '', cycle: '', problem: 'a linha não é JSON' },
      { kind: 'malformed', line: 4, rows: 1, ucId: '', cycle: '', problem: 'a linha não é um objeto JSON' },
    ]);
  });

  it('tells the format by the file name or content type', () => {
    expect(importFormatOf('leituras.jsonl')).toBe('jsonl');
    expect(importFormatOf('application/x-ndjson; charset=utf-8')).toBe('jsonl');
    expect(importFormatOf('leituras.csv')).toBe('csv');
    expect(importFormatOf('text/csv')).toBe('csv');
  });
});
