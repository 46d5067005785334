import { RuleViolation, StateConflict } from '../shared/errors';
import { CNPJ_FILIAL, CNPJ_MATRIZ, CPF_ANA, CPF_BRUNO, facts, factsMap } from '../testing/fixtures';
import { creditsHeld, givenTitular, lot, titularEventOf, titularJson } from '../testing/titular-specification';
import type { UcFacts } from '../eligibility/uc-facts';
import type { BusinessDate } from '../values/business-date';
import { dueDefaults, type TitularCommand, type TitularEvent } from './titular-decider';

// Ana's UC 1 changed titular on 2026-02-10 (R18): two lots are held for her until the deadline 2026-03-12 (R20).
const HELD_LOTS = [lot('2024-03-20', '200.000', { gdClass: 'GD_I' }), lot('2025-07-20', '100.001')];
const held = creditsHeld({ fromUcId: '1', rule: 'R18', date: '2026-02-10', deadline: '2026-03-12', lots: HELD_LOTS });

const indicate = (
  date: string,
  shares: [string, string][],
  ucFacts: UcFacts[],
  over: { document?: string; sourceUcId?: string } = {},
): TitularCommand => ({
  type: 'IndicateReallocation',
  data: {
    document: over.document ?? CPF_ANA,
    sourceUcId: over.sourceUcId ?? '1',
    date,
    shares: shares.map(([ucId, percent]) => ({ ucId, percent })),
  },
  context: { facts: factsMap(...ucFacts) },
});
const applyDefault = (date: string, candidates: UcFacts[], fromUcId = '1'): TitularCommand => ({
  type: 'ApplyReallocationDefault',
  data: { fromUcId, date },
  context: { candidates },
});
const pickUp = (date: string, uc: UcFacts): TitularCommand => ({
  type: 'PickUpHeldCredits',
  data: { ucId: uc.ucId, date },
  context: { facts: uc },
});
const consumption = (kwh: string, readingDate = '2026-03-01') => ({ latestConsumption: { readingDate, kwh } });

describe('R18 credits held for the titular', () => {
  it('R18 HoldCredits records the lots with their vintage and expiry, and opens a window until d + 30', () => {
    const d = held.data as Extract<TitularEvent, { type: 'CreditsHeldForTitular' }>['data'];
    givenTitular([])
      .when({ type: 'HoldCredits', data: d })
      .then((events, after) => {
        expect(events).toEqual([held]);
        expect(after.key).toBe(CPF_ANA);
        expect(
          after.held.map((h) => [h.fromUcId, h.lot.vintage, h.lot.expiresOn, h.lot.kwh.toString(), h.lot.gdClass]),
        ).toEqual([
          ['1', '2024-03-20', '2029-03-20', '200.000', 'GD_I'],
          ['1', '2025-07-20', '2030-07-20', '100.001', 'GD_II'],
        ]);
        expect(after.windows).toEqual([
          { fromUcId: '1', rule: 'R18', date: '2026-02-10', deadline: '2026-03-12', status: 'open' },
        ]);
      });
  });

  it('R18 held credits expire in the titular stream at their expiry date (R9)', () => {
    givenTitular([held])
      .when({ type: 'ExpireHeldCredits', data: { date: '2029-03-20' } })
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'HeldCreditsExpired',
            data: {
              titularKey: CPF_ANA,
              date: '2029-03-20',
              lots: [{ ...HELD_LOTS[0], fromUcId: '1' }],
              totalKwh: '200.000',
            },
          },
        ]);
        expect(after.held.map((h) => h.lot.vintage)).toEqual(['2025-07-20']);
      });
    givenTitular([held])
      .when({ type: 'ExpireHeldCredits', data: { date: '2029-03-19' } })
      .then([]);
  });
});

describe('R14 no trade in credits', () => {
  it('R14 an indication with nothing held for the titular is refused', () => {
    givenTitular([])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2')]))
      .thenThrows(RuleViolation('R14'));
  });

  it('R14 an indication for a UC from which nothing is held is refused', () => {
    givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2')], { sourceUcId: '5' }))
      .thenThrows(RuleViolation('R14'));
  });

  it('R20 an indication naming a UC of another titular is refused with R20 (not an active UC of the titular key)', () => {
    givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2', { titularKey: CPF_BRUNO })]))
      .thenThrows(RuleViolation('R20'));
    givenTitular([held])
      .when(
        indicate(
          '2026-02-20',
          [
            ['2', '50'],
            ['3', '50'],
          ],
          [facts('2'), facts('3', { titularKey: CPF_BRUNO })],
        ),
      )
      .thenThrows(RuleViolation('R20'));
  });

  it('R14 another titular cannot indicate where credits held for Ana go', () => {
    givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2', { titularKey: CPF_BRUNO })], { document: CPF_BRUNO }))
      .thenThrows(RuleViolation('R14'));
  });

  it('R14 once the credits moved, a second indication within the window has nothing held for it', () => {
    const first = givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2')]))
      .then(() => undefined);
    givenTitular([held, ...first])
      .when(indicate('2026-02-25', [['3', '100']], [facts('3')]))
      .thenThrows(RuleViolation('R14'));
  });
});

describe('R20 the 30 days', () => {
  it('R20 an indication on the deadline goes by percentage to UCs of the same titular key and distribuidora', () => {
    givenTitular([held])
      .when(
        indicate(
          '2026-03-12',
          [
            ['2', '25'],
            ['3', '75'],
          ],
          [facts('2'), facts('3')],
        ),
      )
      .then((events, after) => {
        expect(events.map((e) => e.type)).toEqual(['ReallocationIndicated', 'HeldCreditsReallocated']);
        const moved = titularEventOf(events, 'HeldCreditsReallocated').data;
        expect(moved).toMatchObject({
          rule: 'R20',
          reason: 'indication',
          date: '2026-03-12',
          fromUcId: '1',
          titularKey: CPF_ANA,
          distribuidora: 'copel',
        });
        expect(moved.inputs).toEqual({
          shares: [
            { ucId: '2', percent: '25' },
            { ucId: '3', percent: '75' },
          ],
          deadline: '2026-03-12',
          facts: [facts('2'), facts('3')],
        });
        // Each lot split on its own (Q2), keeping vintage and expiry.
        expect(moved.outcome).toEqual([
          { ucId: '2', lots: [lot('2024-03-20', '50.000', { gdClass: 'GD_I' }), lot('2025-07-20', '25.000')] },
          { ucId: '3', lots: [lot('2024-03-20', '150.000', { gdClass: 'GD_I' }), lot('2025-07-20', '75.001')] },
        ]);
        expect(after.held).toEqual([]);
        expect(after.windows[0].status).toBe('moved');
      });
  });

  it('R20 a CNPJ titular may indicate a filial: same root, same titular key', () => {
    const company = titularJson(CNPJ_MATRIZ);
    const heldForCompany = creditsHeld({
      date: '2026-02-10',
      deadline: '2026-03-12',
      lots: HELD_LOTS,
      titular: company,
    });
    givenTitular([heldForCompany])
      .when(
        indicate('2026-02-11', [['2', '100']], [facts('2', { titularKey: CNPJ_FILIAL.slice(0, 8) })], {
          document: CNPJ_FILIAL,
        }),
      )
      .then((events) =>
        expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome.map((o) => o.ucId)).toEqual(['2']),
      );
  });

  it('R20 an indication the day after the deadline is refused with R20', () => {
    givenTitular([held])
      .when(indicate('2026-03-13', [['2', '100']], [facts('2')]))
      .thenThrows(RuleViolation('R20'));
  });

  it('R20 an indication after the deadline is refused with R20 also once the default has run (moved or kept)', () => {
    const moved = givenTitular([held])
      .when(applyDefault('2026-03-13', [facts('2')]))
      .then(() => undefined);
    givenTitular([held, ...moved])
      .when(indicate('2026-03-20', [['2', '100']], [facts('2')]))
      .thenThrows(RuleViolation('R20'));
    const kept = givenTitular([held])
      .when(applyDefault('2026-03-13', []))
      .then(() => undefined);
    givenTitular([held, ...kept])
      .when(indicate('2026-03-20', [['2', '100']], [facts('2')]))
      .thenThrows(RuleViolation('R20'));
  });

  it('R20 shares that do not add up to exactly 100 are refused with R20', () => {
    givenTitular([held])
      .when(
        indicate(
          '2026-02-20',
          [
            ['2', '60'],
            ['3', '30'],
          ],
          [facts('2'), facts('3')],
        ),
      )
      .thenThrows(RuleViolation('R20'));
    givenTitular([held])
      .when(
        indicate(
          '2026-02-20',
          [
            ['2', '60'],
            ['3', '40.0001'],
          ],
          [facts('2'), facts('3')],
        ),
      )
      .thenThrows(RuleViolation('R20'));
  });

  it('R20 a UC of another distribuidora, a closed UC, or an unknown UC cannot be indicated', () => {
    givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2', { distribuidora: 'enel' })]))
      .thenThrows(RuleViolation('R20'));
    givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], [facts('2', { status: 'closed' })]))
      .thenThrows(RuleViolation('R20'));
    givenTitular([held])
      .when(indicate('2026-02-20', [['2', '100']], []))
      .thenThrows(RuleViolation('R20'));
  });

  it('R20 the default does not run on the deadline itself', () => {
    givenTitular([held])
      .when(applyDefault('2026-03-12', [facts('2')]))
      .thenThrows(StateConflict);
    expect(dueDefaults(givenTitular([held]).state, '2026-03-12' as BusinessDate)).toEqual([]);
    expect(dueDefaults(givenTitular([held]).state, '2026-03-13' as BusinessDate).map((w) => w.fromUcId)).toEqual(['1']);
  });

  it('R20 default on the first day after the deadline: the active UC with the largest consumption, naming inputs and outcome', () => {
    givenTitular([held])
      .when(
        applyDefault('2026-03-13', [
          facts('2', consumption('150')),
          facts('3', consumption('400')),
          facts('4', { ...consumption('900'), status: 'closed' }),
          facts('5', { ...consumption('990'), titularKey: CPF_BRUNO }),
          facts('6', { ...consumption('999'), distribuidora: 'enel' }),
        ]),
      )
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'HeldCreditsReallocated',
            data: {
              titularKey: CPF_ANA,
              distribuidora: 'copel',
              fromUcId: '1',
              rule: 'R20',
              reason: 'default',
              date: '2026-03-13',
              inputs: {
                deadline: '2026-03-12',
                facts: [
                  facts('2', consumption('150')),
                  facts('3', consumption('400')),
                  facts('4', { ...consumption('900'), status: 'closed' }),
                  facts('5', { ...consumption('990'), titularKey: CPF_BRUNO }),
                  facts('6', { ...consumption('999'), distribuidora: 'enel' }),
                ],
                candidates: [
                  { ucId: '2', consumptionKwh: '150.000' },
                  { ucId: '3', consumptionKwh: '400.000' },
                ],
              },
              outcome: [{ ucId: '3', lots: HELD_LOTS }],
            },
          },
        ]);
        expect(after.held).toEqual([]);
      });
  });

  it('R20 default ties go to the lowest UC number (numeric order: 9 before 10)', () => {
    givenTitular([held])
      .when(
        applyDefault('2026-03-13', [
          facts('10', consumption('300')),
          facts('9', consumption('300')),
          facts('11', consumption('100')),
        ]),
      )
      .then((events) =>
        expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome.map((o) => o.ucId)).toEqual(['9']),
      );
  });

  it('R20 largest consumption reads the latest reading dated on or before the default’s date', () => {
    givenTitular([held])
      .when(
        applyDefault('2026-03-13', [
          facts('2', consumption('100', '2026-03-13')),
          facts('3', consumption('5000', '2026-03-14')),
        ]),
      )
      .then((events) =>
        expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome.map((o) => o.ucId)).toEqual(['2']),
      );
  });

  it('R20 with no active UC of the titular in the distribuidora the credits stay held (the event names the inputs)', () => {
    const candidates = [facts('4', { status: 'closed' })];
    givenTitular([held])
      .when(applyDefault('2026-03-13', candidates))
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'HeldCreditsKept',
            data: { titularKey: CPF_ANA, fromUcId: '1', rule: 'R20', date: '2026-03-13', inputs: { candidates } },
          },
        ]);
        expect(after.held).toHaveLength(2);
        expect(after.windows[0]).toMatchObject({ status: 'held', defaultedOn: '2026-03-13' });
      });
  });

  describe('R20 held credits go to the first UC of the titular key registered in the distribuidora after the default', () => {
    const kept: TitularEvent[] = [
      held,
      {
        type: 'HeldCreditsKept',
        data: { titularKey: CPF_ANA, fromUcId: '1', rule: 'R20', date: '2026-03-13', inputs: { candidates: [] } },
      },
    ];

    it('R20 a UC registered after the default picks them up, vintage and expiry kept', () => {
      givenTitular(kept)
        .when(pickUp('2026-06-01', facts('8', { registeredAt: '2026-05-30' })))
        .then((events, after) => {
          const moved = titularEventOf(events, 'HeldCreditsReallocated').data;
          expect(moved).toMatchObject({
            rule: 'R20',
            reason: 'new-uc',
            date: '2026-06-01',
            outcome: [{ ucId: '8', lots: HELD_LOTS }],
          });
          expect(moved.inputs).toEqual({
            defaultedOn: '2026-03-13',
            newUc: facts('8', { registeredAt: '2026-05-30' }),
          });
          expect(after.held).toEqual([]);
          // A second new UC finds nothing left.
          givenTitular([...kept, ...events])
            .when(pickUp('2026-07-01', facts('9', { registeredAt: '2026-06-30' })))
            .then([]);
        });
    });

    it('R20 a UC registered on or before the default day, of another titular, or another distribuidora picks up nothing', () => {
      givenTitular(kept)
        .when(pickUp('2026-06-01', facts('8', { registeredAt: '2026-03-13' })))
        .then([]);
      givenTitular(kept)
        .when(pickUp('2026-06-01', facts('8', { registeredAt: '2026-05-30', titularKey: CPF_BRUNO })))
        .then([]);
      givenTitular(kept)
        .when(pickUp('2026-06-01', facts('8', { registeredAt: '2026-05-30', distribuidora: 'enel' })))
        .then([]);
    });

    it('R20 two held windows of the same source UC deliver its lots once (Q3)', () => {
      const twice: TitularEvent[] = [
        ...kept,
        creditsHeld({ date: '2026-08-01', deadline: '2026-08-31', lots: [lot('2026-07-20', '5.000')] }),
        {
          type: 'HeldCreditsKept',
          data: { titularKey: CPF_ANA, fromUcId: '1', rule: 'R20', date: '2026-09-01', inputs: { candidates: [] } },
        },
      ];
      givenTitular(twice)
        .when(pickUp('2026-10-01', facts('8', { registeredAt: '2026-09-30' })))
        .then((events, after) => {
          const moved = events.filter((e) => e.type === 'HeldCreditsReallocated');
          expect(moved).toHaveLength(1);
          expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome).toEqual([
            { ucId: '8', lots: [...HELD_LOTS, lot('2026-07-20', '5.000')] },
          ]);
          expect(after.held).toEqual([]);
        });
    });

    it('R20 lots that expired while held are not picked up: they expire first ("Time")', () => {
      givenTitular(kept)
        .when(pickUp('2029-06-01', facts('8', { registeredAt: '2029-05-30' })))
        .then((events) => {
          expect(events.map((e) => e.type)).toEqual(['HeldCreditsExpired', 'HeldCreditsReallocated']);
          expect(titularEventOf(events, 'HeldCreditsExpired').data.lots.map((l) => l.vintage)).toEqual(['2024-03-20']);
          expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome).toEqual([
            { ucId: '8', lots: [HELD_LOTS[1]] },
          ]);
        });
    });
  });

  it('R20 a default after a lot expired moves only the live lots; the expired one leaves in HeldCreditsExpired first', () => {
    const shortLived = creditsHeld({
      date: '2026-02-10',
      deadline: '2026-03-12',
      lots: [lot('2021-03-01', '10.000'), HELD_LOTS[1]],
    });
    givenTitular([shortLived])
      .when(applyDefault('2026-03-13', [facts('2')]))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['HeldCreditsExpired', 'HeldCreditsReallocated']);
        expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome).toEqual([
          { ucId: '2', lots: [HELD_LOTS[1]] },
        ]);
      });
  });

  it('R20 an R19 closure: the closed source UC is no candidate, another active UC of the titular is', () => {
    const closedHeld = creditsHeld({ rule: 'R19', date: '2026-04-01', deadline: '2026-05-01', lots: HELD_LOTS });
    givenTitular([closedHeld])
      .when(
        applyDefault('2026-05-02', [
          facts('1', { ...consumption('999'), status: 'closed' }),
          facts('2', consumption('1')),
        ]),
      )
      .then((events) =>
        expect(titularEventOf(events, 'HeldCreditsReallocated').data.outcome.map((o) => o.ucId)).toEqual(['2']),
      );
  });

  it('R20 replay: folding the decided events gives the same state as deciding again from the recorded inputs', () => {
    const candidates = [facts('2', consumption('150')), facts('3', consumption('400'))];
    const first = givenTitular([held])
      .when(applyDefault('2026-03-13', candidates))
      .then(() => undefined);
    const again = givenTitular([held])
      .when(applyDefault('2026-03-13', candidates))
      .then(() => undefined);
    expect(again).toEqual(first);
  });
});
