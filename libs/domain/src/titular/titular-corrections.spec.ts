import { RuleViolation } from '../shared/errors';
import { CPF_ANA, facts } from '../testing/fixtures';
import { creditsHeld, givenTitular, lot, titularEventOf } from '../testing/titular-specification';
import type { UcFacts } from '../eligibility/uc-facts';
import type { TitularCommand, TitularEvent } from './titular-decider';
import type { TitularHistoryStep } from './titular-history';
import { heldCorrectionStep } from './correct-held-credits';

// Ana's UC 1 changed titular on 2026-02-10 (R18): 300.001 kWh held for her until 2026-03-12 (R20).
const HELD_LOTS = [lot('2024-03-20', '200.000', { gdClass: 'GD_I' }), lot('2025-07-20', '100.001')];
const held = creditsHeld({ fromUcId: '1', rule: 'R18', date: '2026-02-10', deadline: '2026-03-12', lots: HELD_LOTS });
const hold = held.data as Extract<TitularEvent, { type: 'CreditsHeldForTitular' }>['data'];
const holdStep: TitularHistoryStep = { kind: 'command', command: { type: 'HoldCredits', data: hold } };

const correctHeld = (
  lots: typeof HELD_LOTS,
  history: TitularHistoryStep[],
  date = '2026-03-01',
  moveEventIds?: string[],
): TitularCommand => ({
  type: 'CorrectHeldCredits',
  data: { correctionId: 'retif-1', sourceEventId: hold.sourceEventId, fromUcId: '1', rule: 'R18', date, lots },
  context: { history, ...(moveEventIds ? { moveEventIds } : {}) },
});

// R20: the default of 2026-03-13 compared Ana's UCs 2 (500 kWh, read 2026-03-01) and 3 (400 kWh): 2 took them.
const candidates = (two: string): UcFacts[] => [
  facts('2', { latestConsumption: { readingDate: '2026-03-01', kwh: two } }),
  facts('3', { latestConsumption: { readingDate: '2026-03-02', kwh: '400.000' } }),
];
const defaultCommand: TitularCommand = {
  type: 'ApplyReallocationDefault',
  data: { fromUcId: '1', date: '2026-03-13' },
  context: { candidates: candidates('500.000') },
};
const defaultStep: TitularHistoryStep = { kind: 'command', command: defaultCommand };
const redecide = (kwh: string, history: TitularHistoryStep[], moveEventIds?: string[]): TitularCommand => ({
  type: 'RedecideDefault',
  data: { correctionId: 'retif-2', date: '2026-03-20', comparedUcId: '2', readingDate: '2026-03-01', consumedKwh: kwh },
  context: { history, ...(moveEventIds ? { moveEventIds } : {}) },
});

describe('retificação of the credits held for a titular (R18, R19)', () => {
  it('R18 a correction before a change of titular corrects the credits held for the titular: what the corrected history holds replaces them', () => {
    // Given 300.001 kWh held for Ana from UC 1, its window open
    const corrected = [lot('2024-03-20', '200.000', { gdClass: 'GD_I' }), lot('2025-07-20', '40.001')];
    givenTitular([held])
      // When UC 1's correction leaves 60 kWh less
      .when(correctHeld(corrected, [holdStep]))
      // Then HeldCreditsCorrected names it, and the held credits are the corrected ones, the window unchanged
      .then((decided, after) => {
        const e = titularEventOf(decided, 'HeldCreditsCorrected');
        expect(e.data).toMatchObject({ fromUcId: '1', previous: HELD_LOTS, corrected, differenceKwh: '-60.000' });
        expect(e.data.expiredKwh).toEqual({ before: '0.000', after: '0.000' });
        expect(after.held.map((h) => h.lot.kwh.toString())).toEqual(['200.000', '40.001']);
        expect(after.windows).toEqual(givenTitular([held]).state.windows);
      });
  });

  it('R18 the same lots again decide nothing (the same correction is idempotent)', () => {
    givenTitular([held])
      .when(correctHeld(HELD_LOTS, [holdStep]))
      .then([]);
  });

  it('R9 a corrected lot already past its expiry on the correction’s date leaves at once ("Time")', () => {
    // Given a lot of 2021-03-20 (expires 2026-03-20) is now among the credits that left
    const corrected = [...HELD_LOTS, lot('2021-03-20', '10.000')];
    givenTitular([held])
      // When the correction is dated 2026-03-25
      .when(correctHeld(corrected, [holdStep], '2026-03-25'))
      // Then it is held in the corrected history and expires right after it (HeldCreditsExpired)
      .then((decided, after) => {
        expect(decided.map((e) => e.type)).toEqual(['HeldCreditsCorrected', 'HeldCreditsExpired']);
        expect(titularEventOf(decided, 'HeldCreditsExpired').data.totalKwh).toBe('10.000');
        expect(after.held.map((h) => h.lot.kwh.toString())).toEqual(['200.000', '100.001']);
      });
  });

  it('R20 a change of credits a 30-day decision already moved, with the moves not named, is refused', () => {
    // Given the default of 2026-03-13 gave UC 1's credits to UC 2
    const decided = givenTitular([held])
      .when(defaultCommand)
      .then(() => undefined);
    givenTitular([held, ...decided])
      // When UC 1's correction changes what left it, without the ids of the stream's moves
      .when(correctHeld([lot('2025-07-20', '1.000')], [holdStep, defaultStep], '2026-03-20'))
      // Then it is refused with R20
      .thenThrows(RuleViolation('R20'));
  });

  it('R20 a change of credits the default already moved to a UC names the move (moves): the receiving UC is re-billed with the corrected lots', () => {
    // Given the default of 2026-03-13 gave UC 1's credits to UC 2 (its event: move-1)
    const decided = givenTitular([held])
      .when(defaultCommand)
      .then(() => undefined);
    const corrected = [lot('2024-03-20', '200.000', { gdClass: 'GD_I' }), lot('2025-07-20', '40.001')];
    givenTitular([held, ...decided])
      // When UC 1's correction leaves 60 kWh less
      .when(correctHeld(corrected, [holdStep, defaultStep], '2026-03-20', ['move-1']))
      // Then HeldCreditsCorrected names the hold's change and the move's delivery to UC 2, before and after
      .then((events, after) => {
        const e = titularEventOf(events, 'HeldCreditsCorrected');
        expect(e.data).toMatchObject({ previous: HELD_LOTS, corrected, differenceKwh: '-60.000', held: [] });
        expect(e.data.moves).toEqual([
          {
            moveEventId: 'move-1',
            sourceEventId: 'move-1:2',
            ucId: '2',
            reason: 'default',
            date: '2026-03-13',
            previous: HELD_LOTS,
            corrected,
            differenceKwh: '-60.000',
          },
        ]);
        // Nothing is held any more (the credits went to UC 2), and the window stays moved.
        expect(after.held).toEqual([]);
        expect(after.windows.map((w) => w.status)).toEqual(['moved']);
      });
  });

  it('R20 a change of credits a new UC of the titular picked up (the default had found none) names that move too', () => {
    // Given the default of 2026-03-13 found no UC of Ana (kept), and her UC 5, registered on 2026-04-01, picked them up
    const kept: TitularCommand = {
      type: 'ApplyReallocationDefault',
      data: { fromUcId: '1', date: '2026-03-13' },
      context: { candidates: [] },
    };
    const pickUp: TitularCommand = {
      type: 'PickUpHeldCredits',
      data: { ucId: '5', date: '2026-04-01' },
      context: { facts: facts('5', { registeredAt: '2026-04-01' }) },
    };
    const first = givenTitular([held])
      .when(kept)
      .then(() => undefined);
    const second = givenTitular([held, ...first])
      .when(pickUp)
      .then((events) => expect(titularEventOf(events, 'HeldCreditsReallocated').data.reason).toBe('new-uc'));
    const corrected = [lot('2024-03-20', '200.000', { gdClass: 'GD_I' }), lot('2025-07-20', '140.001')];
    givenTitular([held, ...first, ...second])
      // When UC 1's correction leaves 40 kWh more
      .when(
        correctHeld(
          corrected,
          [holdStep, { kind: 'command', command: kept }, { kind: 'command', command: pickUp }],
          '2026-04-10',
          ['pickup-1'],
        ),
      )
      // Then the move to UC 5 is named with the corrected lots
      .then((events) => {
        const e = titularEventOf(events, 'HeldCreditsCorrected');
        expect(e.data.moves?.map((m) => [m.sourceEventId, m.reason, m.differenceKwh])).toEqual([
          ['pickup-1:5', 'new-uc', '40.000'],
        ]);
      });
  });

  it('R20 a change that gives credits to a UC the indication gave nothing (no delivery reached it) names that delivery from nothing', () => {
    // Given Ana indicated 99% to UC 2 and 1% to UC 3 of a 0.010 kWh hold: UC 3 received nothing (Q2)
    const tiny = [lot('2025-07-20', '0.010')];
    const small = creditsHeld({ fromUcId: '1', rule: 'R18', date: '2026-02-10', deadline: '2026-03-12', lots: tiny });
    const smallHold = small.data as Extract<TitularEvent, { type: 'CreditsHeldForTitular' }>['data'];
    const indication: TitularCommand = {
      type: 'IndicateReallocation',
      data: {
        document: CPF_ANA,
        sourceUcId: '1',
        date: '2026-03-01',
        shares: [
          { ucId: '2', percent: '99' },
          { ucId: '3', percent: '1' },
        ],
      },
      context: { facts: { '2': facts('2'), '3': facts('3') } },
    };
    const decided = givenTitular([small])
      .when(indication)
      .then((events) => {
        const move = titularEventOf(events, 'HeldCreditsReallocated');
        expect(move.data.outcome.map((o) => o.lots.length)).toEqual([1, 0]);
      });
    givenTitular([small, ...decided])
      // When UC 1's correction makes it 1 kWh: UC 3 would receive 0.010 kWh
      .when({
        type: 'CorrectHeldCredits',
        data: {
          correctionId: 'retif-1',
          sourceEventId: smallHold.sourceEventId,
          fromUcId: '1',
          rule: 'R18',
          date: '2026-03-20',
          lots: [lot('2025-07-20', '1.000')],
        },
        context: {
          history: [
            { kind: 'command', command: { type: 'HoldCredits', data: smallHold } },
            { kind: 'command', command: indication },
          ],
          moveEventIds: ['move-1'],
        },
      })
      // Then both deliveries are named: UC 2's lots change, UC 3 receives from nothing (its delivery is placed then)
      .then((events) => {
        const e = titularEventOf(events, 'HeldCreditsCorrected');
        expect(e.data.moves?.map((m) => [m.sourceEventId, m.previous.length, m.differenceKwh])).toEqual([
          ['move-1:2', 1, '0.980'],
          ['move-1:3', 0, '0.010'],
        ]);
      });
  });

  it('R20 a correction after which nothing would have left the UC closes its 30-day window: the indication made in it moves nothing (windowClosed, moves to nothing)', () => {
    // Given Ana indicated UC 2 for UC 1's 300.001 kWh on 2026-03-01 (its event: move-1)
    const indication: TitularCommand = {
      type: 'IndicateReallocation',
      data: { document: CPF_ANA, sourceUcId: '1', date: '2026-03-01', shares: [{ ucId: '2', percent: '100' }] },
      context: { facts: { '2': facts('2') } },
    };
    const decided = givenTitular([held])
      .when(indication)
      .then(() => undefined);
    givenTitular([held, ...decided])
      // When UC 1's correction leaves it no credit on 2026-02-10 (nothing would have left it)
      .when(correctHeld([], [holdStep, { kind: 'command', command: indication }], '2026-03-20', ['move-1']))
      // Then the hold is corrected to nothing, its window closed, and UC 2's delivery corrected to nothing
      .then((events, after) => {
        const e = titularEventOf(events, 'HeldCreditsCorrected');
        expect(e.data).toMatchObject({ previous: HELD_LOTS, corrected: [], differenceKwh: '-300.001', held: [] });
        expect(e.data.windowClosed).toEqual({ date: '2026-02-10', deadline: '2026-03-12' });
        expect(e.data.moves).toEqual([
          {
            moveEventId: 'move-1',
            sourceEventId: 'move-1:2',
            ucId: '2',
            reason: 'indication',
            date: '2026-03-01',
            previous: HELD_LOTS,
            corrected: [],
            differenceKwh: '-300.001',
          },
        ]);
        // As if nothing had left UC 1: no window, nothing held
        expect(after.windows).toEqual([]);
        expect(after.held).toEqual([]);
      });
  });

  it('R14 after a window a correction closed, an indication of that UC is refused (nothing held), as it would have been', () => {
    const closed = givenTitular([held])
      .when(correctHeld([], [holdStep]))
      .then((events, after) => {
        expect(titularEventOf(events, 'HeldCreditsCorrected').data.windowClosed).toBeDefined();
        expect(after.windows).toEqual([]);
      });
    givenTitular([held, ...closed])
      .when({
        type: 'IndicateReallocation',
        data: { document: CPF_ANA, sourceUcId: '1', date: '2026-03-05', shares: [{ ucId: '2', percent: '100' }] },
        context: { facts: { '2': facts('2') } },
      })
      .thenThrows(RuleViolation('R14'));
    // and the default on the deadline finds no window: it decides nothing
    givenTitular([held, ...closed])
      .when(defaultCommand)
      .then([]);
  });

  it('R18 a correction that would give credits again to a hold an earlier correction emptied (reopening its window after the fact) is refused, appending nothing', () => {
    const closed = givenTitular([held])
      .when(correctHeld([], [holdStep]))
      .then(() => undefined);
    const emptied = titularEventOf(closed, 'HeldCreditsCorrected');
    givenTitular([held, ...closed])
      // When a later correction of UC 1 would give the hold its credits back
      .when(correctHeld(HELD_LOTS, [holdStep, heldCorrectionStep(emptied.data)], '2026-03-05'))
      .thenThrows(RuleViolation('R18'));
  });

  it('R20 refuses a correction that would keep for the titular credits a 30-day default moved (no lot left alive on its date), appending nothing', () => {
    // Given the default of 2026-03-13 moved UC 1's 300.001 kWh to UC 2
    const moved = givenTitular([held])
      .when(defaultCommand)
      .then(() => undefined);
    givenTitular([held, ...moved])
      // When UC 1's correction leaves a lot only that expired on 2026-03-01: the default would find nothing to move
      .when(correctHeld([lot('2021-03-01', '10.000')], [holdStep, defaultStep], '2026-03-20', ['move-1']))
      // Then it is refused with R20: kept instead of moved would reopen the 30-day state after the fact
      .thenThrows(RuleViolation('R20'));
    expect(() =>
      givenTitular([held, ...moved])
        .when(correctHeld([lot('2021-03-01', '10.000')], [holdStep, defaultStep], '2026-03-20', ['move-1']))
        .then([]),
    ).toThrow(/mantidos para o titular em vez de movidos/);
  });
});

describe('retificação of a consumption the 30-day default compared (R20)', () => {
  const moved = givenTitular([held])
    .when(defaultCommand)
    .then(() => undefined);

  it('R20 the default re-decided with the corrected consumption still chooses the same UC: ReallocationDefaultRedecided', () => {
    // Given the default gave UC 1's credits to UC 2 (500 kWh against 400)
    givenTitular([held, ...moved])
      // When UC 2's reading is corrected to 450 kWh
      .when(redecide('450', [holdStep, defaultStep]))
      // Then the decision is the same, named with the consumption before and after; nothing held changes
      .then((decided, after) => {
        expect(decided).toEqual([
          {
            type: 'ReallocationDefaultRedecided',
            data: {
              titularKey: CPF_ANA,
              correctionId: 'retif-2',
              date: '2026-03-20',
              comparedUcId: '2',
              readingDate: '2026-03-01',
              previousKwh: '500.000',
              correctedKwh: '450.000',
              decisions: [{ date: '2026-03-13', fromUcId: '1', toUcIds: ['2'] }],
            },
          },
        ]);
        expect(after.held).toEqual([]);
      });
  });

  it('R20 a corrected consumption that makes the default choose another UC re-decides it: the UC chosen before loses the delivery, the one chosen now gets it (moves)', () => {
    // Given the default gave UC 1's credits to UC 2 (500 kWh against UC 3's 400)
    givenTitular([held, ...moved])
      // When UC 2's reading is corrected to 350 kWh (UC 3 is now the largest)
      .when(redecide('350', [holdStep, defaultStep], ['move-1']))
      // Then the decision names both UCs, and the two deliveries: UC 2's to nothing, UC 3's from nothing
      .then((decided, after) => {
        const e = titularEventOf(decided, 'ReallocationDefaultRedecided');
        expect(e.data.decisions).toEqual([
          { date: '2026-03-13', fromUcId: '1', toUcIds: ['3'], previousToUcIds: ['2'] },
        ]);
        expect(e.data.moves).toEqual([
          {
            moveEventId: 'move-1',
            sourceEventId: 'move-1:2',
            ucId: '2',
            fromUcId: '1',
            reason: 'default',
            date: '2026-03-13',
            previous: HELD_LOTS,
            corrected: [],
            differenceKwh: '-300.001',
          },
          {
            moveEventId: 'move-1',
            sourceEventId: 'move-1:3',
            ucId: '3',
            fromUcId: '1',
            reason: 'default',
            date: '2026-03-13',
            previous: [],
            corrected: HELD_LOTS,
            differenceKwh: '300.001',
          },
        ]);
        // Nothing held changes: the credits left the titular's stream either way
        expect(after.held).toEqual([]);
      });
  });

  it('R20 refuses a default that would choose another UC when the move is not named (its event id unknown), appending nothing', () => {
    givenTitular([held, ...moved])
      .when(redecide('350', [holdStep, defaultStep]))
      .thenThrows(RuleViolation('R20'));
  });

  it('R20 the value in force again decides nothing', () => {
    givenTitular([held, ...moved])
      .when(redecide('500', [holdStep, defaultStep]))
      .then([]);
  });
});
