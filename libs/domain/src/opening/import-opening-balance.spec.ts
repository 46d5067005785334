import { InvalidInput, RuleViolation, StateConflict } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { reading, ucRegistered } from '../testing/fixtures';
import { readingRecorded } from '../testing/more-fixtures';
import type { UcCommand } from '../uc/uc-commands';
import type { UcEvent } from '../uc/uc-events';
import type { OpeningLotInput } from './opening-lots';

const SHA = 'a'.repeat(64);
const OTHER_SHA = 'b'.repeat(64);
const lot = (vintage: string, kwh: string, over: Partial<OpeningLotInput> = {}): OpeningLotInput => ({
  vintage,
  posto: 'unico',
  gdClass: 'GD_I',
  kwh,
  sourceUcId: '9',
  ...over,
});
const importBalance = (
  credits: OpeningLotInput[],
  received: OpeningLotInput[] = [],
  over: { date?: string; sha256?: string; line?: number } = {},
): UcCommand => ({
  type: 'ImportOpeningBalance',
  data: {
    date: over.date ?? '2026-06-01',
    source: { file: 'saldos.csv', line: over.line ?? 2, sha256: over.sha256 ?? SHA },
    credits,
    received,
  },
});
const uc = [ucRegistered({ ucId: '1', registeredAt: '2026-05-01' })];
/** The opening balance as decided on `uc`. */
const opened = (credits: OpeningLotInput[], received: OpeningLotInput[] = []): UcEvent[] =>
  given(uc)
    .when(importBalance(credits, received))
    .then(() => undefined);

describe('opening balances (migration from the legacy billing system)', () => {
  it('records one OpeningBalanceImported per UC: lots merged by vintage, posto, class and source, each with its R9 expiry, the file, its line and SHA-256', () => {
    given(uc)
      .when(importBalance([lot('2023-03-15', '100'), lot('2023-03-15', '20.5'), lot('2025-01-20', '0')]))
      .then([
        {
          type: 'OpeningBalanceImported',
          data: {
            ucId: '1',
            date: '2026-06-01',
            source: { file: 'saldos.csv', line: 2, sha256: SHA },
            credits: [
              {
                vintage: '2023-03-15',
                posto: 'unico',
                gdClass: 'GD_I',
                kwh: '120.500',
                expiresOn: '2028-03-15',
                sourceUcId: '9',
              },
            ],
            received: [],
            totalKwh: '120.500',
          },
        },
      ]);
  });

  it('R8 opened credits are used as native ones: received excedente first, then the oldest vintage first', () => {
    const events = opened(
      [lot('2024-02-10', '100'), lot('2022-01-10', '50', { gdClass: 'GD_II' })],
      [lot('2026-05-20', '30', { sourceUcId: '7' })],
    );
    given([...uc, ...events])
      .when(reading('2026-06', '2026-06-20', { consumed: '90', injected: '0' }))
      .then((decided, after) => {
        const c = eventOf(decided, 'CycleCompensated').data;
        expect(c.receivedUsed).toEqual([{ lotId: expect.stringMatching(/^opening:a{16}:1:0$/), kwh: '30.000' }]);
        // 60 kWh left to offset: all of 2022 (50), then 10 of 2024.
        expect(c.creditsUsed.map((u) => [u.vintage, u.kwh]).sort()).toEqual([
          ['2022-01-10', '50.000'],
          ['2024-02-10', '10.000'],
        ]);
        expect(after.credits.map((l) => [l.vintage, l.kwh.toString()])).toEqual([['2024-02-10', '90.000']]);
        expect(after.received).toEqual([]);
      });
  });

  it('R9 an opened credit expires 60 months after its vintage (the daily sweep), as a native one', () => {
    const events = opened([lot('2021-07-10', '40'), lot('2024-01-05', '60')]);
    given([...uc, ...events])
      .when({ type: 'ExpireCredits', data: { date: '2026-07-10' } })
      .then((decided, after) => {
        expect(eventOf(decided, 'CreditsExpired').data.totalKwh).toBe('40.000');
        expect(after.credits.map((l) => l.vintage)).toEqual(['2024-01-05']);
      });
  });

  it('R9 a vintage 60 months or more before the import date is refused (already expired); nothing is appended', () => {
    given(uc)
      .when(importBalance([lot('2021-06-01', '10')]))
      .thenThrows(RuleViolation('R9'));
    given(uc)
      .when(importBalance([lot('2021-06-02', '10')]))
      .then((decided) => expect(decided).toHaveLength(1));
  });

  it('R9 received excedente not yet used has no vintage yet: an old allocating reading is not refused', () => {
    given(uc)
      .when(importBalance([], [lot('2021-01-20', '10')]))
      .then((decided) => expect(eventOf(decided, 'OpeningBalanceImported').data.received).toHaveLength(1));
  });

  it('R12 a UC that already has readings is refused: an opening balance comes before the first reading', () => {
    given([...uc, readingRecorded('1', '2026-05', '2026-05-20')])
      .when(importBalance([lot('2024-01-05', '60')]))
      .thenThrows(RuleViolation('R12'));
  });

  it('Q3 a negative kWh is refused (never a negative balance)', () => {
    given(uc)
      .when(importBalance([lot('2024-01-05', '-60')]))
      .thenThrows(InvalidInput);
  });

  it('refuses a vintage after the import date, a posto the UC does not have, an unknown GD class, a bad SHA-256', () => {
    given(uc)
      .when(importBalance([lot('2026-06-02', '1')]))
      .thenThrows(InvalidInput);
    given(uc)
      .when(importBalance([lot('2024-01-05', '1', { posto: 'ponta' })]))
      .thenThrows(InvalidInput);
    given(uc)
      .when(importBalance([lot('2024-01-05', '1', { gdClass: 'GD_IV' })]))
      .thenThrows(InvalidInput);
    given(uc)
      .when(importBalance([lot('2024-01-05', '1')], [], { sha256: 'xyz' }))
      .thenThrows(InvalidInput);
  });

  it('is idempotent by (file, UC): the same file again appends nothing; another file for the UC is a conflict', () => {
    const events = opened([lot('2024-01-05', '60')]);
    given([...uc, ...events])
      .when(importBalance([lot('2024-01-05', '60')], [], { line: 7 }))
      .then([]);
    given([...uc, ...events])
      .when(importBalance([lot('2024-01-05', '60')], [], { sha256: OTHER_SHA }))
      .thenThrows(StateConflict);
  });

  it('R18 opened credits and received excedente leave with the previous titular, each keeping its expiry', () => {
    const events = opened([lot('2024-01-05', '60')], [lot('2026-05-20', '5')]);
    given([...uc, ...events])
      .when({
        type: 'TransferTitularidade',
        data: { newTitular: { document: '111.444.777-35', name: 'Bruno' }, date: '2026-06-10' },
      })
      .then((decided) => {
        const leaving = eventOf(decided, 'TitularidadeTransferred').data.creditsLeaving;
        expect(leaving.map((l) => [l.vintage, l.kwh, l.expiresOn])).toEqual([
          ['2024-01-05', '60.000', '2029-01-05'],
          ['2026-05-20', '5.000', '2031-05-20'],
        ]);
      });
  });

  it('R19 a closed UC takes no opening balance', () => {
    given(uc)
      .when({ type: 'CloseContract', data: { date: '2026-05-10' }, context: {} })
      .then((closed) => {
        given([...uc, ...closed])
          .when(importBalance([lot('2024-01-05', '60')]))
          .thenThrows(RuleViolation('R19'));
      });
  });
});
