import { fold } from '../shared/decider';
import { eventOf, given } from '../testing/decider-specification';
import { facts, factsMap, ucRegistered } from '../testing/fixtures';
import { creditFrom, excedenteReceived } from '../testing/more-fixtures';
import { ucDecider } from './uc-decider';
import type { UcEvent } from './uc-events';

describe('evolve: CreditsExpired (R9, Q3)', () => {
  // A credit of vintage 2024-03-10 from UC 1, and excedente UC 1 allocated on 2024-03-10 not used yet: as credits
  // they share vintage, posto, class and source.
  const history: UcEvent[] = [
    ucRegistered({ ucId: '2' }),
    creditFrom('2', '1', '2024-03-10', '400'),
    excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2024-03-10' }, [{ kwh: '300' }]),
  ];

  it('R9 an expired lot that merges a credit and received excedente of the same key leaves both, never a negative balance', () => {
    const expired: UcEvent = {
      type: 'CreditsExpired',
      data: {
        ucId: '2',
        date: '2029-03-11',
        lots: [
          {
            vintage: '2024-03-10',
            posto: 'unico',
            gdClass: 'GD_II',
            kwh: '700.000',
            expiresOn: '2029-03-10',
            sourceUcId: '1',
          },
        ],
        totalKwh: '700.000',
      },
    };
    const after = fold(ucDecider, [...history, expired]);
    expect(after.credits).toEqual([]);
    expect(after.received).toEqual([]);
  });

  it('R9 closing a UC after such a lot expired: all 700 kWh expire, nothing leaves for the titular, the events fold', () => {
    given(history)
      .when({ type: 'CloseContract', data: { date: '2029-03-11' }, context: { facts: factsMap(facts('3')) } })
      .then((events) => {
        expect(eventOf(events, 'CreditsExpired').data.totalKwh).toBe('700.000');
        expect(eventOf(events, 'ContractClosed').data.creditsLeaving).toEqual([]);
      });
  });

  it('R9 an expired lot takes only its own amount: a credit of another key is untouched', () => {
    const after = fold(ucDecider, [
      ...history,
      creditFrom('2', '1', '2025-01-01', '50'),
      {
        type: 'CreditsExpired',
        data: {
          ucId: '2',
          date: '2029-03-10',
          lots: [
            {
              vintage: '2024-03-10',
              posto: 'unico',
              gdClass: 'GD_II',
              kwh: '400.000',
              expiresOn: '2029-03-10',
              sourceUcId: '1',
            },
          ],
          totalKwh: '400.000',
        },
      },
    ]);
    expect(after.credits.map((c) => [c.vintage, c.kwh.toString()])).toEqual([['2025-01-01', '50.000']]);
    expect(after.received.map((r) => r.kwh.toString())).toEqual(['300.000']);
  });
});
