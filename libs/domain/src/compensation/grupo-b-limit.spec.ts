import { Money, type CyclePricing } from '../money/cycle-pricing';
import { InvalidInput, RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { generationRegistered, reading, te, ucRegistered } from '../testing/fixtures';
import { creditFrom, readingRecorded } from '../testing/more-fixtures';
import type { UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import type { Posto } from '../values/posto';

const compensated = (events: UcEvent[]) => eventOf(events, 'CycleCompensated');

/** T per posto and the same f for every posto: GD I 0, GD II and GD III as given (R$/kWh). */
function pricing(T: Partial<Record<Posto, string>>, fII: string, fIII = fII): CyclePricing {
  const postos = Object.keys(T) as Posto[];
  return {
    T: Object.fromEntries(postos.map((p) => [p, new Money(T[p]!)])),
    f: Object.fromEntries(
      postos.map((p) => [p, { GD_I: new Money(0), GD_II: new Money(fII), GD_III: new Money(fIII) }]),
    ),
  };
}

const gd1Plant = [ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2022-06-01' })];
const gd2Plant = [ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', requestedAt: '2024-01-10' })];
/** UC 2, trifásico (P = 100), with 500 kWh of GD II credit. */
const withGd2Credit = (over: Partial<Extract<UcEvent, { type: 'UcRegistered' }>['data']> = {}) => [
  ucRegistered({ ucId: '2', ...over }),
  creditFrom('2', '1', '2025-06-20', '500', { gdClass: 'GD_II' }),
];

describe('R10 P10 `cap`', () => {
  it('R10 worked example: T 1.00, f 0.09, P 100, C 150, 500 kWh GD II credit → E 54.945 (rounded down), billed 95.055', () => {
    given(withGd2Credit())
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '150', injected: '0' },
          { p10: 'cap', pricing: pricing({ unico: '1.00' }, '0.09') },
        ),
      )
      .then((events, after) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('54.945');
        expect(c.billed).toEqual({ unico: '95.055' });
        expect(c.minimumApplied).toBe(true);
        expect(c.rules).toContain('R10');
        // What is not used stays where it was: the credit keeps the rest.
        expect(after.credits.map((l) => l.kwh.toString())).toEqual(['445.055']);
        // Recorded inputs: a replay re-derives the same kWh.
        expect(c.p10).toBe('cap');
        expect(c.pricing).toEqual({ T: { unico: '1' }, f: { unico: { GD_I: '0', GD_II: '0.09', GD_III: '0.09' } } });
        expect([c.subgrupo, c.baixaRenda, c.shortCycle]).toEqual(['B1', false, false]);
      });
  });

  it('R10 with only GD I sources the cap is E ≤ C − P for any T, and needs no tariff', () => {
    given(gd1Plant)
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }, { p10: 'cap', pricing: null }))
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('900.000');
        expect(c.billed).toEqual({ unico: '100.000' });
        expect(c.excedenteKwh).toBe('100.000');
        expect(c.pricing).toBeNull();
      });
  });

  it('R10 a reading that needs T or f (`cap`, a source other than GD I) and has no tariff is refused with R10', () => {
    given(withGd2Credit())
      .when(reading('2026-02', '2026-02-20', { consumed: '150', injected: '0' }, { p10: 'cap', pricing: null }))
      .thenThrows(RuleViolation('R10'));
    given(gd2Plant)
      .when(reading('2026-02', '2026-02-20', { consumed: '150', injected: '500' }, { p10: 'cap' }))
      .thenThrows(RuleViolation('R10'));
  });

  it('R10 a reading with nothing to draw on, or nothing consumed, needs no tariff and records no cap', () => {
    given([ucRegistered({ ucId: '2' })])
      .when(reading('2026-02', '2026-02-20', { consumed: '150', injected: '0' }, { p10: 'cap' }))
      .then((events) =>
        expect([compensated(events).data.minimumApplied, compensated(events).data.rules.includes('R10')]).toEqual([
          false,
          false,
        ]),
      );
    given(gd2Plant)
      .when(reading('2026-02', '2026-02-20', { consumed: '0', injected: '500' }, { p10: 'cap' }))
      .then((events) => expect(compensated(events).data.excedenteKwh).toBe('500.000'));
  });

  it("R10 a tariff without the T of the UC's posto is refused with R10", () => {
    given(withGd2Credit())
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '150', injected: '0' },
          { p10: 'cap', pricing: pricing({ fora_ponta: '1.00' }, '0.09') },
        ),
      )
      .thenThrows(RuleViolation('R10'));
  });

  it('R10 own GD II injection not used under the cap becomes excedente', () => {
    given(gd2Plant)
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '150', injected: '500' },
          { p10: 'cap', pricing: pricing({ unico: '1.00' }, '0.09') },
        ),
      )
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('54.945');
        expect(c.excedenteKwh).toBe('445.055');
      });
  });

  it("R10 taken in R8's order: own GD I injection first spends the budget at full T, the GD II credit is left", () => {
    given([...gd1Plant, creditFrom('1', '3', '2025-06-20', '500', { gdClass: 'GD_II' })])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '150', injected: '100' },
          { p10: 'cap', pricing: pricing({ unico: '1.00' }, '0.09') },
        ),
      )
      .then((events, after) => {
        const c = compensated(events).data;
        expect(c.lines.map((l) => [l.source, l.gdClass, l.kwh])).toEqual([['own', 'GD_I', '50.000']]);
        expect(c.excedenteKwh).toBe('50.000');
        expect(after.credits.filter((l) => l.sourceUcId === '3').map((l) => l.kwh.toString())).toEqual(['500.000']);
      });
  });

  it('R10 a source whose T − f ≤ 0 is not limited by the budget, only by C', () => {
    given(withGd2Credit())
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '150', injected: '0' },
          { p10: 'cap', pricing: pricing({ unico: '0.50' }, '0.50') },
        ),
      )
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('150.000'));
  });

  it('R10 consumption at or below P: nothing from a GD II source is compensated', () => {
    given(withGd2Credit())
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '80', injected: '0' },
          { p10: 'cap', pricing: pricing({ unico: '1.00' }, '0.09') },
        ),
      )
      .then((events) => {
        expect(compensated(events).data.compensatedKwh).toBe('0.000');
        expect(compensated(events).data.billed).toEqual({ unico: '80.000' });
      });
  });

  it('R10 a Grupo B UC with postos: Σ E_l (T_l − f_l) ≤ Σ C_p T_p − P × T(fora_ponta)', () => {
    // Budget 50 × 2.00 + 100 × 1.00 − 100 × 1.00 = 100. fora_ponta 100 kWh cost 0.90 each (90); the 10 left buy
    // floor(10 / 1.90) = 5.263 ponta kWh (R2: 7.894 fora_ponta kWh at TE 0.45 / 0.30).
    given([
      ucRegistered({ ucId: '2', postos: ['ponta', 'fora_ponta'] }),
      creditFrom('2', '1', '2025-06-20', '500', { gdClass: 'GD_II', posto: 'fora_ponta' }),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { ponta: { consumed: '50', injected: '0' }, fora_ponta: { consumed: '100', injected: '0' } },
          { tariff: te(), p10: 'cap', pricing: pricing({ ponta: '2.00', fora_ponta: '1.00' }, '0.10') },
        ),
      )
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensated).toEqual({ ponta: '5.263', fora_ponta: '100.000' });
        expect(c.lines.map((l) => [l.posto, l.kwh, l.sourceKwh])).toEqual([
          ['fora_ponta', '100.000', '100.000'],
          ['ponta', '5.263', '7.894'],
        ]);
      });
  });
});

describe('R10 P10 `greater-of`', () => {
  it('R10 every source GD I: E ≤ C − P', () => {
    given(gd1Plant)
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }, { p10: 'greater-of' }))
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('900.000'));
  });

  it('R10 a source other than GD I: all consumption may be compensated (E ≤ C), with no tariff', () => {
    given(withGd2Credit())
      .when(reading('2026-02', '2026-02-20', { consumed: '150', injected: '0' }, { p10: 'greater-of' }))
      .then((events) => {
        expect(compensated(events).data.compensatedKwh).toBe('150.000');
        expect(compensated(events).data.p10).toBe('greater-of');
      });
  });
});

describe('R10 baixa renda', () => {
  it('R10 baixa renda is not capped by §2 I: E ≤ C − 80 kWh, with GD II sources and no tariff, in `cap` mode', () => {
    given(withGd2Credit({ baixaRenda: true }))
      .when(reading('2026-02', '2026-02-20', { consumed: '200', injected: '0' }, { p10: 'cap' }))
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('120.000');
        expect(c.baixaRenda).toBe(true);
      });
  });

  it('R10 baixa renda with GD I only: C − 80, not C − P; below 80 kWh nothing is compensated', () => {
    const plant = [
      ucRegistered({ ucId: '1', baixaRenda: true }),
      generationRegistered({ ucId: '1', requestedAt: '2022-06-01' }),
    ];
    given(plant)
      .when(reading('2026-02', '2026-02-20', { consumed: '200', injected: '500' }, { p10: 'cap' }))
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('120.000'));
    given(plant)
      .when(reading('2026-02', '2026-02-20', { consumed: '70', injected: '500' }, { p10: 'greater-of' }))
      .then((events) => expect(compensated(events).data.compensatedKwh).toBe('0.000'));
  });
});

describe('R10 cycles under 27 days', () => {
  it('R10 a first reading 20 days after registration: no minimum, no cap (E ≤ C), recorded', () => {
    given([
      ucRegistered({ ucId: '1', registeredAt: '2026-02-01' }),
      generationRegistered({ ucId: '1', requestedAt: '2022-06-01' }),
    ])
      .when(reading('2026-02', '2026-02-20', { consumed: '1000', injected: '1000' }, { p10: 'cap' }))
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('1000.000');
        expect([c.cycleDays, c.shortCycle]).toEqual([20, true]);
      });
  });

  it('R10 a GD II source in a short cycle needs no tariff even in `cap` mode', () => {
    given([...withGd2Credit(), readingRecorded('2', '2026-01', '2026-01-20')])
      .when(reading('2026-02', '2026-02-15', { consumed: '150', injected: '0' }, { p10: 'cap' }))
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('150.000');
        expect([c.cycleDays, c.shortCycle]).toEqual([26, true]);
      });
  });

  it('R10 27 days is not short: the cap applies (from the day after the previous reading to the reading date)', () => {
    given([...gd1Plant, readingRecorded('1', '2026-01', '2026-01-20')])
      .when(reading('2026-02', '2026-02-16', { consumed: '1000', injected: '1000' }, { p10: 'cap' }))
      .then((events) => {
        const c = compensated(events).data;
        expect(c.compensatedKwh).toBe('900.000');
        expect([c.cycleDays, c.shortCycle]).toEqual([27, false]);
      });
  });

  it('R10 a short cycle of a Grupo A UC is no matter: Grupo A has no minimum (R11)', () => {
    given([
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['fora_ponta'], registeredAt: '2026-02-10' }),
    ])
      .when(reading('2026-02', '2026-02-20', { fora_ponta: { consumed: '10', injected: '0' } }, { tariff: te() }))
      .then((events) => expect(compensated(events).data.shortCycle).toBe(false));
  });
});

describe('R22 subgrupo and baixa renda at registration', () => {
  const register = (over: Record<string, unknown>): UcCommand => ({
    type: 'RegisterUc',
    data: {
      ucId: '1',
      distribuidora: 'copel',
      titular: { document: '52998224725', name: 'Ana' },
      group: 'B',
      connection: 'monofasico',
      postos: ['unico'],
      registeredAt: '2026-01-01',
      ...over,
    } as Extract<UcCommand, { type: 'RegisterUc' }>['data'],
  });
  const registered = (events: UcEvent[]) => eventOf(events, 'UcRegistered').data;

  it('R22 the subgrupo defaults to B1 for Grupo B and A4 for Grupo A; baixa renda defaults to false', () => {
    given([])
      .when(register({}))
      .then((events, after) => {
        expect([registered(events).subgrupo, registered(events).baixaRenda]).toEqual(['B1', false]);
        expect([after.subgrupo, after.baixaRenda]).toEqual(['B1', false]);
      });
    given([])
      .when(register({ group: 'A', connection: null, postos: ['ponta', 'fora_ponta'] }))
      .then((events) => expect(registered(events).subgrupo).toBe('A4'));
  });

  it('R22 a named subgrupo and baixa renda are recorded and kept', () => {
    given([])
      .when(register({ subgrupo: 'B3', baixaRenda: true }))
      .then((events, after) => {
        expect([registered(events).subgrupo, registered(events).baixaRenda]).toEqual(['B3', true]);
        expect([after.subgrupo, after.baixaRenda]).toEqual(['B3', true]);
      });
  });

  it('R22 an unknown subgrupo, or one of the other group, is not a value a UC can have', () => {
    given([])
      .when(register({ subgrupo: 'B9' }))
      .thenThrows(InvalidInput);
    given([])
      .when(register({ subgrupo: 'A4' }))
      .thenThrows(InvalidInput);
    given([])
      .when(register({ baixaRenda: 'sim' }))
      .thenThrows(InvalidInput);
  });
});
