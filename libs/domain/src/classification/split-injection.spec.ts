import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { generationRegistered, reading, ucRegistered } from '../testing/fixtures';
import { heldCreditsReceived, excedenteReceived } from '../testing/uc-event-builders';
import type { BusinessDate } from '../values/business-date';
import type { UcEvent } from '../uc/uc-events';
import { splitInjectionByClass } from './split-injection';

const W = (kw: number) => BigInt(kw) * 1000n;
const facts = {
  totalWatts: W(40),
  dispatchable: false,
  modalidade: 'autoconsumo_remoto' as const,
  largestOtherShareUnits: 0n,
  on: '2026-05-20' as BusinessDate,
};

/** 20 kW requested in 2022 (GD I), grown by 20 kW requested in 2024 (GD II). */
const grown: UcEvent[] = [
  ucRegistered({ ucId: '1' }),
  generationRegistered({ ucId: '1', installedKw: '20.000', requestedAt: '2022-06-01' }),
  {
    type: 'CapacityAdded',
    data: {
      ucId: '1',
      addedKw: '20.000',
      requestedAt: '2024-02-01',
      totalKw: '40.000',
      gdClass: 'GD_II',
      size: 'micro',
    },
  },
];

describe('R16 capacity added', () => {
  it('R16 20 kW GD I grown to 40 kW → 10,000 kWh = 5,000 GD I + 5,000 GD II', () => {
    expect(
      splitInjectionByClass(
        10_000_000n,
        [
          { watts: W(20), requestedAt: '2022-06-01' },
          { watts: W(20), requestedAt: '2024-02-01' },
        ],
        facts,
      ),
    ).toEqual([
      { gdClass: 'GD_I', wh: 5_000_000n },
      { gdClass: 'GD_II', wh: 5_000_000n },
    ]);
    given(grown)
      .when(reading('2026-05', '2026-05-20', { consumed: '0', injected: '10000' }))
      .then((events) => {
        expect(eventOf(events, 'CycleCompensated').data.injectedByClass).toEqual([
          { posto: 'unico', gdClass: 'GD_I', kwh: '5000.000' },
          { posto: 'unico', gdClass: 'GD_II', kwh: '5000.000' },
        ]);
        expect(eventOf(events, 'ExcedenteAllocated').data.retained).toEqual([
          { posto: 'unico', gdClass: 'GD_I', kwh: '5000.000' },
          { posto: 'unico', gdClass: 'GD_II', kwh: '5000.000' },
        ]);
      });
  });

  it('R16 the split is by kW and exact to 1 Wh: 10 kW GD I + 30 kW GD II, 1 kWh + 1 Wh', () => {
    const parts = splitInjectionByClass(
      1_001n,
      [
        { watts: W(10), requestedAt: '2022-06-01' },
        { watts: W(30), requestedAt: '2024-02-01' },
      ],
      facts,
    );
    // 250.25 / 750.75 Wh: the leftover Wh goes to the largest remainder (Q2).
    expect(parts).toEqual([
      { gdClass: 'GD_I', wh: 250n },
      { gdClass: 'GD_II', wh: 751n },
    ]);
    expect(parts.reduce((a, p) => a + p.wh, 0n)).toBe(1_001n);
  });

  it('R16 tranches of the same class are summed into one part', () => {
    expect(
      splitInjectionByClass(
        9_000n,
        [
          { watts: W(10), requestedAt: '2024-01-01' },
          { watts: W(10), requestedAt: '2022-01-01' },
          { watts: W(10), requestedAt: '2025-01-01' },
        ],
        facts,
      ),
    ).toEqual([
      { gdClass: 'GD_I', wh: 3_000n },
      { gdClass: 'GD_II', wh: 6_000n },
    ]);
  });

  it('R16 the generator’s own consumption uses GD I before GD II', () => {
    given(grown)
      .when(reading('2026-05', '2026-05-20', { consumed: '4000', injected: '10000' }))
      .then((events) => {
        const c = eventOf(events, 'CycleCompensated');
        expect(c.data.lines.map((l) => [l.gdClass, l.kwh])).toEqual([['GD_I', '4000.000']]);
        expect(eventOf(events, 'ExcedenteAllocated').data.excedente).toEqual([
          { posto: 'unico', gdClass: 'GD_I', kwh: '1000.000' },
          { posto: 'unico', gdClass: 'GD_II', kwh: '5000.000' },
        ]);
      });
  });

  it('R16 every compensation line carries the class of the energy it used (own GD I, own GD II, received, credit)', () => {
    given([
      ...grown,
      heldCreditsReceived('1', [
        {
          vintage: '2025-01-20',
          posto: 'unico',
          gdClass: 'GD_I',
          kwh: '500.000',
          expiresOn: '2030-01-20',
          sourceUcId: '1',
        },
      ]),
      excedenteReceived('1', {
        sourceUcId: '7',
        allocatedOn: '2026-05-10',
        sourceCycle: '2026-05',
        kwh: '300.000',
        gdClass: 'GD_III',
      }),
    ])
      .when(reading('2026-05', '2026-05-20', { consumed: '1400', injected: '1000' }))
      .then((events) => {
        const c = eventOf(events, 'CycleCompensated');
        expect(c.data.lines.map((l) => [l.source, l.gdClass, l.kwh])).toEqual([
          ['own', 'GD_I', '500.000'],
          ['own', 'GD_II', '500.000'],
          ['received', 'GD_III', '300.000'],
          ['credit', 'GD_I', '100.000'],
        ]);
        expect(c.data.lines.every((l) => l.label.endsWith(l.gdClass.replace('_', ' ')))).toBe(true);
      });
  });

  it('R16 the new tranche keeps the class of its own request', () => {
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', installedKw: '20.000', requestedAt: '2022-06-01' }),
    ])
      .when({ type: 'AddCapacity', data: { addedKw: '20', requestedAt: '2024-02-01' } })
      .then([
        {
          type: 'CapacityAdded',
          data: {
            ucId: '1',
            addedKw: '20.000',
            requestedAt: '2024-02-01',
            totalKw: '40.000',
            gdClass: 'GD_II',
            size: 'micro',
          },
        },
      ]);
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', installedKw: '20.000', requestedAt: '2022-06-01' }),
    ])
      .when({ type: 'AddCapacity', data: { addedKw: '5', requestedAt: '2023-01-07' } })
      .then((events) => expect(eventOf(events, 'CapacityAdded').data.gdClass).toBe('GD_I'));
  });

  it('R16 capacity cannot be added to a UC with no generation', () => {
    given([ucRegistered({ ucId: '1' })])
      .when({ type: 'AddCapacity', data: { addedKw: '20', requestedAt: '2024-02-01' } })
      .thenThrows(RuleViolation('R16'));
  });
});
