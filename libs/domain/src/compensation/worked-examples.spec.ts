import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { facts, factsMap, generationRegistered, reading, te, ucRegistered } from '../testing/fixtures';

describe('the worked examples of RULES.md', () => {
  it('R5 splits 700 kWh of excedente 40% / 60% into 280 / 420', () => {
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1' }),
      {
        type: 'RateioChanged',
        data: {
          ucId: '1',
          requestedAt: '2026-01-01',
          rateio: {
            mode: 'percentage',
            shares: [
              { ucId: '1', percent: '40' },
              { ucId: '2', percent: '60' },
            ],
          },
          checked: [],
        },
      },
      {
        type: 'ReadingRecorded',
        data: {
          ucId: '1',
          cycle: '2026-01',
          readingDate: '2026-01-20',
          postos: { unico: { consumed: '0.000', injected: '0.000' } },
        },
      },
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }, { facts: factsMap(facts('2')) }))
      .then((events) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.excedenteKwh).toBe('700.000');
        expect(alloc.data.allocations).toEqual([{ ucId: '2', posto: 'unico', gdClass: 'GD_II', kwh: '420.000' }]);
        expect(alloc.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '280.000' }]);
      });
  });

  it('R2 converts 200 ponta kWh into 300 fora_ponta kWh and leaves 100 as excedente', () => {
    given([
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['ponta', 'fora_ponta'] }),
      generationRegistered({ ucId: '1' }),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '600', injected: '1000' }, ponta: { consumed: '200', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const c = eventOf(events, 'CycleCompensated');
        expect(c.data.lines.map((l) => [l.posto, l.kwh, l.sourcePosto, l.sourceKwh, l.rule])).toEqual([
          ['fora_ponta', '600.000', 'fora_ponta', '600.000', 'R1'],
          ['ponta', '200.000', 'fora_ponta', '300.000', 'R2'],
        ]);
        expect(c.data.excedenteKwh).toBe('100.000');
        expect(c.data.billed).toEqual({ ponta: '0.000', fora_ponta: '0.000' });
      });
  });

  it('R10 trifásico GD I: consumed 1,000, injected 1,000 → 900 compensated, 100 billed, 100 becomes credit', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2022-06-01' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }))
      .then((events, after) => {
        const c = eventOf(events, 'CycleCompensated');
        expect(c.data.compensatedKwh).toBe('900.000');
        expect(c.data.billed).toEqual({ unico: '100.000' });
        expect(after.credits.map((l) => [l.kwh.toString(), l.gdClass])).toEqual([['100.000', 'GD_I']]);
      });
  });

  it('R6 priority: excedente 700, demands 400 and 200, no leftoverUc → 500 / 200', () => {
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1' }),
      {
        type: 'RateioChanged',
        data: { ucId: '1', requestedAt: '2026-01-01', rateio: { mode: 'priority', order: ['2', '3'] }, checked: [] },
      },
      {
        type: 'ReadingRecorded',
        data: {
          ucId: '1',
          cycle: '2026-01',
          readingDate: '2026-01-20',
          postos: { unico: { consumed: '0.000', injected: '0.000' } },
        },
      },
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '300', injected: '1000' },
          {
            facts: factsMap(
              facts('2', { latestConsumption: { readingDate: '2026-02-10', kwh: '400' } }),
              facts('3', { latestConsumption: { readingDate: '2026-02-10', kwh: '200' } }),
            ),
          },
        ),
      )
      .then((events) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.allocations.map((a) => [a.ucId, a.kwh])).toEqual([
          ['2', '500.000'],
          ['3', '200.000'],
        ]);
      });
  });

  it('R15 energy injected at a UC with no generation is refused', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '10', injected: '5' }))
      .thenThrows(RuleViolation('R15'));
  });
});
