import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { CPF_BRUNO, facts, factsMap, generationRegistered, reading, ucRegistered } from '../testing/fixtures';
import { membersRegistered, percentage, rateioChanged, readingRecorded } from '../testing/uc-event-builders';
import type { BusinessDate } from '../values/business-date';
import type { Rateio } from '../allocation/rateio';
import type { UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import { classifyTranche, requestClass, type ClassificationFacts } from './classify-gd';

const W = (kw: number) => BigInt(kw) * 1000n;
const gdIIIFacts = (over: Partial<ClassificationFacts> = {}): ClassificationFacts => ({
  totalWatts: W(600),
  dispatchable: false,
  modalidade: 'autoconsumo_remoto',
  largestOtherShareUnits: 300_000n, // 30%
  on: '2026-05-20' as BusinessDate,
  ...over,
});
const laterTranche = { watts: W(600), requestedAt: '2024-03-01' };

function registerGeneration(
  requestedAt: string,
  over: Partial<{ installedKw: string; dispatchable: boolean; modalidade: string }> = {},
): UcCommand {
  return {
    type: 'RegisterGeneration',
    data: {
      installedKw: over.installedKw ?? '10',
      source: 'solar',
      dispatchable: over.dispatchable ?? false,
      modalidade: over.modalidade ?? 'autoconsumo_remoto',
      requestedAt,
      connectedAt: requestedAt,
    },
  };
}

describe('R15 GD class', () => {
  it('R15 a connection request on 2023-01-07 (inclusive) is GD I; on 2023-01-08 it is GD II', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('2023-01-07'))
      .then((events) => expect(eventOf(events, 'GenerationRegistered').data.gdClass).toBe('GD_I'));
    given([ucRegistered({ ucId: '1' })])
      .when(registerGeneration('2023-01-08'))
      .then((events) => expect(eventOf(events, 'GenerationRegistered').data.gdClass).toBe('GD_II'));
    expect(requestClass('2022-12-31')).toBe('GD_I');
  });

  it('R15 the injected energy of a GD I plant is GD I through 2045-12-31 and GD II after it', () => {
    const plant = [ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2023-01-07' })];
    given(plant)
      .when(reading('2045-12', '2045-12-31', { consumed: '0', injected: '100' }))
      .then((events) =>
        expect(eventOf(events, 'CycleCompensated').data.injectedByClass).toEqual([
          { posto: 'unico', gdClass: 'GD_I', kwh: '100.000' },
        ]),
      );
    given(plant)
      .when(reading('2046-01', '2046-01-01', { consumed: '0', injected: '100' }))
      .then((events) =>
        expect(eventOf(events, 'CycleCompensated').data.injectedByClass).toEqual([
          { posto: 'unico', gdClass: 'GD_II', kwh: '100.000' },
        ]),
      );
  });

  it('R15 GD I energy after 2045 is GD II even where the GD III conditions hold', () => {
    expect(
      classifyTranche({ watts: W(600), requestedAt: '2020-01-01' }, gdIIIFacts({ on: '2046-02-01' as BusinessDate })),
    ).toBe('GD_II');
    expect(classifyTranche({ watts: W(600), requestedAt: '2020-01-01' }, gdIIIFacts())).toBe('GD_I');
  });

  it('R15 GD III: requested after the cutoff, > 500 kW, non-dispatchable, autoconsumo remoto, a UC with ≥ 25%', () => {
    expect(classifyTranche(laterTranche, gdIIIFacts())).toBe('GD_III');
    expect(classifyTranche(laterTranche, gdIIIFacts({ modalidade: 'compartilhada' }))).toBe('GD_III');
    expect(classifyTranche(laterTranche, gdIIIFacts({ largestOtherShareUnits: 250_000n }))).toBe('GD_III');
  });

  it('R15 each GD III condition missing gives GD II', () => {
    expect(classifyTranche(laterTranche, gdIIIFacts({ totalWatts: W(500) }))).toBe('GD_II'); // "more than 500 kW"
    expect(classifyTranche(laterTranche, gdIIIFacts({ dispatchable: true }))).toBe('GD_II');
    expect(classifyTranche(laterTranche, gdIIIFacts({ modalidade: 'emuc' }))).toBe('GD_II');
    expect(classifyTranche(laterTranche, gdIIIFacts({ modalidade: 'local' }))).toBe('GD_II');
    expect(classifyTranche(laterTranche, gdIIIFacts({ largestOtherShareUnits: 249_999n }))).toBe('GD_II'); // 24.9999%
    expect(classifyTranche(laterTranche, gdIIIFacts({ largestOtherShareUnits: 0n }))).toBe('GD_II');
  });

  describe('R15 GD III at a reading: a percentage rateio in force', () => {
    // 600 kW solar, requested 2024, autoconsumo remoto.
    const plant = (
      rateio: Rateio | null,
      over: {
        installedKw?: string;
        modalidade?: 'autoconsumo_remoto' | 'compartilhada' | 'emuc';
        dispatchable?: boolean;
      } = {},
    ): UcEvent[] => [
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['fora_ponta'] }),
      generationRegistered({
        ucId: '1',
        installedKw: over.installedKw ?? '600.000',
        requestedAt: '2024-03-01',
        size: 'mini',
        modalidade: over.modalidade ?? 'autoconsumo_remoto',
        dispatchable: over.dispatchable ?? false,
      }),
      ...(over.modalidade === 'compartilhada' || over.modalidade === 'emuc'
        ? [membersRegistered('1', ['2', '3'])]
        : []),
      ...(rateio ? [rateioChanged('1', '2026-01-01', rateio)] : []),
      {
        type: 'ReadingRecorded',
        data: {
          ucId: '1',
          cycle: '2026-01',
          readingDate: '2026-01-20',
          postos: { fora_ponta: { consumed: '0.000', injected: '0.000' } },
        },
      },
    ];
    const inject = reading(
      '2026-02',
      '2026-02-20',
      { fora_ponta: { consumed: '0', injected: '1000' } },
      { facts: factsMap(facts('2'), facts('3')) },
    );
    const classOf = (events: UcEvent[]) =>
      eventOf(events, 'CycleCompensated').data.injectedByClass.map((p) => p.gdClass);

    it('R15 70% own / 30% to UC 2 → the energy is GD III, and the allocation carries the class', () => {
      given(plant(percentage(['1', '70'], ['2', '30'])))
        .when(inject)
        .then((events) => {
          expect(classOf(events)).toEqual(['GD_III']);
          expect(eventOf(events, 'ExcedenteAllocated').data.allocations).toEqual([
            { ucId: '2', posto: 'fora_ponta', gdClass: 'GD_III', kwh: '300.000' },
          ]);
        });
    });

    it('R15 80% own / 10% / 10% gives no UC other than the generator 25% → GD II', () => {
      given(plant(percentage(['1', '80'], ['2', '10'], ['3', '10'])))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_II']));
    });

    it('R15 75% to the generator itself and 25% to UC 2 → GD III (25% or more, inclusive)', () => {
      given(plant(percentage(['1', '75'], ['2', '25'])))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_III']));
    });

    it('R15 a priority rateio, or no rateio in force, is not GD III', () => {
      given(plant({ mode: 'priority', order: ['2'] }))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_II']));
      given(plant(null))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_II']));
    });

    it('R15 a rateio requested but not yet in force (R7) does not make GD III', () => {
      const events = plant(null);
      given([...events, rateioChanged('1', '2026-02-01', percentage(['1', '50'], ['2', '50']))])
        .when(inject)
        .then((decided) => expect(classOf(decided)).toEqual(['GD_II']));
    });

    it('R15 exactly 500 kW, a dispatchable source, or emuc → GD II', () => {
      given(plant(percentage(['1', '50'], ['2', '50']), { installedKw: '500.000' }))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_II']));
      given(plant(percentage(['1', '50'], ['2', '50']), { dispatchable: true }))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_II']));
      given(plant(percentage(['2', '50'], ['3', '50']), { modalidade: 'emuc' }))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_II']));
    });

    it('R15 compartilhada with a member at 50% → GD III', () => {
      given(plant(percentage(['2', '50'], ['3', '50']), { modalidade: 'compartilhada' }))
        .when(inject)
        .then((events) => expect(classOf(events)).toEqual(['GD_III']));
    });

    it('R15 400 kW grown by 200 kW: the total is above 500 kW, so every post-cutoff tranche is GD III', () => {
      given([
        ...plant(percentage(['1', '60'], ['2', '40']), { installedKw: '400.000' }),
        {
          type: 'CapacityAdded',
          data: {
            ucId: '1',
            addedKw: '200.000',
            requestedAt: '2025-06-01',
            totalKw: '600.000',
            gdClass: 'GD_II',
            size: 'mini',
          },
        },
      ])
        .when(inject)
        .then((events) =>
          expect(eventOf(events, 'CycleCompensated').data.injectedByClass).toEqual([
            { posto: 'fora_ponta', gdClass: 'GD_III', kwh: '1000.000' },
          ]),
        );
    });
  });

  it('R15 injected energy at a UC with no registered generation is refused, even 1 Wh; zero injection is fine', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '10', injected: '0.001' }))
      .thenThrows(RuleViolation('R15'));
    given([ucRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '10', injected: '0' }))
      .then((events) => expect(eventOf(events, 'CycleCompensated').data.billed).toEqual({ unico: '10.000' }));
  });

  it('R15 GD I is kept across a change of titular', () => {
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', requestedAt: '2022-05-01' }),
      readingRecorded('1', '2026-01', '2026-01-20'),
    ])
      .when({
        type: 'TransferTitularidade',
        data: { newTitular: { document: CPF_BRUNO, name: 'Bruno' }, date: '2026-02-01' },
      })
      .then((transfer, _after) => {
        given([
          ucRegistered({ ucId: '1' }),
          generationRegistered({ ucId: '1', requestedAt: '2022-05-01' }),
          readingRecorded('1', '2026-01', '2026-01-20'),
          ...transfer,
        ])
          .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '50' }))
          .then((events) =>
            expect(eventOf(events, 'CycleCompensated').data.injectedByClass.map((p) => p.gdClass)).toEqual(['GD_I']),
          );
      });
  });
});
