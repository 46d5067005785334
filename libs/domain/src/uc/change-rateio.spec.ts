import { RuleViolation } from '../shared/errors';
import { eventOf, given } from '../testing/decider-specification';
import {
  CNPJ_FILIAL,
  CNPJ_MATRIZ,
  CNPJ_OUTRA,
  CPF_ANA,
  CPF_BRUNO,
  facts,
  factsMap,
  generationRegistered,
  ucRegistered,
} from '../testing/fixtures';
import { membersRegistered } from '../testing/uc-event-builders';
import { decideUc } from './decide-uc';
import type { DecisionContext, RateioInput, UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';

/** ChangeRateio as the operator sends it. */
function changeRateio(rateio: RateioInput, context: DecisionContext = {}, requestedAt = '2026-03-01'): UcCommand {
  return { type: 'ChangeRateio', data: { requestedAt, ...rateio }, context };
}
const pct = (...shares: [string, string][]): RateioInput => ({
  mode: 'percentage',
  shares: shares.map(([ucId, percent]) => ({ ucId, percent })),
});

const remoteGenerator = (over: { distribuidora?: string; document?: string } = {}): UcEvent[] => [
  ucRegistered({ ucId: '1', distribuidora: over.distribuidora ?? 'copel', document: over.document ?? CPF_ANA }),
  generationRegistered({ ucId: '1', modalidade: 'autoconsumo_remoto' }),
];
const CNPJ_ROOT = CNPJ_MATRIZ.slice(0, 8);

describe('R13 eligibility of a rateio (ChangeRateio)', () => {
  it('R13 accepts UCs of the same distribuidora and titular, recording the facts it checked', () => {
    const f2 = facts('2');
    given(remoteGenerator())
      .when(changeRateio(pct(['1', '40'], ['2', '60']), { facts: factsMap(f2) }))
      .then([
        {
          type: 'RateioChanged',
          data: {
            ucId: '1',
            requestedAt: '2026-03-01',
            rateio: {
              mode: 'percentage',
              shares: [
                { ucId: '1', percent: '40' },
                { ucId: '2', percent: '60' },
              ],
            },
            checked: [f2],
          },
        },
      ]);
  });

  it('R13 refuses a UC of another distribuidora', () => {
    given(remoteGenerator())
      .when(changeRateio(pct(['1', '50'], ['2', '50']), { facts: factsMap(facts('2', { distribuidora: 'enel' })) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 the refusal says why in pt-BR (the reason an allocation records stays as recorded)', () => {
    const { state } = given(remoteGenerator());
    const refused = (facts2: ReturnType<typeof facts> | null) => () =>
      decideUc(changeRateio(pct(['1', '50'], ['2', '50']), { facts: facts2 ? factsMap(facts2) : {} }), state);
    expect(refused(facts('2', { distribuidora: 'enel' }))).toThrow(
      'R13: a UC 2 é atendida pela distribuidora enel, e a geradora pela copel',
    );
    expect(refused(null)).toThrow('R13: a UC 2 não está cadastrada');
  });

  it('R13 lets a permissionária generator list UCs of the concessionária it is connected to', () => {
    given(remoteGenerator({ distribuidora: 'cerbranorte' }))
      .when(
        changeRateio(pct(['2', '100']), {
          facts: factsMap(facts('2', { distribuidora: 'celesc' })),
          permissionarias: { cerbranorte: 'celesc' },
        }),
      )
      .then((events) =>
        expect(eventOf(events, 'RateioChanged').data.rateio).toEqual({
          mode: 'percentage',
          shares: [{ ucId: '2', percent: '100' }],
        }),
      );
  });

  it('R13 never the reverse: a concessionária generator cannot list a UC of its permissionária', () => {
    given(remoteGenerator({ distribuidora: 'celesc' }))
      .when(
        changeRateio(pct(['2', '100']), {
          facts: factsMap(facts('2', { distribuidora: 'cerbranorte' })),
          permissionarias: { cerbranorte: 'celesc' },
        }),
      )
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 a permissionária generator cannot list UCs of a concessionária it is not connected to', () => {
    given(remoteGenerator({ distribuidora: 'cerbranorte' }))
      .when(
        changeRateio(pct(['2', '100']), {
          facts: factsMap(facts('2', { distribuidora: 'copel' })),
          permissionarias: { cerbranorte: 'celesc' },
        }),
      )
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 refuses a listed UC that is closed, and one that is not registered', () => {
    given(remoteGenerator())
      .when(changeRateio(pct(['1', '50'], ['2', '50']), { facts: factsMap(facts('2', { status: 'closed' })) }))
      .thenThrows(RuleViolation('R13'));
    given(remoteGenerator())
      .when(changeRateio(pct(['1', '50'], ['3', '50']), { facts: {} }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 a local generator has no other UCs: listing another UC is refused, listing only itself is accepted', () => {
    const local = [ucRegistered({ ucId: '1' }), generationRegistered({ ucId: '1', modalidade: 'local' })];
    given(local)
      .when(changeRateio(pct(['1', '90'], ['2', '10']), { facts: factsMap(facts('2')) }))
      .thenThrows(RuleViolation('R13'));
    given(local)
      .when(changeRateio(pct(['1', '100']), {}))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['RateioChanged']));
  });

  it('R13 autoconsumo remoto: a UC of another titular (CPF) is refused', () => {
    given(remoteGenerator())
      .when(changeRateio(pct(['1', '50'], ['2', '50']), { facts: factsMap(facts('2', { titularKey: CPF_BRUNO })) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 autoconsumo remoto: a filial of the generator’s CNPJ matriz has the same titular key (the root)', () => {
    expect(CNPJ_FILIAL.slice(0, 8)).toBe(CNPJ_ROOT);
    given(remoteGenerator({ document: CNPJ_MATRIZ }))
      .when(
        changeRateio(pct(['1', '30'], ['2', '70']), {
          facts: factsMap(facts('2', { titularKey: CNPJ_FILIAL.slice(0, 8) })),
        }),
      )
      .then((events) =>
        expect(eventOf(events, 'RateioChanged').data.checked.map((f) => f.titularKey)).toEqual([CNPJ_ROOT]),
      );
  });

  it('R13 autoconsumo remoto: a CNPJ of another root is refused, and so is the CPF of a person for a company generator', () => {
    given(remoteGenerator({ document: CNPJ_MATRIZ }))
      .when(
        changeRateio(pct(['1', '30'], ['2', '70']), {
          facts: factsMap(facts('2', { titularKey: CNPJ_OUTRA.slice(0, 8) })),
        }),
      )
      .thenThrows(RuleViolation('R13'));
    given(remoteGenerator({ document: CNPJ_MATRIZ }))
      .when(changeRateio(pct(['1', '30'], ['2', '70']), { facts: factsMap(facts('2', { titularKey: CPF_ANA })) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 priority rateio: the leftover UC is checked too', () => {
    given(remoteGenerator())
      .when(
        changeRateio(
          { mode: 'priority', order: ['2'], leftoverUcId: '3' },
          { facts: factsMap(facts('2'), facts('3', { titularKey: CPF_BRUNO })) },
        ),
      )
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 a Grupo A UC billed as Grupo B cannot receive excedente', () => {
    given(remoteGenerator())
      .when(changeRateio(pct(['1', '50'], ['2', '50']), { facts: factsMap(facts('2', { billedAsGroupB: true })) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 a Grupo A UC billed as Grupo B generates for itself (seed 002) but cannot send excedente to another UC', () => {
    const billedAsB: UcEvent[] = [
      ucRegistered({ ucId: '1', group: 'A', connection: null, postos: ['ponta', 'fora_ponta'], billedAsGroupB: true }),
    ];
    const generation = given(billedAsB)
      .when({
        type: 'RegisterGeneration',
        data: {
          installedKw: '50',
          source: 'solar',
          dispatchable: false,
          modalidade: 'autoconsumo_remoto',
          requestedAt: '2024-05-01',
          connectedAt: '2024-06-01',
        },
      })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['GenerationRegistered']));
    given([...billedAsB, ...generation])
      .when(changeRateio(pct(['1', '50'], ['2', '50']), { facts: factsMap(facts('2')) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 a UC with no generation has no excedente to share', () => {
    given([ucRegistered({ ucId: '1' })])
      .when(changeRateio(pct(['2', '100']), { facts: factsMap(facts('2')) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R19 a closed generator takes no rateio (a closed UC changes no more)', () => {
    given([
      ...remoteGenerator(),
      {
        type: 'ContractClosed',
        data: {
          ucId: '1',
          date: '2026-01-10',
          titular: { document: CPF_ANA, kind: 'CPF', name: 'Titular', key: CPF_ANA },
          creditsLeaving: [],
          deadline: '2026-02-09',
        },
      },
    ])
      .when(changeRateio(pct(['1', '100'])))
      .thenThrows(RuleViolation('R19'));
  });
});

describe('R13 emuc / compartilhada: registered members only', () => {
  const emuc = (modalidade: 'emuc' | 'compartilhada' = 'emuc'): UcEvent[] => [
    ucRegistered({ ucId: '1' }),
    generationRegistered({ ucId: '1', modalidade }),
  ];
  const others = (ids: string[]) => factsMap(...ids.map((id) => facts(id, { titularKey: CPF_BRUNO })));

  it('R13 emuc: registered members may receive, whatever their titular', () => {
    given([...emuc(), membersRegistered('1', ['2', '3'])])
      .when(changeRateio(pct(['2', '50'], ['3', '50']), { facts: others(['2', '3']) }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['RateioChanged']));
  });

  it('R13 compartilhada: a UC that is not a registered member is refused', () => {
    given([...emuc('compartilhada'), membersRegistered('1', ['2'])])
      .when(changeRateio(pct(['2', '50'], ['3', '50']), { facts: others(['2', '3']) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 emuc with no members registered yet: every other UC is refused', () => {
    given(emuc())
      .when(changeRateio(pct(['2', '100']), { facts: others(['2']) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 changing the members needs a legal instrument reference', () => {
    given(emuc())
      .when({ type: 'RegisterMembers', data: { members: ['2', '3'], legalInstrument: '  ', date: '2026-02-01' } })
      .thenThrows(RuleViolation('R13'));
    given(emuc())
      .when({
        type: 'RegisterMembers',
        data: { members: ['2', '3'], legalInstrument: 'Ata da assembleia 12/2025', date: '2026-02-01' },
      })
      .then([
        {
          type: 'MembersRegistered',
          data: { ucId: '1', members: ['2', '3'], legalInstrument: 'Ata da assembleia 12/2025', date: '2026-02-01' },
        },
      ]);
  });

  it('R13 changing the percentages among the same members needs no legal instrument', () => {
    const history = [...emuc(), membersRegistered('1', ['2', '3'])];
    given(history)
      .when(changeRateio(pct(['2', '50'], ['3', '50']), { facts: others(['2', '3']) }))
      .then((first) =>
        given([...history, ...first])
          .when(changeRateio(pct(['2', '20'], ['3', '80']), { facts: others(['2', '3']) }, '2026-04-01'))
          .then((events) => expect(events.map((e) => e.type)).toEqual(['RateioChanged'])),
      );
  });

  it('R13 after new members are registered, a former member is refused', () => {
    given([
      ...emuc(),
      membersRegistered('1', ['2', '3']),
      membersRegistered('1', ['3', '4'], '2026-02-01', 'Aditivo 1'),
    ])
      .when(changeRateio(pct(['2', '50'], ['3', '50']), { facts: others(['2', '3']) }))
      .thenThrows(RuleViolation('R13'));
  });

  it('R13 only an emuc or compartilhada generator has members', () => {
    given(remoteGenerator())
      .when({ type: 'RegisterMembers', data: { members: ['2'], legalInstrument: 'Contrato', date: '2026-02-01' } })
      .thenThrows(RuleViolation('R13'));
  });
});
