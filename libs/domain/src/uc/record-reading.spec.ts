import { InvalidInput, RuleViolation, StateConflict } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { facts, factsMap, generationRegistered, reading, te, ucRegistered } from '../testing/fixtures';
import {
  creditFrom,
  excedenteReceived,
  ownCredit,
  percentage,
  rateioChanged,
  readingRecorded,
} from '../testing/more-fixtures';
import type { UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';

const types = (events: UcEvent[]) => events.map((e) => e.type);
const allocated = (events: UcEvent[]) => eventOf(events, 'ExcedenteAllocated');
const compensated = (events: UcEvent[]) => eventOf(events, 'CycleCompensated');
const expireCredits = (date: string): UcCommand => ({ type: 'ExpireCredits', data: { date } });

const generator = [ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1' })];
const twoUcs = factsMap(facts('2'), facts('3'), facts('4'));

describe('R3 excedente', () => {
  it('R3 net: the excedente is what remains of injection after R1–R2', () => {
    given(generator)
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }))
      .then((events) => {
        expect(compensated(events).data.excedenteKwh).toBe('700.000');
        expect(allocated(events).data.surplusBase).toBe('net');
        expect(allocated(events).data.excedente).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '700.000' }]);
        expect(types(events)).toEqual(['ReadingRecorded', 'CycleCompensated', 'ExcedenteAllocated']);
      });
  });

  const emucInjected = (rateio: ReturnType<typeof percentage>): UcEvent[] => [
    ucRegistered({ ucId: '1' }),
    generationRegistered({ ucId: '1', modalidade: 'emuc', surplusBase: 'injected' }),
    {
      type: 'MembersRegistered',
      data: { ucId: '1', members: ['1', '2'], legalInstrument: 'Convenção 1', date: '2025-12-01' },
    },
    rateioChanged('1', '2026-01-01', rateio),
    readingRecorded('1', '2026-01', '2026-01-20'),
  ];

  it("R3 P3 injected (emuc): all injection is excedente, allocated before the generator's own compensation; its own share offsets its consumption in the same cycle", () => {
    given(emucInjected(percentage(['1', '50'], ['2', '50'])))
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }, { facts: twoUcs }))
      .then((events, after) => {
        expect(types(events)).toEqual(['ReadingRecorded', 'ExcedenteAllocated', 'CycleCompensated']);
        const a = allocated(events);
        expect(a.data.surplusBase).toBe('injected');
        expect(a.data.excedenteKwh).toBe('1000.000');
        expect(a.data.allocations).toEqual([{ ucId: '2', posto: 'unico', gdClass: 'GD_II', kwh: '500.000' }]);
        expect(a.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '500.000' }]);
        const c = compensated(events);
        expect(c.data.excedenteKwh).toBe('1000.000');
        // No R1: the generator's consumption is offset only through its own share.
        expect(c.data.lines.map((l) => [l.kwh, l.source, l.sourceUcId, l.rule])).toEqual([
          ['300.000', 'received', '1', 'R8'],
        ]);
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString(), l.sourceUcId])).toEqual([
          ['2026-02-20', '200.000', '1'],
        ]);
        expect(after.received).toEqual([]);
      });
  });

  it('R3 P3 injected with no share for the generator: its own consumption is billed in full', () => {
    given(emucInjected(percentage(['2', '100'])))
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }, { facts: twoUcs }))
      .then((events, after) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([['2', '1000.000']]);
        expect(compensated(events).data.compensatedKwh).toBe('0.000');
        expect(compensated(events).data.billed).toEqual({ unico: '300.000' });
        expect(after.credits).toEqual([]);
      });
  });

  it('R3 P3 injected is only for emuc and compartilhada: an autoconsumo remoto generator declaring it is refused', () => {
    given([ucRegistered({ ucId: '1' })])
      .when({
        type: 'RegisterGeneration',
        data: {
          installedKw: '10',
          source: 'solar',
          dispatchable: false,
          modalidade: 'autoconsumo_remoto',
          requestedAt: '2024-01-10',
          connectedAt: '2024-01-10',
          surplusBase: 'injected',
        },
      })
      .thenThrows(RuleViolation('R3'));
  });
});

describe('R4 where the excedente goes', () => {
  it("R4 with no rateio in force the excedente becomes the generator's credit, vintage = this reading, expiring 60 months later", () => {
    given(generator)
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }))
      .then((events, after) => {
        const a = allocated(events);
        expect(a.data.rateio).toBeNull();
        expect(a.data.allocations).toEqual([]);
        expect(a.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '700.000' }]);
        expect(after.credits.map((l) => [l.vintage, l.expiresOn, l.kwh.toString(), l.sourceUcId])).toEqual([
          ['2026-02-20', '2031-02-20', '700.000', '1'],
        ]);
      });
  });

  it('R4 a share that falls on the generator itself becomes its credit', () => {
    given([
      ...generator,
      rateioChanged('1', '2026-01-01', percentage(['2', '25'], ['1', '75'])),
      readingRecorded('1', '2026-01', '2026-01-20'),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '400' }, { facts: twoUcs }))
      .then((events, after) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([['2', '100.000']]);
        expect(allocated(events).data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '300.000' }]);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2026-02-20', '300.000']]);
      });
  });

  it('R4 credits of successive readings are kept as separate vintages', () => {
    const first = given(generator)
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '10' }))
      .then(() => undefined);
    given([...generator, ...first])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '20' }))
      .then((_, after) => {
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([
          ['2026-01-20', '10.000'],
          ['2026-02-20', '20.000'],
        ]);
      });
  });
});

describe('R5 percentage rateio', () => {
  const withRateio = (rateio: ReturnType<typeof percentage>) => [
    ...generator,
    rateioChanged('1', '2026-01-01', rateio),
    readingRecorded('1', '2026-01', '2026-01-20'),
  ];

  it('R5 worked example: injected 1,000, consumed 300 → excedente 700; 40% / 60% → 280 / 420', () => {
    given(withRateio(percentage(['2', '40'], ['3', '60'])))
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }, { facts: twoUcs }))
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['2', '280.000'],
          ['3', '420.000'],
        ]);
      });
  });

  it('R5 a 1/3 split 33.3333 / 33.3333 / 33.3334 of 100 kWh → 33.333 / 33.333 / 33.334 (the leftover Wh to the largest remainder)', () => {
    given(withRateio(percentage(['2', '33.3333'], ['3', '33.3333'], ['4', '33.3334'])))
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['2', '33.333'],
          ['3', '33.333'],
          ['4', '33.334'],
        ]);
      });
  });

  it('R5 a 1/3 split of 2 Wh: one to the largest remainder, the tie between the others to the earlier UC', () => {
    given(withRateio(percentage(['2', '33.3333'], ['3', '33.3333'], ['4', '33.3334'])))
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '0.002' }, { facts: twoUcs }))
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['2', '0.001'],
          ['4', '0.001'],
        ]);
        expect(allocated(events).data.retained).toEqual([]);
      });
  });

  it("R5 is applied per posto: each posto's excedente is split on its own", () => {
    given([
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['ponta', 'fora_ponta'] }),
      generationRegistered({ ucId: '1' }),
      rateioChanged('1', '2026-01-01', percentage(['2', '50'], ['3', '50'])),
      readingRecorded('1', '2026-01', '2026-01-20', {
        ponta: { consumed: '0', injected: '0' },
        fora_ponta: { consumed: '0', injected: '0' },
      }),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '0', injected: '0.003' }, fora_ponta: { consumed: '0', injected: '0.001' } },
          { facts: twoUcs, tariff: te() },
        ),
      )
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.posto, x.kwh])).toEqual([
          ['2', 'ponta', '0.002'],
          ['3', 'ponta', '0.001'],
          ['2', 'fora_ponta', '0.001'],
        ]);
      });
  });

  it('R5 percentages that do not add up to exactly 100 are refused with R5', () => {
    given(generator)
      .when({
        type: 'ChangeRateio',
        data: {
          requestedAt: '2026-01-01',
          mode: 'percentage',
          shares: [
            { ucId: '2', percent: '33.3333' },
            { ucId: '3', percent: '33.3333' },
            { ucId: '4', percent: '33.3333' },
          ],
        },
        context: { facts: twoUcs },
      })
      .thenThrows(RuleViolation('R5'));
  });
});

describe('R6 priority rateio', () => {
  const withPriority = (order: string[], leftoverUcId?: string) => [
    ...generator,
    rateioChanged(
      '1',
      '2026-01-01',
      leftoverUcId ? { mode: 'priority', order, leftoverUcId } : { mode: 'priority', order },
    ),
    readingRecorded('1', '2026-01', '2026-01-20'),
  ];
  const demand = (ucId: string, kwh: string | null) =>
    facts(ucId, { latestConsumption: kwh === null ? null : { readingDate: '2026-02-10', kwh } });

  it('R6 worked example: excedente 700, demands 400 and 200, no leftoverUc → 500 / 200', () => {
    given(withPriority(['2', '3']))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '300', injected: '1000' },
          { facts: factsMap(demand('2', '400'), demand('3', '200')) },
        ),
      )
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['2', '500.000'],
          ['3', '200.000'],
        ]);
        expect(allocated(events).data.inputs.demands).toEqual({ '2': '400.000', '3': '200.000' });
      });
  });

  it('R6 P6b the leftover goes to the leftoverUc the titular named', () => {
    given(withPriority(['2', '3'], '3'))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '300', injected: '1000' },
          { facts: factsMap(demand('2', '400'), demand('3', '200')) },
        ),
      )
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['2', '400.000'],
          ['3', '300.000'],
        ]);
      });
  });

  it('R6 the excedente runs out before the last UC in order', () => {
    given(withPriority(['2', '3']))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '0', injected: '500' },
          { facts: factsMap(demand('2', '400'), demand('3', '200')) },
        ),
      )
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['2', '400.000'],
          ['3', '100.000'],
        ]);
      });
  });

  it('R6 P6a a UC with no reading yet has demand 0; P6b the leftover goes to the largest demand, ties to the first in order', () => {
    given(withPriority(['2', '3', '4']))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '0', injected: '700' },
          { facts: factsMap(demand('2', null), demand('3', '100'), demand('4', '100')) },
        ),
      )
      .then((events) => {
        expect(allocated(events).data.inputs.demands).toEqual({ '2': '0.000', '3': '100.000', '4': '100.000' });
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([
          ['3', '600.000'],
          ['4', '100.000'],
        ]);
      });
  });
});

describe('R6 priority rateio and classes ("decided": every beneficiary receives the plant\'s mix)', () => {
  // A GD I plant grown with a GD II tranche of the same size (R16): 1,000 injected = 500 GD I + 500 GD II.
  const mixed = (order: string[], leftoverUcId?: string): UcEvent[] => [
    ucRegistered({ ucId: '1' }),
    generationRegistered({ ucId: '1', requestedAt: '2022-06-01', installedKw: '20.000' }),
    {
      type: 'CapacityAdded',
      data: {
        ucId: '1',
        addedKw: '20.000',
        requestedAt: '2024-03-01',
        totalKw: '40.000',
        gdClass: 'GD_II',
        size: 'micro',
      },
    },
    rateioChanged(
      '1',
      '2026-01-01',
      leftoverUcId ? { mode: 'priority', order, leftoverUcId } : { mode: 'priority', order },
    ),
    readingRecorded('1', '2026-01', '2026-01-20'),
  ];
  const demand = (ucId: string, kwh: string) => facts(ucId, { latestConsumption: { readingDate: '2026-02-10', kwh } });
  const parts = (events: UcEvent[]) => allocated(events).data.allocations.map((x) => [x.ucId, x.gdClass, x.kwh]);

  it('R6 each UC in order takes from every class part in proportion to what is left of it (not GD I first)', () => {
    given(mixed(['2', '3']))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '0', injected: '1000' },
          { facts: factsMap(demand('2', '400'), demand('3', '200')) },
        ),
      )
      .then((events) => {
        // UC 2: 400 = 200 GD I + 200 GD II; UC 3: 200 = 100 + 100; P6b: the leftover 400 (largest demand: UC 2)
        // takes all that remains of every part (200 + 200), merged with its share.
        expect(parts(events)).toEqual([
          ['2', 'GD_I', '400.000'],
          ['2', 'GD_II', '400.000'],
          ['3', 'GD_I', '100.000'],
          ['3', 'GD_II', '100.000'],
        ]);
      });
  });

  it('R6 Q2 largest remainder at 1 Wh; a tie goes to the earlier part (GD I before GD II)', () => {
    // 1.001 kWh of excedente: 0.5005 GD I / 0.5005 GD II; UC 2 asks 0.001 kWh (1 Wh): the tie goes to GD I.
    given(mixed(['2', '3'], '3'))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '0', injected: '1.001' },
          { facts: factsMap(demand('2', '0.001'), demand('3', '0')) },
        ),
      )
      .then((events) => {
        expect(allocated(events).data.excedente.map((x) => [x.gdClass, x.kwh])).toEqual([
          ['GD_I', '0.501'],
          ['GD_II', '0.500'],
        ]);
        expect(parts(events)).toEqual([
          ['2', 'GD_I', '0.001'],
          ['3', 'GD_I', '0.500'],
          ['3', 'GD_II', '0.500'],
        ]);
      });
  });

  it('R6 the leftover UC takes all that remains of every part', () => {
    given(mixed(['2'], '3'))
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '0', injected: '1000' },
          { facts: factsMap(demand('2', '300'), demand('3', '50')) },
        ),
      )
      .then((events) => {
        expect(parts(events)).toEqual([
          ['2', 'GD_I', '150.000'],
          ['2', 'GD_II', '150.000'],
          ['3', 'GD_I', '350.000'],
          ['3', 'GD_II', '350.000'],
        ]);
      });
  });
});

describe('R7 when a rateio takes effect', () => {
  it('R7 a first rateio requested before the first reading: that cycle uses none, the next uses the rateio', () => {
    const history = [...generator, rateioChanged('1', '2026-01-05', percentage(['2', '100']))];
    const first = given(history)
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events, after) => {
        expect(allocated(events).data.rateio).toBeNull();
        expect(allocated(events).data.retained.map((p) => p.kwh)).toEqual(['100.000']);
        expect(after.rateio).toEqual(percentage(['2', '100']));
      });
    given([...history, ...first])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events) => {
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([['2', '100.000']]);
      });
  });

  it('R7 a request dated on the reading date belongs to the cycle that reading closes: it applies from the next one', () => {
    given([...generator, rateioChanged('1', '2026-01-20', percentage(['2', '100']))])
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events, after) => {
        expect(allocated(events).data.rateio).toBeNull();
        expect(after.rateio).toEqual(percentage(['2', '100']));
        expect(after.pendingRateios).toEqual([]);
      });
  });

  it('R7 a request dated after a reading waits for the first reading dated on or after it (business dates, not processing order)', () => {
    const history = [...generator, rateioChanged('1', '2026-01-25', percentage(['2', '100']))];
    const jan = given(history)
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((_, after) => {
        expect(after.rateio).toBeNull();
        expect(after.pendingRateios.map((p) => p.requestedAt)).toEqual(['2026-01-25']);
      });
    const feb = given([...history, ...jan])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events, after) => {
        // Cycle 2026-02 is the one the request belongs to: it keeps the rateio it had (none).
        expect(allocated(events).data.rateio).toBeNull();
        expect(after.rateio).toEqual(percentage(['2', '100']));
      });
    given([...history, ...jan, ...feb])
      .when(reading('2026-03', '2026-03-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events) => expect(allocated(events).data.allocations.map((x) => x.ucId)).toEqual(['2']));
  });

  it('R7 a change replaces the rateio in force only from the cycle after; the cycle it belongs to uses the old one', () => {
    given([
      ...generator,
      rateioChanged('1', '2025-12-01', percentage(['2', '100'])),
      readingRecorded('1', '2025-12', '2025-12-20'),
      rateioChanged('1', '2026-01-10', percentage(['3', '100'])),
    ])
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events, after) => {
        expect(allocated(events).data.allocations.map((x) => x.ucId)).toEqual(['2']);
        expect(after.rateio).toEqual(percentage(['3', '100']));
      });
  });

  it.each([
    ['in date order', ['2026-01-05', '2026-01-10']],
    ['in reverse processing order', ['2026-01-10', '2026-01-05']],
  ])('R7 several requests for the same cycle: the latest request wins (%s)', (_, dates) => {
    const byDate: Record<string, ReturnType<typeof percentage>> = {
      '2026-01-05': percentage(['2', '100']),
      '2026-01-10': percentage(['3', '100']),
    };
    given([...generator, ...dates.map((d) => rateioChanged('1', d, byDate[d]))])
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((_, after) => {
        expect(after.rateio).toEqual(percentage(['3', '100']));
        expect(after.pendingRateios).toEqual([]);
      });
  });

  it('R7 a request processed after a reading dated later belongs to the cycle that reading closed: it applies from the next reading', () => {
    given([
      ...generator,
      readingRecorded('1', '2026-01', '2026-01-20'),
      rateioChanged('1', '2026-01-10', percentage(['2', '100'])),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events) =>
        expect(allocated(events).data.allocations.map((x) => [x.ucId, x.kwh])).toEqual([['2', '100.000']]),
      );
  });

  it('R7 a late request for a cycle whose latest request is already in force does not replace it (the latest wins)', () => {
    given([
      ...generator,
      rateioChanged('1', '2026-01-15', percentage(['3', '100'])),
      readingRecorded('1', '2026-01', '2026-01-20'),
      rateioChanged('1', '2026-01-10', percentage(['2', '100'])),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '100' }, { facts: twoUcs }))
      .then((events) => expect(allocated(events).data.allocations.map((x) => x.ucId)).toEqual(['3']));
  });

  it('R7 requests for different cycles each take effect in turn', () => {
    given([
      ...generator,
      rateioChanged('1', '2026-01-05', percentage(['2', '100'])),
      rateioChanged('1', '2026-02-05', percentage(['3', '100'])),
    ])
      .when(reading('2026-01', '2026-01-20', { consumed: '0', injected: '0' }))
      .then((_, after) => {
        expect(after.rateio).toEqual(percentage(['2', '100']));
        expect(after.pendingRateios.map((p) => p.requestedAt)).toEqual(['2026-02-05']);
      });
  });
});

describe('R9 credit validity', () => {
  // Vintage 2021-03-15 → expires 2026-03-15.
  const withCredit = [ucRegistered({ ucId: '2' }), ownCredit('2', '2021-03-15', '100')];

  it('R9 P9 a credit is usable at a reading dated the day before its expiry', () => {
    given(withCredit)
      .when(reading('2026-03', '2026-03-14', { consumed: '60', injected: '0' }))
      .then((events, after) => {
        expect(types(events)).toEqual(['ReadingRecorded', 'CycleCompensated']);
        expect(compensated(events).data.lines.map((l) => [l.kwh, l.vintage])).toEqual([['60.000', '2021-03-15']]);
        expect(after.credits.map((l) => [l.expiresOn, l.kwh.toString()])).toEqual([['2026-03-15', '40.000']]);
      });
  });

  it('R9 P9 on the day it expires a credit is not usable: it leaves in CreditsExpired after the reading', () => {
    given(withCredit)
      .when(reading('2026-03', '2026-03-15', { consumed: '60', injected: '0' }))
      .then((events, after) => {
        expect(types(events)).toEqual(['ReadingRecorded', 'CycleCompensated', 'CreditsExpired']);
        expect(compensated(events).data.lines).toEqual([]);
        expect(compensated(events).data.billed).toEqual({ unico: '60.000' });
        const x = eventOf(events, 'CreditsExpired');
        expect(x.data.date).toBe('2026-03-15');
        expect(x.data.totalKwh).toBe('100.000');
        expect(x.data.lots.map((l) => [l.vintage, l.expiresOn])).toEqual([['2021-03-15', '2026-03-15']]);
        expect(after.credits).toEqual([]);
      });
  });

  it('R9 a credit that expired before the reading date leaves in CreditsExpired before the reading', () => {
    given(withCredit)
      .when(reading('2026-03', '2026-03-20', { consumed: '60', injected: '0' }))
      .then((events, after) => {
        expect(types(events)).toEqual(['CreditsExpired', 'ReadingRecorded', 'CycleCompensated']);
        expect(compensated(events).data.lines).toEqual([]);
        expect(after.credits).toEqual([]);
      });
  });

  it('R9 only the expired vintage leaves; a younger one is still used', () => {
    given([...withCredit, ownCredit('2', '2022-01-10', '50')])
      .when(reading('2026-03', '2026-03-20', { consumed: '60', injected: '0' }))
      .then((events, after) => {
        expect(eventOf(events, 'CreditsExpired').data.lots.map((l) => l.vintage)).toEqual(['2021-03-15']);
        expect(compensated(events).data.lines.map((l) => [l.kwh, l.vintage])).toEqual([['50.000', '2022-01-10']]);
        expect(after.credits).toEqual([]);
      });
  });

  it('R9 a vintage of 2020-02-29 expires on 2025-02-28: usable on the 27th, not on the 28th', () => {
    const leap = [ucRegistered({ ucId: '2' }), creditFrom('2', '9', '2020-02-29', '10')];
    given(leap)
      .when(reading('2025-02', '2025-02-27', { consumed: '10', injected: '0' }))
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('10.000'));
    given(leap)
      .when(reading('2025-02', '2025-02-28', { consumed: '10', injected: '0' }))
      .then((events) => {
        expect(compensated(events).data.compensatedKwh).toBe('0.000');
        expect(eventOf(events, 'CreditsExpired').data.lots.map((l) => l.expiresOn)).toEqual(['2025-02-28']);
      });
  });

  it('R9 the daily sweep: nothing before the expiry date; on it, CreditsExpired', () => {
    given(withCredit).when(expireCredits('2026-03-14')).then([]);
    given(withCredit)
      .when(expireCredits('2026-03-15'))
      .then([
        {
          type: 'CreditsExpired',
          data: {
            ucId: '2',
            date: '2026-03-15',
            lots: [
              {
                vintage: '2021-03-15',
                posto: 'unico',
                gdClass: 'GD_II',
                kwh: '100.000',
                expiresOn: '2026-03-15',
                sourceUcId: '2',
              },
            ],
            totalKwh: '100.000',
          },
        },
      ]);
  });

  it('R9 whichever comes first: after the sweep, the next reading expires nothing again', () => {
    const swept = given(withCredit)
      .when(expireCredits('2026-03-16'))
      .then((events) => expect(types(events)).toEqual(['CreditsExpired']));
    given([...withCredit, ...swept])
      .when(reading('2026-03', '2026-03-20', { consumed: '60', injected: '0' }))
      .then((events) => expect(types(events)).toEqual(['ReadingRecorded', 'CycleCompensated']));
    given([...withCredit, ...swept])
      .when(expireCredits('2026-03-17'))
      .then([]);
  });

  it('R9 the part of a credit left after its last usable reading expires with it', () => {
    const used = given(withCredit)
      .when(reading('2026-03', '2026-03-14', { consumed: '60', injected: '0' }))
      .then(() => undefined);
    given([...withCredit, ...used])
      .when(expireCredits('2026-03-15'))
      .then((events) => expect(eventOf(events, 'CreditsExpired').data.totalKwh).toBe('40.000'));
  });
});

describe('R12 ciclos descasados (P12)', () => {
  const receiving = ucRegistered({ ucId: '2' });
  // Generator UC 1, cycle 2026-02, read on 2026-02-20.
  const fromFebReading = excedenteReceived(
    '2',
    { sourceUcId: '1', allocatedOn: '2026-02-20', sourceCycle: '2026-02', eventId: 'g' },
    [{ kwh: '100' }],
  );

  it('R12 open-cycle: a UC whose bill closed before the allocating reading uses the excedente at its next reading', () => {
    const early = given([receiving, fromFebReading])
      .when(reading('2026-02', '2026-02-15', { consumed: '40', injected: '0' }))
      .then((events, after) => {
        expect(compensated(events).data.lines).toEqual([]);
        expect(compensated(events).data.receivedUsed).toEqual([]);
        expect(after.received.map((r) => r.kwh.toString())).toEqual(['100.000']);
      });
    given([receiving, fromFebReading, ...early])
      .when(reading('2026-03', '2026-03-15', { consumed: '40', injected: '0' }))
      .then((events, after) => {
        expect(compensated(events).data.lines.map((l) => [l.kwh, l.source, l.rule])).toEqual([
          ['40.000', 'received', 'R8'],
        ]);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2026-03-15', '60.000']]);
      });
  });

  it('R12 open-cycle: usable at a reading dated the same day as the allocating reading', () => {
    given([receiving, fromFebReading])
      .when(reading('2026-02', '2026-02-20', { consumed: '40', injected: '0' }))
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('40.000'));
  });

  it('R12 business dates decide, not processing order: a reading processed after the excedente arrived but dated before it does not use it', () => {
    // Same outcome whether the receiving UC's 02-15 reading was processed before or after the excedente arrived.
    const readFirst = given([receiving])
      .when(reading('2026-02', '2026-02-15', { consumed: '40', injected: '0' }))
      .then(() => undefined);
    const receivedFirst = given([receiving, fromFebReading])
      .when(reading('2026-02', '2026-02-15', { consumed: '40', injected: '0' }))
      .then(() => undefined);
    expect(receivedFirst).toEqual(readFirst);
    const march = (history: UcEvent[]) =>
      given(history)
        .when(reading('2026-03', '2026-03-15', { consumed: '40', injected: '0' }))
        .then(() => undefined);
    expect(march([receiving, fromFebReading, ...receivedFirst])).toEqual(
      march([receiving, ...readFirst, fromFebReading]),
    );
  });

  it("R12 next-month: excedente of the generator's cycle 2026-02 is not usable in the receiving UC's cycle 2026-02, even read later", () => {
    given([
      receiving,
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10', sourceCycle: '2026-02' }, [{ kwh: '100' }]),
    ])
      .when(reading('2026-02', '2026-02-25', { consumed: '40', injected: '0' }, { p12: 'next-month' }))
      .then((events, after) => {
        expect(compensated(events).data.lines).toEqual([]);
        expect(compensated(events).data.p12).toBe('next-month');
        expect(after.received.map((r) => r.kwh.toString())).toEqual(['100.000']);
      });
  });

  it("R12 next-month: usable from the receiving UC's first cycle after the generator's, as received excedente (R8 step 2)", () => {
    given([
      receiving,
      ownCredit('2', '2022-01-10', '100'),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-28', sourceCycle: '2026-02' }, [{ kwh: '100' }]),
    ])
      .when(reading('2026-03', '2026-03-01', { consumed: '40', injected: '0' }, { p12: 'next-month' }))
      .then((events) => {
        expect(compensated(events).data.lines.map((l) => [l.kwh, l.source])).toEqual([['40.000', 'received']]);
      });
  });

  it('R12 the open-cycle date test is on or after the allocating reading, whatever the cycle names', () => {
    given([
      receiving,
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10', sourceCycle: '2026-02' }, [{ kwh: '100' }]),
    ])
      .when(reading('2026-02', '2026-02-25', { consumed: '40', injected: '0' }, { p12: 'open-cycle' }))
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('40.000'));
  });
});

describe('Q1 and Q3 at a reading', () => {
  it.each([
    [{ consumed: '-1', injected: '0' }, 'a negative kWh'],
    [{ consumed: '1.0001', injected: '0' }, 'more than 3 decimal places'],
    [{ consumed: '1e3', injected: '0' }, 'an exponent'],
    [{ consumed: 12 as unknown as string, injected: '0' }, 'a JSON number instead of a string'],
  ])('Q1 a reading with %j (%s) is refused as InvalidInput', (postos) => {
    given(generator)
      .when(reading('2026-02', '2026-02-20', postos))
      .thenThrows(InvalidInput);
  });

  it('Q1 a reading of a posto the UC does not have is refused as InvalidInput', () => {
    given(generator)
      .when(reading('2026-02', '2026-02-20', { ponta: { consumed: '1', injected: '0' } }, { tariff: te() }))
      .thenThrows(InvalidInput);
  });

  it('Q1 kWh are recorded as strings with 3 decimals', () => {
    given(generator)
      .when(reading('2026-02', '2026-02-20', { consumed: '12.5', injected: '0.25' }))
      .then((events) => {
        expect(eventOf(events, 'ReadingRecorded').data.postos).toEqual({
          unico: { consumed: '12.500', injected: '0.250' },
        });
        expect(compensated(events).data.billed).toEqual({ unico: '12.250' });
      });
  });

  it('Q3 every Wh of excedente is allocated or retained: allocations + retained = excedente', () => {
    const wh = (k: string) => BigInt(k.replace('.', ''));
    given([
      ...generator,
      rateioChanged('1', '2026-01-01', percentage(['2', '14.2857'], ['3', '28.5714'], ['1', '57.1429'])),
      readingRecorded('1', '2026-01', '2026-01-20'),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '0.123', injected: '1234.567' }, { facts: twoUcs }))
      .then((events, after) => {
        const a = allocated(events).data;
        const out = [...a.allocations, ...a.retained].reduce((s, p) => s + wh(p.kwh), 0n);
        expect(out).toBe(wh(a.excedenteKwh));
        expect(wh(a.excedenteKwh)).toBe(wh('1234.444'));
        expect(after.credits.reduce((s, l) => s + l.kwh.wh, 0n)).toBe(a.retained.reduce((s, p) => s + wh(p.kwh), 0n));
      });
  });
});

describe('refusals at a reading ("Refusals": 409 without a rule id)', () => {
  const read = [...generator, readingRecorded('1', '2026-02', '2026-02-20')];
  it('a cycle recorded twice, or older than the latest, is a StateConflict', () => {
    given(read)
      .when(reading('2026-02', '2026-02-25', { consumed: '1', injected: '0' }))
      .thenThrows(StateConflict);
    given(read)
      .when(reading('2026-01', '2026-02-25', { consumed: '1', injected: '0' }))
      .thenThrows(StateConflict);
  });
  it('a reading dated before the previous reading is a StateConflict', () => {
    given(read)
      .when(reading('2026-03', '2026-02-19', { consumed: '1', injected: '0' }))
      .thenThrows(StateConflict);
  });
});
