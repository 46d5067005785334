import { InvalidInput, RuleViolation, StateConflict } from '../shared/errors';
import { facts } from '../testing/fixtures';
import { givenTitular, titularEventOf } from '../testing/titular-specification';
import { CPF_ANA } from '../testing/fixtures';
import type { TitularCommand, TitularEvent } from '../titular/titular-decider';
import type { OpeningLotInput } from './opening-lots';

const SHA = 'c'.repeat(64);
const lot = (vintage: string, kwh: string): OpeningLotInput => ({
  vintage,
  posto: 'unico',
  gdClass: 'GD_II',
  kwh,
  sourceUcId: '5',
});
const importHeld = (
  over: Partial<Extract<TitularCommand, { type: 'ImportOpeningHeldCredits' }>['data']> = {},
): TitularCommand => ({
  type: 'ImportOpeningHeldCredits',
  data: {
    distribuidora: 'copel',
    titular: { document: CPF_ANA, name: 'Ana' },
    fromUcId: '5',
    rule: 'R19',
    leftOn: '2026-05-20',
    status: 'open',
    date: '2026-06-01',
    source: { file: 'saldos.csv', line: 9, sha256: SHA },
    lots: [lot('2024-03-10', '80'), lot('2022-01-10', '20')],
    ...over,
  },
});
/** The opening held credits as decided on an empty titular stream. */
const imported = (over: Parameters<typeof importHeld>[0] = {}): TitularEvent[] =>
  givenTitular([])
    .when(importHeld(over))
    .then(() => undefined);

describe('opening held credits (migration): a titular stream as the legacy system left it', () => {
  it('R20 records the lots with their expiry, the 30-day deadline from the day they left, the file and its SHA-256', () => {
    givenTitular([])
      .when(importHeld())
      .then((decided, after) => {
        const d = titularEventOf(decided, 'OpeningHeldCreditsImported').data;
        expect(d).toMatchObject({
          fromUcId: '5',
          rule: 'R19',
          leftOn: '2026-05-20',
          deadline: '2026-06-19',
          status: 'open',
          defaultedOn: null,
          sourceEventId: `opening:${SHA}:5`,
          totalKwh: '100.000',
        });
        expect(d.lots.map((l) => [l.vintage, l.expiresOn])).toEqual([
          ['2024-03-10', '2029-03-10'],
          ['2022-01-10', '2027-01-10'],
        ]);
        expect(after.windows).toEqual([
          { fromUcId: '5', rule: 'R19', date: '2026-05-20', deadline: '2026-06-19', status: 'open' },
        ]);
      });
  });

  it('R20 an open window: the titular indicates where they go on or before the deadline', () => {
    givenTitular(imported())
      .when({
        type: 'IndicateReallocation',
        data: { document: CPF_ANA, sourceUcId: '5', date: '2026-06-19', shares: [{ ucId: '6', percent: '100' }] },
        context: { facts: { '6': facts('6') } },
      })
      .then((decided, after) => {
        const moved = titularEventOf(decided, 'HeldCreditsReallocated').data;
        expect(moved.outcome).toEqual([{ ucId: '6', lots: expect.any(Array) }]);
        expect(moved.outcome[0].lots.map((l) => l.kwh)).toEqual(['80.000', '20.000']);
        expect(after.held).toEqual([]);
      });
  });

  it('R20 an open window: after the deadline the indication is refused and the default moves them', () => {
    givenTitular(imported())
      .when({
        type: 'IndicateReallocation',
        data: { document: CPF_ANA, sourceUcId: '5', date: '2026-06-20', shares: [{ ucId: '6', percent: '100' }] },
        context: { facts: { '6': facts('6') } },
      })
      .thenThrows(RuleViolation('R20'));
    givenTitular(imported())
      .when({
        type: 'ApplyReallocationDefault',
        data: { fromUcId: '5', date: '2026-06-20' },
        context: { candidates: [facts('6')] },
      })
      .then((decided) => {
        const moved = titularEventOf(decided, 'HeldCreditsReallocated').data;
        expect(moved.reason).toBe('default');
        expect(moved.outcome.map((o) => o.ucId)).toEqual(['6']);
      });
  });

  it('R20 held (the default found no UC): the first UC of the titular registered after the default picks them up', () => {
    const held = imported({ leftOn: '2026-01-10', status: 'held' });
    expect(titularEventOf(held, 'OpeningHeldCreditsImported').data.defaultedOn).toBe('2026-02-10');
    givenTitular(held)
      .when({
        type: 'PickUpHeldCredits',
        data: { ucId: '7', date: '2026-07-01' },
        context: { facts: facts('7', { registeredAt: '2026-07-01' }) },
      })
      .then((decided) => {
        const moved = titularEventOf(decided, 'HeldCreditsReallocated').data;
        expect(moved.reason).toBe('new-uc');
        expect(moved.outcome.map((o) => o.ucId)).toEqual(['7']);
      });
  });

  it('R9 held opened credits expire 60 months after their vintage (the daily sweep)', () => {
    givenTitular(imported({ leftOn: '2026-01-10', status: 'held' }))
      .when({ type: 'ExpireHeldCredits', data: { date: '2027-01-10' } })
      .then((decided, after) => {
        expect(titularEventOf(decided, 'HeldCreditsExpired').data.totalKwh).toBe('20.000');
        expect(after.held.map((h) => h.lot.vintage)).toEqual(['2024-03-10']);
      });
  });

  it('R9 a vintage already expired at the import date is refused; Q3 a negative kWh is refused', () => {
    givenTitular([])
      .when(importHeld({ lots: [lot('2021-05-31', '5')] }))
      .thenThrows(RuleViolation('R9'));
    givenTitular([])
      .when(importHeld({ lots: [lot('2024-01-01', '-5')] }))
      .thenThrows(InvalidInput);
  });

  it('R20 refuses a default before the deadline, credits that left after the import, a bad 30-day state', () => {
    givenTitular([])
      .when(importHeld({ status: 'held', defaultedOn: '2026-06-19' }))
      .thenThrows(InvalidInput);
    givenTitular([])
      .when(importHeld({ leftOn: '2026-06-02' }))
      .thenThrows(InvalidInput);
    givenTitular([])
      .when(importHeld({ status: 'maybe' as never }))
      .thenThrows(InvalidInput);
  });

  it('is idempotent by (file, source UC); credits of that UC already held here are a conflict', () => {
    givenTitular(imported()).when(importHeld()).then([]);
    givenTitular(imported())
      .when(importHeld({ source: { file: 'outro.csv', line: 2, sha256: 'd'.repeat(64) } }))
      .thenThrows(StateConflict);
  });
});
