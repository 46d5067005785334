import fc from 'fast-check';
import { RuleViolationError } from '../shared/errors';
import { CPF_ANA, CPF_BRUNO } from '../testing/fixtures';
import { billsInForce as bills, eventsOfType as of } from '../testing/bills-in-force';
import { PortfolioSimulator } from '../testing/portfolio-simulator';
import type { UcCommand } from './uc-commands';
import type { UcEvent } from './uc-events';

type Correction = Extract<UcCommand, { type: 'CorrectReading' }>['data'];

/** G: Ana's solar generator; E: Ana's condominium (emuc) generator, G's beneficiary; M1, M2: E's members. */
const G = '401';
const E = '402';
const M1 = '403';
const M2 = '404';

interface Plan {
  /** G's April injection (kWh), the value a correction replaces. */
  april: string;
  /** E's consumption each month (kWh). */
  condo: string;
  /** The members' May consumption (kWh): what of the distributed credits they use. */
  may: [string, string];
  /** E's distribution among its members (R19), percent for M1 (M2 the rest). */
  share: number;
}

const PLAN: Plan = { april: '1000', condo: '100', may: ['2000', '150'], share: 60 };

/**
 * G gives all its excedente to E (autoconsumo remoto, R5) in March and April; E, an emuc generator with members M1 and
 * M2, asked on 01/02 for its credits to be shared among them at its closure (R19), and closes on 25/04: its credits
 * (what it received from G and did not use) go to M1 and M2, whose May readings use them.
 */
function portfolio(p: Plan = PLAN): PortfolioSimulator {
  const sim = new PortfolioSimulator();
  const register = (ucId: string, document: string) =>
    sim.execute(ucId, {
      type: 'RegisterUc',
      data: {
        ucId,
        distribuidora: 'copel',
        titular: { document, name: document === CPF_ANA ? 'Ana' : 'Bruno' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2025-01-01',
      },
    });
  register(G, CPF_ANA);
  register(E, CPF_ANA);
  register(M1, CPF_BRUNO);
  register(M2, CPF_BRUNO);
  for (const [ucId, modalidade] of [
    [G, 'autoconsumo_remoto'],
    [E, 'emuc'],
  ] as const)
    sim.execute(ucId, {
      type: 'RegisterGeneration',
      data: {
        installedKw: '10.000',
        source: 'solar',
        dispatchable: false,
        modalidade,
        requestedAt: '2022-01-01',
        connectedAt: '2022-02-01',
      },
    });
  sim.execute(E, {
    type: 'RegisterMembers',
    data: { members: [M1, M2], legalInstrument: 'convenção', date: '2025-01-02' },
  });
  sim.execute(G, {
    type: 'ChangeRateio',
    data: { requestedAt: '2025-01-03', mode: 'percentage', shares: [{ ucId: E, percent: '100' }] },
  });
  sim.execute(E, {
    type: 'RequestClosureDistribution',
    data: {
      requestedAt: '2025-02-01',
      shares: [
        { ucId: M1, percent: String(p.share) },
        { ucId: M2, percent: String(100 - p.share) },
      ],
    },
  });
  for (const [cycle, injected] of [
    ['2025-03', '900'],
    ['2025-04', p.april],
  ] as const) {
    sim.execute(G, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-10`, postos: { unico: { consumed: '200', injected } } },
    });
    sim.execute(E, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-12`, postos: { unico: { consumed: p.condo, injected: '0' } } },
    });
  }
  sim.execute(E, { type: 'CloseContract', data: { date: '2025-04-25' } });
  for (const [ucId, consumed] of [
    [M1, p.may[0]],
    [M2, p.may[1]],
  ] as const)
    sim.execute(ucId, {
      type: 'RecordReading',
      data: { cycle: '2025-05', readingDate: '2025-05-12', postos: { unico: { consumed, injected: '0' } } },
    });
  return sim;
}

const correction = (injected: string): Correction => ({
  correctionId: 'retif-401-2025-04-a',
  cycle: '2025-04',
  date: '2025-05-20',
  postos: { unico: { consumed: '200', injected } },
  reason: 'injeção estimada',
  reference: 'PROC-401',
});

describe('a retificação that changes a closure distribution among members (R19)', () => {
  it('R19 each member gets HeldCreditsReceiptCorrected and its later cycles are re-billed, ≡ recorded right', () => {
    // Given G's April injection recorded as 1000 kWh, received by E, distributed at E's closure to M1 and M2
    const sim = portfolio();
    const distributed = of(sim.events(E), 'CreditsReallocated')[0]!.data.outcome;
    expect(distributed.map((o) => o.ucId)).toEqual([M1, M2]);
    // When G's April is corrected to 600 kWh (400 kWh less excedente for E)
    const events = sim.correctAll(G, correction('600'));
    // Then E's receipt correction names the members' deliveries whose lots change
    const [receipt] = of(events.get(E)!, 'ExcedenteReceiptCorrected');
    expect(receipt.data.distributed?.map((d) => [d.ucId, d.sourceEventId, d.differenceKwh])).toEqual([
      [M1, `${E}:closure:${M1}`, '-240.000'],
      [M2, `${E}:closure:${M2}`, '-160.000'],
    ]);
    // And each member re-bills with the corrected lots: M1's May used them (2,000 kWh); M2's used 150 kWh either way
    for (const [ucId, difference, rebilled] of [
      [M1, '-240.000', ['2025-05']],
      [M2, '-160.000', []],
    ] as const) {
      const [held] = of(events.get(ucId)!, 'HeldCreditsReceiptCorrected');
      expect(held.data).toMatchObject({
        correctionId: 'retif-401-2025-04-a',
        sourceEventId: `${E}:closure:${ucId}`,
        fromUcId: E,
        differenceKwh: difference,
        recompensated: rebilled,
      });
    }
    // ≡ G's reading recorded right from the start, on every UC (the members' May bills included)
    const right = portfolio({ ...PLAN, april: '600' });
    for (const ucId of [G, E, M1, M2]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
    expect(bills(sim, M1)).not.toEqual(bills(portfolio(), M1));
  });

  it('R19 the same correction again appends nothing, on any stream', () => {
    const sim = portfolio();
    sim.correctAll(G, correction('600'));
    const log = sim.log.length;
    expect([...sim.correctAll(G, correction('600')).values()].flat()).toEqual([]);
    expect(sim.log.length).toBe(log);
  });

  it('R19 a second correction of the same reading corrects the members again, from the first one, ≡ recorded right', () => {
    const sim = portfolio();
    sim.correctAll(G, correction('600'));
    const events = sim.correctAll(G, { ...correction('800'), correctionId: 'retif-401-2025-04-b' });
    const [held] = of(events.get(M1)!, 'HeldCreditsReceiptCorrected');
    // 600 → 800 kWh: M1's 60 % of the 200 kWh more E would have received and not used.
    expect(held.data).toMatchObject({ correctionId: 'retif-401-2025-04-b', differenceKwh: '120.000' });
    const right = portfolio({ ...PLAN, april: '800' });
    for (const ucId of [G, E, M1, M2]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
  });

  it('R19 a correction after which nothing would be left to distribute corrects each member to nothing, ≡ recorded right', () => {
    // E consumes 700 kWh a month: with G's April at 200 kWh it would have used everything it received.
    const plan = { ...PLAN, condo: '700' };
    const sim = portfolio(plan);
    expect(of(sim.events(E), 'CreditsReallocated')).toHaveLength(1);
    const events = sim.correctAll(G, correction('200'));
    for (const ucId of [M1, M2])
      expect(of(events.get(ucId)!, 'HeldCreditsReceiptCorrected')[0]!.data.corrected).toEqual([]);
    // Recorded right, E's closure distributes nothing (no CreditsReallocated): the same bills and balances.
    const right = portfolio({ ...plan, april: '200' });
    expect(of(right.events(E), 'CreditsReallocated')).toHaveLength(0);
    for (const ucId of [G, E, M1, M2]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
  });

  it('R19 a correction that would carry out a distribution that was not (nothing had left the UC) is refused, nothing appended', () => {
    const sim = portfolio({ ...PLAN, april: '200', condo: '700' });
    expect(of(sim.events(E), 'CreditsReallocated')).toHaveLength(0);
    const log = sim.log.length;
    let refused: unknown;
    try {
      sim.correctAll(G, correction('1000'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect((refused as RuleViolationError).rule).toBe('R19');
    expect((refused as RuleViolationError).detail).toContain('a distribuição entre os membros seria feita');
    expect(sim.log.length).toBe(log);
  });

  it('R19 on random values: (record wrong, then correct) ≡ (record right), figure by figure, or refused with R19', () => {
    let corrected = 0;
    /** Runs whose correction changed what a member received (the rest changed nothing there, or were refused). */
    let redistributed = 0;
    fc.assert(
      fc.property(
        fc.record({
          april: fc.integer({ min: 0, max: 2000 }),
          right: fc.integer({ min: 0, max: 2000 }),
          condo: fc.integer({ min: 0, max: 800 }),
          may: fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 })),
          share: fc.integer({ min: 1, max: 99 }),
        }),
        (r) => {
          const plan: Plan = {
            april: String(r.april),
            condo: String(r.condo),
            may: [String(r.may[0]), String(r.may[1])],
            share: r.share,
          };
          const sim = portfolio(plan);
          const log = sim.log.length;
          let events: Map<string, UcEvent[]>;
          try {
            events = sim.correctAll(G, correction(String(r.right)));
          } catch (error) {
            // Refused only for R19's reasons, with nothing appended.
            expect(error).toBeInstanceOf(RuleViolationError);
            expect((error as RuleViolationError).rule).toBe('R19');
            expect(sim.log.length).toBe(log);
            return;
          }
          corrected++;
          if ([M1, M2].some((m) => of(events.get(m) ?? [], 'HeldCreditsReceiptCorrected').length > 0)) redistributed++;
          const right = portfolio({ ...plan, april: String(r.right) });
          for (const ucId of [G, E, M1, M2]) expect(bills(sim, ucId)).toEqual(bills(right, ucId));
        },
      ),
      { numRuns: 200 },
    );
    expect(corrected).toBeGreaterThan(100);
    expect(redistributed).toBeGreaterThan(50);
  });
});
