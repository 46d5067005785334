import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { generationRegistered, reading, te, ucRegistered } from '../testing/fixtures';
import { creditFrom, excedenteReceived, ownCredit } from '../testing/more-fixtures';
import type { UcEvent } from '../uc/uc-events';

type Compensated = Extract<UcEvent, { type: 'CycleCompensated' }>;

/** [posto, kWh, source, source posto, source kWh, rule] of each line, in the order they were placed. */
const lines = (c: Compensated) =>
  c.data.lines.map((l) => [l.posto, l.kwh, l.source, l.sourcePosto, l.sourceKwh, l.rule]);
const compensated = (events: UcEvent[]) => eventOf(events, 'CycleCompensated');

const grupoA = (ucId: string, postos: ('ponta' | 'intermediario' | 'fora_ponta')[] = ['ponta', 'fora_ponta']) =>
  ucRegistered({ ucId, group: 'A', connection: null, postos });
const TE3 = te({ ponta: '0.60', intermediario: '0.40', fora_ponta: '0.30' });

/** Q3, checked on every CycleCompensated: consumed = compensated + billed, per posto, and the lines add up. */
function expectConservation(c: Compensated): void {
  for (const [posto, consumed] of Object.entries(c.data.consumed)) {
    const comp = c.data.compensated[posto as keyof typeof c.data.compensated]!;
    const billed = c.data.billed[posto as keyof typeof c.data.billed]!;
    expect(
      Number(BigInt(consumed!.replace('.', '')) - BigInt(comp.replace('.', '')) - BigInt(billed.replace('.', ''))),
    ).toBe(0);
    const fromLines = c.data.lines
      .filter((l) => l.posto === posto)
      .reduce((a, l) => a + BigInt(l.kwh.replace('.', '')), 0n);
    expect(fromLines).toBe(BigInt(comp.replace('.', '')));
  }
}

describe('R1 own injection, same posto', () => {
  it('R1 offsets min(C, I) in the same posto: consumed 300, injected 1,000 → 300 compensated, 700 excedente', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }))
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([['unico', '300.000', 'own', 'unico', '300.000', 'R1']]);
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(c.data.excedenteKwh).toBe('700.000');
        expectConservation(c);
      });
  });

  it('R1 injection below consumption: consumed 500, injected 200 → 200 compensated, 300 billed, no excedente', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '500', injected: '200' }))
      .then((events) => {
        const c = compensated(events);
        expect(c.data.compensated).toEqual({ unico: '200.000' });
        expect(c.data.billed).toEqual({ unico: '300.000' });
        expect(c.data.excedenteKwh).toBe('0.000');
        expect(events.map((e) => e.type)).toEqual(['ReadingRecorded', 'CycleCompensated']);
      });
  });

  it("R1 comes before R2: each posto is first offset by its own posto's injection", () => {
    given([grupoA('1'), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '100', injected: '100' }, ponta: { consumed: '100', injected: '100' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([
          ['ponta', '100.000', 'own', 'ponta', '100.000', 'R1'],
          ['fora_ponta', '100.000', 'own', 'fora_ponta', '100.000', 'R1'],
        ]);
        expect(c.data.excedenteKwh).toBe('0.000');
      });
  });

  it('R1 a reading with nothing consumed: nothing compensated, nothing billed, all injection is excedente and becomes credit', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '500' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.lines).toEqual([]);
        expect(c.data.compensated).toEqual({ unico: '0.000' });
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(c.data.excedenteKwh).toBe('500.000');
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2026-02-20', '500.000']]);
      });
  });

  it('R1 a reading with nothing consumed and nothing injected records zeros and allocates nothing', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '0' }))
      .then((events, after) => {
        expect(events.map((e) => e.type)).toEqual(['ReadingRecorded', 'CycleCompensated']);
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('0.000');
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(after.credits).toEqual([]);
      });
  });
});

describe('R2 own injection, other posto (P2)', () => {
  it('R2 worked example: fora_ponta 1,000 injected; 600 fp and 200 ponta consumed; TE 0.30 / 0.45 → 100 excedente', () => {
    given([grupoA('1'), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '600', injected: '1000' }, ponta: { consumed: '200', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([
          ['fora_ponta', '600.000', 'own', 'fora_ponta', '600.000', 'R1'],
          ['ponta', '200.000', 'own', 'fora_ponta', '300.000', 'R2'],
        ]);
        expect(c.data.excedenteKwh).toBe('100.000');
        expect(c.data.te).toEqual({ fora_ponta: '0.30', ponta: '0.45' });
        expectConservation(c);
      });
  });

  it('R2 P2 destinations from the highest TE down: ponta (0.60) is served before intermediario (0.40)', () => {
    given([grupoA('1', ['ponta', 'intermediario', 'fora_ponta']), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          {
            ponta: { consumed: '100', injected: '0' },
            intermediario: { consumed: '200', injected: '0' },
            fora_ponta: { consumed: '200', injected: '500' },
          },
          { tariff: TE3 },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        // 300 fp left after R1: ponta 100 costs 200 fp; the last 100 fp buy 75 intermediario.
        expect(lines(c)).toEqual([
          ['fora_ponta', '200.000', 'own', 'fora_ponta', '200.000', 'R1'],
          ['ponta', '100.000', 'own', 'fora_ponta', '200.000', 'R2'],
          ['intermediario', '75.000', 'own', 'fora_ponta', '100.000', 'R2'],
        ]);
        expect(c.data.billed).toEqual({ ponta: '0.000', intermediario: '125.000', fora_ponta: '0.000' });
        expect(c.data.excedenteKwh).toBe('0.000');
        expectConservation(c);
      });
  });

  it('R2 P2 sources from the lowest TE up: fora_ponta (0.30) is spent before intermediario (0.40)', () => {
    given([grupoA('1', ['ponta', 'intermediario', 'fora_ponta']), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          {
            ponta: { consumed: '100', injected: '0' },
            intermediario: { consumed: '0', injected: '100' },
            fora_ponta: { consumed: '0', injected: '100' },
          },
          { tariff: TE3 },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        // 100 fp buy 50 ponta; the other 50 ponta cost 75 intermediario; 25 intermediario remain.
        expect(lines(c)).toEqual([
          ['ponta', '50.000', 'own', 'fora_ponta', '100.000', 'R2'],
          ['ponta', '50.000', 'own', 'intermediario', '75.000', 'R2'],
        ]);
        expect(c.data.excedenteKwh).toBe('25.000');
        expect(eventOf(events, 'ExcedenteAllocated').data.excedente).toEqual([
          { posto: 'intermediario', gdClass: 'GD_II', kwh: '25.000' },
        ]);
      });
  });

  it('R2 a conversion that does not terminate rounds half-even to 1 Wh and records both sides: 100 ponta = 166.667 fp at 0.50 / 0.30', () => {
    given([grupoA('1'), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '0', injected: '1000' }, ponta: { consumed: '100', injected: '0' } },
          {
            tariff: te({ fora_ponta: '0.30', ponta: '0.50' }),
          },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([['ponta', '100.000', 'own', 'fora_ponta', '166.667', 'R2']]);
        expect(c.data.excedenteKwh).toBe('833.333');
        expect(c.data.te).toEqual({ fora_ponta: '0.30', ponta: '0.50' });
        expectConservation(c);
      });
  });

  it('R2 an exact half rounds to even: 100.001 ponta × 0.45 / 0.30 = 150.0015 → 150.002 fp', () => {
    given([grupoA('1'), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '0', injected: '1000' }, ponta: { consumed: '100.001', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        expect(lines(compensated(events))).toEqual([['ponta', '100.001', 'own', 'fora_ponta', '150.002', 'R2']]);
        expect(compensated(events).data.excedenteKwh).toBe('849.998');
      });
  });

  it('R2 the source runs out: 100 fp buy 60 ponta at 0.30 / 0.50; the rest of ponta is billed', () => {
    given([grupoA('1'), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '0', injected: '100' }, ponta: { consumed: '200', injected: '0' } },
          {
            tariff: te({ fora_ponta: '0.30', ponta: '0.50' }),
          },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([['ponta', '60.000', 'own', 'fora_ponta', '100.000', 'R2']]);
        expect(c.data.billed).toEqual({ ponta: '140.000', fora_ponta: '0.000' });
        expect(c.data.excedenteKwh).toBe('0.000');
      });
  });

  it('R2 a reading of a UC with several postos and no TE in force is refused with R2', () => {
    given([grupoA('1'), generationRegistered({ ucId: '1' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { fora_ponta: { consumed: '600', injected: '1000' }, ponta: { consumed: '200', injected: '0' } },
          { tariff: null },
        ),
      )
      .thenThrows(RuleViolation('R2'));
  });

  it('R2 a single-posto (unico) UC needs no TE', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '100', injected: '50' }, { tariff: null }))
      .then((events) => expect(compensated(events).data.te).toBeNull());
  });
});

describe('R8 order of compensation at the receiving UC', () => {
  it('R8 own injection first, then received excedente, then credits; what is left of received excedente becomes credit', () => {
    given([
      ucRegistered({ ucId: '2' }),
      generationRegistered({ ucId: '2' }),
      ownCredit('2', '2025-01-20', '200'),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10' }, [{ kwh: '150' }]),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '400', injected: '100' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.lines.map((l) => [l.kwh, l.source, l.sourceUcId, l.vintage])).toEqual([
          ['100.000', 'own', '2', null],
          ['150.000', 'received', '1', null],
          ['150.000', 'credit', '2', '2025-01-20'],
        ]);
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(c.data.creditsUsed).toEqual([
          { vintage: '2025-01-20', posto: 'unico', gdClass: 'GD_II', sourceUcId: '2', kwh: '150.000' },
        ]);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2025-01-20', '50.000']]);
        expect(after.received).toEqual([]);
      });
  });

  it('R8 received excedente oldest first; the unused rest becomes credit with vintage = this reading', () => {
    given([
      ucRegistered({ ucId: '2' }),
      excedenteReceived('2', { sourceUcId: '3', allocatedOn: '2026-02-10', eventId: 'b' }, [{ kwh: '100' }]),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-01-20', eventId: 'a', sourceCycle: '2026-01' }, [
        { kwh: '50' },
      ]),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '80', injected: '0' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.lines.map((l) => [l.kwh, l.sourceUcId])).toEqual([
          ['50.000', '1'],
          ['30.000', '3'],
        ]);
        expect(c.data.receivedUsed).toEqual([
          { lotId: 'b:0', kwh: '30.000' },
          { lotId: 'a:0', kwh: '50.000' },
        ]);
        expect(c.data.receivedToCredit).toEqual([
          {
            vintage: '2026-02-20',
            posto: 'unico',
            gdClass: 'GD_II',
            kwh: '70.000',
            expiresOn: '2031-02-20',
            sourceUcId: '3',
          },
        ]);
        expect(after.received).toEqual([]);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString(), l.sourceUcId])).toEqual([
          ['2026-02-20', '70.000', '3'],
        ]);
      });
  });

  it('R8 received excedente: same posto before other postos (TE-converted)', () => {
    given([
      grupoA('2'),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10' }, [
        { posto: 'fora_ponta', kwh: '100' },
        { posto: 'ponta', kwh: '50' },
      ]),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '60', injected: '0' }, fora_ponta: { consumed: '0', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([
          ['ponta', '50.000', 'received', 'ponta', '50.000', 'R8'],
          ['ponta', '10.000', 'received', 'fora_ponta', '15.000', 'R8'],
        ]);
        expect(c.data.receivedToCredit.map((l) => [l.posto, l.kwh])).toEqual([['fora_ponta', '85.000']]);
        expectConservation(c);
      });
  });

  it('R8 credits oldest vintage first, whatever order they arrived in', () => {
    given([ucRegistered({ ucId: '2' }), ownCredit('2', '2024-01-20', '100'), ownCredit('2', '2022-01-20', '100')])
      .when(reading('2026-02', '2026-02-20', { consumed: '150', injected: '0' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.lines.map((l) => [l.kwh, l.vintage])).toEqual([
          ['100.000', '2022-01-20'],
          ['50.000', '2024-01-20'],
        ]);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2024-01-20', '50.000']]);
      });
  });

  it('R8 an older credit in another posto is used before a newer credit in the same posto', () => {
    given([
      grupoA('2'),
      ownCredit('2', '2024-01-20', '100', { posto: 'ponta' }),
      ownCredit('2', '2022-01-20', '300', { posto: 'fora_ponta' }),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '100', injected: '0' }, fora_ponta: { consumed: '0', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        expect(
          compensated(events).data.lines.map((l) => [l.posto, l.kwh, l.sourcePosto, l.sourceKwh, l.vintage]),
        ).toEqual([['ponta', '100.000', 'fora_ponta', '150.000', '2022-01-20']]);
      });
  });

  it('R8 within a vintage, the credit of the same posto first', () => {
    given([
      grupoA('2'),
      ownCredit('2', '2024-01-20', '100', { posto: 'fora_ponta' }),
      ownCredit('2', '2024-01-20', '100', { posto: 'ponta' }),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '150', injected: '0' }, fora_ponta: { consumed: '0', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events, after) => {
        expect(lines(compensated(events))).toEqual([
          ['ponta', '100.000', 'credit', 'ponta', '100.000', 'R8'],
          ['ponta', '50.000', 'credit', 'fora_ponta', '75.000', 'R8'],
        ]);
        expect(after.credits.map((l) => [l.posto, l.kwh.toString()])).toEqual([['fora_ponta', '25.000']]);
      });
  });

  it('R8 received excedente is used before an older credit', () => {
    given([
      ucRegistered({ ucId: '2' }),
      ownCredit('2', '2022-01-20', '100'),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10' }, [{ kwh: '100' }]),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '100', injected: '0' }))
      .then((events, after) => {
        expect(compensated(events).data.lines.map((l) => l.source)).toEqual(['received']);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2022-01-20', '100.000']]);
      });
  });

  it('R8 at a UC billed without postos (unico), energy from any posto is used kWh for kWh, with no TE', () => {
    given([
      ucRegistered({ ucId: '2' }),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10' }, [
        { posto: 'ponta', kwh: '40' },
        { posto: 'fora_ponta', kwh: '100' },
      ]),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '120', injected: '0' }, { tariff: null }))
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([
          ['unico', '40.000', 'received', 'ponta', '40.000', 'R8'],
          ['unico', '80.000', 'received', 'fora_ponta', '80.000', 'R8'],
        ]);
        expect(c.data.receivedToCredit.map((l) => [l.posto, l.kwh])).toEqual([['fora_ponta', '20.000']]);
      });
  });

  it("R8 energy from a unico UC counts as fora_ponta at a UC with postos and reaches ponta by R2 with this UC's TE", () => {
    given([
      grupoA('2'),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10' }, [{ posto: 'unico', kwh: '300' }]),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '100', injected: '0' }, fora_ponta: { consumed: '100', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(lines(c)).toEqual([
          ['fora_ponta', '100.000', 'received', 'unico', '100.000', 'R8'],
          ['ponta', '100.000', 'received', 'unico', '150.000', 'R8'],
        ]);
        expect(c.data.receivedToCredit.map((l) => [l.posto, l.kwh])).toEqual([['unico', '50.000']]);
        expectConservation(c);
      });
  });

  it('R8 a tariff change never changes the kWh of a credit: it is converted with the TE in force where it is used', () => {
    const history = [grupoA('2'), ownCredit('2', '2025-06-20', '300', { posto: 'fora_ponta' })];
    const first = given(history)
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '100', injected: '0' }, fora_ponta: { consumed: '0', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events, after) => {
        expect(lines(compensated(events))).toEqual([['ponta', '100.000', 'credit', 'fora_ponta', '150.000', 'R8']]);
        expect(after.credits.map((l) => l.kwh.toString())).toEqual(['150.000']);
      });
    given([...history, ...first])
      .when(
        reading(
          '2026-03',
          '2026-03-20',
          { ponta: { consumed: '100', injected: '0' }, fora_ponta: { consumed: '0', injected: '0' } },
          {
            tariff: te({ fora_ponta: '0.30', ponta: '0.60' }, '2026-03-01'),
          },
        ),
      )
      .then((events, after) => {
        // 150 fp kWh buy 75 ponta at the new TE; the credit's kWh were never rescaled.
        expect(lines(compensated(events))).toEqual([['ponta', '75.000', 'credit', 'fora_ponta', '150.000', 'R8']]);
        expect(after.credits).toEqual([]);
      });
  });
});

describe('R8 order within one age ("decided")', () => {
  const sources = (c: Compensated) => c.data.lines.map((l) => [l.sourceUcId, l.sourcePosto, l.gdClass, l.kwh]);

  it('R8 within one vintage, GD I before GD II before GD III, whatever the source UC number', () => {
    given([
      ucRegistered({ ucId: '2' }),
      creditFrom('2', '3', '2025-01-20', '100', { gdClass: 'GD_III' }),
      creditFrom('2', '4', '2025-01-20', '100', { gdClass: 'GD_II' }),
      creditFrom('2', '5', '2025-01-20', '100', { gdClass: 'GD_I' }),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '250', injected: '0' }))
      .then((events) => {
        expect(sources(compensated(events))).toEqual([
          ['5', 'unico', 'GD_I', '100.000'],
          ['4', 'unico', 'GD_II', '100.000'],
          ['3', 'unico', 'GD_III', '50.000'],
        ]);
      });
  });

  it("R8 within one age and class, the posto's own lots before a `unico` lot that only counts as fora_ponta", () => {
    given([
      grupoA('2'),
      creditFrom('2', '7', '2025-01-20', '100', { posto: 'unico' }),
      creditFrom('2', '8', '2025-01-20', '100', { posto: 'fora_ponta' }),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '0', injected: '0' }, fora_ponta: { consumed: '150', injected: '0' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        expect(sources(compensated(events))).toEqual([
          ['8', 'fora_ponta', 'GD_II', '100.000'],
          ['7', 'unico', 'GD_II', '50.000'],
        ]);
      });
  });

  it('R8 within one age, class and posto, the lowest source UC number first (numerically: 9 before 10)', () => {
    given([
      ucRegistered({ ucId: '2' }),
      creditFrom('2', '10', '2025-01-20', '100'),
      creditFrom('2', '9', '2025-01-20', '100'),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '150', injected: '0' }))
      .then((events) => {
        expect(sources(compensated(events))).toEqual([
          ['9', 'unico', 'GD_II', '100.000'],
          ['10', 'unico', 'GD_II', '50.000'],
        ]);
      });
  });

  it('R8 received excedente of one allocation date: GD I before GD II, then the lowest source UC', () => {
    given([
      ucRegistered({ ucId: '2' }),
      excedenteReceived('2', { sourceUcId: '6', allocatedOn: '2026-02-10' }, [{ gdClass: 'GD_II', kwh: '100' }]),
      excedenteReceived('2', { sourceUcId: '7', allocatedOn: '2026-02-10' }, [{ gdClass: 'GD_I', kwh: '100' }]),
      excedenteReceived('2', { sourceUcId: '5', allocatedOn: '2026-02-10' }, [{ gdClass: 'GD_II', kwh: '100' }]),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '250', injected: '0' }))
      .then((events) => {
        expect(sources(compensated(events))).toEqual([
          ['7', 'unico', 'GD_I', '100.000'],
          ['5', 'unico', 'GD_II', '100.000'],
          ['6', 'unico', 'GD_II', '50.000'],
        ]);
      });
  });
});

describe('R10 Grupo B minimum (P10)', () => {
  it('R10 worked example: trifásico, GD I only, consumed 1,000, injected 1,000 → 900 compensated, 100 billed, 100 credit', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2022-06-01' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('900.000');
        expect(c.data.billed).toEqual({ unico: '100.000' });
        expect(c.data.minimumKwh).toBe('100.000');
        expect(c.data.minimumApplied).toBe(true);
        expect(c.data.rules).toContain('R10');
        expect(after.credits.map((l) => [l.kwh.toString(), l.gdClass])).toEqual([['100.000', 'GD_I']]);
      });
  });

  it.each([
    ['monofasico', '30.000', '170.000', '330.000'],
    ['bifasico', '50.000', '150.000', '350.000'],
    ['trifasico', '100.000', '100.000', '400.000'],
  ] as const)(
    'R10 %s GD I: consumed 200, injected 500 → billed %s, compensated %s, excedente %s',
    (connection, billed, comp, exc) => {
      given([ucRegistered({ ucId: '1', connection }), generationRegistered({ ucId: '1', requestedAt: '2022-06-01' })])
        .when(reading('2026-02', '2026-02-20', { consumed: '200', injected: '500' }))
        .then((events) => {
          const c = compensated(events);
          expect(c.data.billed).toEqual({ unico: billed });
          expect(c.data.compensatedKwh).toBe(comp);
          expect(c.data.minimumKwh).toBe(billed);
          expect(c.data.excedenteKwh).toBe(exc);
        });
    },
  );

  it('R10 GD I only with consumption below the minimum: nothing is compensated, all injection is excedente', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2022-06-01' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '80', injected: '200' }))
      .then((events) => {
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('0.000');
        expect(c.data.billed).toEqual({ unico: '80.000' });
        expect(c.data.excedenteKwh).toBe('200.000');
      });
  });

  it('R10 the floor also holds when the GD I sources are credits and received excedente', () => {
    given([
      ucRegistered({ ucId: '2', connection: 'bifasico' }),
      ownCredit('2', '2022-05-20', '300', { gdClass: 'GD_I' }),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-10' }, [{ gdClass: 'GD_I', kwh: '100' }]),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '250', injected: '0' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.lines.map((l) => [l.source, l.kwh])).toEqual([
          ['received', '100.000'],
          ['credit', '100.000'],
        ]);
        expect(c.data.billed).toEqual({ unico: '50.000' });
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2022-05-20', '200.000']]);
      });
  });

  it('R10 GD II only: no kWh floor, all consumption may be compensated (the minimum is a money floor, R17)', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2024-01-10' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }))
      .then((events) => {
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('1000.000');
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(c.data.minimumApplied).toBe(false);
        expect(c.data.rules).not.toContain('R10');
      });
  });

  it('R10 mixed classes (GD I own injection, a GD II credit at hand): no kWh floor', () => {
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', requestedAt: '2022-06-01' }),
      ownCredit('1', '2025-01-20', '50', { gdClass: 'GD_II' }),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }))
      .then((events, after) => {
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('1000.000');
        expect(c.data.billed).toEqual({ unico: '0.000' });
        expect(c.data.minimumApplied).toBe(false);
        expect(c.data.lines.map((l) => [l.source, l.gdClass])).toEqual([['own', 'GD_I']]);
        expect(after.credits.map((l) => [l.gdClass, l.kwh.toString()])).toEqual([['GD_II', '50.000']]);
      });
  });

  it('R10 a tranche of GD II added to a GD I plant makes the sources mixed: no floor', () => {
    given([
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
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }))
      .then((events) => {
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('1000.000');
        // R16 "Tranches": the generator's own consumption uses GD I energy before GD II.
        expect(c.data.lines.map((l) => [l.gdClass, l.kwh])).toEqual([
          ['GD_I', '500.000'],
          ['GD_II', '500.000'],
        ]);
      });
  });
});

describe('R11 Grupo A', () => {
  it('R11 Grupo A GD I: no kWh floor, consumed 1,000, injected 1,000 → 1,000 compensated', () => {
    given([
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['fora_ponta'] }),
      generationRegistered({ ucId: '1', requestedAt: '2022-06-01' }),
    ])
      .when(reading('2026-02', '2026-02-20', { fora_ponta: { consumed: '1000', injected: '1000' } }, { tariff: te() }))
      .then((events) => {
        const c = compensated(events);
        expect(c.data.compensatedKwh).toBe('1000.000');
        expect(c.data.minimumKwh).toBeNull();
        expect(c.data.minimumApplied).toBe(false);
        expect(c.data.rules).toContain('R11');
      });
  });

  it('R11 energy is compensated per posto: each posto has its own compensated and billed kWh', () => {
    given([grupoA('1'), generationRegistered({ ucId: '1', requestedAt: '2022-06-01' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '100', injected: '0' }, fora_ponta: { consumed: '500', injected: '400' } },
          { tariff: te() },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expect(c.data.compensated).toEqual({ ponta: '0.000', fora_ponta: '400.000' });
        expect(c.data.billed).toEqual({ ponta: '100.000', fora_ponta: '100.000' });
        expectConservation(c);
      });
  });
});

describe('Q3 conservation', () => {
  it('Q3 per posto: consumed = compensated + billed, with own injection, received excedente, credits and conversions', () => {
    given([
      grupoA('2', ['ponta', 'intermediario', 'fora_ponta']),
      generationRegistered({ ucId: '2' }),
      ownCredit('2', '2023-03-20', '77.777', { posto: 'intermediario' }),
      creditFrom('2', '9', '2024-05-05', '33.333', { posto: 'ponta' }),
      excedenteReceived('2', { sourceUcId: '1', allocatedOn: '2026-02-01' }, [
        { posto: 'fora_ponta', kwh: '12.345' },
        { posto: 'unico', kwh: '10' },
      ]),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          {
            ponta: { consumed: '123.457', injected: '1.001' },
            intermediario: { consumed: '99.999', injected: '0' },
            fora_ponta: { consumed: '50.5', injected: '60.007' },
          },
          { tariff: te({ ponta: '0.71234567', intermediario: '0.43', fora_ponta: '0.29876543' }) },
        ),
      )
      .then((events) => {
        const c = compensated(events);
        expectConservation(c);
        expect(c.data.lines.length).toBeGreaterThan(4);
      });
  });

  it('Q3 the excedente of a reading ends up allocated or retained as credit, to the Wh', () => {
    given([ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '0.001', injected: '0.002' }))
      .then((events, after) => {
        const a = eventOf(events, 'ExcedenteAllocated');
        expect(a.data.excedenteKwh).toBe('0.001');
        expect(a.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '0.001' }]);
        expect(after.credits.map((l) => l.kwh.toString())).toEqual(['0.001']);
      });
  });
});
