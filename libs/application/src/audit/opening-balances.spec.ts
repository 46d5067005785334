import type { RecordedEvent } from '@compensa/event-store';
import { openingBalancesOf } from './opening-balances';
import { openingBalancesCsv, openingBalancesHtml } from './opening-balances-render';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
let position = 0;
const event = (stream: string, type: string, data: unknown): RecordedEvent =>
  ({ stream, type, data, id: `e${++position}`, position, revision: 0, metadata: {} }) as unknown as RecordedEvent;
const lot = (kwh: string) => ({ vintage: '2024-01-01', posto: 'unico', gdClass: 'GD_I', kwh, sourceUcId: '1' });

describe('the audit: opening balances as recorded inputs, apart, with their totals', () => {
  const events = [
    event('uc-copel-1', 'OpeningBalanceImported', {
      date: '2026-06-01',
      source: { file: 'saldos.csv', line: 2, sha256: SHA_A },
      credits: [lot('100.5'), lot('20')],
      received: [{ ...lot('5'), allocatedOn: '2026-05-19' }],
    }),
    event('uc-copel-2', 'OpeningBalanceImported', {
      date: '2026-06-01',
      source: { file: 'saldos.csv', line: 4, sha256: SHA_A },
      credits: [lot('1')],
      received: [],
    }),
    event('titular-copel-52998224725', 'OpeningHeldCreditsImported', {
      date: '2026-06-01',
      source: { file: 'saldos.csv', line: 5, sha256: SHA_A },
      lots: [lot('30.25')],
    }),
    event('uc-copel-3', 'OpeningBalanceImported', {
      date: '2026-06-15',
      source: { file: 'saldos-2.csv', line: 2, sha256: SHA_B },
      credits: [lot('7')],
      received: [],
    }),
    event('uc-copel-1', 'ReadingRecorded', { cycle: '2026-07' }),
  ];

  it('adds them up per file (name, SHA-256, UCs, titulares, credits, received, held) and in total, to the Wh', () => {
    expect(openingBalancesOf(events)).toEqual({
      events: 4,
      files: [
        {
          file: 'saldos.csv',
          sha256: SHA_A,
          dates: ['2026-06-01'],
          ucs: 2,
          titulares: 1,
          creditsKwh: '121.500',
          receivedKwh: '5.000',
          heldKwh: '30.250',
          totalKwh: '156.750',
        },
        {
          file: 'saldos-2.csv',
          sha256: SHA_B,
          dates: ['2026-06-15'],
          ucs: 1,
          titulares: 0,
          creditsKwh: '7.000',
          receivedKwh: '0.000',
          heldKwh: '0.000',
          totalKwh: '7.000',
        },
      ],
      creditsKwh: '128.500',
      receivedKwh: '5.000',
      heldKwh: '30.250',
      totalKwh: '163.750',
    });
  });

  it('renders them in pt-BR (HTML) and as a CSV section; nothing when nothing was imported', () => {
    const o = openingBalancesOf(events);
    const html = openingBalancesHtml(o);
    expect(html).toContain('Saldos iniciais importados (entradas registradas)');
    expect(html).toContain('01/06/2026');
    expect(html).toContain('156,75&nbsp;kWh');
    expect(openingBalancesCsv(o)).toEqual([
      '',
      'section,file,sha256,dates,ucs,titulares,creditsKwh,receivedKwh,heldKwh,totalKwh',
      `opening-balances,saldos.csv,${SHA_A},2026-06-01,2,1,121.500,5.000,30.250,156.750`,
      `opening-balances,saldos-2.csv,${SHA_B},2026-06-15,1,0,7.000,0.000,0.000,7.000`,
    ]);
    const none = openingBalancesOf([]);
    expect([openingBalancesHtml(none), openingBalancesCsv(none)]).toEqual(['', []]);
  });
});
