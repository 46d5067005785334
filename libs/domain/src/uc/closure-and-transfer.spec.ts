import { RuleViolation, StateConflict } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import { CPF_ANA, CPF_BRUNO, facts, factsMap, generationRegistered, reading, ucRegistered } from '../testing/fixtures';
import {
  excedenteReceived,
  heldCreditsReceived,
  membersRegistered,
  percentage,
  rateioChanged,
  readingRecorded,
} from '../testing/uc-event-builders';
import type { CreditLotJson } from '../compensation/lot-json';
import type { DecisionContext, UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';

const ANA = { document: CPF_ANA, kind: 'CPF' as const, name: 'Titular', key: CPF_ANA };
const BRUNO = { document: CPF_BRUNO, kind: 'CPF' as const, name: 'Bruno', key: CPF_BRUNO };

const credit = (vintage: string, kwh: string, expiresOn: string, over: Partial<CreditLotJson> = {}): CreditLotJson => ({
  vintage,
  posto: 'unico',
  gdClass: 'GD_II',
  kwh,
  expiresOn,
  sourceUcId: '1',
  ...over,
});

const transfer = (date: string, document = CPF_BRUNO): UcCommand => ({
  type: 'TransferTitularidade',
  data: { newTitular: { document, name: 'Bruno' }, date },
});
const close = (date: string, context: DecisionContext = {}): UcCommand => ({
  type: 'CloseContract',
  data: { date },
  context,
});
const requestDistribution = (requestedAt: string, shares: [string, string][], context: DecisionContext): UcCommand => ({
  type: 'RequestClosureDistribution',
  data: { requestedAt, shares: shares.map(([ucId, percent]) => ({ ucId, percent })) },
  context,
});

/** Generator 1 (Ana, autoconsumo remoto) with two credit lots and 80 kWh received from UC 9 and not used yet. */
const withCredits: UcEvent[] = [
  ucRegistered({ ucId: '1' }),
  generationRegistered({ ucId: '1', requestedAt: '2022-03-01' }),
  heldCreditsReceived('1', [
    credit('2024-03-20', '200.000', '2029-03-20', { gdClass: 'GD_I' }),
    credit('2025-07-20', '120.500', '2030-07-20'),
  ]),
  readingRecorded('1', '2026-01', '2026-01-20'),
  excedenteReceived('1', { sourceUcId: '9', allocatedOn: '2026-01-25', sourceCycle: '2026-01', kwh: '80.000' }),
];

describe('R18 change of titular', () => {
  it('R18 credits and received-not-used excedente leave the UC, each vintage keeping its expiry; deadline d + 30', () => {
    given(withCredits)
      .when(transfer('2026-02-10'))
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'TitularidadeTransferred',
            data: {
              ucId: '1',
              date: '2026-02-10',
              previousTitular: ANA,
              newTitular: BRUNO,
              creditsLeaving: [
                credit('2024-03-20', '200.000', '2029-03-20', { gdClass: 'GD_I' }),
                credit('2025-07-20', '120.500', '2030-07-20'),
                // "Received excedente not yet used" leaves as a credit whose vintage is the allocating reading.
                credit('2026-01-25', '80.000', '2031-01-25', { sourceUcId: '9' }),
              ],
              deadline: '2026-03-12',
            },
          },
        ]);
        expect(after.credits).toEqual([]);
        expect(after.received).toEqual([]);
        expect(after.titular).toEqual(BRUNO);
      });
  });

  it('R18 the deadline counts calendar days across months: 2026-01-31 + 30 = 2026-03-02', () => {
    given(withCredits)
      .when(transfer('2026-01-31'))
      .then((events) => expect(eventOf(events, 'TitularidadeTransferred').data.deadline).toBe('2026-03-02'));
  });

  it('R18 credits that expired before d leave in CreditsExpired, not with the titular; one expiring on d itself leaves with it', () => {
    given([
      ucRegistered({ ucId: '1' }),
      heldCreditsReceived('1', [
        credit('2021-02-05', '10.000', '2026-02-05'),
        credit('2021-02-10', '20.000', '2026-02-10'),
        credit('2022-01-01', '30.000', '2027-01-01'),
      ]),
    ])
      .when(transfer('2026-02-10'))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['CreditsExpired', 'TitularidadeTransferred']);
        expect(eventOf(events, 'CreditsExpired').data.lots.map((l) => l.vintage)).toEqual(['2021-02-05']);
        expect(eventOf(events, 'TitularidadeTransferred').data.creditsLeaving.map((l) => l.vintage)).toEqual([
          '2021-02-10',
          '2022-01-01',
        ]);
      });
  });

  it('R18 the rateio is suspended: the next excedente stays with the UC until the new titular sets one', () => {
    const history: UcEvent[] = [
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1' }),
      rateioChanged('1', '2026-01-01', percentage(['1', '40'], ['2', '60'])),
      readingRecorded('1', '2026-01', '2026-01-20'),
      // A change requested before the transfer, not yet in force: suspended too.
      rateioChanged('1', '2026-02-01', percentage(['2', '100'])),
    ];
    given(history)
      .when(transfer('2026-02-05'))
      .then((t, afterTransfer) => {
        expect(afterTransfer.rateio).toBeNull();
        expect(afterTransfer.pendingRateios).toEqual([]);
        given([...history, ...t])
          .when(
            reading(
              '2026-02',
              '2026-02-20',
              { consumed: '300', injected: '1000' },
              { facts: factsMap(facts('2', { titularKey: CPF_BRUNO })) },
            ),
          )
          .then((events) => {
            const alloc = eventOf(events, 'ExcedenteAllocated');
            expect(alloc.data.rateio).toBeNull();
            expect(alloc.data.allocations).toEqual([]);
            expect(alloc.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '700.000' }]);
          });
      });
  });

  it('R18 the new titular sets a rateio (checked against the new titular key), in force by R7', () => {
    const history: UcEvent[] = [
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1' }),
      rateioChanged('1', '2026-01-01', percentage(['1', '40'], ['2', '60'])),
      readingRecorded('1', '2026-01', '2026-01-20'),
    ];
    const t = given(history)
      .when(transfer('2026-02-05'))
      .then(() => undefined);
    const brunoUc = facts('3', { titularKey: CPF_BRUNO });
    given([...history, ...t])
      .when({
        type: 'ChangeRateio',
        data: { requestedAt: '2026-02-06', mode: 'percentage', shares: [{ ucId: '2', percent: '100' }] },
        context: { facts: factsMap(facts('2')) },
      })
      .thenThrows(RuleViolation('R13'));
    const changed = given([...history, ...t])
      .when({
        type: 'ChangeRateio',
        data: { requestedAt: '2026-02-06', mode: 'percentage', shares: [{ ucId: '3', percent: '100' }] },
        context: { facts: factsMap(brunoUc) },
      })
      .then(() => undefined);
    given([...history, ...t, ...changed, readingRecorded('1', '2026-02', '2026-02-20')])
      .when(reading('2026-03', '2026-03-20', { consumed: '0', injected: '100' }, { facts: factsMap(brunoUc) }))
      .then((events) =>
        expect(eventOf(events, 'ExcedenteAllocated').data.allocations).toEqual([
          { ucId: '3', posto: 'unico', gdClass: 'GD_II', kwh: '100.000' },
        ]),
      );
  });

  it('R18 a transfer to the same titular document is not a change of titular', () => {
    given(withCredits).when(transfer('2026-02-10', CPF_ANA)).thenThrows(StateConflict);
  });
});

describe('R19 contract closed', () => {
  it('R19 on ContractClosed the credits (and received excedente) are held for the titular, deadline d + 30', () => {
    given(withCredits)
      .when(close('2026-03-01'))
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'ContractClosed',
            data: {
              ucId: '1',
              date: '2026-03-01',
              titular: ANA,
              creditsLeaving: [
                credit('2024-03-20', '200.000', '2029-03-20', { gdClass: 'GD_I' }),
                credit('2025-07-20', '120.500', '2030-07-20'),
                credit('2026-01-25', '80.000', '2031-01-25', { sourceUcId: '9' }),
              ],
              deadline: '2026-03-31',
            },
          },
        ]);
        expect(after.status).toBe('closed');
        expect(after.credits).toEqual([]);
      });
  });

  it('R19 a closed UC takes no more readings', () => {
    given([
      ...withCredits,
      {
        type: 'ContractClosed',
        data: { ucId: '1', date: '2026-03-01', titular: ANA, creditsLeaving: [], deadline: '2026-03-31' },
      },
    ])
      .when(reading('2026-03', '2026-03-20', { consumed: '10', injected: '0' }))
      .thenThrows(RuleViolation('R19'));
  });

  it('R19 a command that would change a closed UC is refused with R19 (close again, transfer, generation, rateio, members)', () => {
    const closed: UcEvent[] = [
      ...withCredits,
      {
        type: 'ContractClosed',
        data: { ucId: '1', date: '2026-03-01', titular: ANA, creditsLeaving: [], deadline: '2026-03-31' },
      },
    ];
    given(closed).when(close('2026-04-01')).thenThrows(RuleViolation('R19'));
    given(closed).when(transfer('2026-04-01')).thenThrows(RuleViolation('R19'));
    given(closed)
      .when({ type: 'AddCapacity', data: { addedKw: '5', requestedAt: '2026-04-01' } })
      .thenThrows(RuleViolation('R19'));
    given(closed)
      .when({
        type: 'RegisterGeneration',
        data: {
          installedKw: '5',
          source: 'solar',
          dispatchable: false,
          modalidade: 'local',
          requestedAt: '2026-04-01',
          connectedAt: '2026-04-02',
        },
      })
      .thenThrows(RuleViolation('R19'));
    given(closed)
      .when({ type: 'ChangeRateio', data: { requestedAt: '2026-04-01', mode: 'priority', order: ['1'] }, context: {} })
      .thenThrows(RuleViolation('R19'));
    given(closed)
      .when({ type: 'RegisterMembers', data: { members: ['2'], legalInstrument: 'ata', date: '2026-04-01' } })
      .thenThrows(RuleViolation('R19'));
    given(closed)
      .when(requestDistribution('2026-04-01', [['2', '100']], {}))
      .thenThrows(RuleViolation('R19'));
  });

  it('R19 the moves of a closed UC still reach it: an expiry sweep is not refused', () => {
    const closed: UcEvent[] = [
      ...withCredits,
      {
        type: 'ContractClosed',
        data: { ucId: '1', date: '2026-03-01', titular: ANA, creditsLeaving: [], deadline: '2026-03-31' },
      },
    ];
    given(closed)
      .when({ type: 'ExpireCredits', data: { date: '2026-04-01' } })
      .then([]);
  });

  describe('R19 emuc / compartilhada distribution among members', () => {
    const members = factsMap(facts('2', { titularKey: CPF_BRUNO }), facts('3', { titularKey: CPF_BRUNO }));
    const condo: UcEvent[] = [
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', modalidade: 'emuc' }),
      membersRegistered('1', ['2', '3']),
      heldCreditsReceived('1', [credit('2025-07-20', '100.001', '2030-07-20')]),
    ];
    const requested = (
      date: string,
      shares: [string, string][] = [
        ['2', '50'],
        ['3', '50'],
      ],
    ): UcEvent => ({
      type: 'ClosureDistributionRequested',
      data: { ucId: '1', requestedAt: date, shares: shares.map(([ucId, percent]) => ({ ucId, percent })) },
    });

    it('R19 a distribution requested exactly 30 days before d is carried out at d (rule, inputs, outcome)', () => {
      given([...condo, requested('2026-01-30')])
        .when(close('2026-03-01', { facts: members }))
        .then((events, after) => {
          expect(events.map((e) => e.type)).toEqual(['ContractClosed', 'CreditsReallocated']);
          expect(eventOf(events, 'ContractClosed').data.creditsLeaving).toEqual([]);
          const moved = eventOf(events, 'CreditsReallocated').data;
          expect(moved.rule).toBe('R19');
          expect(moved.date).toBe('2026-03-01');
          expect(moved.inputs).toMatchObject({
            request: { requestedAt: '2026-01-30' },
            facts: [members['2'], members['3']],
          });
          // Q2: 100.001 kWh split 50/50 → the leftover Wh to the earlier UC; vintage and expiry kept.
          expect(moved.outcome).toEqual([
            { ucId: '2', lots: [credit('2025-07-20', '50.001', '2030-07-20')] },
            { ucId: '3', lots: [credit('2025-07-20', '50.000', '2030-07-20')] },
          ]);
          expect(after.credits).toEqual([]);
          expect(after.status).toBe('closed');
        });
    });

    it('R19 a distribution requested 29 days before d is not carried out: the credits are held as in R18', () => {
      given([...condo, requested('2026-01-31')])
        .when(close('2026-03-01', { facts: members }))
        .then((events) => {
          expect(events.map((e) => e.type)).toEqual(['ContractClosed']);
          expect(eventOf(events, 'ContractClosed').data.creditsLeaving).toEqual([
            credit('2025-07-20', '100.001', '2030-07-20'),
          ]);
        });
    });

    it('R19 when a UC of the request is no longer active at d the credits are held', () => {
      given([...condo, requested('2026-01-01')])
        .when(close('2026-03-01', { facts: factsMap(facts('2'), facts('3', { status: 'closed' })) }))
        .then((events) => {
          expect(events.map((e) => e.type)).toEqual(['ContractClosed']);
          expect(eventOf(events, 'ContractClosed').data.creditsLeaving).toHaveLength(1);
        });
    });

    it('R19 the latest request made at least 30 days before d wins; a later one inside the 30 days is ignored', () => {
      given([
        ...condo,
        requested('2025-12-01', [['2', '100']]),
        requested('2026-01-15', [['3', '100']]),
        requested('2026-02-20', [
          ['2', '10'],
          ['3', '90'],
        ]),
      ])
        .when(close('2026-03-01', { facts: members }))
        .then((events) =>
          expect(
            eventOf(events, 'CreditsReallocated').data.outcome.map((o) => [o.ucId, o.lots.map((l) => l.kwh)]),
          ).toEqual([['3', ['100.001']]]),
        );
    });

    it('R19 the request must name members of the development, not the closing UC, adding up to 100', () => {
      const base = [...condo];
      given(base)
        .when(
          requestDistribution(
            '2026-01-01',
            [
              ['2', '60'],
              ['3', '30'],
            ],
            { facts: members },
          ),
        )
        .thenThrows(RuleViolation('R19'));
      given(base)
        .when(
          requestDistribution(
            '2026-01-01',
            [
              ['2', '50'],
              ['4', '50'],
            ],
            { facts: { ...members, ...factsMap(facts('4')) } },
          ),
        )
        .thenThrows(RuleViolation('R19'));
      given(base)
        .when(
          requestDistribution(
            '2026-01-01',
            [
              ['1', '50'],
              ['2', '50'],
            ],
            { facts: members },
          ),
        )
        .thenThrows(RuleViolation('R19'));
      given(base)
        .when(
          requestDistribution(
            '2026-01-01',
            [
              ['2', '33.3333'],
              ['3', '66.6667'],
            ],
            { facts: members },
          ),
        )
        .then([
          {
            type: 'ClosureDistributionRequested',
            data: {
              ...requested('2026-01-01', [
                ['2', '33.3333'],
                ['3', '66.6667'],
              ]).data,
              checked: [members['2'], members['3']],
            } as Extract<UcEvent, { type: 'ClosureDistributionRequested' }>['data'],
          },
        ]);
    });

    it('R19 a member served by another distribuidora cannot receive the distribution (never across distribuidoras)', () => {
      given(condo)
        .when(
          requestDistribution(
            '2026-01-01',
            [
              ['2', '50'],
              ['3', '50'],
            ],
            { facts: { ...members, ...factsMap(facts('3', { distribuidora: 'enel' })) } },
          ),
        )
        .thenThrows(RuleViolation('R19'));
    });

    it('R19 only an emuc or compartilhada generator requests a distribution among members', () => {
      given(withCredits)
        .when(requestDistribution('2026-01-01', [['2', '100']], { facts: members }))
        .thenThrows(RuleViolation('R19'));
    });
  });
});
