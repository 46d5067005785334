import { eventOf, given } from '../testing/decider-specification';
import { CPF_ANA, CPF_BRUNO, facts, factsMap, generationRegistered, reading, ucRegistered } from '../testing/fixtures';
import { membersRegistered, percentage, rateioChanged, readingRecorded } from '../testing/uc-event-builders';
import type { UcEvent } from '../uc/uc-events';
import { ineligibilityReason, ineligibilityRefusal, type GeneratorFacts } from './check-rateio-eligibility';

const generator = (over: Partial<GeneratorFacts> = {}): GeneratorFacts => ({
  ucId: '1',
  distribuidora: 'copel',
  titularKey: CPF_ANA,
  modalidade: 'autoconsumo_remoto',
  billedAsGroupB: false,
  members: [],
  ...over,
});

describe('R13 ineligibilityReason', () => {
  it('R13 the generator itself is always a valid recipient of its own share (R4)', () => {
    expect(ineligibilityReason(generator({ modalidade: 'local' }), '1', undefined)).toBeNull();
  });

  it('R13 an eligible UC has no reason; each violation names why', () => {
    expect(ineligibilityReason(generator(), '2', facts('2'))).toBeNull();
    expect(ineligibilityReason(generator(), '2', undefined)).toMatch(/not registered/);
    expect(ineligibilityReason(generator(), '2', facts('2', { status: 'closed' }))).toMatch(/not active/);
    expect(ineligibilityReason(generator(), '2', facts('2', { distribuidora: 'enel' }))).toMatch(/served by enel/);
    expect(ineligibilityReason(generator(), '2', facts('2', { billedAsGroupB: true }))).toMatch(/billed as Grupo B/);
    expect(ineligibilityReason(generator(), '2', facts('2', { titularKey: CPF_BRUNO }))).toMatch(/titular/);
    expect(ineligibilityReason(generator({ modalidade: 'local' }), '2', facts('2'))).toMatch(/local/);
    expect(ineligibilityReason(generator({ modalidade: 'emuc' }), '2', facts('2'))).toMatch(/member/);
    expect(
      ineligibilityReason(
        generator({ modalidade: 'compartilhada', members: ['2'] }),
        '2',
        facts('2', { titularKey: CPF_BRUNO }),
      ),
    ).toBeNull();
  });

  it('R13 permissionária → concessionária only, never the reverse', () => {
    const map = { cerbranorte: 'celesc' };
    expect(
      ineligibilityReason(
        generator({ distribuidora: 'cerbranorte' }),
        '2',
        facts('2', { distribuidora: 'celesc' }),
        map,
      ),
    ).toBeNull();
    expect(
      ineligibilityReason(
        generator({ distribuidora: 'celesc' }),
        '2',
        facts('2', { distribuidora: 'cerbranorte' }),
        map,
      ),
    ).not.toBeNull();
  });

  it('R13 the reasons an allocation records (ExcedenteAllocated.inputs.ineligible) keep their exact text: an audit compares them', () => {
    const g = generator();
    expect([
      ineligibilityReason(g, '2', undefined),
      ineligibilityReason(g, '2', facts('2', { status: 'closed' })),
      ineligibilityReason(g, '2', facts('2', { distribuidora: 'enel' })),
      ineligibilityReason(g, '2', facts('2', { billedAsGroupB: true })),
      ineligibilityReason(g, '2', facts('2', { titularKey: CPF_BRUNO })),
      ineligibilityReason(generator({ modalidade: 'local' }), '2', facts('2')),
      ineligibilityReason(generator({ modalidade: 'emuc' }), '2', facts('2')),
    ]).toEqual([
      'UC 2 is not registered',
      'UC 2 is not active',
      'UC 2 is served by enel, the generator by copel',
      'UC 2 is Grupo A billed as Grupo B and cannot receive excedente',
      "UC 2 does not have the generator's titular (autoconsumo remoto)",
      'a local generator has no other UCs (UC 2)',
      'UC 2 is not a registered member of the development',
    ]);
  });

  it('R13 a refused rateio says the same reason in pt-BR (a refusal is never recorded)', () => {
    const g = generator();
    expect(ineligibilityRefusal(g, '1', undefined)).toBeNull();
    expect(ineligibilityRefusal(g, '2', facts('2'))).toBeNull();
    expect([
      ineligibilityRefusal(g, '2', undefined),
      ineligibilityRefusal(g, '2', facts('2', { status: 'closed' })),
      ineligibilityRefusal(g, '2', facts('2', { distribuidora: 'enel' })),
      ineligibilityRefusal(g, '2', facts('2', { billedAsGroupB: true })),
      ineligibilityRefusal(g, '2', facts('2', { titularKey: CPF_BRUNO })),
      ineligibilityRefusal(generator({ modalidade: 'local' }), '2', facts('2')),
      ineligibilityRefusal(generator({ modalidade: 'emuc' }), '2', facts('2')),
    ]).toEqual([
      'a UC 2 não está cadastrada',
      'a UC 2 não está ativa',
      'a UC 2 é atendida pela distribuidora enel, e a geradora pela copel',
      'a UC 2 é do Grupo A faturada como Grupo B e não pode receber excedente',
      'a UC 2 não tem o mesmo titular da geradora (autoconsumo remoto)',
      'uma geradora de autoconsumo local não rateia para outras UCs (UC 2)',
      'a UC 2 não é membro cadastrado do empreendimento',
    ]);
  });
});

describe('R13 eligibility is checked again when excedente is allocated', () => {
  // Generator 1 (autoconsumo remoto, Ana) with a 40/60 rateio to UC 2, in force from cycle 2026-02 (R7).
  const remote: UcEvent[] = [
    ucRegistered({ ucId: '1' }),
    generationRegistered({ ucId: '1' }),
    rateioChanged('1', '2026-01-01', percentage(['1', '40'], ['2', '60'])),
    readingRecorded('1', '2026-01', '2026-01-20'),
  ];

  it('R13 a listed UC that has since closed receives nothing; its share becomes the generator’s credit', () => {
    given(remote)
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '300', injected: '1000' },
          { facts: factsMap(facts('2', { status: 'closed' })) },
        ),
      )
      .then((events, after) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.excedenteKwh).toBe('700.000');
        expect(alloc.data.allocations).toEqual([]);
        expect(alloc.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '700.000' }]);
        expect(Object.keys(alloc.data.inputs.ineligible)).toEqual(['2']);
        expect(alloc.data.inputs.facts).toEqual([facts('2', { status: 'closed' })]);
        expect(after.credits.map((c) => [c.vintage, c.kwh.toString(), c.sourceUcId])).toEqual([
          ['2026-02-20', '700.000', '1'],
        ]);
      });
  });

  it('R13 the same rateio still delivers to the UC while it is active (control case)', () => {
    given(remote)
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }, { facts: factsMap(facts('2')) }))
      .then((events) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.allocations).toEqual([{ ucId: '2', posto: 'unico', gdClass: 'GD_II', kwh: '420.000' }]);
        expect(alloc.data.inputs.ineligible).toEqual({});
      });
  });

  it('R13 autoconsumo remoto: a listed UC that changed titular key receives nothing', () => {
    given(remote)
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
        expect(alloc.data.allocations).toEqual([]);
        expect(alloc.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '700.000' }]);
      });
  });

  it('R13 emuc: a UC that left the members receives nothing; the others keep their shares', () => {
    const emuc: UcEvent[] = [
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1', modalidade: 'emuc' }),
      membersRegistered('1', ['2', '3']),
      rateioChanged('1', '2026-01-01', percentage(['2', '50'], ['3', '50'])),
      readingRecorded('1', '2026-01', '2026-01-20'),
      membersRegistered('1', ['3'], '2026-02-01', 'Aditivo 2'),
    ];
    given(emuc)
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '0', injected: '1000' },
          { facts: factsMap(facts('2'), facts('3')) },
        ),
      )
      .then((events) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.allocations).toEqual([{ ucId: '3', posto: 'unico', gdClass: 'GD_II', kwh: '500.000' }]);
        expect(alloc.data.retained).toEqual([{ posto: 'unico', gdClass: 'GD_II', kwh: '500.000' }]);
        expect(alloc.data.inputs.ineligible['2']).toMatch(/member/);
      });
  });

  it('R13 priority rateio: the amount a closed UC would have taken stays with the generator', () => {
    given([
      ucRegistered({ ucId: '1' }),
      generationRegistered({ ucId: '1' }),
      rateioChanged('1', '2026-01-01', { mode: 'priority', order: ['2', '3'], leftoverUcId: '3' }),
      readingRecorded('1', '2026-01', '2026-01-20'),
    ])
      .when(
        reading(
          '2026-02',
          '2026-02-20',
          { consumed: '300', injected: '1000' },
          {
            facts: factsMap(
              facts('2', { status: 'closed', latestConsumption: { readingDate: '2026-02-10', kwh: '400' } }),
              facts('3', { latestConsumption: { readingDate: '2026-02-10', kwh: '200' } }),
            ),
          },
        ),
      )
      .then((events) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.allocations.map((a) => [a.ucId, a.kwh])).toEqual([['3', '300.000']]);
        expect(alloc.data.retained.map((p) => p.kwh)).toEqual(['400.000']);
      });
  });

  it('R13 a listed UC now of another distribuidora (no facts: not registered) receives nothing', () => {
    given(remote)
      .when(reading('2026-02', '2026-02-20', { consumed: '300', injected: '1000' }, { facts: {} }))
      .then((events) => {
        const alloc = eventOf(events, 'ExcedenteAllocated');
        expect(alloc.data.allocations).toEqual([]);
        expect(alloc.data.inputs.ineligible['2']).toMatch(/not registered/);
      });
  });
});
