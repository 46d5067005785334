import { CPF_ANA, CPF_BRUNO } from '../testing/fixtures';
import { billsInForce as bills, eventsOfType as of } from '../testing/bills-in-force';
import { PortfolioSimulator } from '../testing/portfolio-simulator';
import type { UcCommand } from './uc-commands';

type Correction = Extract<UcCommand, { type: 'CorrectReading' }>['data'];

const G = '201';
const B = '202';

/**
 * G, an autoconsumo remoto generator, gives all its excedente to B (rateio 100%, R5; in force from the cycle after
 * G's first reading, R7); each reads monthly, G first. `gInjected`: G's injection per cycle from 2025-02, as recorded.
 */
function portfolio(gInjected: readonly string[]): PortfolioSimulator {
  const sim = new PortfolioSimulator();
  for (const ucId of [G, B]) {
    sim.execute(ucId, {
      type: 'RegisterUc',
      data: {
        ucId,
        distribuidora: 'copel',
        titular: { document: CPF_ANA, name: 'Ana' },
        group: 'B',
        connection: 'trifasico',
        postos: ['unico'],
        registeredAt: '2025-01-01',
      },
    });
  }
  sim.execute(G, {
    type: 'RegisterGeneration',
    data: {
      installedKw: '10.000',
      source: 'solar',
      dispatchable: false,
      modalidade: 'autoconsumo_remoto',
      requestedAt: '2022-01-01',
      connectedAt: '2022-02-01',
    },
  });
  sim.execute(G, {
    type: 'ChangeRateio',
    data: { requestedAt: '2025-01-02', mode: 'percentage', shares: [{ ucId: B, percent: '100' }] },
  });
  gInjected.forEach((injected, i) => {
    const cycle = `2025-0${i + 2}`;
    sim.execute(G, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-10`, postos: { unico: { consumed: '200', injected } } },
    });
    sim.execute(B, {
      type: 'RecordReading',
      data: { cycle, readingDate: `${cycle}-12`, postos: { unico: { consumed: '500', injected: '0' } } },
    });
  });
  return sim;
}

const correction = (injected: string, over: Partial<Correction> = {}): Correction => ({
  correctionId: 'retif-201-2025-03-a',
  cycle: '2025-03',
  date: '2025-05-20',
  postos: { unico: { consumed: '200', injected } },
  reason: 'injeção lida do medidor errado',
  reference: 'PROC-2025-0099',
  ...over,
});

describe('CorrectReceipt (a generator’s retificação reaching its beneficiaries)', () => {
  it('R5 R7: the difference reaches the beneficiary (ExcedenteReceiptCorrected) and its cycles are re-billed', () => {
    const sim = portfolio(['1000', '1000', '1000']);
    const events = sim.correctAll(G, correction('600'));
    const b = events.get(B)!;
    const [receipt] = of(b, 'ExcedenteReceiptCorrected');
    expect(receipt.data).toMatchObject({
      correctionId: 'retif-201-2025-03-a',
      sourceUcId: G,
      sourceCycle: '2025-03',
      differenceKwh: '-400.000',
      deliveredAt: null,
    });
    // R10 (trifásico): G compensates C − 100 = 100 of its 200; the rest of its injection is excedente.
    expect(receipt.data.previous.map((p) => p.kwh)).toEqual(['900.000']);
    expect(receipt.data.corrected.map((p) => p.kwh)).toEqual(['500.000']);
    // B's March used the received excedente (P12, open cycle): its bill changes, and so on.
    expect(of(b, 'CycleRecompensated').map((e) => e.data.cycle)).toContain('2025-03');
    // ≡ G's reading recorded right from the start, on both streams.
    const right = portfolio(['1000', '600', '1000']);
    expect(bills(sim, B)).toEqual(bills(right, B));
    expect(bills(sim, G)).toEqual(bills(right, G));
  });

  it('R5: a UC that received nothing from the cycle gets it where the process manager would have delivered it', () => {
    const sim = portfolio(['1000', '100', '1000']);
    const events = sim.correctAll(G, correction('900'));
    const [receipt] = of(events.get(B)!, 'ExcedenteReceiptCorrected');
    expect(receipt.data.deliveredAt).not.toBeNull();
    expect(receipt.data.previous).toEqual([]);
    // Recorded: 100 injected, all compensated (R10), no excedente and no allocation; corrected: 800 excedente.
    expect(receipt.data.differenceKwh).toBe('800.000');
    expect(bills(sim, B)).toEqual(bills(portfolio(['1000', '900', '1000']), B));
  });

  it('is idempotent by the correction id: the same correction again appends nothing on any stream', () => {
    const sim = portfolio(['1000', '1000', '1000']);
    sim.correctAll(G, correction('600'));
    const lengths = [sim.events(G).length, sim.events(B).length];
    expect([...sim.correctAll(G, correction('600')).values()].flat()).toEqual([]);
    expect([sim.events(G).length, sim.events(B).length]).toEqual(lengths);
  });

  it('R18 a generator’s correction before its beneficiary’s change of titular corrects the credits held for the previous titular', () => {
    // Given B's credits (what it received beyond its consumption) left with a change of titular (R18), still held
    const transfer = (sim: PortfolioSimulator) =>
      sim.execute(B, {
        type: 'TransferTitularidade',
        data: { newTitular: { document: CPF_BRUNO, name: 'Bruno' }, date: '2025-04-20' },
      });
    const sim = portfolio(['1000', '1000', '1000']);
    transfer(sim);
    // When G's March reading is corrected (900 → 500 kWh of excedente for B)
    const events = sim.correctAll(G, correction('600'));
    // Then B's correction names the hold it changes, and Ana's stream corrects what it holds, in the same decision
    const [receipt] = of(events.get(B)!, 'ExcedenteReceiptCorrected');
    expect(receipt.data.leaving).toHaveLength(1);
    expect(receipt.data.leaving![0]).toMatchObject({ rule: 'R18', titularKey: CPF_ANA, date: '2025-04-20' });
    const corrected = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsCorrected');
    expect(corrected).toHaveLength(1);
    expect(corrected[0].data).toMatchObject({
      fromUcId: B,
      correctionId: 'retif-201-2025-03-a',
      differenceKwh: '-400.000',
    });
    // ≡ G's reading recorded right from the start: B's bills and what is held for Ana
    const right = portfolio(['1000', '600', '1000']);
    transfer(right);
    expect(bills(sim, B)).toEqual(bills(right, B));
    expect(sim.titularState('copel', CPF_ANA).held).toEqual(right.titularState('copel', CPF_ANA).held);
    // And the same correction again appends nothing on any stream
    const lengths = [sim.events(B).length, sim.titularEvents('copel', CPF_ANA).length];
    expect([...sim.correctAll(G, correction('600')).values()].flat()).toEqual([]);
    expect([sim.events(B).length, sim.titularEvents('copel', CPF_ANA).length]).toEqual(lengths);
  });

  it('R20 the beneficiary’s changed credits, already moved by the 30-day default to the generator itself, are corrected there: ≡ recorded right', () => {
    // Given B's credits left with a change of titular and the default moved them to Ana's G (largest consumption)
    const given = (gInjected: string[]) => {
      const sim = portfolio(gInjected);
      sim.execute(B, {
        type: 'TransferTitularidade',
        data: { newTitular: { document: CPF_BRUNO, name: 'Bruno' }, date: '2025-04-20' },
      });
      sim.runDue('2025-05-21');
      return sim;
    };
    const sim = given(['1000', '1000', '1000']);
    expect(sim.titularEvents('copel', CPF_ANA).map((e) => e.type)).toContain('HeldCreditsReallocated');
    // When G's March reading is corrected
    const events = sim.correctAll(G, correction('600', { date: '2025-05-22' }));
    // Then G, which received the moved lots, gets HeldCreditsReceiptCorrected after its own correction (R20)
    expect(events.get(G)!.map((e) => e.type)).toContain('HeldCreditsReceiptCorrected');
    const [held] = sim.titularEvents('copel', CPF_ANA).filter((e) => e.type === 'HeldCreditsCorrected');
    expect(held.type === 'HeldCreditsCorrected' && held.data.moves?.map((m) => m.ucId)).toEqual([G]);
    // And every UC is what recording G's March right from the start gives
    const right = given(['1000', '600', '1000']);
    expect(bills(sim, G)).toEqual(bills(right, G));
    expect(bills(sim, B)).toEqual(bills(right, B));
    expect(sim.titularState('copel', CPF_ANA).held).toEqual(right.titularState('copel', CPF_ANA).held);
  });

  it('R19 a generator’s correction before its beneficiary’s closure corrects the credits held for the titular', () => {
    // Given B closed after its April reading; its credits are held for Ana (R19 → R18)
    const close = (sim: PortfolioSimulator) => sim.execute(B, { type: 'CloseContract', data: { date: '2025-04-20' } });
    const sim = portfolio(['1000', '1000', '1000']);
    close(sim);
    // When G's March reading is corrected (a closed UC still takes the process managers' moves)
    const events = sim.correctAll(G, correction('600'));
    // Then the hold is corrected as the right history holds it
    expect(of(events.get(B)!, 'ExcedenteReceiptCorrected')[0].data.leaving![0].rule).toBe('R19');
    const right = portfolio(['1000', '600', '1000']);
    close(right);
    expect(bills(sim, B)).toEqual(bills(right, B));
    expect(sim.titularState('copel', CPF_ANA).held).toEqual(right.titularState('copel', CPF_ANA).held);
    expect(sim.titularState('copel', CPF_ANA).held.length).toBeGreaterThan(0);
  });
});
